/**
 * What other capabilities may ask of referrals (邀请有礼, issue 19):
 * - members: whose invitation a referral code is, before it creates the member with the referral bound;
 * - insight: the stream consumer that notes bindings, the referee's first qualifying purchase and returns.
 */
import { getReferralSettings, referralCodeOwner, standingOf } from '../adapters/dynamo/referral-repo';

export { noteReferrals } from './stream';

/** The member a referral code belongs to, when she may still invite (not frozen, not deleted); else null. */
export async function referrerByCode(code: string): Promise<string | null> {
  const [owner, { settings }] = await Promise.all([referralCodeOwner(code), getReferralSettings()]);
  if (!owner || !settings.enabled) return null;
  const standing = (await standingOf([owner])).get(owner);
  return standing?.ok ? owner : null;
}
