/** How a tier and the qualifying window are shown (member's tier page, profile, admin member page). */
import type { TierDef } from '../../shared/domain';
import type { BrandConfig } from '../adapters/dynamo/brand-repo';

export const tierView = (t: TierDef) => ({
  code: t.code,
  name: t.name,
  rank: t.rank,
  threshold: t.threshold,
  multiplier: t.multiplier,
  retentionMonths: t.retentionMonths,
  birthdayGift: t.birthdayGift?.description ?? null,
  perks: t.perks,
});

export function windowLabel(brand: BrandConfig): string {
  const w = brand.tiers.window;
  return w.kind === 'calendarYear' ? '本自然年' : `近${w.months}个月`;
}
