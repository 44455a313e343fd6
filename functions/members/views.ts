/** How a member looks: to herself (profile) and to an admin (the member page). */
import type { AdminMemberView, MemberProfile } from '../../shared/contract';
import { ladder, maskPhone, qualifyingTotal, tierProgress } from '../../shared/domain';
import { recordAudit } from '../adapters/dynamo/account-repo';
import { findMemberIdByPhone, getMember } from '../adapters/dynamo/member-repo';
import { fail } from '../lib/errors';
import type { Session } from '../lib/session';
import { brandOrFail, clock, holdsPhonePermission, loadAccount, pointsSummary, requirePhonePermission, tierOf, today, type Account, type BrandConfig } from '../core';

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

/** The admin's member page: the phone always masked; `phoneRevealable` tells the page to offer the audited reveal. */
export async function memberView(session: Session, memberId: string): Promise<AdminMemberView> {
  const [acct, brand, revealable] = await Promise.all([loadAccount(memberId), brandOrFail(), holdsPhonePermission(session)]);
  const { member, holder } = acct;
  const tier = tierOf(brand, holder.tier.tierCode);
  return {
    id: member.memberId,
    phoneMasked: maskPhone(member.phone),
    phoneRevealable: revealable,
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

export async function findMember(session: Session, phone: string): Promise<AdminMemberView> {
  const id = await findMemberIdByPhone(phone);
  if (!id) throw fail('member_not_found', 'no member with this phone number');
  return memberView(session, id);
}

/**
 * One member's whole number for an admin holding the `phones` permission (403 otherwise). The reveal is
 * audited (actor, member, time) before the number is answered: a reveal that could not be recorded
 * answers no number.
 */
export async function revealMemberPhone(session: Session, memberId: string): Promise<{ memberId: string; phone: string; revealedAt: string }> {
  await requirePhonePermission(session);
  const member = await getMember(memberId);
  if (!member) throw fail('member_not_found', 'no such member');
  const at = clock.now().toISOString();
  try {
    await recordAudit({ at, actor: session.openid, action: 'member.phone_revealed', target: `member:${memberId}`, before: null, after: null });
  } catch {
    throw fail('busy', 'the reveal could not be audited; try again');
  }
  return { memberId, phone: member.phone, revealedAt: at };
}
