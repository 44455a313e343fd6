/**
 * A canvas to draw charts on, in both builds (the kit's Chart draws with uCharts on it).
 * weapp: Taro's <Canvas type='2d'>, its node found with a SelectorQuery, sized in device pixels.
 * H5: a plain HTML <canvas> (Taro's H5 Canvas resets its bitmap whenever it re-renders, which would wipe a
 * drawn chart), sized the same way with the window's devicePixelRatio.
 */
import Taro from '@tarojs/taro'
import { isWeapp } from './index'

/**
 * How the chart canvas `id` is placed (the kit renders it; platform/ wraps no UI components): weapp, Taro's
 * own Canvas component (`native`) of type 2d; H5, a plain HTML <canvas> element. It fills its box.
 */
export function chartCanvas(id: string, className?: string): { native: boolean; props: Record<string, unknown> } {
  const style = { width: '100%', height: '100%', display: 'block' }
  return isWeapp ? { native: true, props: { type: '2d', id, className, style } } : { native: false, props: { id, className, style } }
}

/** What a chart draws with: the 2d context, the box's CSS size and the pixel ratio. */
export interface ChartSurface {
  context: unknown
  width: number
  height: number
  pixelRatio: number
  /** weapp's canvas 2d (uCharts' `canvas2d` option). */
  canvas2d: boolean
}

interface SizedCanvas {
  width: number
  height: number
  getContext(kind: '2d'): unknown
}

function weappPixelRatio(): number {
  try {
    const w = (Taro as unknown as { getWindowInfo?: () => { pixelRatio: number } }).getWindowInfo?.()
    return w?.pixelRatio || Taro.getSystemInfoSync().pixelRatio || 2
  } catch {
    return 2
  }
}

/**
 * The surface of the chart canvas `id` once it is laid out, its bitmap sized to box × pixel ratio; null
 * when it is not (yet) on the page or has no size. Call after the render that placed it.
 */
export async function chartSurface(id: string): Promise<ChartSurface | null> {
  if (isWeapp) {
    // The node is there only once the render reached the view layer: ask on the next tick.
    await new Promise<void>((resolve) => Taro.nextTick(resolve))
    const found = await new Promise<{ node?: SizedCanvas; width?: number; height?: number } | null>((resolve) => {
      Taro.createSelectorQuery()
        .select(`#${id}`)
        .fields({ node: true, size: true }, () => undefined)
        .exec((res: unknown[]) => resolve((res?.[0] as { node?: SizedCanvas; width?: number; height?: number }) ?? null))
    })
    const node = found?.node
    if (!node || !found.width || !found.height) return null
    const pixelRatio = weappPixelRatio()
    node.width = Math.round(found.width * pixelRatio)
    node.height = Math.round(found.height * pixelRatio)
    return { context: node.getContext('2d'), width: found.width, height: found.height, pixelRatio, canvas2d: true }
  }
  if (typeof document === 'undefined') return null
  const el = document.getElementById(id)
  const canvas = el instanceof HTMLCanvasElement ? el : el?.querySelector('canvas')
  if (!canvas) return null
  const box = canvas.getBoundingClientRect()
  if (!box.width || !box.height) return null
  const pixelRatio = Math.min(3, window.devicePixelRatio || 1)
  canvas.width = Math.round(box.width * pixelRatio)
  canvas.height = Math.round(box.height * pixelRatio)
  return { context: canvas.getContext('2d'), width: box.width, height: box.height, pixelRatio, canvas2d: false }
}
