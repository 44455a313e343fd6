/** The member's coupons as the till sees them: resolved from ids or scanned codes, checked by the shared rules. */
import { evaluateCoupons, UNKNOWN_OWNER, type BasketLine, type CouponAtTill, type CouponEvaluation } from '../../shared/domain';
import { findCouponByCode, listMemberCoupons, type MemberCouponRecord } from '../adapters/dynamo/coupon-repo';
import { AppError } from '../lib/errors';

export interface TillCoupons {
  wallet: MemberCouponRecord[];
  evaluation: CouponEvaluation;
  /** The request's entries, resolved to coupon ids (or the entry itself when unknown). */
  resolved: string[];
}

export async function couponsAtTill(p: {
  memberId: string;
  storeId: string;
  lines: BasketLine[];
  refs: string[];
  now: string;
  /** The member's wallet when the caller already read it (alongside the account, in parallel). */
  wallet?: MemberCouponRecord[];
}): Promise<TillCoupons> {
  const wallet = p.wallet ?? (await listMemberCoupons(p.memberId));
  const resolved: string[] = [];
  const atTill: CouponAtTill[] = [];
  for (const ref of p.refs) {
    let mine = wallet.find((c) => c.couponId === ref || c.code === ref);
    let owner = p.memberId;
    if (!mine && /^\d{16}$/.test(ref)) {
      const other = await findCouponByCode(ref);
      if (other) owner = other.memberId;
      mine = undefined;
      resolved.push(other?.couponId ?? ref);
      atTill.push({ id: other?.couponId ?? ref, ownerId: other ? owner : UNKNOWN_OWNER, state: 'available', validFrom: '', validUntil: '9999', terms: { kind: 'amountOff', scope: { kind: 'all' }, stores: null, stackable: true } });
      continue;
    }
    if (!mine) {
      resolved.push(ref);
      atTill.push({ id: ref, ownerId: UNKNOWN_OWNER, state: 'available', validFrom: '', validUntil: '9999', terms: { kind: 'amountOff', scope: { kind: 'all' }, stores: null, stackable: true } });
      continue;
    }
    resolved.push(mine.couponId);
    atTill.push({ id: mine.couponId, ownerId: mine.memberId, state: mine.state, validFrom: mine.validFrom, validUntil: mine.validUntil, terms: mine.terms });
  }
  const evaluation = evaluateCoupons({ lines: p.lines, coupons: atTill, memberId: p.memberId, storeId: p.storeId, now: p.now });
  return { wallet, evaluation, resolved };
}

/**
 * A refused coupon fails the checkout, naming each refused entry and its reason: 409 when a coupon
 * was already used (by another order), 422 for the other reasons (wrong store, threshold, scope…).
 */
export function refuseIfAny(t: TillCoupons) {
  if (t.evaluation.refusals.length === 0) return;
  const used = t.evaluation.refusals.some((r) => r.reason === 'used');
  throw new AppError(
    used ? 409 : 422,
    used ? 'coupon_used' : 'coupon_refused',
    `coupon refused: ${t.evaluation.refusals.map((r) => `${r.couponId} ${r.reason}`).join('; ')}`,
    t.evaluation.refusals.map((r) => ({ path: `coupons.${t.resolved.indexOf(r.couponId)}`, message: `${r.reason}: ${r.message}` })),
  );
}

/** Lines priced at what remains after the coupons' allocations (for points on the amount paid). */
export function netLines(lines: BasketLine[], e: CouponEvaluation): BasketLine[] {
  return lines.map((l, i) => {
    const off = e.applied.reduce((s, a) => s + (a.allocationsFen[i] ?? 0), 0);
    return { sku: l.sku, category: l.category, quantity: 1, unitPriceFen: l.quantity * l.unitPriceFen - off };
  });
}
