/** The campaign form (fields as text, the request body it makes) and the campaign wording. */
import type { RouteBody, RouteResponse } from '@shared/contract/routes'
import { wording } from '../../api/messages'
import { isQuietAt, type QuietHours } from '@shared/domain/care'
import { choicesOf, formatTime } from '../common'

export type Campaign = RouteResponse<'adminListCampaigns'>['campaigns'][number]
export type Results = RouteResponse<'adminCampaignResults'>
export type Body = RouteBody<'adminCreateCampaign'>
export type Every = 'day' | 'week' | 'month'

export const STATE_TEXT: Record<Campaign['state'], string> = {
  draft: '草稿',
  pending_approval: '待审批',
  approved: '已批准',
  running: '执行中',
  done: '已完成',
  rejected: '已驳回',
  cancelled: '已取消',
}
export const EVERY = choicesOf<Every>({ day: '每天', week: '每周', month: '每月' })
/** Field names of this form where the catalogue's words are too general. */
export const FIELD_NAMES = { name: '活动名称' }
const DATE = /^\d{4}-\d{2}-\d{2}$/
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/
/** Shanghai wall time as text, from an instant. */
const local = (ms: number) => new Date(ms + 8 * 3600_000).toISOString()

export interface Form {
  name: string
  segmentId: string
  templateId: string
  fields: { key: string; value: string }[]
  couponTemplateId: string
  kind: 'once' | 'recurring'
  onceDate: string
  onceTime: string
  every: Every
  at: string
  from: string
  until: string
}

/**
 * The first send time a new campaign proposes: an hour from now on the next 10 minutes, moved on by half
 * hours until it is outside the quiet hours, so the first submit is accepted as it stands.
 */
export function firstSendTime(now: number, quiet: QuietHours | null): number {
  const step = 10 * 60_000
  let t = Math.ceil((now + 3600_000) / step) * step
  for (let i = 0; i < 48 && isQuietAt(new Date(t), quiet); i++) t += 30 * 60_000
  return t
}

/** A daily time outside the quiet hours: 10:00, else the end of the quiet hours. */
function dailyTime(quiet: QuietHours | null): string {
  const ten = Date.parse('2026-01-01T02:00:00.000Z') // 10:00 Beijing time
  return isQuietAt(new Date(ten), quiet) && quiet ? quiet.end : '10:00'
}

export function emptyForm(quiet: QuietHours | null = null): Form {
  const soon = local(firstSendTime(Date.now(), quiet))
  return {
    name: '',
    segmentId: '',
    templateId: 'tmpl-campaign',
    fields: [
      { key: 'thing1', value: '{name}，会员专享活动' },
      { key: 'thing2', value: '送您{coupon}' },
      { key: '', value: '' },
    ],
    couponTemplateId: '',
    kind: 'once',
    onceDate: soon.slice(0, 10),
    onceTime: soon.slice(11, 16),
    every: 'week',
    at: dailyTime(quiet),
    from: local(Date.now() + 86_400_000).slice(0, 10),
    until: '',
  }
}

export function toBody(f: Form): { body: Body } | { error: string } {
  const name = f.name.trim()
  if (!name) return { error: '请填写活动名称' }
  if (!f.segmentId) return { error: '请选择人群' }
  if (!f.templateId) return { error: '请选择消息模板' }
  const fields: Record<string, string> = {}
  for (const r of f.fields) {
    const key = r.key.trim()
    const value = r.value.trim()
    if (!key && !value) continue
    if (!/^[a-z_]+\d+$/.test(key)) return { error: `字段名 ${key || '（空）'} 须为微信模板的字段，如 thing1` }
    if (!value) return { error: `请填写字段 ${key} 的内容` }
    fields[key] = value
  }
  if (Object.keys(fields).length === 0) return { error: '请至少填写一个消息字段' }
  let schedule: Body['schedule']
  if (f.kind === 'once') {
    if (!DATE.test(f.onceDate) || !TIME.test(f.onceTime)) return { error: '请按 YYYY-MM-DD 和 HH:mm 填写发送时间' }
    schedule = { once: { at: new Date(`${f.onceDate}T${f.onceTime}:00.000+08:00`).toISOString() } }
  } else {
    if (!TIME.test(f.at)) return { error: '请按 HH:mm 填写发送时刻' }
    if (!DATE.test(f.from)) return { error: '请按 YYYY-MM-DD 填写开始日期' }
    if (f.until && !DATE.test(f.until)) return { error: '请按 YYYY-MM-DD 填写结束日期，或留空' }
    schedule = { recurring: { every: f.every, at: f.at, from: f.from, ...(f.until ? { until: f.until } : {}) } }
  }
  return {
    body: {
      name,
      segmentId: f.segmentId,
      template: { templateId: f.templateId, fields },
      ...(f.couponTemplateId ? { couponTemplateId: f.couponTemplateId } : {}),
      schedule,
    },
  }
}

export function scheduleText(c: Campaign): string {
  const s = c.definition.schedule
  if ('once' in s) return `单次 ${formatTime(s.once.at)}`
  const r = s.recurring
  return `${EVERY.find((e) => e.value === r.every)?.label ?? r.every} ${r.at}，${r.from} 起${r.until ? ` 至 ${r.until}` : ''}`
}

/** This screen's own words for a refused new campaign (the catalogue's staff wording covers the rest). */
export const CREATE_WORDS = { template_not_found: '优惠券不存在，请重新选择' }

/**
 * A refused move is worded by its code even when it is a 403 (same_approver), which messageFor would
 * otherwise word as a missing permission.
 */
export const ACTION_WORDS = { same_approver: wording('same_approver', 'staff') }
