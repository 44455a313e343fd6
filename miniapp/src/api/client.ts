/**
 * A small typed client over the shared route table: the method, path and types of every call come
 * from shared/contract/routes, the same table the handlers are built from. The types are imported;
 * the method and path of each route come from ROUTE_TABLE, which the build reads from the same table
 * (miniapp/config/routes.ts), so the zod schemas stay out of the mini-program's bundle.
 */
import Taro from '@tarojs/taro'
import type { z } from 'zod'
import type { routes, RouteBody, RouteName, RouteParams, RouteResponse } from '@shared/contract/routes'
import { apiBase } from '../platform'
import { clearSession, currentUrl, getSession, rememberReturnTo } from '../session'

export interface FieldError {
  path: string
  message: string
  /** The bound the field broke, when the rule has one (e.g. the most that can still be refunded). */
  limit?: number
}

/** A non-2xx answer, from the backend's error body {error:{code,message,fields?}}. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly fields: FieldError[]

  constructor(status: number, code: string, message: string, fields: FieldError[] = []) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.fields = fields
  }

  /** The message for one input field (by its path, e.g. "name" or "items.0.sku"), if any. */
  field(path: string): string | undefined {
    return this.fields.find((f) => f.path === path || f.path.startsWith(`${path}.`))?.message
  }
}

/** The query a route takes, typed from its zod query schema (`never` for a route without one). */
export type RouteQuery<N extends RouteName> = (typeof routes)[N] extends { query: z.ZodType }
  ? Partial<Record<keyof z.input<(typeof routes)[N]['query']>, string | number | boolean | undefined>> & z.input<(typeof routes)[N]['query']>
  : never

type QueryValues = Record<string, unknown>

export interface RequestOptions<N extends RouteName> {
  body?: RouteBody<N>
  query?: RouteQuery<N>
  /** Path parameters, e.g. {memberId} in /admin/members/{memberId}. */
  params?: RouteParams<N>
}

function fillPath(path: string, params: Record<string, string> | undefined): string {
  return path.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(params?.[k] ?? ''))
}

export const HOME_URL = '/pages/index/index'

function toApiError(status: number, data: unknown): ApiError {
  const e = (data as { error?: { code?: unknown; message?: unknown; fields?: unknown } } | null)?.error
  const code = typeof e?.code === 'string' ? e.code : `http_${status}`
  const message = typeof e?.message === 'string' ? e.message : `请求失败 (${status})`
  const fields = Array.isArray(e?.fields)
    ? (e!.fields as unknown[]).filter(
        (f): f is FieldError => !!f && typeof (f as FieldError).path === 'string' && typeof (f as FieldError).message === 'string',
      )
    : []
  return new ApiError(status, code, message, fields)
}

function queryString(query: QueryValues | undefined): string {
  if (!query) return ''
  const parts = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
  return parts.length ? `?${parts.join('&')}` : ''
}

/** Build-time constant (miniapp/config/routes.ts): each route's method, path and whether it takes no token. */
declare const ROUTE_TABLE: Record<RouteName, { method: string; path: string; public: boolean }>

/** The server's Retry-After, in milliseconds, at most 3 s (1 s when absent). */
function retryAfterMs(header: TaroGeneral.IAnyObject | undefined): number {
  const raw = header?.['Retry-After'] ?? header?.['retry-after']
  const seconds = Number(raw)
  return Math.min(3, Number.isFinite(seconds) && seconds > 0 ? seconds : 1) * 1000
}

export async function request<N extends RouteName>(name: N, opts: RequestOptions<N> = {}): Promise<RouteResponse<N>> {
  const spec = ROUTE_TABLE[name]
  const session = getSession()
  const header: Record<string, string> = { 'Content-Type': 'application/json' }
  if (!spec.public && session) header.Authorization = `Bearer ${session.token}`

  let res: Taro.request.SuccessCallbackResult<TaroGeneral.IAnyObject | string>
  // A read answered 503 (the database or WeChat busy a moment, issue 20) is tried once more after the
  // server's Retry-After (at most 3 s), calmly: the page only shows the catalogue's words if that fails too.
  // Writes are not repeated here: their pages retry with the same idempotency key when the person taps again.
  for (let attempt = 0; ; attempt++) {
    try {
      res = await Taro.request<TaroGeneral.IAnyObject | string>({
        url: `${apiBase()}${fillPath(spec.path, opts.params as Record<string, string> | undefined)}${queryString(opts.query as QueryValues | undefined)}`,
        method: spec.method as keyof Taro.request.Method,
        data: spec.method === 'GET' ? undefined : (opts.body ?? {}),
        header,
        dataType: 'json',
      })
    } catch {
      throw new ApiError(0, 'network_error', '网络异常，请稍后重试')
    }
    if (res.statusCode !== 503 || spec.method !== 'GET' || attempt > 0) break
    await new Promise((r) => setTimeout(r, retryAfterMs(res.header)))
  }

  if (res.statusCode >= 200 && res.statusCode < 300) return res.data as RouteResponse<N>

  const err = toApiError(res.statusCode, res.data)
  if (res.statusCode === 401 && !spec.public) {
    // The session is gone or expired (or a deep link was opened signed out): sign in again from the home
    // page, which says why and comes back here afterwards.
    clearSession()
    const here = currentUrl()
    if (here.split('?')[0] !== HOME_URL) rememberReturnTo(here)
    Taro.reLaunch({ url: HOME_URL }).catch(() => undefined)
  }
  throw err
}

