/** The campaign form (message fields with 【姓名】 tokens, the request body it makes, its confirmation) and the campaign wording. */
import type { RouteBody, RouteResponse } from '@shared/contract/routes'
import { isQuietAt, type QuietHours } from '@shared/domain/care'
import { DEFAULT_WINDOW_DAYS, HOLDOUT_MAX_PERCENT, WINDOW_DAYS_MAX, WINDOW_DAYS_MIN, type CampaignPlaceholder } from '@shared/domain/campaigns'
import type { ChangeLine } from '@shared/domain/changes'
import { choicesOf, formatTime } from '../common'
import { messageTokens } from '../message'

/** A form's own check that failed at one field (as admin/errors' FieldIssue; this module stays free of Taro). */
export interface FieldIssue {
  path: string
  message: string
}

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
export const FIELD_NAMES = { name: '活动名称', segmentId: '目标人群', template: '消息内容', couponTemplateId: '优惠券', schedule: '发送时间', holdoutPercent: '对照组比例', windowDays: '观察天数' }
const DATE = /^\d{4}-\d{2}-\d{2}$/
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/
/** Shanghai wall time as text, from an instant. */
const local = (ms: number) => new Date(ms + 8 * 3600_000).toISOString()

/**
 * What a campaign message can say about the member, in the marketer's words: typed or inserted as 【姓名】,
 * sent to the API as {name}; `sample` is what the live preview shows for it.
 */
export const TOKENS: { key: CampaignPlaceholder; word: string; sample: string }[] = [
  { key: 'name', word: '姓名', sample: '王女士' },
  { key: 'tier', word: '等级', sample: '金卡会员' },
  { key: 'coupon', word: '券名', sample: '满300减50券' },
  { key: 'date', word: '日期', sample: '2026年12月01日' },
]
/** 【姓名】 for name: the token a marketer sees in the input. */
export const tokenOf = (t: { word: string }) => `【${t.word}】`

const tokens = messageTokens(Object.fromEntries(TOKENS.map((t) => [t.key, [t.word, t.sample] as const])) as Record<CampaignPlaceholder, readonly [string, string]>)

/** The text as the API takes it: 【姓名】 → {name} (an unknown 【…】 stays as typed). */
export const toApiText = tokens.toApi

/** The text as the marketer reads it: {name} → 【姓名】. */
export const toDisplayText = tokens.toDisplay

/** A field's text with each token filled with a sample (the coupon chosen, the send day), for the preview. */
export const previewText = tokens.preview

/** A message template as the form offers it: its id, title and WeChat data keys in order. */
export interface MessageTemplate {
  value: string
  label: string
  keys: string[]
}
const keyOrder = (k: string) => Number(/(\d+)$/.exec(k)?.[1] ?? 0)
export const orderedKeys = (fields: Record<string, string>) => Object.keys(fields).sort((a, b) => keyOrder(a) - keyOrder(b))
/** When the care settings cannot be read: the offers template as seeded. */
export const DEFAULT_TEMPLATE: MessageTemplate = { value: 'tmpl-campaign', label: '会员活动', keys: ['thing1', 'thing2'] }

export interface Form {
  name: string
  segmentId: string
  templateId: string
  /** WeChat data key -> text as the marketer typed it (with 【姓名】 tokens). */
  fields: Record<string, string>
  couponTemplateId: string
  kind: 'once' | 'recurring'
  onceDate: string
  onceTime: string
  every: Every
  at: string
  from: string
  until: string
  /** 对照组比例, whole percent as typed (0-50). */
  holdout: string
  /** 观察天数 as typed (7-30). */
  windowDays: string
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
    templateId: DEFAULT_TEMPLATE.value,
    fields: { thing1: '【姓名】，会员专享活动', thing2: '送您【券名】' },
    couponTemplateId: '',
    kind: 'once',
    onceDate: soon.slice(0, 10),
    onceTime: soon.slice(11, 16),
    every: 'week',
    at: dailyTime(quiet),
    from: local(Date.now() + 86_400_000).slice(0, 10),
    until: '',
    holdout: '0',
    windowDays: String(DEFAULT_WINDOW_DAYS),
  }
}

