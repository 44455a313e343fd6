/** What every points and tier use case starts from: the brand's program and a member's account. */
import type { EarningRulesVersion } from '../../shared/contract';
import { localDate, rulesAt, type TierDef } from '../../shared/domain';
import { entryTier, tierByCode } from '../../shared/domain';
import { loadBrandConfig, type BrandConfig } from '../adapters/dynamo/brand-repo';
import { pause } from '../adapters/dynamo/errors';
import { getMember, getMemberWithPoints, getPoints, type MemberRecord, type PointsRecord } from '../adapters/dynamo/member-repo';
import { clock } from '../lib/clock';
import { AppError, notFound } from '../lib/errors';

export async function brandOrFail(): Promise<BrandConfig> {
  const brand = await loadBrandConfig();
  if (!brand) throw new AppError(503, 'brand_not_configured', 'the brand has no tier program or earning rules yet');
  return brand;
}

export function rulesFor(brand: BrandConfig, at: string): EarningRulesVersion {
  const r = rulesAt(brand.rules, at);
  if (!r) throw new AppError(503, 'brand_not_configured', 'no earning rules apply at this time');
  return r;
}

export const today = (now: Date = clock.now()) => localDate(now);

export function tierOf(brand: BrandConfig, code: string): TierDef {
  return tierByCode(brand.tiers, code) ?? entryTier(brand.tiers);
}

/**
 * A member's account: the member, the account holder (the family's primary card for a secondary,
 * else the member) and the holder's points. Points and qualifying totals live on the holder.
 */
export interface Account {
  member: MemberRecord;
  holder: MemberRecord;
  points: PointsRecord;
}

export async function loadAccount(memberId: string): Promise<Account> {
  const m = await getMemberWithPoints(memberId);
  if (!m) throw notFound('member_not_found', 'member not found');
  if (m.member.familyRole !== 'secondary' || !m.member.familyPrimaryId) return { member: m.member, holder: m.member, points: m.points };
  const primaryId = m.member.familyPrimaryId;
  const [holder, points] = await Promise.all([getMember(primaryId), getPoints(primaryId)]);
  if (!holder) throw notFound('member_not_found', 'the family primary card no longer exists');
  return { member: m.member, holder, points };
}

export type Attempt<T> = { done: T } | 'retry';

/**
 * Optimistic concurrency: read, compute, write with conditions on what was read; on a lost race
 * read again. Backoff is jittered so many writers on one account spread out.
 */
export async function optimistic<T>(attempt: () => Promise<Attempt<T>>, maxAttempts = 40): Promise<T> {
  for (let i = 0; i < maxAttempts; i++) {
    const r = await attempt();
    if (r !== 'retry') return r.done;
    await pause(Math.min(i, 6));
  }
  throw new AppError(503, 'busy', 'the member account is busy; retry the same request');
}
