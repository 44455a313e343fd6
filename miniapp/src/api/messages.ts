/**
 * The Chinese words for a failed request, from the one error catalogue (shared/contract/errors.ts):
 * pages call `messageFor(error)`, passing their own words only for the codes where a screen truly needs
 * other words (a till says the order id stays the same on a retry).
 */
import type { Audience, ErrorCode } from '@shared/contract/errors'
import { issueWording } from '@shared/contract/issues'
import { ApiError, type FieldError } from './client'

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

/** Whether a refusal's field messages are about the input's form (zod's or the contract's), not a use case's. */
function isInputRefusal(e: ApiError): boolean {
  return e.code === 'invalid_input' || e.code === 'invalid_json'
}

/**
 * The Chinese words for one refused field: for refused input (400 invalid_input) the field message in
 * Chinese (shared/contract/issues.ts: never the API's English), for any other code the catalogue's wording
 * of the code (the use case's detail is the API's, for developers).
 */
export function fieldWording(e: ApiError, f: FieldError, audience: Audience = 'member'): string {
  if (isInputRefusal(e)) return issueWording(f.message)
  return wording(e.code, audience) ?? issueWording(f.message)
}

/**
 * The Chinese message for one input field of a failed request (its path, e.g. "name", or a list
 * "items", which covers "items.0.sku"), or undefined when that field was not refused.
 * @example fieldMessage(e, 'filter.registeredFrom') // '日期无效，请按“年-月-日”填写，如 2026-12-01'
 */
export function fieldMessage(e: unknown, path: string, audience: Audience = 'member'): string | undefined {
  if (!(e instanceof ApiError)) return undefined
  const f = e.fields.find((x) => x.path === path || x.path.startsWith(`${path}.`))
  return f ? fieldWording(e, f, audience) : undefined
}

/** Field errors of a 400/422 in Chinese, keyed by the first segment of their path (e.g. "name", "items"). */
export function fieldErrors(e: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (e instanceof ApiError) {
    for (const f of e.fields) {
      const key = f.path.split('.')[0] ?? f.path
      if (!out[key]) out[key] = fieldWording(e, f)
    }
  }
  return out
}