/** The request body from the form and its template's keys, or the first field that is wrong (at its API path). */
export function toBody(f: Form, keys: string[]): { body: Body } | { error: FieldIssue } {
  const wrong = (path: string, message: string) => ({ error: { path, message } })
  const name = f.name.trim()
  if (!name) return wrong('name', '请填写活动名称')
  if (!f.segmentId) return wrong('segmentId', '请选择目标人群')
  if (!f.templateId) return wrong('template.templateId', '请选择消息模板')
  const fields: Record<string, string> = {}
  for (const [i, key] of keys.entries()) {
    const value = toApiText((f.fields[key] ?? '').trim())
    if (!value) return wrong(`template.fields.${key}`, `请填写第 ${i + 1} 项的内容`)
    const unknown = /【([^】]+)】/.exec(value)
    if (unknown) return wrong(`template.fields.${key}`, `不能插入「${unknown[1]}」，可插入：${TOKENS.map((t) => t.word).join('、')}`)
    // Braces typed by hand would reach the member as they are (or be refused): the chips insert instead.
    if ([...value.matchAll(/\{(\w+)\}/g)].some((m) => !TOKENS.some((t) => t.key === m[1]))) {
      return wrong(`template.fields.${key}`, '请用下方“插入”放入会员的姓名、等级、券名或日期，不要手动输入花括号')
    }
    fields[key] = value
  }
  if (keys.length === 0) return wrong('template.templateId', '该消息模板没有可填写的内容，请选择其他模板')
  let schedule: Body['schedule']
  if (f.kind === 'once') {
    if (!DATE.test(f.onceDate)) return wrong('schedule.once.date', '请按 2026-12-01 的格式填写发送日期')
    if (!TIME.test(f.onceTime)) return wrong('schedule.once.time', '请按 10:00 的格式填写发送时刻')
    schedule = { once: { at: new Date(`${f.onceDate}T${f.onceTime}:00.000+08:00`).toISOString() } }
  } else {
    if (!TIME.test(f.at)) return wrong('schedule.recurring.at', '请按 10:00 的格式填写发送时刻')
    if (!DATE.test(f.from)) return wrong('schedule.recurring.from', '请按 2026-12-01 的格式填写开始日期')
    if (f.until && !DATE.test(f.until)) return wrong('schedule.recurring.until', '请按 2026-12-01 的格式填写结束日期，或留空')
    schedule = { recurring: { every: f.every, at: f.at, from: f.from, ...(f.until ? { until: f.until } : {}) } }
  }
  const holdoutPercent = wholeIn(f.holdout, 0, HOLDOUT_MAX_PERCENT)
  if (holdoutPercent === null) return wrong('holdoutPercent', `对照组比例须为 0 到 ${HOLDOUT_MAX_PERCENT} 之间的整数（%）`)
  const windowDays = wholeIn(f.windowDays, WINDOW_DAYS_MIN, WINDOW_DAYS_MAX)
  if (windowDays === null) return wrong('windowDays', `观察天数须为 ${WINDOW_DAYS_MIN} 到 ${WINDOW_DAYS_MAX} 之间的整数`)
  return {
    body: {
      name,
      segmentId: f.segmentId,
      template: { templateId: f.templateId, fields },
      ...(f.couponTemplateId ? { couponTemplateId: f.couponTemplateId } : {}),
      schedule,
      holdoutPercent,
      windowDays,
    },
  }
}

/** A whole number typed in [min, max] (blank, decimals or anything else: null). */
function wholeIn(text: string, min: number, max: number): number | null {
  const t = text.trim().replace(/[%％]$/, '')
  if (!/^\d{1,3}$/.test(t)) return null
  const n = Number(t)
  return n >= min && n <= max ? n : null
}

/** The control group as a marketer reads it: 10%（约 12 人不发送） or 不设对照组. */
export function holdoutWords(percent: number, segmentSize: number | null = null): string {
  if (percent <= 0) return '不设对照组'
  return segmentSize === null ? `${percent}%（这部分会员不发消息、不发券）` : `${percent}%（约 ${Math.round((segmentSize * percent) / 100)} 人不发消息、不发券）`
}

/** A schedule as people read it: 单次 2026-12-01 13:00, 每周 10:00，2026-12-02 起. */
export function scheduleWords(s: Body['schedule']): string {
  if ('once' in s) return `单次 ${formatTime(s.once.at)}`
  const r = s.recurring
  return `${EVERY.find((e) => e.value === r.every)?.label ?? r.every} ${r.at}，${r.from} 起${r.until ? ` 至 ${r.until}` : ''}`
}

/** What the confirmation names besides the body: the chosen names and the audience size if known. */
export interface CreateContext {
  segmentName: string
  /** Members in the segment now; null while unknown. */
  segmentSize: number | null
  templateName: string
  fieldLabels: string[]
  couponName: string | null
  submitToo: boolean
}

/** A new campaign as the confirmation lists it ("新建" → each value), with what deserves a second look. */
export function campaignLines(body: Body, f: Form, c: CreateContext): ChangeLine[] {
  const NEW = '新建'
  const keys = Object.keys(body.template.fields)
  return [
    { label: '活动名称', before: NEW, after: body.name },
    {
      label: '目标人群',
      before: NEW,
      after: c.segmentSize === null ? c.segmentName : `${c.segmentName}（当前 ${c.segmentSize} 人）`,
      ...(c.segmentSize === 0 ? { warning: '该人群当前没有会员，活动不会发给任何人' } : {}),
    },
    { label: '消息模板', before: NEW, after: c.templateName },
    ...keys.map((key, i) => ({ label: c.fieldLabels[i] ?? `第 ${i + 1} 项`, before: NEW, after: (f.fields[key] ?? '').trim() })),
    {
      label: '随消息发放优惠券',
      before: NEW,
      after: c.couponName ?? '不发券',
      ...(c.couponName ? {} : { warning: '不发券：会员只收到消息，消息里的【券名】会显示为“-”' }),
    },
    { label: '发送时间（北京时间）', before: NEW, after: scheduleWords(body.schedule) },
    { label: '对照组比例', before: NEW, after: holdoutWords(body.holdoutPercent ?? 0, c.segmentSize) },
    { label: '观察天数', before: NEW, after: `${body.windowDays ?? DEFAULT_WINDOW_DAYS} 天（统计活动后这些天内的购买）` },
    { label: '创建后', before: NEW, after: c.submitToo ? '提交给另一位管理员审批' : '保存为草稿，稍后提交审批' },
  ]
}

export function scheduleText(c: Campaign): string {
  return scheduleWords(c.definition.schedule)
}

/** This screen's own words for a refused new campaign (the catalogue's staff wording covers the rest). */
export const CREATE_WORDS = { template_not_found: '优惠券不存在，请重新选择' }

