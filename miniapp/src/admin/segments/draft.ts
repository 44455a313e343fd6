/** The segment builder's draft: the criteria as chosen and typed, and the filter they make. */
import type { SegmentFilter } from '@shared/contract/segments'
import type { RouteResponse } from '@shared/contract/routes'
import { choicesOf, parseIntText, splitList } from '../common'
import type { FieldIssue } from '../errors'

export type Preview = RouteResponse<'adminPreviewSegment'>
export type Segment = RouteResponse<'adminListSegments'>['segments'][number]
export type Tier = RouteResponse<'adminGetTiers'>['tiers'][number]
export type Stage = NonNullable<SegmentFilter['lifecycle']>[number]

export const STAGES = choicesOf<Stage>({ new: '新客', active: '活跃', silent: '沉默', dormant: '睡眠', lost: '流失' })
export const STAGE_LABEL = Object.fromEntries(STAGES.map((s) => [s.value, s.label])) as Record<Stage, string>
export const SCORES = { r: [5, 4, 3, 2, 1, 0], f: [3, 2, 1, 0], m: [4, 3, 2, 1, 0] }
export const SCORE_LABEL = { r: '最近消费', f: '消费频次', m: '客单价' }
const DATE = /^\d{4}-\d{2}-\d{2}$/

export interface Draft {
  tiers: string[]
  tags: string[]
  tagsMode: 'any' | 'all'
  r: number[]
  f: number[]
  m: number[]
  lifecycle: Stage[]
  birthdayMonth: number | null
  stores: string[]
  registeredFrom: string
  registeredTo: string
  lastPurchaseFrom: string
  lastPurchaseTo: string
  pointsMin: string
  pointsMax: string
  /** Questionnaire facts chosen: fact name -> the answers any of which will do (issue 19). */
  facts: Record<string, string[]>
}

export const EMPTY: Draft = {
  tiers: [],
  tags: [],
  tagsMode: 'any',
  r: [],
  f: [],
  m: [],
  lifecycle: [],
  birthdayMonth: null,
  stores: [],
  registeredFrom: '',
  registeredTo: '',
  lastPurchaseFrom: '',
  lastPurchaseTo: '',
  pointsMin: '',
  pointsMax: '',
  facts: {},
}

/** The filter of a draft, or the first thing wrong with it (at its field, as the API would name it). */
export function toFilter(d: Draft): SegmentFilter | FieldIssue {
  const f: SegmentFilter = {}
  if (d.tiers.length) f.tiers = d.tiers
  if (d.tags.length) f[d.tagsMode === 'any' ? 'tagsAny' : 'tagsAll'] = d.tags
  if (d.r.length) f.rScores = d.r
  if (d.f.length) f.fScores = d.f
  if (d.m.length) f.mScores = d.m
  if (d.lifecycle.length) f.lifecycle = d.lifecycle
  if (d.birthdayMonth) f.birthdayMonth = d.birthdayMonth
  const facts = Object.entries(d.facts)
    .filter(([, values]) => values.length > 0)
    .map(([key, values]) => ({ key, values }))
  if (facts.length) f.facts = facts
  const stores = d.stores
  if (stores.length) f.storeIds = stores
  for (const k of ['registeredFrom', 'registeredTo', 'lastPurchaseFrom', 'lastPurchaseTo'] as const) {
    const v = d[k].trim()
    if (!v) continue
    if (!DATE.test(v)) return { path: `filter.${k}`, message: '日期无效，请按“年-月-日”填写，如 2026-12-01' }
    f[k] = v
  }
  for (const k of ['pointsMin', 'pointsMax'] as const) {
    const v = d[k].trim()
    if (!v) continue
    const n = parseIntText(v)
    if (n === null) return { path: `filter.${k}`, message: '积分须为非负整数' }
    f[k] = n
  }
  return f
}

export type SurveyList = RouteResponse<'adminListSurveys'>['surveys']

/**
 * The questionnaire facts a segment may ask for: each fact a published (or closed) survey's single-choice
 * question fills, with its options' labels as the answers to choose from; the same fact across surveys merged.
 */
export function factChoices(surveys: SurveyList): { key: string; values: string[] }[] {
  const byKey = new Map<string, Set<string>>()
  for (const s of surveys) {
    if (s.state === 'draft') continue
    for (const q of s.questions) {
      if (!q.factKey || q.kind !== 'single') continue
      const values = byKey.get(q.factKey) ?? new Set<string>()
      for (const o of q.options) values.add(o.label)
      byKey.set(q.factKey, values)
    }
  }
  return [...byKey].map(([key, values]) => ({ key, values: [...values] }))
}
