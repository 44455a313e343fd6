/** Helpers shared by the admin pages (formatting and parsing; error wording is in errors.ts). */

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

/** Choices in the order of a label table, e.g. choicesOf({ day: '每天', week: '每周' }). */
export function choicesOf<T extends string>(labels: Record<T, string>): { value: T; label: string }[] {
  return (Object.keys(labels) as T[]).map((value) => ({ value, label: labels[value] }))
}

/** What became of one subscription message (care jobs and campaigns). */
export const SEND_OUTCOME: Record<string, string> = {
  sent: '已发送', no_consent: '未订阅', opted_out: '会员已关闭', quiet_hours: '免打扰时段',
  capped: '超出每周上限', duplicate: '重复', wechat_error: '微信发送失败',
}

/**
 * Who did something, as a marketer reads it: the demo data and the scheduled jobs are 系统, a person
 * 管理员 (openids are never shown; admins have no names of their own yet).
 */
export function actorName(actor: string | null | undefined): string {
  if (!actor || /^(seed|system|job|cron|import)(\b|[:#_-])?/i.test(actor)) return '系统'
  return '管理员'
}
