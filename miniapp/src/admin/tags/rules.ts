/** Tag rules: their kinds, their wording, and the request bodies the rule form makes. */
import type { RouteBody, RouteResponse } from '@shared/contract/routes'
import { parseIntText, parseNumberText, yuanText } from '../common'

export type Rule = RouteResponse<'adminListTagRules'>['rules'][number]
export type Kind = Rule['kind']

export const KINDS: { value: Kind; label: string; hint: string }[] = [
  { value: 'skuNameContains', label: '商品名称或编码包含', hint: '如 蕾丝' },
  { value: 'spend12mAtLeast', label: '近 12 个月消费满（元）', hint: '如 1500' },
  { value: 'orders12mAtLeast', label: '近 12 个月订单数满', hint: '如 3' },
]

export function ruleText(r: Pick<Rule, 'kind' | 'text' | 'fen' | 'orders' | 'tag'>): string {
  if (r.kind === 'skuNameContains') return `购买商品名称或编码含「${r.text ?? ''}」→ ${r.tag}`
  if (r.kind === 'spend12mAtLeast') return `近 12 个月消费满 ¥${yuanText(r.fen ?? 0)} → ${r.tag}`
  return `近 12 个月订单数满 ${r.orders ?? 0} 笔 → ${r.tag}`
}

/** The new rule's body, or what is wrong with the form. */
export function ruleBody(kind: Kind, value: string, ruleTag: string): RouteBody<'adminCreateTagRule'> | string {
  const tag = ruleTag.trim()
  if (!tag) return '请填写标签'
  if (kind === 'skuNameContains') {
    if (!value.trim()) return '请填写商品名称包含的文字'
    return { kind, text: value.trim(), tag }
  }
  if (kind === 'spend12mAtLeast') {
    const yuan = parseNumberText(value)
    if (yuan === null || yuan <= 0) return '请填写金额（元）'
    return { kind, fen: Math.round(yuan * 100), tag }
  }
  const orders = parseIntText(value)
  if (orders === null || orders < 1) return '请填写订单数'
  return { kind, orders, tag }
}

/** The rule switched on or off, as the update body. */
export function toggled(r: Rule): RouteBody<'adminUpdateTagRule'> {
  if (r.kind === 'skuNameContains') return { kind: r.kind, text: r.text ?? '', tag: r.tag, enabled: !r.enabled }
  if (r.kind === 'spend12mAtLeast') return { kind: r.kind, fen: r.fen ?? 1, tag: r.tag, enabled: !r.enabled }
  return { kind: r.kind, orders: r.orders ?? 1, tag: r.tag, enabled: !r.enabled }
}
