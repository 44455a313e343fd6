/** How a member's tier looks: to her (progress, retention, history) and to an admin (tier history). */
import type { MyTierResponse } from '../../shared/contract';
import { ladder, qualifyingTotal, tierProgress } from '../../shared/domain';
import { listTierHistory } from '../adapters/dynamo/account-repo';
import { getMember } from '../adapters/dynamo/member-repo';
import { fail } from '../lib/errors';
import type { Session } from '../lib/session';
import { brandOrFail, loadAccount, resolveMemberId, tierOf, tierView, today, windowLabel, type Account, type BrandConfig } from '../core';

export async function myTierView(acct: Account, brand: BrandConfig, day = today()): Promise<MyTierResponse> {
  const { holder } = acct;
  const cur = tierOf(brand, holder.tier.tierCode);
  const progress = tierProgress(brand.tiers, holder.tier, holder.qualifying, day);
  const history = await listTierHistory(holder.memberId, 20);
  return {
    basis: brand.tiers.basis,
    windowLabel: windowLabel(brand),
    current: tierView(cur),
    since: holder.tier.since,
    manualUntil: holder.tier.manual?.until ?? null,
    total: qualifyingTotal(brand.tiers, holder.qualifying, day),
    next: progress.next,
    retention: progress.retention,
    tiers: ladder(brand.tiers).map(tierView),
    history,
    viaFamily: holder.memberId !== acct.member.memberId,
  };
}

/** `GET /members/me/tier`. */
export async function myTier(session: Session): Promise<MyTierResponse> {
  const [acct, brand] = await Promise.all([loadAccount(await resolveMemberId(session)), brandOrFail()]);
  return myTierView(acct, brand);
}

export async function memberTierHistory(memberId: string) {
  const m = await getMember(memberId);
  if (!m) throw fail('member_not_found', 'member not found');
  return { entries: await listTierHistory(memberId, 100) };
}
