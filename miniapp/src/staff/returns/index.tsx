import { useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { ReturnRequest, ReturnResponse, StaffOrdersQuery, StaffOrdersResponse, StaffOrderView } from '@shared/contract'
import { formatYuan, parseYuan } from '@shared/domain/money'
import { ApiError, request } from '../../api/client'
import { formMessage } from '../../api/form-messages'
import type { MessageOverrides } from '../../api/messages'
import { ChoiceChips, ErrorNote, RoleGate, useSubmit, type Choice } from '../../kit'
import { StoreHeader } from '../../components/store'
import { formatTime } from '../../utils/format'
import { getSession } from '../../session'
import './index.scss'

const newReturnId = () => `R${Date.now()}`

type Mode = 'amount' | 'lines'
type SearchBy = 'memberCode' | 'phone' | 'orderId'

const MODES: Choice<Mode>[] = [
  { value: 'amount', label: '按金额' },
  { value: 'lines', label: '按商品' },
]

const SEARCH_BY: Choice<SearchBy>[] = [
  { value: 'memberCode', label: '会员码' },
  { value: 'phone', label: '手机号' },
  { value: 'orderId', label: '订单号' },
]

const SEARCH_HINT: Record<SearchBy, string> = {
  memberCode: '会员出示的 18 位会员码',
  phone: '会员的 11 位手机号',
  orderId: '小票上的订单号',
}

/** The desk's own words: a retry keeps the return id, so the clerk is told so. */
const RETURN_WORDS: MessageOverrides = {
  forbidden: '无权为该门店办理退货',
  busy: '系统繁忙，请重试（退货单号不变）',
  network_error: '网络异常，请重试（退货单号不变）',
}

/** The over-refund names the most that can still come back (the API's limit on the field). */
function describe(e: unknown): string {
  if (e instanceof ApiError && e.code === 'return_exceeds_order') {
    const f = e.fields.find((x) => typeof x.limit === 'number')
    if (f && f.path === 'amountFen') return f.limit! > 0 ? `退款金额超过可退范围：最多还可退 ${formatYuan(f.limit!)}` : '该订单已没有可退金额'
    if (f) return f.limit! > 0 ? `退货数量超过可退范围：该商品最多还可退 ${f.limit} 件` : '该商品已全部退回'
  }
  return formMessage(e, { labels: { amountFen: '退款金额' }, overrides: RETURN_WORDS, audience: 'staff' })
}

const describeSearch = (e: unknown) => formMessage(e, { labels: { memberCode: '会员码', phone: '手机号', orderId: '订单号' }, audience: 'staff' })

/** One order found: when, paid, returned, what can still be refunded, each line's units returned. */
function OrderCard(p: { order: StaffOrderView; chosen: boolean; onChoose: () => void }) {
  const o = p.order
  const done = o.refundableFen === 0
  return (
    <View id={`return-order-${o.orderId}`} className={`found-order${p.chosen ? ' chosen' : ''}`} data-refundable={o.refundableFen}>
      <View className='found-id'>订单 {o.orderId}</View>
      <View className='muted'>
        {formatTime(o.createdAt)} · 实付 {formatYuan(o.amountFen)}
        {o.returnedFen > 0 ? `，已退 ${formatYuan(o.returnedFen)}` : ''}
      </View>
      {o.lines.map((l, i) => (
        <View key={`${l.sku}-${i}`} className='found-line'>
          {l.name} × {l.quantity}
          {l.returnedQty > 0 ? `（已退 ${l.returnedQty} 件）` : ''}
        </View>
      ))}
      <View className={done ? 'refundable none' : 'refundable'}>{done ? '已全部退货' : `还可退 ${formatYuan(o.refundableFen)}`}</View>
      {done ? null : (
        <Button id={`return-choose-${o.orderId}`} className='desk-button' block type={p.chosen ? 'primary' : 'default'} onClick={p.onChoose}>
          {p.chosen ? '已选此订单' : '为此订单退货'}
        </Button>
      )}
    </View>
  )
}

function ReturnDesk() {
  const session = getSession()
  const [searchBy, setSearchBy] = useState<SearchBy>('memberCode')
  const [search, setSearch] = useState('')
  const [found, setFound] = useState<StaffOrdersResponse | null>(null)
  const [lastQuery, setLastQuery] = useState<StaffOrdersQuery | null>(null)
  const [orderId, setOrderId] = useState('')
  const [returnId, setReturnId] = useState(newReturnId)
  const [mode, setMode] = useState<Mode>('amount')
  const [amount, setAmount] = useState('')
  const [sku, setSku] = useState('')
  const [qty, setQty] = useState('1')
  const [result, setResult] = useState<ReturnResponse | null>(null)

  const searching = useSubmit(async (query: StaffOrdersQuery) => {
    setFound(null)
    const answer = await request('staffOrders', { query })
    setFound(answer)
    setLastQuery(query)
    const open = answer.orders.filter((o) => o.refundableFen > 0)
    if (open.length === 1) setOrderId(open[0]!.orderId)
  })

  function find() {
    const text = search.replace(/\s/g, '')
    if (searchBy === 'memberCode' && !/^\d{18}$/.test(text)) return searching.setError('请输入 18 位会员码')
    if (searchBy === 'phone' && !/^1\d{10}$/.test(text)) return searching.setError('请输入 11 位手机号')
    if (searchBy === 'orderId' && !/^[A-Za-z0-9_-]{1,64}$/.test(text)) return searching.setError('请输入订单号（字母、数字、_ 或 -）')
    void searching.submit({ [searchBy]: text } as StaffOrdersQuery)
  }

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
    // What can still be refunded moved on: show it.
    if (lastQuery) setFound(await request('staffOrders', { query: lastQuery }).catch(() => found))
  })

  function submit() {
    const body = build()
    if (typeof body === 'string') returning.setError(body)
    else void returning.submit(body)
  }

  const chosen = found?.orders.find((o) => o.orderId === orderId.trim()) ?? null

  return (
    <View className='page staff-returns'>
      <StoreHeader title='退货' />
      <View id='return-search-card' className='card'>
        <View className='section-title'>查找会员的订单</View>
        <ChoiceChips className='row modes' idPrefix='return-search-by' chipClassName='mode' options={SEARCH_BY} value={searchBy} onChange={(v) => (setSearchBy(v), setSearch(''))} />
        <View className='row search-row'>
          <Input id='return-search-input' className='input grow' placeholder={SEARCH_HINT[searchBy]} value={search} onInput={(e) => setSearch(e.detail.value)} />
          <Button id='return-search' className='desk-button side' type='primary' loading={searching.busy} disabled={searching.busy} onClick={find}>
            查找
          </Button>
        </View>
        <ErrorNote id='return-search-error' error={searching.error} format={describeSearch} />
        {found ? (
          <View id='return-orders'>
            {found.member ? <View className='muted'>会员 {found.member.phoneMasked} 在本店的近期订单</View> : null}
            {found.orders.length === 0 ? <View className='muted'>该会员在本店暂无订单</View> : null}
            {found.orders.map((o) => (
              <OrderCard key={o.orderId} order={o} chosen={o.orderId === orderId.trim()} onChoose={() => setOrderId(o.orderId)} />
            ))}
          </View>
        ) : null}
      </View>
      <View className='card'>
        <View className='field'>
          <Text className='label'>订单号</Text>
          <Input id='return-order-id' className='input' placeholder='从上方选择，或输入小票上的订单号' value={orderId} onInput={(e) => setOrderId(e.detail.value)} />
          {chosen ? <View id='return-chosen-refundable' className='muted'>此订单还可退 {formatYuan(chosen.refundableFen)}</View> : null}
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
              <Input id='return-line-sku' className='input' placeholder='商品条码' value={sku} onInput={(e) => setSku(e.detail.value)} />
            </View>
            <View className='field half'>
              <Text className='label'>数量</Text>
              <Input id='return-line-qty' className='input' type='number' value={qty} onInput={(e) => setQty(e.detail.value)} />
            </View>
          </View>
        )}
        <Button id='return-submit' className='desk-button' type='primary' block loading={returning.busy} disabled={returning.busy} onClick={submit}>
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
          {result.toBalance && result.toBalance.backFen > 0 ? (
            <View id='return-result-to-balance'>
              其中 {formatYuan(result.toBalance.backFen)} 退回会员储值余额（本金 {formatYuan(result.toBalance.principalFen)}，赠送 {formatYuan(result.toBalance.bonusFen)}），其余按原支付方式退款
            </View>
          ) : null}
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

export default function StaffReturns() {
  return (
    <RoleGate role='staff' title='退货' needsStore>
      <ReturnDesk />
    </RoleGate>
  )
}
