/**
 * The nightly snapshot as the dashboard shows it: tier and lifecycle slices, the RFM heat tables and the
 * contribution pyramid's rows. Pure: unit-tested in tests/unit/insight-pages.test.ts.
 */
import type { Snapshot } from '@shared/contract/planning'
import type { ReportExportRequest } from '@shared/contract/figures'
import { formatYuan, groupThousands } from '@shared/domain/money'
import type { ChartData, ChartSlice } from '../../kit/charts/options'

export const STAGE_NAMES: Record<string, string> = { new: '新客', active: '活跃', silent: '沉默', dormant: '睡眠', lost: '流失' }

/** Members per tier, in the program's order (lowest first); tiers no longer in the program at the end by code. */
export function tierSlices(s: Pick<Snapshot, 'tiers'>, program: { code: string; name: string; rank: number }[]): ChartSlice[] {
  const known = [...program].sort((a, b) => a.rank - b.rank)
  const slices = known.map((t) => ({ name: t.name, value: s.tiers[t.code] ?? 0 }))
  for (const [code, n] of Object.entries(s.tiers)) if (!known.some((t) => t.code === code)) slices.push({ name: '已停用等级', value: n })
  return slices
}

export function lifecycleSlices(s: Pick<Snapshot, 'lifecycle'>): ChartSlice[] {
  return Object.keys(STAGE_NAMES).map((k) => ({ name: STAGE_NAMES[k]!, value: (s.lifecycle as Record<string, number>)[k] ?? 0 }))
}

/** Tier moves per month (the last twelve) as columns: 升级 and 降级 side by side; months read 11月. */
export function tierMovesChart(s: Pick<Snapshot, 'tierMoves'>): ChartData {
  const months = [...s.tierMoves].sort((a, b) => a.month.localeCompare(b.month)).slice(-12)
  return {
    kind: 'column',
    categories: months.map((m) => `${Number(m.month.slice(5, 7))}月`),
    series: [
      { name: '升级', data: months.map((m) => m.ups) },
      { name: '降级', data: months.map((m) => m.downs) },
    ],
  }
}

export interface HeatCell {
  count: number
  /** 0..1 against the grid's largest cell. */
  heat: number
}

/**
 * A grid rows[r-1][c-1] as the heat table shows it: the highest R score on top (most recent buyers first),
 * columns in score order; each cell with its heat against the largest.
 */
export function heatTable(grid: number[][]): { rows: { score: number; cells: HeatCell[] }[]; columns: number[]; total: number } {
  const max = Math.max(0, ...grid.flat())
  const width = Math.max(0, ...grid.map((r) => r.length))
  const columns = Array.from({ length: width }, (_, i) => i + 1)
  const rows = grid
    .map((row, i) => ({ score: i + 1, cells: columns.map((c) => ({ count: row[c - 1] ?? 0, heat: max > 0 ? (row[c - 1] ?? 0) / max : 0 })) }))
    .reverse()
  return { rows, columns, total: grid.flat().reduce((a, b) => a + b, 0) }
}

export const BAND_NAMES: Record<string, string> = { top10: '前 10%', next20: '10%–30%', next30: '30%–60%', bottom40: '后 40%' }

export interface PyramidRow {
  band: string
  name: string
  members: string
  spend: string
  share: string
  /** Share as a number, for the bar widths. */
  shareValue: number
  ordersPerMember: string
  averageOrder: string
  minSpend: string
}

export function pyramidRows(s: Pick<Snapshot, 'pyramid'>): PyramidRow[] {
  return s.pyramid.map((b) => ({
    band: b.band,
    name: BAND_NAMES[b.band] ?? b.band,
    members: groupThousands(b.members),
    spend: formatYuan(b.spendFen),
    share: `${b.spendShare.toFixed(1)}%`,
    shareValue: b.spendShare,
    ordersPerMember: b.ordersPerMember.toFixed(1),
    averageOrder: formatYuan(b.averageOrderFen),
    // The snapshot keeps spend in 0.5 % buckets: the band's lower bound is a bucket edge, shown to the yuan.
    minSpend: `约 ¥${groupThousands(Math.round(b.minSpendFen / 100))}`,
  }))
}

/** The reports the dashboard exports, with their buttons' words. */
export const EXPORTS: { report: ReportExportRequest['report']; label: string }[] = [
  { report: 'daily', label: '每日数据' },
  { report: 'stores', label: '门店对比' },
  { report: 'tiers', label: '等级分布' },
  { report: 'lifecycle', label: '生命周期' },
  { report: 'rfm', label: '价值评分' },
  { report: 'pyramid', label: '贡献金字塔' },
]
