import { useCallback, useEffect, useRef, useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import type { RouteName, RouteParams, RouteResponse } from '@shared/contract/routes'
import { request, type RouteQuery } from '../api/client'

export interface ResourceOptions<N extends RouteName> {
  params?: RouteParams<N>
  query?: RouteQuery<N>
  /** Do not load (yet): e.g. while a parameter is still unknown. */
  skip?: boolean
  /** Load again whenever the page shows again (back from another page). Default true. */
  reloadOnShow?: boolean
}

export interface Resource<T> {
  /** The last answer; kept while a reload runs (so the page does not blink), dropped when params or query change. */
  data: T | null
  /** The last failure (an ApiError or anything thrown), null once a load succeeds. Show it, e.g. <ErrorNote error={error} />. */
  error: unknown
  loading: boolean
  /** Loads again; resolves with the answer, or null when it failed or was overtaken by a newer load. */
  reload: () => Promise<T | null>
  /** Replaces the data, e.g. with the answer of a change the page just made. */
  setData: (data: T | null) => void
}

/**
 * Loads one route of the contract and keeps its answer, error and loading state. The route name, path
 * parameters and query are typed from the route table; an answer to an older load (another query, an
 * earlier reload) is dropped. It loads when the params or query change and, unless `reloadOnShow` is
 * false, again each time the page shows again.
 *
 * @example
 * const coupons = useResource('myCoupons', { query: { state } })
 * if (coupons.loading && !coupons.data) return <Loading />
 * return <><ErrorNote error={coupons.error} />{coupons.data?.coupons.map(...)}</>
 */
export function useResource<N extends RouteName>(name: N, opts: ResourceOptions<N> = {}): Resource<RouteResponse<N>> {
  const [data, setData] = useState<RouteResponse<N> | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [loading, setLoading] = useState(!opts.skip)
  const seq = useRef(0)
  const key = JSON.stringify([name, opts.params ?? null, opts.query ?? null])
  const latest = useRef({ name, opts })
  latest.current = { name, opts }

  const reload = useCallback(async (): Promise<RouteResponse<N> | null> => {
    const { name: n, opts: o } = latest.current
    if (o.skip) return null
    const mine = ++seq.current
    setLoading(true)
    try {
      const res = (await request(n, { params: o.params, query: o.query } as Parameters<typeof request<N>>[1])) as RouteResponse<N>
      if (mine !== seq.current) return null
      setData(res)
      setError(null)
      return res
    } catch (e) {
      if (mine === seq.current) setError(e)
      return null
    } finally {
      if (mine === seq.current) setLoading(false)
    }
  }, [])

  // First load, and a new load whenever what is asked for changes (the old answer is not shown for the new question).
  const asked = useRef(key)
  useEffect(() => {
    if (asked.current !== key) {
      asked.current = key
      setData(null)
      setError(null)
    }
    if (opts.skip) {
      seq.current++
      setLoading(false)
      return
    }
    void reload()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, opts.skip, reload])

  // Taro also fires useDidShow on the first show: only later shows reload.
  const shown = useRef(false)
  useDidShow(() => {
    if (!shown.current) {
      shown.current = true
      return
    }
    if (latest.current.opts.reloadOnShow !== false) void reload()
  })

  return { data, error, loading, reload, setData }
}
