/** Care settings as the form shows them: jobs, message kinds, outcomes, and the text fields and back. */
import type { RouteResponse } from '@shared/contract/routes'
import { changeLine, rateWarning, type ChangeLine } from '@shared/domain/changes'
import { choicesOf, parseIntText } from '../common'
import { messageTokens } from '../message'

export type SettingsResponse = RouteResponse<'adminGetCareSettings'>
export type Settings = SettingsResponse['settings']
export type Job = keyof Settings['jobs']
export type Kind = keyof Settings['templates']

export const JOBS = choicesOf<Job>({
  birthday: '生日祝福 + 生日礼', pointsExpiring: '积分到期提醒', tier: '等级升降通知',
  couponExpiring: '优惠券到期提醒', winback: '沉睡会员回访', complaint: '投诉处理进度',
})

export const KINDS = choicesOf<Kind>({
  birthday: '生日祝福', pointsExpiring: '积分到期', tier: '等级变动', couponExpiring: '优惠券到期',
  winback: '回访关怀', complaint: '投诉进度', campaign: '会员活动', repurchase: '补货提醒',
})


/** Field names of this form where the catalogue's words are too general. */
export const NAMES = { couponTemplateId: '回访优惠券', templateId: '模板 ID' }

const fieldOrder = (k: string) => Number(/(\d+)$/.exec(k)?.[1] ?? 0)
export const fieldsText = (f: Record<string, string>) =>
  Object.entries(f)
    .sort(([a], [b]) => fieldOrder(a) - fieldOrder(b))
    .map(([k, v]) => `${k}=${v}`)
    .join('\n')

export function parseFields(text: string): Record<string, string> | null {
  const out: Record<string, string> = {}
  for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const i = line.indexOf('=')
    if (i <= 0) return null
    out[line.slice(0, i).trim()] = line.slice(i + 1).trim()
  }
  return out
}

/** The settings' text fields, keyed by what they hold (`tpl-<kind>`, `fields-<kind>` for the templates). */
export function textsOf(s: Settings): Record<string, string> {
  const t: Record<string, string> = {
    pointsDays: String(s.jobs.pointsExpiring.days),
    couponDays: String(s.jobs.couponExpiring.days),
    winbackCoupon: s.jobs.winback.couponTemplateId ?? '',
    quietStart: s.quietHours?.start ?? '',
    quietEnd: s.quietHours?.end ?? '',
    cap: String(s.weeklyCap),
  }
  for (const { value: kind } of KINDS) {
    t[`tpl-${kind}`] = s.templates[kind].templateId
    t[`fields-${kind}`] = fieldsText(Object.fromEntries(Object.entries(s.templates[kind].fields).map(([k, v]) => [k, toDisplayText(v)])))
  }
  return t
}

/** The settings from the jobs as switched and the texts as typed, or what is wrong with them. */
export function settingsOf(s: Settings, text: Record<string, string>): Settings | string {
  const num = (k: string) => parseIntText(text[k] ?? '')
  const templates = { ...s.templates }
  for (const { value: kind, label } of KINDS) {
    const shown = parseFields(text[`fields-${kind}`] ?? '')
    if (!shown) return `${label}：消息内容无法识别，请刷新后重试`
    const fields: Record<string, string> = {}
    for (const [key, value] of Object.entries(shown)) {
      if (/[{}]/.test(value)) return `${label}：请不要输入花括号`
      const api = toApiText(value)
      if ('unknown' in api) return `${label}：不认识的占位 ${api.unknown}，请使用下方列出的占位`
      fields[key] = api.text
    }
    templates[kind] = { ...templates[kind], templateId: (text[`tpl-${kind}`] ?? '').trim(), fields }
  }
  const pointsDays = num('pointsDays')
  if (pointsDays === null) return '积分提前天数须为整数'
  const couponDays = num('couponDays')
  if (couponDays === null) return '优惠券提前天数须为整数'
  const weeklyCap = num('cap')
  if (weeklyCap === null) return '每周上限须为整数'
  const qs = (text.quietStart ?? '').trim()
  const qe = (text.quietEnd ?? '').trim()
  return {
    jobs: {
      ...s.jobs,
      pointsExpiring: { ...s.jobs.pointsExpiring, days: pointsDays },
      couponExpiring: { ...s.jobs.couponExpiring, days: couponDays },
      winback: { ...s.jobs.winback, couponTemplateId: (text.winbackCoupon ?? '').trim() || null },
    },
    quietHours: qs || qe ? { start: qs, end: qe } : null,
    weeklyCap,
    templates,
  }
}

