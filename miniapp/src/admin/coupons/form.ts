/** The coupon template form: its fields as text, filled from a template, and the request body it makes. */
import type { RouteBody, RouteResponse } from '@shared/contract/routes'
import { parseYuan } from '@shared/domain/money'
import { choicesOf, parseIntText, splitList } from '../common'

export type Template = RouteResponse<'adminListCouponTemplates'>['templates'][number]
export type TemplateBody = RouteBody<'adminCreateCouponTemplate'>
export type Kind = 'amountOff' | 'threshold' | 'percentOff' | 'gift' | 'stampCard'

export const KINDS = choicesOf<Kind>({ amountOff: '代金券', threshold: '满减券', percentOff: '折扣券', gift: '赠品券', stampCard: '集点卡' })


export interface Form {
  name: string
  description: string
  kind: Kind
  amount: string
  threshold: string
  percent: string
  max: string
  giftSku: string
  days: string
  stock: string
  limit: string
  stackable: boolean
  claimable: boolean
  registrationGift: boolean
  pointsCost: string
  stampsNeeded: string
  stampMin: string
  rewardTemplateId: string
  scopeKind: 'all' | 'categories' | 'skus'
  scopeList: string
  stores: string
  validityKind: 'afterIssue' | 'fixed'
  from: string
  until: string
}

export const EMPTY: Form = {
  name: '',
  description: '',
  kind: 'amountOff',
  amount: '',
  threshold: '',
  percent: '',
  max: '',
  giftSku: '',
  days: '30',
  stock: '',
  limit: '1',
  stackable: false,
  claimable: true,
  registrationGift: false,
  pointsCost: '',
  stampsNeeded: '5',
  stampMin: '',
  rewardTemplateId: '',
  scopeKind: 'all',
  scopeList: '',
  stores: '',
  validityKind: 'afterIssue',
  from: '',
  until: '',
}

export const SCOPES = choicesOf<Form['scopeKind']>({ all: '全部商品', categories: '指定品类', skus: '指定商品' })
const DATE = /^\d{4}-\d{2}-\d{2}$/
/** A local (Asia/Shanghai) day's first or last instant, as UTC ISO. */
const dayStart = (d: string) => new Date(`${d}T00:00:00.000+08:00`).toISOString()
const dayEnd = (d: string) => new Date(`${d}T23:59:59.999+08:00`).toISOString()
export const localDay = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10)

const yuanText = (fen: number | undefined | null) => (fen === undefined || fen === null ? '' : String(fen / 100))

/** The form filled from a template, to edit it. */
export function formOf(t: Template): Form {
  const d = t.definition
  return {
    name: d.name,
    description: d.description,
    kind: d.kind,
    amount: yuanText(d.amountOffFen),
    threshold: yuanText(d.thresholdFen),
    percent: d.percentOff ? String(d.percentOff) : '',
    max: yuanText(d.maxDiscountFen),
    giftSku: d.giftSku ?? '',
    days: d.validity.kind === 'afterIssue' ? String(d.validity.days) : '',
    stock: d.stock === null ? '' : String(d.stock),
    limit: d.perMemberLimit === null ? '' : String(d.perMemberLimit),
    stackable: d.stackable,
    claimable: d.claimable,
    registrationGift: !!d.registrationGift,
    pointsCost: d.pointsCost ? String(d.pointsCost) : '',
    stampsNeeded: d.stampCard ? String(d.stampCard.purchasesNeeded) : '5',
    stampMin: yuanText(d.stampCard?.minOrderFen),
    rewardTemplateId: d.stampCard?.rewardTemplateId ?? '',
    scopeKind: d.scope.kind,
    scopeList: d.scope.kind === 'categories' ? d.scope.categories.join(', ') : d.scope.kind === 'skus' ? d.scope.skus.join(', ') : '',
    stores: d.stores ? d.stores.join(', ') : '',
    validityKind: d.validity.kind,
    from: d.validity.kind === 'fixed' ? localDay(d.validity.from) : '',
    until: d.validity.kind === 'fixed' ? localDay(d.validity.until) : '',
  }
}

