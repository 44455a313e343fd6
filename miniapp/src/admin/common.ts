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
  holdout: '对照组（未发送）',
}

/**
 * Who did something, as a marketer reads it: the demo data and the scheduled jobs are 系统, a clerk 店员（门店）, the signed-in
 * admin 我 (`me`, from signedInId), anyone else 管理员 (openids are never shown; admins have no names of their own yet).
 */
export function actorName(actor: string | null | undefined, me?: string | null): string {
  if (!actor || /^(seed|system|job|cron|import)(\b|[:#_-])?/i.test(actor)) return '系统'
  const clerk = /@([^@]+)$/.exec(actor)
  if (clerk) return clerk[1] === '-' ? '店员' : `店员（${clerk[1]}）`
  return me && actor === me ? '我' : '管理员'
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** The ASCII text of base64url (the session token's payload; no atob on every WeChat base library). */
function base64urlText(s: string): string {
  const clean = s.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '')
  let bits = 0
  let value = 0
  let out = ''
  for (const ch of clean) {
    const v = B64.indexOf(ch)
    if (v < 0) return ''
    value = (value << 6) | v
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out += String.fromCharCode((value >> bits) & 0xff)
    }
  }
  return out
}

/**
 * The signed-in person's own id (the session token's subject), to tell her own records from others' (the
 * creator of a campaign may not approve it); null when there is no readable token. Never shown.
 */
export function signedInId(token: string | null | undefined): string | null {
  const payload = token?.split('.')[1]
  if (!payload) return null
  try {
    const sub = (JSON.parse(base64urlText(payload)) as { sub?: unknown }).sub
    return typeof sub === 'string' ? sub : null
  } catch {
    return null
  }
}
