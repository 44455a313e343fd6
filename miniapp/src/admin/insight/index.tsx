import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { ChoiceChips, ErrorNote, LoadGate, RoleGate, useResource } from '../../kit'
import type { Snapshot } from '@shared/contract/planning'
import { groupThousands } from '@shared/domain/money'
import { KpiTiles } from '../../components/insight/KpiTiles'
import { Trends } from '../../components/insight/Trends'
import { PERIODS, type Period } from '../../components/insight/figures'
import { adminError } from '../errors'
import { TitleBar } from '../ui'
import { Distributions } from './Distributions'
import { Exports } from './Exports'
import { Pyramid } from './Pyramid'
import { RfmGrid } from './RfmGrid'
import { StorePicker } from './StorePicker'
import '../common.scss'
import './index.scss'

/** When there is no snapshot yet: the distributions, the grid and the pyramid come with the first night. */
function NoSnapshot() {
  return (
    <View id='snapshot-empty' className='card'>
      <View className='section-title'>会员分布、价值评分与贡献金字塔</View>
      <View className='muted'>快照将在每晚生成：明天再来看会员等级、生命周期、价值评分和贡献金字塔。</View>
    </View>
  )
}

/** The snapshot's sections once it has loaded: distributions, RFM grids, pyramid; or the note before the first night. */
function SnapshotSections(p: { snapshot: Snapshot | null | undefined; error: unknown; program: { code: string; name: string; rank: number }[] }) {
  if (p.snapshot === undefined) return p.error ? <PageLoadingInline error={p.error} id='snapshot-error' /> : null
  if (p.snapshot === null) return <NoSnapshot />
  return (
    <>
      <Distributions snapshot={p.snapshot} program={p.program} />
      <RfmGrid snapshot={p.snapshot} />
      <Pyramid snapshot={p.snapshot} />
    </>
  )
}

/**
 * 经营看板 (issue 18): the brand's figures for the last 7 / 30 / 90 days (KPI tiles with the change against
 * the period before, daily trends), the newest nightly snapshot (tier and lifecycle distributions, the RFM
 * grids, the contribution pyramid), each store's own view, and CSV exports of every report.
 */
function Insight() {
  const [period, setPeriod] = useState<Period>('30')
  const days = Number(period) as 7 | 30 | 90
  const dashboard = useResource('adminDashboard', { query: { days } })
  const snapshot = useResource('adminSnapshot', { reloadOnShow: false })
  const tiers = useResource('adminGetTiers', { reloadOnShow: false })
  const stores = useResource('adminStores', { reloadOnShow: false })

  const d = dashboard.data
  return (
    <View className='page admin-page admin-insight'>
      <View className='card'>
        <TitleBar title='经营看板' reloadId='insight-reload' loading={dashboard.loading} onReload={() => Promise.all([dashboard.reload(), snapshot.reload()])} />
        <ChoiceChips idPrefix='insight-period' options={PERIODS} value={period} onChange={setPeriod} />
        {d ? (
          <View id='insight-range' className='insight-range' data-from={d.from} data-to={d.to}>
            {d.from} 至 {d.to}，会员总数 <Text id='insight-members'>{groupThousands(d.members)}</Text>
          </View>
        ) : null}
        {d ? <KpiTiles dashboard={d} /> : <PageLoadingInline error={dashboard.error} />}
        {d ? <ErrorNote id='insight-error' error={adminError(dashboard.error)} /> : null}
        <View className='insight-note'>日均活跃会员为每天到店、扫码或领券的人数的平均；复购人次为每天再次购买的人数之和；积分余额、储值余额为期末数；变化与前一段同样长的时间相比。</View>
      </View>
      {d ? (
        <View className='card'>
          <View className='section-title'>趋势</View>
          <Trends dashboard={d} />
        </View>
      ) : null}
      <SnapshotSections snapshot={snapshot.data?.snapshot} error={snapshot.error} program={tiers.data?.tiers ?? []} />
      <StorePicker stores={stores.data?.stores ?? []} />
      <Exports days={days} />
      {d ? <View className='insight-note footnote'>本页读取 {groupThousands(d.itemsRead)} 条汇总记录</View> : null}
    </View>
  )
}

/** 加载中…, or the load error, inside the card that waits for it. */
function PageLoadingInline({ error, id = 'insight-error' }: { error: unknown; id?: string }) {
  return <LoadGate className='insight-wait' error={adminError(error)} errorId={id} />
}

/** For admins only: signed out, it asks to sign in and comes back; another role is told and shown the way back. */
export default function AdminInsightPage() {
  return (
    <RoleGate role='admin' title='经营看板'>
      <Insight />
    </RoleGate>
  )
}