/** The request body from the form, or the first problem in Chinese. */
export function toBody(f: Form, base?: TemplateBody): { body: TemplateBody } | { error: string } {
  const name = f.name.trim()
  if (!name) return { error: '请填写名称' }
  if (name.length > 30) return { error: '名称最多 30 个字' }
  const list = splitList(f.scopeList)
  if (f.scopeKind !== 'all' && list.length === 0) return { error: f.scopeKind === 'categories' ? '请填写适用品类' : '请填写适用商品编码' }
  const stores = splitList(f.stores)
  if (stores.some((x) => !/^[A-Za-z0-9_-]{1,32}$/.test(x))) return { error: '门店编号只能含字母、数字、_ 或 -' }
  const body: TemplateBody = {
    name,
    description: f.description.trim(),
    kind: f.kind,
    scope: f.scopeKind === 'categories' ? { kind: 'categories', categories: list } : f.scopeKind === 'skus' ? { kind: 'skus', skus: list } : { kind: 'all' },
    stores: stores.length ? stores : null,
    stackable: f.stackable,
    validity: { kind: 'afterIssue', days: 30 },
    stock: null,
    perMemberLimit: null,
    claimable: f.claimable,
  }
  if (f.kind === 'amountOff' || f.kind === 'threshold') {
    const amount = parseYuan(f.amount)
    if (amount === null || amount <= 0) return { error: '请填写减免金额（元）' }
    body.amountOffFen = amount
  }
  if (f.kind === 'threshold') {
    const threshold = parseYuan(f.threshold)
    if (threshold === null || threshold <= 0) return { error: '请填写门槛金额（元）' }
    if (body.amountOffFen !== undefined && body.amountOffFen >= threshold) return { error: '减免金额须小于门槛金额' }
    body.thresholdFen = threshold
  }
  if (f.kind === 'percentOff') {
    const percent = parseIntText(f.percent)
    if (percent === null || percent < 1 || percent > 90) return { error: '折扣须为 1-90 的整数（减免百分比）' }
    body.percentOff = percent
    if (f.max.trim()) {
      const max = parseYuan(f.max)
      if (max === null || max <= 0) return { error: '最高优惠金额格式有误' }
      body.maxDiscountFen = max
    } else body.maxDiscountFen = null
  }
  if (f.kind === 'gift') {
    const sku = f.giftSku.trim()
    if (!sku) return { error: '请填写赠品的商品编码' }
    body.giftSku = sku
  }
  if (f.kind === 'stampCard') {
    const needed = parseIntText(f.stampsNeeded)
    if (needed === null || needed < 2 || needed > 50) return { error: '集点次数须为 2-50 的整数' }
    const min = f.stampMin.trim() ? parseYuan(f.stampMin) : 0
    if (min === null || min < 0) return { error: '每次最低消费金额格式有误' }
    if (!f.rewardTemplateId) return { error: '请选择集满奖励券' }
    body.stampCard = { purchasesNeeded: needed, minOrderFen: min, rewardTemplateId: f.rewardTemplateId }
  }
  if (f.pointsCost.trim()) {
    const cost = parseIntText(f.pointsCost)
    if (cost === null || cost < 1) return { error: '兑换积分须为正整数，留空为不可兑换' }
    body.pointsCost = cost
  } else body.pointsCost = null
  body.registrationGift = f.registrationGift
  if (f.validityKind === 'fixed') {
    if (!DATE.test(f.from) || !DATE.test(f.until)) return { error: '请按“年-月-日”填写起止日期，如 2026-12-01' }
    if (f.until < f.from) return { error: '结束日期须不早于开始日期' }
    body.validity = { kind: 'fixed', from: dayStart(f.from), until: dayEnd(f.until) }
  } else if (!f.days.trim() && base?.validity.kind === 'fixed') body.validity = base.validity
  else {
    const days = parseIntText(f.days)
    if (days === null || days < 1 || days > 3650) return { error: '有效天数须为 1-3650 的整数' }
    body.validity = { kind: 'afterIssue', days }
  }
  if (f.stock.trim()) {
    const stock = parseIntText(f.stock)
    if (stock === null || stock < 1) return { error: '发放总量须为正整数，留空为不限' }
    body.stock = stock
  }
  if (f.limit.trim()) {
    const limit = parseIntText(f.limit)
    if (limit === null || limit < 1 || limit > 100) return { error: '每人限领须为 1-100 的整数，留空为不限' }
    body.perMemberLimit = limit
  }
  return { body }
}
