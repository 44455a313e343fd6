/** The earning-rules form: its fields as text, filled from a version, and the rules it describes. */
import type { EarningRulesInput, EarningRulesVersion } from '@shared/contract/program'
import type { BirthdayRule, ExpiryPolicy, Rounding } from '@shared/domain/rules'
import { parseYuan } from '@shared/domain/money'
import { choicesOf, parseIntText, parseNumberText, splitList, yuanText } from '../common'

export type EventKey = keyof EarningRulesInput['events']

export const EVENTS: { key: EventKey; label: string }[] = [
  { key: 'registration', label: '注册有礼' },
  { key: 'firstPurchase', label: '首次消费' },
  { key: 'profileCompleted', label: '完善资料' },
  { key: 'productScan', label: '扫码积分' },
  { key: 'checkIn', label: '每日签到' },
]

export const ROUNDINGS = choicesOf<Rounding>({ floor: '向下取整', round: '四舍五入', ceil: '向上取整' })

export const BIRTHDAY_MODES = choicesOf<BirthdayRule['mode']>({ none: '无', bonus: '生日积分', multiplier: '生日月倍数' })

export const EXPIRY = choicesOf<ExpiryPolicy['policy']>({ never: '永久有效', days: '获得后若干天', yearEnd: '次年年底' })

export const PERIOD: Record<string, string> = { day: '天', week: '周', month: '月' }


/** When a new version starts: at once, or at 00:00 Beijing time of a chosen day. */
export const STARTS = choicesOf<'now' | 'date'>({ now: '立即生效', date: '指定日期' })

export interface Form {
  /** 立即生效 or from a day (YYYY-MM-DD, 00:00 Beijing time). */
  start: 'now' | 'date'
  startDate: string
  ppy: string
  rounding: Rounding
  minOrder: string
  excludedCategories: string
  cap: string
  birthdayMode: BirthdayRule['mode']
  birthdayPoints: string
  birthdayMultiplier: string
  holdingDays: string
  expiryPolicy: ExpiryPolicy['policy']
  expiryDays: string
  events: Record<EventKey, string>
}

export function formOf(v: EarningRulesVersion): Form {
  return {
    start: 'now',
    startDate: '',
    ppy: String(v.spend.pointsPerYuan),
    rounding: v.spend.rounding,
    minOrder: yuanText(v.spend.minOrderFen),
    excludedCategories: v.spend.excludedCategories.join(', '),
    cap: v.spend.capPerOrder === null ? '' : String(v.spend.capPerOrder),
    birthdayMode: v.birthday.mode,
    birthdayPoints: v.birthday.mode === 'bonus' ? String(v.birthday.points) : '',
    birthdayMultiplier: v.birthday.mode === 'multiplier' ? String(v.birthday.multiplier) : '',
    holdingDays: String(v.holdingDays),
    expiryPolicy: v.expiry.policy,
    expiryDays: v.expiry.policy === 'days' ? String(v.expiry.days) : '',
    events: {
      registration: String(v.events.registration.points),
      firstPurchase: String(v.events.firstPurchase.points),
      profileCompleted: String(v.events.profileCompleted.points),
      productScan: String(v.events.productScan.points),
      checkIn: String(v.events.checkIn?.points ?? 0),
    },
  }
}

/**
 * The rules the form describes, on top of the loaded version (fields the form does not show are
 * kept). An invalid field keeps the loaded value in `rules` (so the preview still works) and is
 * listed in `errors`.
 */
