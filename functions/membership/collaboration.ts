/**
 * What paid membership offers other capabilities:
 * - payments: `membershipPaymentKind` (what crediting a paid membership order writes, what a failed refund
 *   gives back), registered at the payment Lambdas' entry; `settlePacks` (the month's coupon pack, idempotent)
 *   may be called right after a membership order is credited;
 * - members: `plusBadgeOf` (the badge on her member card);
 * - checkout: `plusAtTill` (the member's running plan multiplier) and `notePlusPerk` (in the checkout's
 *   transaction: the purchase earned with the plan's multiplier, a perk used).
 */
import { isActive, lastDayOf } from '../../shared/domain/membership';
import { getPlus } from '../adapters/dynamo/membership-repo';

const termOf = (p: { startDate: string; months: number }) => ({ startDate: p.startDate, months: p.months });

export { membershipPaymentKind } from './kind';
export { settlePacks } from './term';
export { notePlusPerk } from '../adapters/dynamo/membership-repo';

/** The member's plan multiplier at `at` (null when no term runs then). */
export async function plusAtTill(memberId: string, at: string): Promise<{ multiplier: number } | null> {
  const plus = await getPlus(memberId, false);
  return plus && isActive(termOf(plus), at) ? { multiplier: plus.multiplier } : null;
}

/** The badge of her running term, for the member card (null when none runs). */
export async function plusBadgeOf(memberId: string, at: string): Promise<{ badge: string; planName: string; lastDay: string } | null> {
  const plus = await getPlus(memberId, false);
  return plus && isActive(termOf(plus), at) ? { badge: plus.badge, planName: plus.planName, lastDay: lastDayOf(termOf(plus)) } : null;
}
