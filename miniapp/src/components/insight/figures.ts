/**
 * The dashboard's figures as people read them (admin/insight and staff/insight): the KPI tiles with their
 * change against the previous period, and the daily series of the trend charts. Pure: unit-tested in
 * tests/unit/insight-pages.test.ts.
 */
import type { Dashboard, PeriodTotals } from '@shared/contract/figures'
import { formatYuan, groupThousands } from '@shared/domain/money'
import { dayLabel, type ChartData } from '../../kit/charts/options'

type Figure = keyof Omit<PeriodTotals, 'from' | 'to' | 'newMembersBySource' | 'coupons'>

interface TileDef {
  key: Figure
  label: string
  money?: boolean
  /** A closing figure (a balance at the end of the period), not a sum. */
  closing?: boolean
  /** More is worse (complaints): the change is coloured the other way. */
  lessIsBetter?: boolean
  /** A distinct count per day: the tile shows the daily average over the period (a sum would count a member once per day). */
  average?: boolean
}

/** The tiles, in the order the page shows them. */
export const TILES: readonly TileDef[] = [
  { key: 'newMembers', label: '新增会员' },
  { key: 'activeMembers', label: '日均活跃会员', average: true },
  { key: 'orders', label: '会员订单' },
  { key: 'spendFen', label: '会员消费', money: true },
  { key: 'repeatPurchasers', label: '复购人次' },
  { key: 'pointsEarned', label: '积分发放' },
  { key: 'pointsSpent', label: '积分使用' },
  { key: 'pointsOutstanding', label: '积分余额', closing: true },
  { key: 'couponsIssued', label: '发券' },
  { key: 'couponsRedeemed', label: '核销券' },
  { key: 'complaintsOpened', label: '投诉', lessIsBetter: true },
  { key: 'careSent', label: '关怀消息' },
  { key: 'storedValueOutstandingFen', label: '储值余额', money: true, closing: true },
]

export interface Tile {
  key: Figure
  label: string
  value: number
  /** The value as shown: 1,234 or ¥1,234.00. */
  text: string
  previous: number
  /** 较上期 +12.5% / 较上期 -3.0% / 与上期持平 / 上期为 0. */
  change: string
  /** up / down / flat, and whether that is good news (for the colour). */
  trend: 'up' | 'down' | 'flat'
  good: boolean | null
}

/** The change of `value` against `previous` in words, with one decimal. */
export function changeText(value: number, previous: number): { change: string; trend: Tile['trend'] } {
  if (value === previous) return { change: '与上期持平', trend: 'flat' }
  const trend = value > previous ? 'up' : 'down'
  if (previous === 0) return { change: '上期为 0', trend }
  const pct = ((value - previous) / Math.abs(previous)) * 100
  const text = `${pct > 0 ? '+' : ''}${pct.toFixed(1)}%`
  return { change: `较上期 ${text}`, trend }
}

/** Days from `from` to `to`, both counted. */
const daysIn = (p: Pick<PeriodTotals, 'from' | 'to'>) => Math.round((Date.parse(`${p.to}T00:00:00Z`) - Date.parse(`${p.from}T00:00:00Z`)) / 86_400_000) + 1

const tenths = (x: number) => Math.round(x * 10) / 10
/** A daily average: one decimal below 100 (6 members over 30 days is 0.2 a day, not 0), whole above. */
const averageText = (x: number) => (x < 100 ? x.toFixed(1) : groupThousands(Math.round(x)))

export function tiles(d: Pick<Dashboard, 'totals' | 'previous'>): Tile[] {
  return TILES.map((t) => {
    const value = t.average ? tenths(d.totals[t.key] / daysIn(d.totals)) : d.totals[t.key]
    const previous = t.average ? tenths(d.previous[t.key] / daysIn(d.previous)) : d.previous[t.key]
    const { change, trend } = changeText(value, previous)
    return {
      key: t.key,
      label: t.label,
      value,
      text: t.money ? formatYuan(value) : t.average ? averageText(value) : groupThousands(value),
      previous,
      change,
      trend,
      good: trend === 'flat' ? null : (trend === 'up') !== !!t.lessIsBetter,
    }
  })
}

/** The trend charts of a dashboard: members (new, active), spend, points (earned, spent). */
export function trendCharts(d: Pick<Dashboard, 'days'>): { id: string; title: string; data: ChartData }[] {
  const categories = d.days.map((x) => dayLabel(x.day))
  const series = (name: string, f: (x: Dashboard['days'][number]) => number) => ({ name, data: d.days.map(f) })
  return [
    { id: 'trend-members', title: '会员', data: { kind: 'line', categories, series: [series('新增会员', (x) => x.newMembers), series('活跃会员', (x) => x.activeMembers)] } },
    { id: 'trend-spend', title: '会员消费', data: { kind: 'line', categories, unit: 'fen', series: [series('会员消费', (x) => x.spendFen)] } },
    { id: 'trend-orders', title: '订单与复购', data: { kind: 'line', categories, series: [series('会员订单', (x) => x.orders), series('复购会员', (x) => x.repeatPurchasers)] } },
    { id: 'trend-points', title: '积分', data: { kind: 'line', categories, series: [series('积分发放', (x) => x.pointsEarned), series('积分使用', (x) => x.pointsSpent)] } },
  ]
}

export const PERIODS = [
  { value: '7', label: '近 7 天' },
  { value: '30', label: '近 30 天' },
  { value: '90', label: '近 90 天' },
] as const
export type Period = (typeof PERIODS)[number]['value']
