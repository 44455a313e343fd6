/** What the till, the admin and a segment's sample show of a member: tags, RFM, lifecycle, 12-month facts. */
import type { MemberInsight } from '../../shared/contract/segments';
import { maskPhone } from '../../shared/domain';
import { lifecycleStage, rfmScores, windowTotals, type MemberFacts, type RfmConfig } from '../../shared/domain/rfm';
import type { MemberRecord } from '../adapters/dynamo/member-repo';
import { today } from '../core';
import { rfmConfig } from './facts';

export const factsOf = (m: MemberRecord): MemberFacts => ({
  memberId: m.memberId,
  tierCode: m.tier.tierCode,
  tags: m.tags ?? [],
  birthday: m.birthday,
  registeredAt: m.createdAt,
  registrationStoreId: m.registrationStoreId ?? null,
  lastStoreId: m.lastStoreId ?? null,
  firstPurchaseAt: m.firstPurchaseAt,
  lastPurchaseAt: m.lastPurchaseAt,
  months: m.factMonths ?? {},
});

export function insightOf(f: MemberFacts & { phone: string; name: string | null }, day: string, config: RfmConfig): MemberInsight {
  const t = windowTotals(f.months, day);
  return {
    memberId: f.memberId,
    phoneMasked: maskPhone(f.phone),
    name: f.name,
    tierCode: f.tierCode,
    tags: f.tags,
    lifecycle: lifecycleStage(f, day, config),
    rfm: rfmScores(f, day, config),
    firstPurchaseAt: f.firstPurchaseAt,
    lastPurchaseAt: f.lastPurchaseAt,
    orders12m: t.orders12m,
    spend12mFen: t.spend12mFen,
    averageOrderFen: t.averageOrderFen,
    registrationStoreId: f.registrationStoreId,
    lastStoreId: f.lastStoreId,
  };
}

/** The insight of a loaded member record (the till's preview uses this without another read). */
export async function memberInsight(m: MemberRecord): Promise<MemberInsight> {
  return insightOf({ ...factsOf(m), phone: m.phone, name: m.name }, today(), await rfmConfig());
}

