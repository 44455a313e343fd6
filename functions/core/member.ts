import { memberOfOpenid } from '../adapters/dynamo/identity-repo';
import type { MemberRecord } from '../adapters/dynamo/member-repo';
import { fail } from '../lib/errors';
import { today } from './day';
import type { Session } from '../lib/session';

/**
 * The member behind a session: always the openid's binding as it is now, not the member id the token
 * was issued with, because a binding can move while a token lives (换绑 ends the old account's binding;
 * a merge moves or ends the merged member's): the old account can no longer act as the member.
 */
export async function resolveMemberId(session: Session): Promise<string> {
  const memberId = await memberOfOpenid(session.openid);
  if (!memberId) throw fail('not_registered', 'this WeChat account has not registered as a member yet');
  return memberId;
}

/**
 * A frozen member (the desk's freeze, issue 16) cannot earn, spend or show a member code: the use
 * cases that do any of these refuse her with `member_frozen` once they have read her profile.
 */
export function refuseFrozen(member: { frozen?: unknown } | null | undefined): void {
  if (member?.frozen) throw fail('member_frozen', 'this member is frozen: no earning, spending or member code');
}

/** A new member: entry tier (unless given), no points, no family; registration and the member import build her here. */
export function newMemberRecord(p: {
  memberId: string;
  phone: string;
  openid: string | null;
  name: string | null;
  entryTierCode: string;
  at: string;
  source: string;
  /** The store that brought her in (a poster at registration, or the store of an imported member). */
  registrationStoreId?: string | null;
  /** Issue 19: the inviting member (a referral bound at creation) and the clerk whose QR brought her in. */
  referrerId?: string | null;
  registrationClerk?: string | null;
  gender?: MemberRecord['gender'];
  birthday?: string | null;
  /** A tier other than the entry tier's fresh state (an imported member's tier). */
  tier?: MemberRecord['tier'];
}): MemberRecord {
  return {
    memberId: p.memberId,
    phone: p.phone,
    openid: p.openid,
    name: p.name,
    gender: p.gender ?? null,
    birthday: p.birthday ?? null,
    tier: p.tier ?? { tierCode: p.entryTierCode, since: today(new Date(p.at)), retainUntil: null, manual: null },
    qualifying: {},
    qrev: 0,
    familyRole: 'none',
    familyPrimaryId: null,
    familyCount: 0,
    familySince: null,
    familyInvite: null,
    firstPurchaseAt: null,
    lastPurchaseAt: null,
    consentAt: p.at,
    createdAt: p.at,
    source: p.source,
    ...(p.registrationStoreId ? { registrationStoreId: p.registrationStoreId } : {}),
    ...(p.referrerId ? { referrerId: p.referrerId } : {}),
    ...(p.registrationClerk ? { registrationClerk: p.registrationClerk } : {}),
  };
}
