/**
 * What other capabilities may ask of referrals (邀请有礼, issue 19):
 * - members: whose invitation a referral code is, before it creates the member with the referral bound;
 * - insight: the stream consumer that notes bindings, the referee's first qualifying purchase and returns;
 * - rights: her code, who invited her and whom she invited (other people masked), for her data copy.
 */
import { personLabelOrGone, REFERRAL_STATE_LABELS } from '../../shared/domain/referral';
import { getReferral, getReferralSettings, memberReferralCode, referralCodeOwner, referralsByReferrer, standingOf } from '../adapters/dynamo/referral-repo';

export { noteReferrals } from './stream';

/** The member a referral code belongs to, when she may still invite (not frozen, not deleted); else null. */
export async function referrerByCode(code: string): Promise<string | null> {
  const [owner, { settings }] = await Promise.all([referralCodeOwner(code), getReferralSettings()]);
  if (!owner || !settings.enabled) return null;
  const standing = (await standingOf([owner])).get(owner);
  return standing?.ok ? owner : null;
}

/** Her referral data: her own code, who invited her and the friends she invited, other people masked. */
export async function referralsForCopy(memberId: string): Promise<{ code: string | null; invitedBy: string | null; invited: { friend: string; at: string; state: string }[] }> {
  const [code, mine, made] = await Promise.all([memberReferralCode(memberId), getReferral(memberId), referralsByReferrer(memberId)]);
  const people = await standingOf([...(mine ? [mine.referrerId] : []), ...made.map((r) => r.refereeId)]);
  const label = (id: string) => personLabelOrGone(people.get(id));
  return {
    code,
    invitedBy: mine ? label(mine.referrerId) : null,
    invited: [...made].sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map((r) => ({ friend: label(r.refereeId), at: r.createdAt, state: REFERRAL_STATE_LABELS[r.state] })),
  };
}
