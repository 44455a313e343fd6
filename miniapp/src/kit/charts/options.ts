/**
 * What a chart shows, as uCharts options: pure (no canvas, no Taro), so it is unit-tested
 * (tests/unit/charts.test.ts). The Chart component adds the drawing context and draws.
 *
 * Sizes are CSS px: uCharts multiplies fonts, paddings and line widths by `pixelRatio` itself, and is
 * given the canvas's size in device pixels (width × pixelRatio), as its 2d-canvas examples do.
 */
import { groupThousands } from '@shared/domain/money'

/** Series colours: the brand red first, then colours that stay apart for colour-blind readers. */
export const PALETTE = ['#fa2c19', '#1f77b4', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#17becf', '#7f7f7f'] as const

/** How a chart's values read: counts, or money given in fen and drawn in yuan. */
export type ChartUnit = 'count' | 'fen'

export interface ChartSeries {
  name: string
  /** One value per category (fen when the unit is 'fen'). */
  data: number[]
}

export interface ChartSlice {
  name: string
  value: number
}

/** A line or column chart over categories (days, bands), or a ring of slices (tiers, stages). */
export type ChartData =
  | { kind: 'line' | 'column'; categories: string[]; series: ChartSeries[]; unit?: ChartUnit }
  | { kind: 'ring'; slices: ChartSlice[]; unit?: ChartUnit; /** Words under the total in the ring's centre. */ centre?: string }

export interface ChartSize {
  /** CSS px. */
  width: number
  height: number
  pixelRatio: number
}

/** True when the chart would show nothing worth drawing (no categories, or every value 0). */
export function chartIsEmpty(data: ChartData): boolean {
  if (data.kind === 'ring') return data.slices.every((s) => s.value <= 0)
  return data.categories.length === 0 || data.series.every((s) => s.data.every((v) => v === 0))
}

/** A value as an axis or label shows it: 1,234 for counts; ¥1,234 (whole yuan) for money. */
export function valueText(value: number, unit: ChartUnit = 'count'): string {
  if (unit === 'fen') return `¥${groupThousands(Math.round(value / 100))}`
  const rounded = Math.round(value * 100) / 100
  return Number.isInteger(rounded) ? groupThousands(rounded) : String(rounded)
}

/** Fen drawn as yuan (the axis reads yuan); counts as they are. */
const toDrawn = (v: number, unit: ChartUnit) => (unit === 'fen' ? Math.round(v) / 100 : v)

/** "12-01" from "2026-12-01": the x axis of daily trends. */
export const dayLabel = (day: string): string => (/^\d{4}-\d{2}-\d{2}$/.test(day) ? day.slice(5) : day)

const SPLITS = 4

/**
 * The top of a value axis with SPLITS steps, each a round whole number (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × a
 * power of ten, never a fraction): 55 -> 60 (steps of 15), 7 -> 8, 3 -> 4. uCharts' own range would give 41.25.
 */
export function axisMax(max: number): number {
  const step = Math.max(max, 0) / SPLITS
  if (step <= 1) return SPLITS
  const p = 10 ** Math.floor(Math.log10(step))
  const m = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((k) => k * p >= step && Number.isInteger(k * p))!
  return m * p * SPLITS
}

/** uCharts options (without `context`) for `data` drawn at `size`. */
export function chartOptions(data: ChartData, size: ChartSize): Record<string, unknown> {
  const unit = data.unit ?? 'count'
  const pr = size.pixelRatio > 0 ? size.pixelRatio : 1
  const base = {
    type: data.kind,
    width: Math.round(size.width * pr),
    height: Math.round(size.height * pr),
    pixelRatio: pr,
    animation: false,
    background: '#FFFFFF',
    color: [...PALETTE],
    fontSize: 11,
    fontColor: '#666666',
  }
  if (data.kind === 'ring') {
    const total = data.slices.reduce((a, s) => a + Math.max(0, s.value), 0)
    return {
      ...base,
      padding: [5, 5, 5, 5],
      dataLabel: false,
      legend: { show: true, position: 'right', lineHeight: 22, fontSize: 11 },
      title: { name: valueText(total, unit), fontSize: 16, color: '#333333' },
      subtitle: { name: data.centre ?? '合计', fontSize: 11, color: '#999999' },
      series: [{ data: data.slices.map((s) => ({ name: `${s.name} ${valueText(s.value, unit)}`, value: Math.max(0, toDrawn(s.value, unit)) })) }],
      extra: { ring: { ringWidth: 22, activeOpacity: 0.5, activeRadius: 6, offsetAngle: -90, labelWidth: 10, border: true, borderWidth: 2, borderColor: '#FFFFFF' } },
    }
  }
  const many = data.categories.length > 12
  const top = axisMax(Math.max(0, ...data.series.flatMap((x) => x.data.map((v) => toDrawn(v, unit)))))
  return {
    ...base,
    padding: [12, 24, 4, 4],
    categories: [...data.categories],
    series: data.series.map((s) => ({
      name: s.name,
      data: s.data.map((v) => toDrawn(v, unit)),
      // A column's value label: none on an empty column (a row of 0s under twelve months is noise).
      ...(data.kind === 'column' ? { formatter: (v: number) => (v ? valueText(unit === 'fen' ? v * 100 : v, unit) : '') } : {}),
    })),
    // Values on the bars when there are few; a line of 30 or 90 days reads from the axis.
    dataLabel: data.kind === 'column' && !many,
    dataPointShape: !many,
    legend: { show: data.series.length > 1, position: 'top', float: 'right', fontSize: 11, lineHeight: 14 },
    xAxis: { disableGrid: true, fontSize: 10, labelCount: many ? 6 : undefined, boundaryGap: data.kind === 'column' ? 'center' : 'justify' },
    yAxis: {
      gridType: 'dash',
      dashLength: 2,
      splitNumber: SPLITS,
      // From 0 to a round top, so every grid line reads a whole number.
      data: [{ min: 0, max: top, fontSize: 10, formatter: (v: number) => (unit === 'fen' ? valueText(v * 100, unit) : valueText(v)) }],
    },
    extra: {
      line: { type: 'straight', width: 2, activeType: 'hollow' },
      column: { type: 'group', width: many ? 6 : 18, seriesGap: 2, barBorderRadius: [3, 3, 0, 0] },
      tooltip: { showBox: true },
    },
  }
}
