import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { AdminPayment, AdminRefund, PaymentException, PaymentState, RefundState } from '@shared/contract'
import { formatYuan } from '@shared/domain/money'
import { request } from '../../api/client'
import { ChoiceChips, Empty, ErrorNote, RoleGate, useResource, useSubmit } from '../../kit'
import { adminError } from '../errors'
import { choicesOf, formatTime } from '../common'
import '../common.scss'
import './index.scss'

type Tab = 'payments' | 'refunds' | 'exceptions'
const TABS: Record<Tab, string> = { payments: '支付单', refunds: '退款', exceptions: '对账异常' }
const KIND: Record<AdminPayment['kind'], string> = { recharge: '储值充值', membership: '付费会员' }
const STATE: Record<PaymentState, string> = { created: '待支付', paid: '已支付', closed: '已关闭', refunded: '已全额退款' }
const STATE_FILTER: Record<'all' | PaymentState, string> = { all: '全部', ...STATE }
const REFUND_STATE: Record<RefundState, string> = { requested: '退款处理中', success: '退款成功', failed: '退款失败（已退回）' }
const REASON: Record<string, string> = {
  amount_mismatch: '金额与订单不符',
  appid_mismatch: '小程序不符',
  mchid_mismatch: '商户号不符',
  order_mismatch: '订单号不符',
  unknown_order: '未知订单',
  unknown_refund: '未知退款',
  refund_mismatch: '退款金额或订单不符',
  paid_after_close: '订单关闭后仍被支付',
  refunded_before_credit: '未入账已退款',
}
const OUTCOME: Record<string, string> = {
  credited: '已确认支付并入账',
  already_settled: '该支付单已处理，无需再查',
  closed: '未支付，已关闭',
  still_pending: '会员尚未支付',
  exception: '与订单不符，已记入对账异常',
}

function PaymentRow({ p, onReconciled }: { p: AdminPayment; onReconciled: (text: string) => void }) {
  const check = useSubmit(async () => {
    const r = await request('adminReconcilePayment', { params: { outTradeNo: p.outTradeNo } })
    onReconciled(OUTCOME[r.outcome] ?? '已查询')
  })
  const shipping = p.state === 'paid' || p.state === 'refunded' ? (p.shippingUploaded ? '发货信息已上传' : '发货信息待上传') : null
  return (
    <View className='list-row payment-row' data-out-trade-no={p.outTradeNo}>
      <View className='between'>
        <Text>{KIND[p.kind]} · {p.itemName}</Text>
        <Text className='pay-amount'>{formatYuan(p.amountFen)}</Text>
      </View>
      <View className='between'>
        <Text className={`pay-state${p.state === 'created' ? ' warn' : ''}`}>{STATE[p.state]}</Text>
        <Text className='muted'>{formatTime(p.paidAt ?? p.createdAt)}</Text>
      </View>
      {p.refundedFen > 0 ? <View className='muted'>已退款 {formatYuan(p.refundedFen)}（{p.refundCount} 笔）</View> : null}
      {shipping ? <View className={`muted${p.shippingUploaded ? '' : ' warn'}`}>{shipping}</View> : null}
      <View className='pay-no'>支付单号 {p.outTradeNo}</View>
      {p.state === 'created' ? (
        <Button size='small' type='primary' fill='outline' className='payment-reconcile' loading={check.busy} onClick={() => void check.submit()}>
          向微信支付查询
        </Button>
      ) : null}
      <ErrorNote error={adminError(check.error)} />
    </View>
  )
}

function Payments() {
  const [state, setState] = useState<'all' | PaymentState>('all')
  const list = useResource('adminPayments', { query: { limit: 50, ...(state === 'all' ? {} : { state }) }, reloadOnShow: false })
  const [note, setNote] = useState<string | null>(null)
  const rows = list.data?.payments ?? null
  return (
    <>
      <View className='card'>
        <ChoiceChips idPrefix='payments-state' options={choicesOf(STATE_FILTER)} value={state} onChange={setState} />
        {note ? <View id='payments-note' className='muted'>{note}</View> : null}
      </View>
      <ErrorNote id='payments-error' error={adminError(list.error)} />
      {rows ? (
        <View id='payments-list' className='card'>
          {rows.length === 0 ? (
            <Empty id='payments-empty' className='muted'>暂无支付单</Empty>
          ) : (
            rows.map((p) => (
              <PaymentRow
                key={p.outTradeNo}
                p={p}
                onReconciled={(text) => {
                  setNote(text)
                  void list.reload()
                }}
              />
            ))
          )}
        </View>
      ) : null}
    </>
  )
}

