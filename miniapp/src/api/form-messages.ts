/** Wording of a refused form: the failing fields by their Chinese names (staff and admin screens). */
import { fieldLabel } from '@shared/contract/errors'
import { ApiError } from './client'
import type { Audience, ErrorCode } from '@shared/contract/errors'
import { fieldWording, messageFor, wording, type MessageOverrides } from './messages'

/**
 * For a form: when the request's input was refused (400, or a 422 the catalogue does not word), each failing
 * field by its Chinese name with what is wrong, in Chinese ("第 2 个手机号：请输入 11 位手机号"; never the
 * API's English or a raw path); otherwise `messageFor`. `labels` are the screen's own
 * names for fields that mean something else there (a return's amountFen is 退款金额).
 *
 * @example formMessage(e, { labels: { amountFen: '退款金额' }, audience: 'staff' })
 */
export function formMessage(
  e: unknown,
  opts: { labels?: Readonly<Record<string, string>>; overrides?: MessageOverrides; audience?: Audience } = {},
): string {
  if (e instanceof ApiError && !opts.overrides?.[e.code as ErrorCode] && e.status !== 403) {
    const unworded = e.code === 'invalid_input' || e.code === 'invalid_json' || !wording(e.code)
    if (unworded && (e.status === 400 || e.status === 422)) {
      const lines = [...new Set(e.fields.map((f) => `${fieldLabel(f.path, opts.labels)}：${fieldWording(e, f, opts.audience)}`))]
      return lines.length ? lines.join('；') : wording('invalid_input')!
    }
  }
  return messageFor(e, opts.overrides, opts.audience)
}

