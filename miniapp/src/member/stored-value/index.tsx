import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { BalanceEntry, BalanceRefundResult, RefundQuoteView } from '@shared/contract'
import { routes, type RouteName } from '@shared/contract/routes'
import { formatYuan } from '@shared/domain/money'
import { request } from '../../api/client'
import { ErrorNote, LoadGate, useResource, useSubmit } from '../../kit'
import { SubmitButton } from '../../kit/fields'
import { requestPayment } from '../../platform/pay'
import { formatTime } from '../../utils/format'
import './index.scss'

const REFUND_RULE =
  '退款规则：充值后 7 天内且期间未使用余额消费的充值，可全额退回（其赠送金额一并收回）；其他情况退还剩余本金减去已使用的赠送金额，剩余赠送金额作废，余额清零。退款原路退回微信支付。'

const KIND_TEXT: Record<BalanceEntry['kind'], string> = {
  recharge: '充值',
  spend: '消费',
  return: '退货退回',
  refund: '退款',
  refundFailed: '退款未成功退回',
  adjust: '调整',
}

const signedYuan = (fen: number) => (fen > 0 ? `+${formatYuan(fen)}` : formatYuan(fen))
const requestId = () => `sv-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** The payments part's status route (GET /members/me/payments/{outTradeNo}), found by its path in the route table. */
const paymentStatusRoute = Object.entries(routes as Record<string, { method: string; path: string }>).find(([, s]) => s.method === 'GET' && s.path === '/members/me/payments/{outTradeNo}')?.[0] as RouteName | undefined

/** Waits (≤ 20 s) until the payment is credited: by the payment's status, else by the balance growing. */
async function waitCredited(outTradeNo: string, totalBefore: number): Promise<boolean> {
  for (let i = 0; i < 20; i++) {
    try {
      if (paymentStatusRoute) {
        const s = (await request(paymentStatusRoute, { params: { outTradeNo } } as never)) as { state?: string }
        if (s.state === 'paid') return true
      } else {
        const b = await request('myBalance')
        if (b.totalFen > totalBefore) return true
      }
    } catch {
      // keep waiting: the notification may not have arrived yet
    }
    await pause(1000)
  }
  return false
}

const RULE_TEXT: Record<RefundQuoteView['rule'], string> = {
  full: '7 天内未使用的充值，全额退回',
  partial: '退还剩余本金减去已使用的赠送金额',
  mixed: '7 天内未使用的充值全额退回，其余退还剩余本金减去已使用的赠送金额',
  none: '当前没有可退的金额',
}

/** 储值: her balance (本金 and 赠送 apart), packages to recharge with, her history and a refund request. */
export default function StoredValue() {
  const balance = useResource('myBalance')
  const ledger = useResource('myBalanceLedger')
  const [more, setMore] = useState<BalanceEntry[]>([])
  const [cursor, setCursor] = useState<string | null | undefined>(undefined)
  const [chosen, setChosen] = useState<string | null>(null)
  const [note, setNote] = useState<string | null>(null)
  const [quote, setQuote] = useState<RefundQuoteView | null>(null)
  const [refunded, setRefunded] = useState<BalanceRefundResult | null>(null)
  const [refundReq, setRefundReq] = useState(requestId)

  const reloadAll = async () => {
    setMore([])
    setCursor(undefined)
    await Promise.all([balance.reload(), ledger.reload()])
  }

  const recharge = useSubmit(async () => {
    const packageId = chosen ?? balance.data?.packages[0]?.id
    if (!packageId) throw '请选择充值金额'
    setNote(null)
    const before = balance.data?.totalFen ?? 0
    const started = await request('startRecharge', { body: { packageId, requestId: requestId() } })
    const pkg = balance.data?.packages.find((p) => p.id === packageId)
    const outcome = await requestPayment(started.payParams, { amountFen: started.amountFen, description: pkg ? `储值 ${pkg.name}` : '储值' })
    if (outcome === 'cancelled') {
      setNote('已取消支付')
      return
    }
    setNote('支付结果确认中…')
    const ok = await waitCredited(started.outTradeNo, before)
    setNote(ok ? '充值成功，余额已到账' : '支付结果确认中，稍后到账，请下拉刷新查看')
    await reloadAll()
  })

  const askQuote = useSubmit(async () => {
    setRefunded(null)
    setQuote(await request('myRefundQuote'))
  })

  const refund = useSubmit(async () => {
    const r = await request('requestBalanceRefund', { body: { requestId: refundReq } })
    setRefunded(r)
    setQuote(null)
    setRefundReq(requestId())
    await reloadAll()
  })

  const loadMore = useSubmit(async () => {
    const from = cursor === undefined ? ledger.data?.cursor : cursor
    if (!from) return
    const page = await request('myBalanceLedger', { query: { cursor: from } })
    setMore((m) => [...m, ...page.entries])
    setCursor(page.cursor)
  })

  if (!balance.data) return <LoadGate error={balance.error} errorId='sv-load-error' className='page stored-value-page' />
  const b = balance.data
  const entries = [...(ledger.data?.entries ?? []), ...more]
  const nextCursor = cursor === undefined ? ledger.data?.cursor : cursor
  const picked = chosen ?? b.packages[0]?.id ?? null

  return (
    <View className='page stored-value-page'>
      <View id='sv-balance' className='sv-balance'>
        <Text>储值余额</Text>
        <Text id='sv-total' className='sv-total'>
          {formatYuan(b.totalFen)}
        </Text>
        <View className='sv-split'>
          <Text id='sv-principal'>本金 {formatYuan(b.principalFen)}</Text>
          <Text id='sv-bonus'>赠送 {formatYuan(b.bonusFen)}</Text>
        </View>
      </View>

      <View id='sv-recharge-card' className='card'>
        <View className='section-title'>充值</View>
        {b.packages.length === 0 ? <View className='muted'>暂无可充值的套餐</View> : null}
        <View className='sv-packages'>
          {b.packages.map((p, i) => (
            <View key={p.id} id={`sv-package-${i}`} className={`sv-package${picked === p.id ? ' chosen' : ''}`} onClick={() => setChosen(p.id)}>
              <Text>充 {formatYuan(p.amountFen)}</Text>
              {p.bonusFen > 0 ? <Text className='bonus'>送 {formatYuan(p.bonusFen)}</Text> : null}
            </View>
          ))}
        </View>
        {b.packages.length > 0 ? (
          <SubmitButton id='sv-recharge' busy={recharge.busy} onClick={() => void recharge.submit()}>
            微信支付充值
          </SubmitButton>
        ) : null}
        {note ? (
          <View id='sv-note' className='card success'>
            {note}
          </View>
        ) : null}
        <ErrorNote id='sv-recharge-error' error={recharge.error} />
        <View className='muted hint'>
          消费时按余额中本金与赠送的比例扣减。账户余额上限 {formatYuan(b.capFen)}，超过上限的充值不能进行。
        </View>
      </View>

      <View id='sv-history' className='card'>
        <View className='section-title'>余额明细</View>
        {entries.length === 0 ? <View className='muted'>暂无记录</View> : null}
        {entries.map((e) => (
          <View key={e.id} className='sv-entry'>
            <View>
              <View>{e.description || KIND_TEXT[e.kind]}</View>
              <View className='muted'>{formatTime(e.at)}</View>
            </View>
            <View className='amount'>
              <View className={e.principalFen + e.bonusFen > 0 ? 'plus' : ''}>{signedYuan(e.principalFen + e.bonusFen)}</View>
              <View className='muted'>
                本金 {signedYuan(e.principalFen)} · 赠送 {signedYuan(e.bonusFen)}
              </View>
            </View>
          </View>
        ))}
        {nextCursor ? (
          <Button id='sv-more' fill='outline' block loading={loadMore.busy} onClick={() => void loadMore.submit()}>
            查看更多
          </Button>
        ) : null}
        <ErrorNote error={ledger.error ?? loadMore.error} />
      </View>

      <View id='sv-refund-card' className='card'>
        <View className='section-title'>申请退款</View>
        <View className='muted hint'>{REFUND_RULE}</View>
        {!quote ? (
          <Button id='sv-refund-quote' fill='outline' block loading={askQuote.busy} onClick={() => void askQuote.submit()}>
            查看可退金额
          </Button>
        ) : (
          <View id='sv-quote'>
            <View>按规则：{RULE_TEXT[quote.rule]}</View>
            <View>
              可退金额 <Text id='sv-quote-amount'>{formatYuan(quote.refundFen)}</Text>
            </View>
            {quote.bonusLeavingFen > 0 ? <View className='muted'>收回赠送金额 {formatYuan(quote.bonusLeavingFen)}</View> : null}
            {quote.bonusSpentFen > 0 && quote.rule !== 'full' ? <View className='muted'>已使用赠送金额 {formatYuan(quote.bonusSpentFen)}，从本金中扣除</View> : null}
            {quote.rule !== 'none' ? <View className='muted'>退款后余额 {formatYuan(quote.remainingFen)}</View> : null}
            {quote.rule !== 'none' ? (
              <SubmitButton id='sv-refund' busy={refund.busy} onClick={() => void refund.submit()}>
                确认退款
              </SubmitButton>
            ) : null}
          </View>
        )}
        {refunded ? (
          <View id='sv-refunded' className='card success'>
            已申请退款 {formatYuan(refunded.refundFen)}，将原路退回微信支付
          </View>
        ) : null}
        <ErrorNote id='sv-refund-error' error={askQuote.error ?? refund.error} />
      </View>
    </View>
  )
}
