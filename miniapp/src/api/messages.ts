/**
 * The Chinese words for a failed request, from the one error catalogue (shared/contract/errors.ts):
 * pages call `messageFor(error)`, passing their own words only for the codes where a screen truly needs
 * other words (a till says the order id stays the same on a retry).
 */
import { errorWording, fieldLabel, type Audience, type ErrorCode } from '@shared/contract/errors'
import { ApiError } from './client'

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
  if (e.status === 403) return overrides?.forbidden ?? errorWording('forbidden', audience)!
  const known = errorWording(e.code, audience)
  if (known) return known
  return e.status >= 500 ? errorWording('internal', audience)! : `请求失败（${e.status}）`
}

/**
 * For a form: when the request's input was refused (400, or a 422 the catalogue does not word), the failing
 * fields by their Chinese names, "请检查：会员码、数量"; otherwise `messageFor`. `labels` are the screen's own
 * names for fields that mean something else there (a return's amountFen is 退款金额).
 *
 * @example formMessage(e, { labels: { amountFen: '退款金额' }, audience: 'staff' })
 */
export function formMessage(
  e: unknown,
  opts: { labels?: Readonly<Record<string, string>>; overrides?: MessageOverrides; audience?: Audience } = {},
): string {
  if (e instanceof ApiError && !opts.overrides?.[e.code as ErrorCode] && e.status !== 403) {
    const unworded = e.code === 'invalid_input' || e.code === 'invalid_json' || !errorWording(e.code)
    if (unworded && (e.status === 400 || e.status === 422)) {
      const names = [...new Set(e.fields.map((f) => fieldLabel(f.path, opts.labels)))]
      return names.length ? `请检查：${names.join('、')}` : errorWording('invalid_input')!
    }
  }
  return messageFor(e, opts.overrides, opts.audience)
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
