/** The brand's program as every use case sees it: earning rules in force and the tier ladder. */
import type { EarningRulesVersion } from '../../shared/contract';
import { entryTier, rulesAt, tierByCode, type TierDef } from '../../shared/domain';
import { loadBrandConfig, type BrandConfig } from '../adapters/dynamo/brand-repo';
import { fail } from '../lib/errors';

export type { BrandConfig };

export async function brandOrFail(): Promise<BrandConfig> {
  const brand = await loadBrandConfig();
  if (!brand) throw fail('brand_not_configured', 'the brand has no tier program or earning rules yet');
  return brand;
}

export function rulesFor(brand: BrandConfig, at: string): EarningRulesVersion {
  const r = rulesAt(brand.rules, at);
  if (!r) throw fail('brand_not_configured', 'no earning rules apply at this time');
  return r;
}

export function tierOf(brand: BrandConfig, code: string): TierDef {
  return tierByCode(brand.tiers, code) ?? entryTier(brand.tiers);
}
