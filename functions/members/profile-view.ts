import type { MemberProfile } from '../../shared/contract';
import { maskPhone, nextTierProgress, tierForSpend, type Tier } from '../../shared/domain';
import type { BrandConfig } from '../adapters/dynamo/brand-repo';
import type { MemberWithPoints } from '../adapters/dynamo/member-repo';

/** The member as the contract shows it: masked phone, tier, balance and progress to the next tier. */
export function toProfileView({ member, points }: MemberWithPoints, brand: BrandConfig): MemberProfile {
  const tier: Tier = brand.tiers.find((t) => t.code === member.tierCode) ?? tierForSpend(brand.tiers, 0);
  return {
    id: member.memberId,
    phoneMasked: maskPhone(member.phone),
    name: member.name,
    gender: member.gender,
    birthday: member.birthday,
    tier: { code: tier.code, name: tier.name, multiplier: tier.multiplier },
    points: { balance: points.balance },
    qualifyingSpendFen: member.qualifyingSpendFen,
    nextTier: nextTierProgress(brand.tiers, tier, member.qualifyingSpendFen),
    consentAt: member.consentAt,
    registeredAt: member.createdAt,
  };
}
