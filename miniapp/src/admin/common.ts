/** Helpers shared by the admin pages (formatting, error wording). */
import { errorWording } from '@shared/contract/errors'
import { ApiError } from '../api/client'
import { messageFor } from '../api/messages'

/**
 * A short Chinese message for an error caught around a request, in the catalogue's staff wording. When
 * the input was refused without a worded code, the refused fields are listed by their Chinese name
 * (from `names`, keyed by a path's last non-numeric segment) with the backend's message.
 */
export function describeError(e: unknown, names: Record<string, string> = {}): string {
  const base = messageFor(e, undefined, 'staff')
  if (!(e instanceof ApiError) || e.status === 403 || e.fields.length === 0) return base
  if (e.code !== 'invalid_input' && errorWording(e.code)) return base
  const details = e.fields.map((f) => `${fieldLabel(f.path, names)}：${f.message}`)
  return `${base}：${[...new Set(details)].join('；')}`
}

export function fieldLabel(path: string, names: Record<string, string>): string {
  if (names[path]) return names[path]!
  const parts = path.split('.')
  for (let i = parts.length - 1; i >= 0; i--) {
    const key = parts.slice(0, i + 1).join('.')
    if (names[key]) return names[key]!
  }
  const last = parts.filter((p) => !/^\d+$/.test(p)).pop() ?? path
  return names[last] ?? path
}

/** "399.00" from 39900 fen (no currency sign), for inputs. */
export function yuanText(fen: number): string {
  const abs = Math.abs(fen)
  return `${fen < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

export { formatDate, formatTime, signed } from '../utils/format'

/** Splits "a, b，c、d" into trimmed, non-empty, unique parts. */
export function splitList(text: string): string[] {
  return [...new Set(text.split(/[,，、;；\n]+/).map((s) => s.trim()).filter(Boolean))]
}

/** A whole number from text (optionally signed), or null. */
export function parseIntText(text: string, allowSign = false): number | null {
  const t = text.trim()
  if (!(allowSign ? /^[+-]?\d{1,9}$/ : /^\d{1,9}$/).test(t)) return null
  return Number(t)
}

/** A decimal number from text, or null. */
export function parseNumberText(text: string): number | null {
  const t = text.trim()
  if (!/^\d{1,7}(\.\d{1,3})?$/.test(t)) return null
  return Number(t)
}
