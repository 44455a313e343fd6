/** Wording of a refused form: the failing fields by their Chinese names (staff and admin screens). */
import { fieldLabel } from '@shared/contract/errors'
import { ApiError } from './client'
import type { Audience, ErrorCode } from '@shared/contract/errors'
import { messageFor, wording, type MessageOverrides } from './messages'

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
    const unworded = e.code === 'invalid_input' || e.code === 'invalid_json' || !wording(e.code)
    if (unworded && (e.status === 400 || e.status === 422)) {
      const names = [...new Set(e.fields.map((f) => fieldLabel(f.path, opts.labels)))]
      return names.length ? `请检查：${names.join('、')}` : wording('invalid_input')!
    }
  }
  return messageFor(e, opts.overrides, opts.audience)
}

