/**
 * What other capabilities may ask of referrals (邀请有礼, issue 19). Registration (functions/members) asks
 * whose invitation a referral code is, before it creates the member with the referral bound.
 */

/** The member a referral code belongs to, when she may still invite (not frozen, not deleted); else null. */
export async function referrerByCode(code: string): Promise<string | null> {
  void code;
  return null; // STUB: part "referrals" implements it (keys.referralCode).
}
