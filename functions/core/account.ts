/**
 * A member's account: the member, the account holder (the family's primary card for a secondary,
 * else the member) and the holder's points. Points and qualifying totals live on the holder.
 */
import type { PointsSummary } from '../../shared/contract';
import { balanceOf, expiringOf, heldOf, maskPhone, spendableOf } from '../../shared/domain';
import { getMember, getMemberWithPoints, getPoints, type MemberRecord, type PointsRecord } from '../adapters/dynamo/member-repo';
import { fail } from '../lib/errors';
import { today } from './day';

export interface Account {
  member: MemberRecord;
  holder: MemberRecord;
  points: PointsRecord;
}

export async function loadAccount(memberId: string): Promise<Account> {
  const m = await getMemberWithPoints(memberId);
  if (!m) throw fail('member_not_found', 'member not found');
  if (m.member.familyRole !== 'secondary' || !m.member.familyPrimaryId) return { member: m.member, holder: m.member, points: m.points };
  const primaryId = m.member.familyPrimaryId;
  const [holder, points] = await Promise.all([getMember(primaryId), getPoints(primaryId)]);
  if (!holder) throw fail('member_not_found', 'the family primary card no longer exists');
  return { member: m.member, holder, points };
}

/** Who moved the holder's points, for ledger entries: a secondary card is named, the holder is not. */
export function byMember(acct: Account): { byMemberId: string | null; byMember: string | null } {
  return acct.member.memberId === acct.holder.memberId
    ? { byMemberId: null, byMember: null }
    : { byMemberId: acct.member.memberId, byMember: `${acct.member.name ?? '副卡'} ${maskPhone(acct.member.phone)}` };
}

/** The account's points as a member or an admin sees them on a given day. */
export function pointsSummary(acct: Account, day = today()): PointsSummary {
  const s = acct.points.state;
  return {
    balance: balanceOf(s),
    spendable: spendableOf(s, day),
    held: heldOf(s, day),
    debt: s.debt,
    expiring: expiringOf(s, day),
    account: acct.holder.memberId === acct.member.memberId ? 'own' : 'family',
  };
}