/** What new care settings change against those stored, line by line, with their warnings. */
export function careChanges(before: Settings, after: Settings, couponName: (id: string | null) => string): ChangeLine[] {
  const onOff = (on: boolean) => (on ? '开启' : '关闭')
  const quiet = (q: Settings['quietHours']) => (q ? `${q.start}–${q.end}` : '不设')
  const lines: ChangeLine[] = []
  for (const { value: job, label } of JOBS) {
    lines.push(...changeLine(label, onOff(before.jobs[job].enabled), onOff(after.jobs[job].enabled)))
  }
  lines.push(
    ...changeLine('积分到期提前天数', `${before.jobs.pointsExpiring.days} 天`, `${after.jobs.pointsExpiring.days} 天`),
    ...changeLine('优惠券到期提前天数', `${before.jobs.couponExpiring.days} 天`, `${after.jobs.couponExpiring.days} 天`),
    ...changeLine('回访优惠券', couponName(before.jobs.winback.couponTemplateId), couponName(after.jobs.winback.couponTemplateId)),
    ...changeLine('免打扰时段', quiet(before.quietHours), quiet(after.quietHours)),
    ...changeLine(
      '每位会员每周最多',
      `${before.weeklyCap} 条`,
      `${after.weeklyCap} 条`,
      before.weeklyCap > 0 && after.weeklyCap === 0 ? '每周上限降为 0：此后不再发送关怀消息' : rateWarning('每周上限', before.weeklyCap, after.weeklyCap),
    ),
  )
  for (const { value: kind, label } of KINDS) {
    const b = before.templates[kind]
    const a = after.templates[kind]
    const same = b.templateId === a.templateId && JSON.stringify(b.fields) === JSON.stringify(a.fields)
    if (!same) lines.push({ label: `${label}消息`, before: '原内容', after: '已修改' })
  }
  return lines
}

export { fieldKeyLabel } from '../message'

/** The placeholders a message may use, in the marketers' words, with what the preview shows for them. */
export const PLACEHOLDERS: Record<string, [name: string, sample: string]> = {
  name: ['会员姓名', '王女士'], gift: ['生日礼', '生日蛋糕券'], date: ['日期', '2026年12月01日'], points: ['积分', '120'],
  expiresOn: ['到期日', '2026年12月31日'], tierName: ['等级名称', '金卡会员'], change: ['变动', '升级'], couponName: ['券名', '满300减50券'],
  count: ['张数', '2'], offer: ['回访礼', '满200减30券'], complaintId: ['投诉编号', 'C20261201AB12CD'], state: ['处理状态', '处理中'],
  summary: ['摘要', '门店已联系您'], title: ['活动标题', '会员日'], body: ['活动内容', '全场 9 折'],
  product: ['商品', '乌龙茶'], lastDay: ['上次购买日', '11月20日'], tip: ['提示', '差不多该补货啦'],
}

const tokens = messageTokens(PLACEHOLDERS)

/** The text as the marketer reads it: {name} → 【会员姓名】. */
export const toDisplayText = tokens.toDisplay

/** The text as the API takes it: 【会员姓名】 → {name}, or the first 【…】 it does not know. */
export function toApiText(text: string): { text: string } | { unknown: string } {
  const unknown = tokens.unknownIn(text)
  return unknown ? { unknown } : { text: tokens.toApi(text) }
}

/** A field's text (as the marketer reads it) with each placeholder replaced by its sample: the live preview. */
export const previewText = (text: string) => tokens.preview(text)