function Refunds() {
  const list = useResource('adminRefunds', { query: { limit: 50 }, reloadOnShow: false })
  const rows: AdminRefund[] | null = list.data?.refunds ?? null
  return (
    <>
      <ErrorNote id='refunds-error' error={adminError(list.error)} />
      {rows ? (
        <View id='refunds-list' className='card'>
          {rows.length === 0 ? (
            <Empty id='refunds-empty' className='muted'>暂无退款</Empty>
          ) : (
            rows.map((r) => (
              <View key={r.outRefundNo} className='list-row refund-row'>
                <View className='between'>
                  <Text>{KIND[r.kind]} · {r.reason}</Text>
                  <Text className='pay-amount'>{formatYuan(r.refundFen)}</Text>
                </View>
                <View className='between'>
                  <Text className={`pay-state${r.state === 'failed' ? ' warn' : ''}`}>{REFUND_STATE[r.state]}</Text>
                  <Text className='muted'>{formatTime(r.settledAt ?? r.createdAt)}</Text>
                </View>
                <View className='pay-no'>支付单号 {r.outTradeNo}</View>
              </View>
            ))
          )}
        </View>
      ) : null}
    </>
  )
}

function Exceptions() {
  const list = useResource('adminPaymentExceptions', { reloadOnShow: false })
  const rows: PaymentException[] | null = list.data?.exceptions ?? null
  return (
    <>
      <ErrorNote id='exceptions-error' error={adminError(list.error)} />
      {rows ? (
        <View id='exceptions-list' className='card'>
          <View className='muted'>微信支付通知或查询结果与订单不符时，系统不入账，记录在此，请核对后人工处理。</View>
          {rows.length === 0 ? (
            <Empty id='exceptions-empty' className='muted'>近 30 天没有对账异常</Empty>
          ) : (
            rows.map((e) => (
              <View key={`${e.at}${e.outTradeNo}${e.reason}`} className='list-row exception-row'>
                <View className='between'>
                  <Text className='pay-state warn'>{REASON[e.reason] ?? '其他异常'}</Text>
                  <Text className='muted'>{formatTime(e.at)}</Text>
                </View>
                {typeof e.detail.expectedFen === 'number' && typeof e.detail.reportedFen === 'number' ? (
                  <View className='muted'>
                    订单金额 {formatYuan(e.detail.expectedFen)}，微信支付通知 {formatYuan(e.detail.reportedFen)}
                  </View>
                ) : null}
                <View className='pay-no'>支付单号 {e.outTradeNo}</View>
              </View>
            ))
          )}
        </View>
      ) : null}
    </>
  )
}

/** 支付与退款: WeChat Pay orders (states in Chinese, ask WeChat now), refunds, reconciliation exceptions. */
function AdminPayments() {
  const [tab, setTab] = useState<Tab>('payments')
  return (
    <View className='page admin-page admin-payments'>
      <View className='card'>
        <View className='title'>支付与退款</View>
        <View className='muted'>会员在小程序内通过微信支付的储值充值和付费会员订单。支付结果以微信支付通知为准，未收到通知的订单每 5 分钟向微信支付查询一次，15 分钟内未支付的订单自动关闭。</View>
        <ChoiceChips idPrefix='payments-tab' options={choicesOf(TABS)} value={tab} onChange={setTab} />
      </View>
      {tab === 'payments' ? <Payments /> : tab === 'refunds' ? <Refunds /> : <Exceptions />}
    </View>
  )
}

export default function AdminPaymentsPage() {
  return (
    <RoleGate role='admin' title='支付与退款'>
      <AdminPayments />
    </RoleGate>
  )
}
