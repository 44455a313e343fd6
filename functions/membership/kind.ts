/**
 * What crediting a paid membership order writes (registered with payments as the `membership` kind): the
 * term extended by the plan's months from max(now, termEnd), once per order (a guard item), in the
 * transaction that marks the order paid. The first month's coupon pack cannot join that transaction
 * (issuing is its own unit of work with stock shards): it is given right after, idempotently, by
 * `settlePacks` — on the member's page (which she opens once the payment is seen paid) and by the daily job.
 */
import type { PaymentKind, PaymentOrder, PaymentRefund } from '../pay/collaboration';
import { getPlus, plusCreditPart, plusCredited, plusRefundFailedPart } from '../adapters/dynamo/membership-repo';
import { creditedPlus, movedPlus, type PlanSnapshot } from './term';

export const membershipPaymentKind: PaymentKind = {
  async credit(order: PaymentOrder, at: string) {
    // Read fresh on every call (the payment's transaction calls again after a conflict).
    const [credited, before] = await Promise.all([plusCredited(order.memberId, order.outTradeNo), getPlus(order.memberId)]);
    if (credited) return [];
    const plan = order.item.detail as unknown as PlanSnapshot;
    const next = { ...creditedPlus(before, plan, order, at), memberId: order.memberId };
    return [plusCreditPart(before, next, order.outTradeNo, at)];
  },

  async refundFailed(refund: PaymentRefund, at: string) {
    const plus = await getPlus(refund.memberId);
    const purchase = plus?.purchases.find((p) => p.outTradeNo === refund.outTradeNo);
    // Nothing to give back unless this refund took the purchase's months.
    if (!plus || !purchase || purchase.outRefundNo !== refund.outRefundNo) return [];
    const months = Number((refund.detail as { months?: number }).months ?? purchase.months);
    const voided = ((refund.detail as { voided?: string[] }).voided ?? []).map((couponId) => ({ couponId }));
    const next = movedPlus(plus, refund.outTradeNo, months, null, at);
    return [plusRefundFailedPart(plus, next, voided, `plusrefund:${refund.outRefundNo}`)];
  },
};