export function rulesOf(form: Form, base: EarningRulesVersion): { rules: EarningRulesInput; errors: string[] } {
  const errors: string[] = []
  const ppy = parseNumberText(form.ppy)
  if (ppy === null || ppy > 100 || Math.round(ppy * 100) !== ppy * 100) errors.push('每元积分须为 0–100 的数字（最多两位小数）')
  const minOrderFen = parseYuan(form.minOrder)
  if (minOrderFen === null) errors.push('最低消费金额格式不正确')
  let cap: number | null = null
  if (form.cap.trim()) {
    cap = parseIntText(form.cap)
    if (cap === null || cap < 1) errors.push('单笔上限须为正整数，留空表示无上限')
  }

  let birthday: BirthdayRule = { mode: 'none' }
  if (form.birthdayMode === 'bonus') {
    const points = parseIntText(form.birthdayPoints)
    if (points === null || points < 1 || points > 100_000) errors.push('生日积分须为 1–100000 的整数')
    birthday = { mode: 'bonus', points: points ?? (base.birthday.mode === 'bonus' ? base.birthday.points : 1) }
  } else if (form.birthdayMode === 'multiplier') {
    const multiplier = parseNumberText(form.birthdayMultiplier)
    if (multiplier === null || multiplier < 0.1 || multiplier > 10) errors.push('生日月倍数须在 0.1–10 之间')
    birthday = { mode: 'multiplier', multiplier: multiplier ?? (base.birthday.mode === 'multiplier' ? base.birthday.multiplier : 1) }
  }

  const holdingDays = parseIntText(form.holdingDays)
  if (holdingDays === null || holdingDays > 90) errors.push('冻结天数须为 0–90 的整数')

  let expiry: ExpiryPolicy = { policy: form.expiryPolicy } as ExpiryPolicy
  if (form.expiryPolicy === 'days') {
    const days = parseIntText(form.expiryDays)
    if (days === null || days < 1 || days > 3650) errors.push('有效天数须为 1–3650 的整数')
    expiry = { policy: 'days', days: days ?? 365 }
  }

  const events = { ...base.events }
  for (const { key, label } of EVENTS) {
    const points = parseIntText(form.events[key])
    if (points === null || points > 100_000) errors.push(`${label}积分须为 0–100000 的整数`)
    else events[key] = { limit: base.events[key]?.limit ?? null, points }
  }

  const excludedCategories = splitList(form.excludedCategories)
  if (excludedCategories.some((c) => c.length > 64)) errors.push('品类名称过长')

  return {
    rules: {
      spend: {
        ...base.spend,
        pointsPerYuan: ppy !== null && ppy <= 100 ? ppy : base.spend.pointsPerYuan,
        rounding: form.rounding,
        minOrderFen: minOrderFen ?? base.spend.minOrderFen,
        excludedCategories,
        capPerOrder: form.cap.trim() ? (cap !== null && cap >= 1 ? cap : base.spend.capPerOrder) : null,
      },
      events,
      birthday,
      holdingDays: holdingDays !== null && holdingDays <= 90 ? holdingDays : base.holdingDays,
      expiry,
    },
    errors,
  }
}

export function expiryText(e: ExpiryPolicy): string {
  if (e.policy === 'never') return '永久有效'
  if (e.policy === 'yearEnd') return '次年年底到期'
  return `获得后 ${e.days} 天到期`
}

/**
 * The instant a new version starts (undefined = at once), or what is wrong with the chosen day (at the
 * effectiveFrom field): a calendar date, today at the earliest.
 * @example effectiveFromOf({ start: 'date', startDate: '2026-12-05' }, '2026-12-01') // { at: '2026-12-04T16:00:00.000Z' }
 */
export function effectiveFromOf(form: Pick<Form, 'start' | 'startDate'>, today: string): { at?: string } | { issue: string } {
  if (form.start === 'now') return {}
  const d = form.startDate.trim()
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d)
  const t = new Date(`${d}T00:00:00Z`).getTime()
  const real = !!m && !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d
  if (!real) return { issue: '日期无效，请按“年-月-日”填写，如 2026-12-01' }
  if (d < today) return { issue: '生效日期不能早于今天' }
  // Today means at once (00:00 has passed); a later day from its 00:00 Beijing time.
  return d === today ? {} : { at: new Date(`${d}T00:00:00+08:00`).toISOString() }
}
