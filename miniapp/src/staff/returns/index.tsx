import { useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { ReturnRequest, ReturnResponse } from '@shared/contract'
import { formatYuan, parseYuan } from '@shared/domain/money'
import { request } from '../../api/client'
import { formMessage } from '../../api/form-messages'
import type { MessageOverrides } from '../../api/messages'
import { ChoiceChips, ErrorNote, useSubmit, type Choice } from '../../kit'
import { getSession } from '../../session'
import './index.scss'

const newReturnId = () => `R${Date.now()}`

type Mode = 'amount' | 'lines'

const MODES: Choice<Mode>[] = [
  { value: 'amount', label: '按金额' },
  { value: 'lines', label: '按商品' },
]

/** The desk's own words: a retry keeps the return id, so the clerk is told so. */
const RETURN_WORDS: MessageOverrides = {
  forbidden: '无权为该门店办理退货',
  busy: '系统繁忙，请重试（退货单号不变）',
  network_error: '网络异常，请重试（退货单号不变）',
}

const describe = (e: unknown) => formMessage(e, { labels: { amountFen: '退款金额' }, overrides: RETURN_WORDS, audience: 'staff' })

export default function StaffReturns() {
  const session = getSession()
  const [orderId, setOrderId] = useState('')
  const [returnId, setReturnId] = useState(newReturnId)
  const [mode, setMode] = useState<Mode>('amount')
  const [amount, setAmount] = useState('')
  const [sku, setSku] = useState('')
  const [qty, setQty] = useState('1')
  const [result, setResult] = useState<ReturnResponse | null>(null)

  function build(): ReturnRequest | string {
    if (!session?.storeId) return '当前账号未绑定门店'
    const order = orderId.trim()
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(order)) return '请输入订单号（字母、数字、_ 或 -）'
    const ret = returnId.trim()
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(ret)) return '退货单号只能包含字母、数字、_ 或 -'
    const base = { storeId: session.storeId, orderId: order, returnId: ret }
    if (mode === 'amount') {
      const amountFen = parseYuan(amount)
      if (amountFen === null) return '退款金额格式不正确'
      if (amountFen <= 0) return '退款金额须大于 0'
      return { ...base, amountFen }
    }
    if (!sku.trim()) return '请输入退货商品编码'
    const quantity = Number(qty)
    if (!Number.isInteger(quantity) || quantity <= 0) return '数量须为正整数'
    return { ...base, lines: [{ sku: sku.trim(), quantity }] }
  }

  const returning = useSubmit(async (body: ReturnRequest) => {
    setResult(null)
    setResult(await request('returnOrder', { body }))
    // A new return id for the next return; the order id stays (another part of it may come back).
    setReturnId(newReturnId())
  })

  function submit() {
    const body = build()
    if (typeof body === 'string') returning.setError(body)
    else void returning.submit(body)
  }

  return (
    <View className='page staff-returns'>
      <View className='card'>
        <View className='title'>退货</View>
        <View className='muted'>门店 {session?.storeId ?? '未绑定'}</View>
      </View>
      <View className='card'>
        <View className='field'>
          <Text className='label'>订单号</Text>
          <Input id='return-order-id' className='input' placeholder='收银时的订单号' value={orderId} onInput={(e) => setOrderId(e.detail.value)} />
        </View>
        <View className='field'>
          <Text className='label'>退货单号</Text>
          <Input id='return-id' className='input' value={returnId} onInput={(e) => setReturnId(e.detail.value)} />
        </View>
        <View className='field'>
          <Text className='label'>退货方式</Text>
          <ChoiceChips className='row modes' idPrefix='return-mode' chipClassName='mode' options={MODES} value={mode} onChange={setMode} />
        </View>
        {mode === 'amount' ? (
          <View className='field'>
            <Text className='label'>退款金额（元）</Text>
            <Input id='return-amount' className='input' type='digit' placeholder='0.00' value={amount} onInput={(e) => setAmount(e.detail.value)} />
          </View>
        ) : (
          <View className='row'>
            <View className='field half'>
              <Text className='label'>商品编码</Text>
              <Input id='return-line-sku' className='input' placeholder='SKU' value={sku} onInput={(e) => setSku(e.detail.value)} />
            </View>
            <View className='field half'>
              <Text className='label'>数量</Text>
              <Input id='return-line-qty' className='input' type='number' value={qty} onInput={(e) => setQty(e.detail.value)} />
            </View>
          </View>
        )}
        <Button id='return-submit' type='primary' block loading={returning.busy} disabled={returning.busy} onClick={submit}>
          确认退货
        </Button>
        <ErrorNote id='return-error' error={returning.error} format={describe} />
      </View>
      {result ? (
        <View id='return-result' className='card result'>
          <View className='title'>退货成功{result.replayed ? '（重复提交，结果同前）' : ''}</View>
          <View id='return-result-summary' className={result.shortfall > 0 ? 'result-summary owed' : 'result-summary'}>
            退款 <Text id='return-result-refund'>{formatYuan(result.refundFen)}</Text>，扣回 <Text id='return-result-points'>{result.pointsReversed}</Text> 积分（欠分{' '}
            <Text id='return-result-shortfall'>{result.shortfall}</Text>）
          </View>
          <View>会员：<Text id='return-result-phone'>{result.phoneMasked}</Text></View>
          <View>
            积分余额：<Text id='return-result-balance'>{result.balance}</Text>
          </View>
          <View>
            订单剩余可退：<Text id='return-result-remaining'>{formatYuan(result.remainingFen)}</Text>
          </View>
          {result.couponsRestored.length ? <View id='return-result-coupons'>已退回 {result.couponsRestored.length} 张优惠券到会员券包</View> : null}
          {result.stampsRemoved?.length ? <View id='return-result-stamps'>集点卡扣回 {result.stampsRemoved.length} 点{result.rewardsVoided?.length ? `，收回未使用的奖励券 ${result.rewardsVoided.length} 张` : ''}</View> : null}
          <View className='muted'>
            订单号 {result.orderId} · 退货单号 {result.returnId}
          </View>
        </View>
      ) : null}
    </View>
  )
}
