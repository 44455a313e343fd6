import { createElement, useEffect, useRef, useState } from 'react'
import { Canvas, View } from '@tarojs/components'
import UCharts from '@qiun/ucharts'
import { chartCanvas, chartSurface } from '../../platform/canvas'
import { chartIsEmpty, chartOptions, type ChartData } from './options'
import './charts.scss'

let next = 0

/**
 * One chart (line, column or ring) drawn by uCharts on a canvas, in the weapp build and on H5. It draws
 * again when its data change; with nothing to show it says `empty` instead of drawing empty axes.
 * The box carries data-chart (the kind) and data-drawn (how many times it drew) for the browser tests.
 *
 * @example
 * <Chart id='trend-orders' height={200} data={{ kind: 'line', categories: days, series: [{ name: '订单', data: orders }] }} />
 */
export function Chart(p: { id: string; data: ChartData; height?: number; empty?: string }) {
  const canvasId = useRef(`kit-chart-${p.id}-${++next}`)
  const [drawn, setDrawn] = useState(0)
  const key = JSON.stringify(p.data)
  const empty = chartIsEmpty(p.data)

  useEffect(() => {
    if (empty) return
    let cancelled = false
    void chartSurface(canvasId.current).then((surface) => {
      if (!surface || cancelled) return
      const { context, canvas2d, ...size } = surface
      new UCharts({ ...chartOptions(p.data, size), context, canvas2d })
      setDrawn((n) => n + 1)
    })
    return () => {
      cancelled = true
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, empty])

  const height = p.height ?? 200
  if (empty) {
    return (
      <View id={p.id} className='kit-chart kit-chart-empty muted' data-chart={p.data.kind} style={{ height: `${Math.round(height / 2)}px` }}>
        {p.empty ?? '暂无数据'}
      </View>
    )
  }
  return (
    <View id={p.id} className='kit-chart' data-chart={p.data.kind} data-drawn={String(drawn)} style={{ height: `${height}px` }}>
      <ChartCanvas id={canvasId.current} />
    </View>
  )
}

/** The canvas as the platform places it: Taro's Canvas (weapp, type 2d) or an HTML canvas (H5). */
function ChartCanvas({ id }: { id: string }) {
  const c = chartCanvas(id, 'kit-chart-canvas')
  return c.native ? <Canvas {...(c.props as { id: string })} /> : createElement('canvas', c.props)
}
