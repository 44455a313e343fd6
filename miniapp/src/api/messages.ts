/**
 * The Chinese words for a failed request, from the one error catalogue (shared/contract/errors.ts):
 * pages call `messageFor(error)`, passing their own words only for the codes where a screen truly needs
 * other words (a till says the order id stays the same on a retry).
 */
import type { Audience, ErrorCode } from '@shared/contract/errors'
import { ApiError } from './client'

/**
 * Build-time constant (miniapp/config/routes.ts): the catalogue's wording of each code, [member, staff?].
 * Only the words travel: the catalogue's English messages and statuses are the API's.
 */
declare const ERROR_WORDS: Record<ErrorCode, [string] | [string, string]>
const WORDS: Partial<Record<string, [string] | [string, string]>> = ERROR_WORDS

/**
 * The catalogue's Chinese wording of a code for a member or for staff (staff fall back to the member's
 * words); undefined for a code the catalogue does not know (e.g. from an older or newer server).
 */
export function wording(code: string, audience: Audience = 'member'): string | undefined {
  const w = Object.prototype.hasOwnProperty.call(WORDS, code) ? WORDS[code] : undefined
  return w ? (audience === 'staff' ? (w[1] ?? w[0]) : w[0]) : undefined
}

/** A screen's own wording for some error codes. */
export type MessageOverrides = Partial<Record<ErrorCode, string>>

/**
 * A short Chinese message for anything caught around a request: the screen's override for the code,
 * else the catalogue's wording for the audience (members by default; staff and admin screens pass 'staff').
 * A 403 is "没有权限进行此操作" unless the screen words it; a code the catalogue does not know (an older
 * or newer server) is described by its status.
 *
 * @example messageFor(e) // '会员码已使用，请让会员刷新'
 * @example messageFor(e, { busy: '系统繁忙，请重试（订单号不变）' }, 'staff')
 */
export function messageFor(e: unknown, overrides?: MessageOverrides, audience: Audience = 'member'): string {
  if (!(e instanceof ApiError)) return '出错了，请稍后重试'
  const own = overrides?.[e.code as ErrorCode]
  if (own) return own
  if (e.status === 403) return overrides?.forbidden ?? wording('forbidden', audience)!
  const known = wording(e.code, audience)
  if (known) return known
  return e.status >= 500 ? wording('internal', audience)! : `请求失败（${e.status}）`
}

/** Field errors of a 400/422 keyed by the first segment of their path (e.g. "name", "items"). */
export function fieldErrors(e: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (e instanceof ApiError) {
    for (const f of e.fields) {
      const key = f.path.split('.')[0] ?? f.path
      if (!out[key]) out[key] = f.message
    }
  }
  return out
}
