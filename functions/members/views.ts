/** How a member looks: to herself (profile) and to an admin (the member page). */
import type { AdminMemberView, MemberProfile } from '../../shared/contract';
import { ladder, maskPhone, qualifyingTotal, tierProgress } from '../../shared/domain';
import { findMemberIdByPhone } from '../adapters/dynamo/member-repo';
import { fail } from '../lib/errors';
import { brandOrFail, loadAccount, pointsSummary, tierOf, today, type Account, type BrandConfig } from '../core';

export function profileView(acct: Account, brand: BrandConfig, day = today()): MemberProfile {
  const { member, holder } = acct;
  const tier = tierOf(brand, holder.tier.tierCode);
  const progress = tierProgress(brand.tiers, holder.tier, holder.qualifying, day);
  const summary = pointsSummary(acct, day);
  return {
    id: member.memberId,
    phoneMasked: maskPhone(member.phone),
    name: member.name,
    gender: member.gender,
    birthday: member.birthday,
    tier: { code: tier.code, name: tier.name, multiplier: tier.multiplier, level: Math.max(0, ladder(brand.tiers).findIndex((t) => t.code === tier.code)) },
    points: { balance: summary.balance, spendable: summary.spendable, nextExpiry: summary.expiring[0] ?? null },
    qualifying: { basis: brand.tiers.basis, total: qualifyingTotal(brand.tiers, holder.qualifying, day) },
    nextTier: progress.next,
    family: member.familyRole,
    consentAt: member.consentAt,
    registeredAt: member.createdAt,
  };
}

export async function memberView(memberId: string): Promise<AdminMemberView> {
  const [acct, brand] = await Promise.all([loadAccount(memberId), brandOrFail()]);
  const { member, holder } = acct;
  const tier = tierOf(brand, holder.tier.tierCode);
  return {
    id: member.memberId,
    phone: member.phone,
    name: member.name,
    birthday: member.birthday,
    registeredAt: member.createdAt,
    tier: { code: tier.code, name: tier.name, since: holder.tier.since, retainUntil: holder.tier.retainUntil },
    manualTier: holder.tier.manual,
    qualifyingTotal: qualifyingTotal(brand.tiers, holder.qualifying, today()),
    points: pointsSummary(acct),
    family: { role: member.familyRole, primaryId: (member.familyPrimaryId as never) ?? null },
  };
}

export async function findMember(phone: string): Promise<AdminMemberView> {
  const id = await findMemberIdByPhone(phone);
  if (!id) throw fail('member_not_found', `no member with phone ${phone}`);
  return memberView(id);
}
