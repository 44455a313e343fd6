/** The tier program form: the program's fields as text, filled from the program, and the program it describes. */
import type { RouteBody, RouteResponse } from '@shared/contract/routes'
import { parseYuan } from '@shared/domain/money'
import type { Choice } from '../../kit'
import { changeLine, rateWarning, shiftWarning, type ChangeLine } from '@shared/domain/changes'
import { parseIntText, parseNumberText, splitList, yuanText } from '../common'

export type TiersResponse = RouteResponse<'adminGetTiers'>
export type TierProgram = RouteBody<'adminPutTiers'>
export type TierDef = TiersResponse['tiers'][number]
export type Basis = TierProgram['basis']
export type Downgrade = TierProgram['downgrade']

export interface TierForm {
  /** The loaded definition: code and rank are kept as they are. */
  def: TierDef
  /** Birthday gift: its wording, and the coupon template the care job issues (none = wording only). */
  giftText: string
  giftTemplateId: string
  name: string
  threshold: string
  multiplier: string
  retentionMonths: string
  perks: string
}

export interface Form {
  basis: Basis
  windowKind: 'rolling' | 'calendarYear'
  months: string
  downgrade: Downgrade
  tiers: TierForm[]
}


export const BASES: Choice<Basis>[] = [{ value: 'spend', label: '消费金额' }, { value: 'points', label: '积分' }]
export const WINDOWS: Choice<Form['windowKind']>[] = [{ value: 'rolling', label: '近若干个月' }, { value: 'calendarYear', label: '自然年' }]
export const DOWNGRADES: Choice<Downgrade>[] = [{ value: 'oneLevel', label: '降一级' }, { value: 'toQualifying', label: '降至达标等级' }]

export const thresholdText = (basis: Basis, v: number) => (basis === 'spend' ? yuanText(v) : String(v))

export function formOf(p: TiersResponse): Form {
  return {
    basis: p.basis,
    windowKind: p.window.kind,
    months: p.window.kind === 'rolling' ? String(p.window.months) : '12',
    downgrade: p.downgrade,
    tiers: [...p.tiers]
      .sort((a, b) => a.rank - b.rank)
      .map((def) => ({
        def,
        giftText: def.birthdayGift?.description ?? '',
        giftTemplateId: def.birthdayGift?.couponTemplateId ?? '',
        name: def.name,
        threshold: thresholdText(p.basis, def.threshold),
        multiplier: String(def.multiplier),
        retentionMonths: String(def.retentionMonths),
        perks: def.perks.join(', '),
      })),
  }
}

export function programOf(form: Form): TierProgram | string {
  let window: TierProgram['window'] = { kind: 'calendarYear' }
  if (form.windowKind === 'rolling') {
    const months = parseIntText(form.months)
    if (months === null || months < 1 || months > 36) return '评定周期月数须为 1–36 的整数'
    window = { kind: 'rolling', months }
  }
  const tiers: TierDef[] = []
  for (const t of form.tiers) {
    const name = t.name.trim()
    if (!name || name.length > 20) return `第 ${t.def.rank} 级：名称须为 1–20 个字`
    const threshold = form.basis === 'spend' ? parseYuan(t.threshold) : parseIntText(t.threshold)
    if (threshold === null) return `${name}：门槛格式不正确`
    const multiplier = parseNumberText(t.multiplier)
    if (multiplier === null || multiplier < 0.1 || multiplier > 10) return `${name}：积分倍数须在 0.1–10 之间`
    const retentionMonths = parseIntText(t.retentionMonths)
    if (retentionMonths === null || retentionMonths < 1 || retentionMonths > 36) return `${name}：保级月数须为 1–36 的整数`
    const perks = splitList(t.perks)
    if (perks.length > 10) return `${name}：权益最多 10 项`
    if (perks.some((p) => p.length > 40)) return `${name}：每项权益最多 40 个字`
    const { code, rank } = t.def
    const giftText = t.giftText.trim()
    if (giftText.length > 60) return `${name}：生日礼说明最多 60 个字`
    if (!giftText && t.giftTemplateId) return `${name}：请填写生日礼说明`
    const birthdayGift = giftText ? { couponTemplateId: t.giftTemplateId || null, description: giftText } : null
    tiers.push({ code, name, rank, threshold, multiplier, retentionMonths, birthdayGift, perks })
  }
  return { basis: form.basis, window, downgrade: form.downgrade, tiers }
}

/** What a new tier program changes against the one in force, per tier by its name, with its warnings. */
export function tierChanges(before: TiersResponse, after: TierProgram): ChangeLine[] {
  const unit = (basis: Basis, v: number) => (basis === 'spend' ? `¥${yuanText(v)}` : `${v} 积分`)
  const lines: ChangeLine[] = [
    ...changeLine('评定依据', labelOf(BASES, before.basis), labelOf(BASES, after.basis)),
    ...changeLine('评定周期', windowText(before.window), windowText(after.window)),
    ...changeLine('降级方式', labelOf(DOWNGRADES, before.downgrade), labelOf(DOWNGRADES, after.downgrade)),
  ]
  for (const t of after.tiers) {
    const old = before.tiers.find((x) => x.code === t.code)
    if (!old) continue
    const who = old.name
    lines.push(
      ...changeLine(`${who} · 名称`, old.name, t.name),
      ...changeLine(
        `${who} · 门槛`,
        unit(before.basis, old.threshold),
        unit(after.basis, t.threshold),
        before.basis === after.basis ? shiftWarning(`${who}的门槛`, old.threshold, t.threshold) : undefined,
      ),
      ...changeLine(`${who} · 积分倍数`, `×${old.multiplier}`, `×${t.multiplier}`, rateWarning(`${who}的积分倍数`, old.multiplier, t.multiplier)),
      ...changeLine(`${who} · 保级月数`, `${old.retentionMonths} 个月`, `${t.retentionMonths} 个月`),
      ...changeLine(`${who} · 权益`, old.perks.join('、') || '无', t.perks.join('、') || '无'),
      ...changeLine(`${who} · 生日礼`, old.birthdayGift?.description ?? '无', t.birthdayGift?.description ?? '无'),
    )
  }
  return lines
}

const labelOf = <T extends string>(choices: Choice<T>[], v: T) => choices.find((c) => c.value === v)?.label ?? v
const windowText = (w: TierProgram['window']) => (w.kind === 'rolling' ? `近 ${w.months} 个月` : '自然年')
