import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { MyMembership } from '@shared/contract'
import { formatYuan } from '@shared/domain/money'
import { request } from '../../api/client'
import { ErrorNote, LoadGate, useResource, useSubmit } from '../../kit'
import { Done } from '../../kit/fields'
import { requestPayment } from '../../platform/pay'
import { formatDate } from '../../utils/format'
import './index.scss'

const newRequestId = () => `pl${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`
const monthsText = (m: number) => (m % 12 === 0 ? `${m / 12} 年` : `${m} 个月`)
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** After paying: her term changes once the payment is credited (notification or reconciliation); ≤ 20 s. */
async function waitForCredit(before: string | null): Promise<MyMembership | null> {
  for (let i = 0; i < 20; i++) {
    await pause(1000)
    const m = await request('myMembership')
    if (m.current && m.current.termEnd !== before) return m
  }
  return null
}

/** 付费会员: plans on offer, buy or renew through WeChat Pay, the term and its perks, the refund while allowed. */
export default function PlusPage() {
  const mine = useResource('myMembership')
  const [done, setDone] = useState('')
  const [confirming, setConfirming] = useState(false)
  const buy = useSubmit(async (planId: string) => {
    setDone('')
    const before = mine.data?.current?.termEnd ?? null
    const started = await request('buyMembership', { body: { planId, requestId: newRequestId() } })
    const plan = mine.data?.plans.find((p) => p.id === planId)
    const outcome = await requestPayment(started.payParams, { amountFen: started.amountFen, ...(plan ? { description: `付费会员 ${plan.name}` } : {}) })
    if (outcome === 'cancelled') {
      setDone('已取消支付')
      return
    }
    const after = await waitForCredit(before)
    if (!after) {
      setDone('支付结果确认中，请稍后刷新查看')
      return
    }
    mine.setData(after)
    setDone(`开通成功，有效期至 ${after.current!.lastDay}`)
  })
  const refund = useSubmit(async () => {
    const r = await request('refundMembership', { body: { requestId: newRequestId() } })
    setConfirming(false)
    setDone(`退款申请已提交，${formatYuan(r.refundFen)} 将原路退回`)
    await mine.reload()
  })

  if (!mine.data) return <LoadGate error={mine.error} errorId='plus-load-error' className='page plus-page' />
  const { plans, current, tierMultiplier, stackPlusWithTier } = mine.data
  const active = !!current?.active

  return (
    <View className='page plus-page'>
      {current ? (
        <View id='plus-current' className={`card plus-current ${active ? 'on' : 'off'}`} data-active={active ? 'true' : 'false'}>
          <View className='row between'>
            <Text id='plus-badge' className='plus-badge'>
              {current.badge}
            </Text>
            <Text className='plus-state'>{active ? '生效中' : '已到期'}</Text>
          </View>
          <View className='plus-name'>{current.planName}</View>
          <View id='plus-last-day' className='plus-meta' data-last-day={current.lastDay}>
            {active ? `有效期至 ${current.lastDay}` : `已于 ${current.lastDay} 到期`}
          </View>
          <View className='plus-meta'>
            消费积分 ×{current.multiplier}（{stackPlusWithTier ? `与等级倍率 ×${tierMultiplier} 叠加` : `与等级倍率 ×${tierMultiplier} 取高者`}）
          </View>
          <View id='plus-packs' className='plus-meta' data-packs={current.packsIssued}>
            本期已发放 {current.packsIssued} 个月的会员券包
          </View>
        </View>
      ) : (
        <View id='plus-none' className='card'>
          <View className='section-title'>开通付费会员</View>
          <View className='muted'>消费积分加倍、每月专属券包、会员卡尊享标识。</View>
        </View>
      )}

      {plans.map((p) => (
        <View key={p.id} id={`plus-plan-${p.id}`} className='card plus-plan'>
          <View className='row between'>
            <Text className='plan-name'>{p.name}</Text>
            <Text className='plan-price'>{formatYuan(p.priceFen)}</Text>
          </View>
          <View className='muted'>
            {monthsText(p.months)} · 消费积分 ×{p.multiplier}
          </View>
          {p.pack.length > 0 ? <View className='muted'>每月券包：{p.pack.map((c) => `${c.name}（${c.summary}）`).join('、')}</View> : null}
          <Button id={`plus-buy-${p.id}`} className='plan-buy' type='primary' block loading={buy.busy} disabled={buy.busy} onClick={() => void buy.submit(p.id)}>
            {active ? '续费' : '立即开通'} {formatYuan(p.priceFen)}
          </Button>
        </View>
      ))}
      {plans.length === 0 ? <View className='card muted'>暂无可开通的方案</View> : null}

      <Done id='plus-done'>{done}</Done>
      <ErrorNote id='plus-error' error={buy.error} />

      {current?.refund.allowed ? (
        <View id='plus-refund-card' className='card'>
          <View className='muted'>
            开通 7 天内且未使用会员权益，可申请退款 {formatYuan(current.refund.amountFen)}
            {current.refund.until ? `（${formatDate(current.refund.until)} 前）` : ''}
          </View>
          {confirming ? (
            <View className='row'>
              <Button id='plus-refund-cancel' className='half' onClick={() => setConfirming(false)}>
                再想想
              </Button>
              <Button id='plus-refund-ok' className='half' type='danger' loading={refund.busy} disabled={refund.busy} onClick={() => void refund.submit()}>
                确认退款
              </Button>
            </View>
          ) : (
            <Button id='plus-refund' block onClick={() => setConfirming(true)}>
              申请退款
            </Button>
          )}
          <ErrorNote id='plus-refund-error' error={refund.error} />
        </View>
      ) : (
        <View className='card muted hint'>开通 7 天内且未使用会员权益（积分加倍、会员券）可申请退款。</View>
      )}
    </View>
  )
}
