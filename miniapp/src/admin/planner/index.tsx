import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { formatYuan } from '@shared/domain/money'
import type { RouteBody, RouteResponse } from '@shared/contract/routes'
import { changeLine, shiftWarning, type ChangeLine } from '@shared/domain/changes'
import { request } from '../../api/client'
import { ErrorNote, RoleGate, useResource, useSubmit } from '../../kit'
import { Done, SubmitButton, TextInput } from '../../kit/fields'
import { adminError } from '../errors'
import { ConfirmCard, PageLoading } from '../ui'
import '../common.scss'
import './index.scss'

type Proposal = RouteResponse<'adminTierPlanner'>
type Tiers = RouteResponse<'adminGetTiers'>
type TierProgram = RouteBody<'adminPutTiers'>

/** What saving the proposal changes: each tier's threshold, before → after (with the tier page's warning on a large shift). */
function thresholdChanges(before: Tiers, after: TierProgram, unit: (v: number) => string): ChangeLine[] {
  return after.tiers.flatMap((t) => {
    const old = before.tiers.find((x) => x.code === t.code)
    return old ? changeLine(`${old.name} · 门槛`, unit(old.threshold), unit(t.threshold), shiftWarning(`${old.name}的门槛`, old.threshold, t.threshold)) : []
  })
}

/** Default target shares for a ladder of n tiers (lowest first): 70/20/10 for three. */
function defaultShares(n: number): string[] {
  if (n === 3) return ['70', '20', '10']
  if (n === 2) return ['80', '20']
  const rest = Math.floor(100 / n)
  return Array.from({ length: n }, (_, i) => String(i === 0 ? 100 - rest * (n - 1) : rest))
}

/** The program with the proposed thresholds (the rest unchanged), as PUT /admin/tiers takes it. */
function programWith(t: Tiers, p: Proposal): TierProgram {
  const { rev: _r, updatedAt: _u, updatedBy: _b, ...program } = t as Tiers & { rev?: number; updatedAt?: string; updatedBy?: string }
  const byCode = new Map(p.tiers.filter((x) => x.code).map((x) => [x.code as string, x.thresholdFen]))
  return { ...program, tiers: program.tiers.map((d) => ({ ...d, threshold: byCode.get(d.code) ?? d.threshold })) } as TierProgram
}

/** 等级门槛规划: target shares per tier -> proposed thresholds from the spend distribution, members per tier, moves. */
function AdminPlanner() {
  const tiers = useResource('adminGetTiers', { reloadOnShow: false })
  const [shares, setShares] = useState<string[] | null>(null)
  const [proposal, setProposal] = useState<Proposal | null>(null)
  const [pending, setPending] = useState<TierProgram | null>(null)
  const [saved, setSaved] = useState(false)
  const data = tiers.data
  const ladder = data ? [...data.tiers].sort((a, b) => a.rank - b.rank) : []

  useEffect(() => {
    if (data && !shares) setShares(defaultShares(data.tiers.length))
  }, [data, shares])

  const plan = useSubmit(async (body: { shares: number[] }) => {
    setProposal(await request('adminTierPlanner', { body }))
    setPending(null)
    setSaved(false)
  })
  const save = useSubmit(async (body: TierProgram) => {
    tiers.setData(await request('adminPutTiers', { body }))
    setPending(null)
    setSaved(true)
  })

  if (!data || !shares) return <PageLoading page='planner' error={tiers.error} errorId='planner-load-error' />

  const points = data.basis === 'points'
  const amount = (v: number | null) => (v === null ? '—' : points ? `${v.toLocaleString('en-US')} 积分` : formatYuan(v))
  const total = shares.reduce((a, s) => a + (Number(s) || 0), 0)
  const submit = () => {
    const nums = shares.map(Number)
    if (nums.some((n) => !Number.isFinite(n) || n < 0)) return plan.setError('请填写每个等级的目标占比')
    if (Math.abs(total - 100) > 0.01) return plan.setError(`目标占比合计须为 100%，现在是 ${total}%`)
    plan.setError(null)
    void plan.submit({ shares: nums })
  }

  return (
    <View className='page admin-page admin-planner'>
      <View className='card'>
        <View className='title'>等级门槛规划</View>
        <View className='muted'>按近期消费分布，给出让各等级人数达到目标占比的门槛（依据：{points ? '积分' : '消费金额'}）。</View>
        {ladder.map((t, i) => (
          <View key={t.code} className='share-row'>
            <Text className='tier-name'>{t.name}</Text>
            <TextInput id={`planner-share-${i}`} className='input share' type='digit' value={shares[i] ?? ''} onChange={(v) => setShares(shares.map((s, j) => (j === i ? v : s)))} />
            <Text className='muted'>%</Text>
          </View>
        ))}
        <View id='planner-total' className='muted'>合计 {total}%</View>
        <SubmitButton id='planner-run' busy={plan.busy} onClick={submit}>
          计算建议门槛
        </SubmitButton>
        <ErrorNote id='planner-error' error={adminError(plan.error)} />
      </View>

      {proposal ? (
        <View id='planner-result' className='card'>
          <View className='section-title'>建议方案（基于 {proposal.basedOn} 快照，共 {proposal.members.toLocaleString('en-US')} 位会员）</View>
          {proposal.members === 0 ? <View className='muted'>还没有快照数据，夜间任务运行后再来看看。</View> : null}
          {proposal.tiers.map((t, i) => (
            <View key={i} className='plan-row' id={`planner-tier-${i}`}>
              <View className='cell'>{t.name ?? `第 ${i + 1} 级`}</View>
              <View className='cell'>目标 {t.targetShare}% · 实际 {t.share}%</View>
              <View className='cell'>建议门槛 {amount(t.thresholdFen)}</View>
              <View className='cell muted'>现行门槛 {amount(t.currentThresholdFen)}</View>
              <View className='cell'>会员数 {t.members.toLocaleString('en-US')}</View>
            </View>
          ))}
          <View className='moves'>
            <Text id='planner-up'>升级 {proposal.movesUp.toLocaleString('en-US')} 人</Text>
            <Text id='planner-down'>降级 {proposal.movesDown.toLocaleString('en-US')} 人</Text>
            <Text id='planner-same'>不变 {proposal.unchanged.toLocaleString('en-US')} 人</Text>
          </View>
          {pending ? null : (
            <View className='actions'>
              <Button id='planner-apply' type='primary' block onClick={() => { setSaved(false); setPending(programWith(data, proposal)) }}>
                采用建议门槛
              </Button>
              <Button id='planner-open-tiers' type='primary' fill='outline' block onClick={() => void Taro.navigateTo({ url: '/admin/tiers/index' })}>
                去会员等级设置
              </Button>
            </View>
          )}
          <ErrorNote id='planner-save-error' error={adminError(save.error)} />
          {saved ? <Done id='planner-saved'>已保存到会员等级</Done> : null}
        </View>
      ) : null}
      {pending ? (
        <ConfirmCard
          id='planner-confirm'
          title='确认修改等级门槛'
          lines={thresholdChanges(data, pending, (v) => amount(v))}
          note='新的门槛自下一次评定和下一笔消费起适用；修改会记入审计日志。'
          busy={save.busy}
          onConfirm={() => void save.submit(pending)}
          onCancel={() => setPending(null)}
        />
      ) : null}
    </View>
  )
}

/** For admins only. */
export default function AdminPlannerPage() {
  return (
    <RoleGate role='admin' title='等级门槛规划'>
      <AdminPlanner />
    </RoleGate>
  )
}
