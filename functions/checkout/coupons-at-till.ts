/** The till's reads of coupons: the request's entries resolved against the wallet, or by code to another member's coupon. */
import type { CouponAtTill } from '../../shared/domain';
import { findCouponByCode, listMemberCoupons, type MemberCouponRecord } from '../adapters/dynamo/coupon-repo';
import { unknownCoupon, type TillRead } from './decide';

/**
 * Resolves each entry (a coupon id or a scanned 16-digit code) to the member's coupon; a code of
 * another member's coupon is looked up so the rules can refuse it as not hers; anything else is unknown.
 */
export async function readTillCoupons(p: {
  memberId: string;
  refs: string[];
  /** The member's wallet when the caller already read it (alongside the account, in parallel). */
  wallet?: MemberCouponRecord[];
}): Promise<TillRead> {
  const wallet = p.wallet ?? (await listMemberCoupons(p.memberId));
  const resolved: string[] = [];
  const atTill: CouponAtTill[] = [];
  for (const ref of p.refs) {
    const mine = wallet.find((c) => c.couponId === ref || c.code === ref);
    if (!mine && /^\d{16}$/.test(ref)) {
      const other = await findCouponByCode(ref);
      resolved.push(other?.couponId ?? ref);
      atTill.push(other ? { ...unknownCoupon(other.couponId), ownerId: other.memberId } : unknownCoupon(ref));
      continue;
    }
    if (!mine) {
      resolved.push(ref);
      atTill.push(unknownCoupon(ref));
      continue;
    }
    resolved.push(mine.couponId);
    atTill.push({ id: mine.couponId, ownerId: mine.memberId, state: mine.state, validFrom: mine.validFrom, validUntil: mine.validUntil, terms: mine.terms });
  }
  return { wallet, atTill, resolved };
}
