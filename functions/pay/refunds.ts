/**
 * Settling refunds: WeChat's refund notification, a query by the job, or a create answer says SUCCESS
 * (the refund is done), ABNORMAL or CLOSED (it failed: what it took goes back, through the kind's
 * `refundFailed` parts, once — the refund's condition is "still requested"), or PROCESSING (wait).
 */
import { getPayRefund, markWhollyRefunded, recordRefundSettled, type PayRefundRecord } from '../adapters/dynamo/pay-repo';
import * as wechatpay from '../adapters/wechatpay';
import type { RefundFacts } from '../adapters/wechatpay';
import { optimistic } from '../core';
import { clock } from '../lib/clock';
import { logger } from '../lib/logger';
import { paymentKind, sendRefund, toPaymentRefund } from './collaboration';
import { recordException } from './credit';
import { refundOutcome } from './decide';

export type SettleOutcome = 'success' | 'failed' | 'pending' | 'already_settled' | 'exception';

/** Applies WeChat's word on a refund, once. */
export async function settleRefund(facts: RefundFacts): Promise<SettleOutcome> {
  const verdict = refundOutcome(facts.status);
  return optimistic<SettleOutcome>(async () => {
    const refund = await getPayRefund(facts.outRefundNo);
    if (!refund) {
      await recordException(facts.outTradeNo, 'unknown_refund', { outRefundNo: facts.outRefundNo, refundFen: facts.refundFen, status: facts.status });
      return { done: 'exception' };
    }
    if (refund.outTradeNo !== facts.outTradeNo || refund.refundFen !== facts.refundFen) {
      await recordException(refund.outTradeNo, 'refund_mismatch', { outRefundNo: refund.outRefundNo, expectedFen: refund.refundFen, reportedFen: facts.refundFen, reportedOrder: facts.outTradeNo });
      return { done: 'exception' };
    }
    if (refund.state !== 'requested') return { done: 'already_settled' };
    if (verdict === 'pending') return { done: 'pending' };
    const at = clock.now().toISOString();
    const parts = verdict === 'failed' ? await paymentKind(refund.kind).refundFailed(toPaymentRefund(refund), at) : [];
    const out = await recordRefundSettled(refund, { state: verdict, at, refundId: facts.refundId || null, wechatStatus: facts.status, parts });
    if (out.ok) {
      if (verdict === 'success') await markWhollyRefunded(refund.outTradeNo);
      logger.info('refund settled', { outRefundNo: refund.outRefundNo, state: verdict });
      return { done: verdict };
    }
    return 'retry';
  });
}

/** Asks WeChat about one requested refund: settled when it says so; never accepted → sent again (same number). */
export async function checkRefund(r: PayRefundRecord): Promise<boolean> {
  if (r.refundId) {
    const facts = await wechatpay.queryRefund(r.outRefundNo);
    const out = await settleRefund(facts);
    return out === 'success' || out === 'failed';
  }
  // Never accepted (a send failed): the same out_refund_no again; WeChat answers the same refund if it had it.
  await sendRefund(r);
  const again = await getPayRefund(r.outRefundNo);
  if (again?.refundId && again.wechatStatus && refundOutcome(again.wechatStatus) !== 'pending') {
    const out = await settleRefund({ mchid: '', outTradeNo: again.outTradeNo, outRefundNo: again.outRefundNo, refundId: again.refundId, status: again.wechatStatus as RefundFacts['status'], refundFen: again.refundFen, totalFen: 0 });
    return out === 'success' || out === 'failed';
  }
  return false;
}
