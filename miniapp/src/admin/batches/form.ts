/** The batch form (fields as text, the request body it makes) and the batch wording. */
import type { RouteBody, RouteResponse } from '@shared/contract/routes'
import { parseIntText } from '../common'

export type Batch = RouteResponse<'adminListProductBatches'>['batches'][number]
export type BatchBody = RouteBody<'adminCreateProductBatch'>
export type Sample = RouteResponse<'adminProductCodeSample'>
export type Template = RouteResponse<'adminListCouponTemplates'>['templates'][number]

export const STATE_LABEL: Record<Batch['state'], string> = { active: '进行中', paused: '已暂停', voided: '已作废' }

/** Field names of this form where the catalogue's words are too general. */
export const FIELD_NAMES = { name: '产品名称', sku: '商品编码', couponTemplateId: '赠券' }

export interface Form {
  sku: string
  name: string
  count: string
  points: string
  warranty: string
  days: string
  limit: string
  couponTemplateId: string
}

export const EMPTY: Form = { sku: '', name: '', count: '1000', points: '', warranty: '12', days: '365', limit: '', couponTemplateId: '' }

export function toBody(f: Form): { body: BatchBody } | { error: string } {
  const sku = f.sku.trim()
  const name = f.name.trim()
  if (!sku) return { error: '请填写商品编码' }
  if (!name) return { error: '请填写产品名称' }
  const count = parseIntText(f.count)
  if (count === null || count < 1 || count > 1_000_000) return { error: '数量须为 1-1,000,000 的整数' }
  let points: number | null = null
  if (f.points.trim()) {
    points = parseIntText(f.points)
    if (points === null) return { error: '积分须为整数，留空按积分规则' }
  }
  let warrantyMonths: number | null = null
  if (f.warranty.trim()) {
    warrantyMonths = parseIntText(f.warranty)
    if (warrantyMonths === null || warrantyMonths < 1 || warrantyMonths > 120) return { error: '延保月数须为 1-120，留空为不延保' }
  }
  const days = parseIntText(f.days)
  if (days === null || days < 1 || days > 3650) return { error: '有效天数须为 1-3650 的整数' }
  let limit: number | null = null
  if (f.limit.trim()) {
    limit = parseIntText(f.limit)
    if (limit === null || limit < 1 || limit > 100) return { error: '每人每日上限须为 1-100，留空按积分规则' }
  }
  const from = new Date()
  return {
    body: {
      sku,
      name,
      count,
      points,
      warrantyMonths,
      couponTemplateId: f.couponTemplateId || null,
      dailyLimitPerMember: limit,
      validFrom: from.toISOString(),
      validUntil: new Date(from.getTime() + days * 86_400_000).toISOString(),
    },
  }
}

export function rewardText(b: Batch, templates: Template[]): string {
  const d = b.definition
  const parts = [d.points === null ? '积分按规则' : `${d.points} 积分`]
  if (d.warrantyMonths) parts.push(`延保 ${d.warrantyMonths} 个月`)
  if (d.couponTemplateId) parts.push(`赠券：${templates.find((t) => t.id === d.couponTemplateId)?.definition.name ?? d.couponTemplateId}`)
  if (d.dailyLimitPerMember) parts.push(`每人每日 ${d.dailyLimitPerMember} 次`)
  return parts.join(' · ')
}

/** Export pages are fetched one after another; a 100,000-code batch is ten requests. */
export const EXPORT_PAGE = 10_000
