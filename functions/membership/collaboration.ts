/**
 * What paid membership offers other capabilities:
 * - payments: `membershipPaymentKind` (what crediting a paid membership order writes, what a failed refund
 *   gives back), registered at the payment Lambdas' entry; `settlePacks` (the month's coupon pack, idempotent)
 *   may be called right after a membership order is credited;
 * - checkout: `plusAtTill` (the member's running plan multiplier) and `notePlusPerk` (in the checkout's
 *   transaction: the purchase earned with the plan's multiplier, a perk used).
 */
import { isActive } from '../../shared/domain/membership';
import { getPlus } from '../adapters/dynamo/membership-repo';
import { termOf } from './term';

export { membershipPaymentKind } from './kind';
export { settlePacks } from './term';
export { notePlusPerk } from '../adapters/dynamo/membership-repo';

/** The member's plan multiplier at `at` (null when no term runs then). */
export async function plusAtTill(memberId: string, at: string): Promise<{ multiplier: number } | null> {
  const plus = await getPlus(memberId, false);
  return plus && isActive(termOf(plus), at) ? { multiplier: plus.multiplier } : null;
}
