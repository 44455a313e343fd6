import { useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { ReturnRequest, ReturnResponse } from '@shared/contract'
import { formatYuan, parseYuan } from '@shared/domain/money'
import { ApiError, request } from '../../api/client'
import { getSession } from '../../session'
import './index.scss'

const newReturnId = () => `R${Date.now()}`

type Mode = 'amount' | 'lines'

/** Chinese names of the request's fields, for 400/422 answers. */
const FIELD_NAMES: Record<string, string> = {
  storeId: '门店',
  orderId: '订单号',
  returnId: '退货单号',
  amountFen: '退款金额',
  lines: '退货商品',
  sku: '商品编码',
  quantity: '数量',
}

const BY_CODE: Record<string, string> = {
  order_not_found: '未找到该订单（请核对订单号和门店）',
  order_fully_returned: '该订单已全部退货',
  return_exceeds_order: '退货超出订单剩余可退部分',
  return_line_unknown: '该商品不在此订单中',
  return_conflict: '退货单号已用于其他退货，请换一个退货单号',
  member_not_found: '会员不存在',
  busy: '系统繁忙，请重试（退货单号不变）',
}

function fieldName(path: string): string {
  const parts = path.split('.').filter((p) => !/^\d+$/.test(p))
  const last = parts[parts.length - 1] ?? path
  return FIELD_NAMES[last] ?? last
}

function describe(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 403) return '无权为该门店办理退货'
    if (BY_CODE[e.code]) return BY_CODE[e.code]!
    if (e.status === 400 || e.status === 422) {
      const names = [...new Set(e.fields.map((f) => fieldName(f.path)))]
      return names.length ? `请检查：${names.join('、')}` : '输入有误'
    }
    if (e.status === 0) return '网络异常，请重试（退货单号不变）'
    return `退货失败（${e.status}）`
  }
  return '退货失败，请重试'
}

export default function StaffReturns() {
  const session = getSession()
  const [orderId, setOrderId] = useState('')
  const [returnId, setReturnId] = useState(newReturnId)
  const [mode, setMode] = useState<Mode>('amount')
  const [amount, setAmount] = useState('')
  const [sku, setSku] = useState('')
  const [qty, setQty] = useState('1')
  const [pending, setPending] = useState(false)
  const [error, setError] = useState('')
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

  async function submit() {
    if (pending) return
    setError('')
    const body = build()
    if (typeof body === 'string') {
      setError(body)
      return
    }
    setPending(true)
    setResult(null)
    try {
      const res = await request('returnOrder', { body })
      setResult(res)
      // A new return id for the next return; the order id stays (another part of it may come back).
      setReturnId(newReturnId())
    } catch (e) {
      setError(describe(e))
    } finally {
      setPending(false)
    }
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
          <View className='row modes'>
            <Button
              id='return-mode-amount'
              size='small'
              type={mode === 'amount' ? 'primary' : 'default'}
              className={mode === 'amount' ? 'mode active' : 'mode'}
              onClick={() => setMode('amount')}
            >
              按金额
            </Button>
            <Button
              id='return-mode-lines'
              size='small'
              type={mode === 'lines' ? 'primary' : 'default'}
              className={mode === 'lines' ? 'mode active' : 'mode'}
              onClick={() => setMode('lines')}
            >
              按商品
            </Button>
          </View>
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
        <Button id='return-submit' type='primary' block loading={pending} disabled={pending} onClick={() => void submit()}>
          确认退货
        </Button>
        {error ? (
          <View id='return-error' className='error'>
            {error}
          </View>
        ) : null}
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
