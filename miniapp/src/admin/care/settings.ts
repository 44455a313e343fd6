/** Care settings as the form shows them: jobs, message kinds, outcomes, and the text fields and back. */
import type { RouteResponse } from '@shared/contract/routes'
import { parseIntText } from '../common'

export type SettingsResponse = RouteResponse<'adminGetCareSettings'>
export type Settings = SettingsResponse['settings']
export type Job = keyof Settings['jobs']
export type Kind = keyof Settings['templates']

export const JOBS: { job: Job; label: string }[] = [
  { job: 'birthday', label: '生日祝福 + 生日礼' },
  { job: 'pointsExpiring', label: '积分到期提醒' },
  { job: 'tier', label: '等级升降通知' },
  { job: 'couponExpiring', label: '优惠券到期提醒' },
  { job: 'winback', label: '沉睡会员回访' },
  { job: 'complaint', label: '投诉处理进度' },
]

export const KINDS: { kind: Kind; label: string }[] = [
  { kind: 'birthday', label: '生日祝福' },
  { kind: 'pointsExpiring', label: '积分到期' },
  { kind: 'tier', label: '等级变动' },
  { kind: 'couponExpiring', label: '优惠券到期' },
  { kind: 'winback', label: '回访关怀' },
  { kind: 'complaint', label: '投诉进度' },
  { kind: 'campaign', label: '会员活动' },
]

export const OUTCOME: Record<string, string> = {
  sent: '已发送',
  no_consent: '未订阅',
  opted_out: '会员已关闭',
  quiet_hours: '免打扰时段',
  capped: '超出每周上限',
  duplicate: '重复',
  wechat_error: '微信返回错误',
}

export const NAMES: Record<string, string> = {
  days: '提前天数',
  couponTemplateId: '回访优惠券',
  start: '免打扰开始',
  end: '免打扰结束',
  weeklyCap: '每周上限',
  templateId: '模板 ID',
  fields: '模板字段',
  title: '模板名称',
}

const fieldOrder = (k: string) => Number(/(\d+)$/.exec(k)?.[1] ?? 0)
const fieldsText = (f: Record<string, string>) =>
  Object.entries(f)
    .sort(([a], [b]) => fieldOrder(a) - fieldOrder(b))
    .map(([k, v]) => `${k}=${v}`)
    .join('\n')

function parseFields(text: string): Record<string, string> | null {
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
  for (const { kind } of KINDS) {
    t[`tpl-${kind}`] = s.templates[kind].templateId
    t[`fields-${kind}`] = fieldsText(s.templates[kind].fields)
  }
  return t
}

/** The settings from the jobs as switched and the texts as typed, or what is wrong with them. */
export function settingsOf(s: Settings, text: Record<string, string>): Settings | string {
  const num = (k: string) => parseIntText(text[k] ?? '')
  const templates = { ...s.templates }
  for (const { kind, label } of KINDS) {
    const fields = parseFields(text[`fields-${kind}`] ?? '')
    if (!fields) return `${label}的模板字段格式应为 每行 key=内容`
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
