/**
 * Crediting a paid order, the one way money becomes what it bought: the notification, the
 * reconciliation job and the admin's "ask WeChat now" all end here. WeChat's facts must be this order's
 * (appid, mchid, out_trade_no, amount, SUCCESS); then one transaction marks the order paid (condition:
 * still created) with the kind's writes, retried on conflicts with fresh reads. A second caller finds
 * it paid and changes nothing. A mismatch is recorded as an exception for the desk and credits nothing.
 */
import { getPayOrder, recordPaid, recordPayException, type PayOrderRecord } from '../adapters/dynamo/pay-repo';
import type { PaymentFacts } from '../adapters/wechatpay';
import { optimistic } from '../core';
import { clock } from '../lib/clock';
import { logger } from '../lib/logger';
import { paymentKind, toPaymentOrder } from './collaboration';
import { mismatchOf } from './decide';
import { payIdentity } from './settings';
import { uploadShipping } from './shipping';

export type CreditOutcome = 'credited' | 'already_paid' | 'exception';

/** Records a payment exception once per order and reason (a retried notification adds nothing). */
export async function recordException(outTradeNo: string, reason: string, detail: Record<string, unknown>): Promise<void> {
  const fresh = await recordPayException({ at: clock.now().toISOString(), outTradeNo, reason, detail });
  if (fresh) logger.warn('payment exception', { outTradeNo, reason });
}

/**
 * Credits the order WeChat reports paid, exactly once. `facts.tradeState` must be SUCCESS (callers
 * check); a fact that does not match the order, an unknown order or a closed one is an exception.
 * `orderRead`: the order's read already under way (the notification reads it beside the nonce's claim).
 */
export async function creditPaid(outTradeNo: string, facts: PaymentFacts, orderRead?: Promise<PayOrderRecord | null>): Promise<CreditOutcome> {
  const first = await (orderRead ?? getPayOrder(outTradeNo));
  if (!first) {
    await recordException(outTradeNo, 'unknown_order', { reportedFen: facts.totalFen, transactionId: facts.transactionId });
    return 'exception';
  }
  const mismatch = mismatchOf(first, facts, payIdentity());
  if (mismatch) {
    await recordException(outTradeNo, mismatch.reason, { ...mismatch.detail, transactionId: facts.transactionId });
    return 'exception';
  }
  let winner: PayOrderRecord | null = null;
  // The first attempt uses the order just read; a retry (lost race) reads it again.
  let read: PayOrderRecord | null = first;
  const outcome = await optimistic<CreditOutcome>(async () => {
    const order = read ?? (await getPayOrder(outTradeNo));
    read = null;
    if (!order) return { done: 'exception' };
    if (order.state === 'paid' || order.state === 'refunded') return { done: 'already_paid' };
    if (order.state === 'closed') {
      // WeChat took money for an order we closed (it refuses to close a paid one, so this is a race with
      // our own close): the desk refunds or credits by hand.
      await recordException(outTradeNo, 'paid_after_close', { amountFen: order.amountFen, transactionId: facts.transactionId });
      return { done: 'exception' };
    }
    const paidAt = facts.successTime ? new Date(facts.successTime).toISOString() : clock.now().toISOString();
    const parts = await paymentKind(order.kind).credit(toPaymentOrder(order), paidAt);
    const out = await recordPaid(order, { transactionId: facts.transactionId, paidAt, parts });
    if (out.ok) {
      winner = { ...order, state: 'paid', paidAt, transactionId: facts.transactionId };
      return { done: 'credited' };
    }
    if (out.failed === 'not_created' && out.current && out.current.state !== 'created') return 'retry';
    return 'retry';
  });
  if (outcome === 'credited' && winner) {
    logger.info('payment credited', { outTradeNo, kind: (winner as PayOrderRecord).kind });
    // WeChat wants the notification answered within 5 s: the upload gets a bounded wait (it never throws;
    // one not finished in time stays in the PAYSHIP index and the job uploads it).
    await Promise.race([uploadShipping(winner), new Promise((r) => setTimeout(r, SHIPPING_WAIT_MS).unref?.())]);
  }
  return outcome;
}

/** How long a credit waits for its shipping upload before answering. */
const SHIPPING_WAIT_MS = 1_500;
