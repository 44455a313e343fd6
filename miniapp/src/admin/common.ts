/** Helpers shared by the admin pages (formatting, error wording). */
import { ApiError } from '../api/client'
import { messageForCode } from '../api/messages'

/** Admin wording for some codes; every other code falls back to the member pages' wording (api/messages.ts). */
const BY_CODE: Record<string, string> = {
  network_error: '网络异常，请稍后重试',
  unauthorized: '登录已失效，请重新登录',
  forbidden: '没有权限进行此操作',
  member_not_found: '未找到该会员',
  brand_not_configured: '品牌尚未配置',
  busy: '系统繁忙，请重试',
  invalid_json: '请求格式错误',
  invalid_input: '输入有误',
  effective_in_past: '生效时间不能早于现在',
  tiers_changed: '等级方案已被他人修改，请刷新后重试',
  unknown_tier: '等级不存在',
  until_in_past: '截止日期不能早于今天',
  insufficient_points: '会员积分不足，无法扣减',
  adjustment_conflict: '该调整已以不同内容提交过，请修改后重试',
  invalid_points: '积分须为正整数',
  family_secondary: '副卡等级随主卡，请设置主卡的等级',
}

/**
 * A short Chinese message for an error caught around a request. Field errors are listed by
 * their Chinese name (from `names`, keyed by a path's last non-numeric segment) with the backend's message.
 */
export function describeError(e: unknown, names: Record<string, string> = {}): string {
  if (e instanceof ApiError) {
    if (e.status === 403) return BY_CODE.forbidden!
    // A known code says it all; otherwise list the fields the backend refused.
    const known = e.code !== 'invalid_input' ? (BY_CODE[e.code] ?? messageForCode(e.code)) : undefined
    if (known) return known
    const base = BY_CODE[e.code] ?? (e.status >= 500 ? '系统繁忙，请稍后重试' : e.status === 0 ? BY_CODE.network_error! : `请求失败（${e.status}）`)
    if (e.fields.length === 0) return base
    const details = e.fields.map((f) => `${fieldLabel(f.path, names)}：${f.message}`)
    return `${base}：${[...new Set(details)].join('；')}`
  }
  return '出错了，请稍后重试'
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
