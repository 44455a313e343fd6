/**
 * Payments' pure rules (issue 17): order numbers, whether WeChat's facts are our order's, what the
 * reconciliation does with an order, whether an order can take a refund, what a refund status settles.
 * No I/O: unit-tested in tests/unit/pay-decide.test.ts.
 */

/** time_expire: an unpaid order is closed after this. */
export const PAY_EXPIRY_MS = 15 * 60_000;
/** The reconciliation asks WeChat about orders created at least this long ago (notifications come first). */
export const RECONCILE_AFTER_MS = 10 * 60_000;
/** A refund still `requested` after this is sent again (same out_refund_no) or queried. */
export const REFUND_RESEND_AFTER_MS = 60_000;
/** Shipping uploads that failed are retried once the order has been paid this long. */
export const SHIPPING_RETRY_AFTER_MS = 60_000;
/** WeChat Pay allows at most 50 partial refunds per payment. */
export const MAX_REFUNDS = 50;
/** A notification's nonce is kept this long (WeChat retries for about a day with new nonces). */
export const NONCE_TTL_SECONDS = 86_400;

/**
 * `HY` + yyyyMMddHHmmss in Beijing time + 10 base36 characters: 26 characters of [0-9A-Z], within
 * WeChat's 6–32 of [0-9a-zA-Z_-|*], sortable by time, unguessable enough to be no enumeration handle.
 */
export function newOutTradeNo(now: Date, random10: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(now)
      .map((x) => [x.type, x.value]),
  );
  const r = random10.toUpperCase().replace(/[^0-9A-Z]/g, '0').padEnd(10, '0').slice(0, 10);
  return `HY${p.year}${p.month}${p.day}${p.hour}${p.minute}${p.second}${r}`;
}

export interface OrderView {
  outTradeNo: string;
  amountFen: number;
  state: 'created' | 'paid' | 'closed' | 'refunded';
  expiresAt: string;
  refundedFen: number;
  refundCount: number;
}

export interface FactsView {
  appid: string;
  mchid: string;
  outTradeNo: string;
  tradeState: string;
  totalFen: number;
}

export type Mismatch = { reason: 'appid_mismatch' | 'mchid_mismatch' | 'order_mismatch' | 'amount_mismatch'; detail: Record<string, unknown> };

/** Facts reported as paid are ours only when app, merchant, order number and amount all match. */
export function mismatchOf(order: OrderView, facts: FactsView, ours: { appid: string; mchid: string }): Mismatch | null {
  if (facts.appid !== ours.appid) return { reason: 'appid_mismatch', detail: { expected: ours.appid, reported: facts.appid } };
  if (facts.mchid !== ours.mchid) return { reason: 'mchid_mismatch', detail: { expected: ours.mchid, reported: facts.mchid } };
  if (facts.outTradeNo !== order.outTradeNo) return { reason: 'order_mismatch', detail: { expected: order.outTradeNo, reported: facts.outTradeNo } };
  if (facts.totalFen !== order.amountFen) return { reason: 'amount_mismatch', detail: { expectedFen: order.amountFen, reportedFen: facts.totalFen } };
  return null;
}

export type ReconcileAction =
  /** WeChat says paid: credit it (once). */
  | 'credit'
  /** Unpaid past time_expire: close it at WeChat, then mark it closed. */
  | 'close'
  /** WeChat closed it already (CLOSED, REVOKED, PAYERROR): mark it closed. */
  | 'mark_closed'
  /** Not paid yet, not expired (or the member is paying): look again next run. */
  | 'wait'
  /** REFUND before we ever credited it: money moved for an order we think unpaid; for the desk. */
  | 'exception';

/** What the reconciliation does with a created order given WeChat's trade_state. */
export function reconcileAction(order: OrderView, tradeState: string, now: Date): ReconcileAction {
  switch (tradeState) {
    case 'SUCCESS':
      return 'credit';
    case 'CLOSED':
    case 'REVOKED':
    case 'PAYERROR':
      return 'mark_closed';
    case 'NOTPAY':
    case 'USERPAYING':
      // A minute's grace past time_expire: WeChat closes at time_expire, a payment in flight finishes first.
      return now.getTime() > new Date(order.expiresAt).getTime() + 60_000 ? 'close' : 'wait';
    case 'REFUND':
      return 'exception';
    default:
      return 'wait';
  }
}

export type RefundRefusal = 'not_paid' | 'too_much' | 'too_many' | 'bad_amount';

/** An order can take a refund when paid, the amount positive, the total ≤ paid and fewer than 50 refunds. */
export function refundRefusal(order: OrderView, refundFen: number): RefundRefusal | null {
  if (!Number.isInteger(refundFen) || refundFen <= 0) return 'bad_amount';
  if (order.state !== 'paid') return 'not_paid';
  if (order.refundedFen + refundFen > order.amountFen) return 'too_much';
  if (order.refundCount >= MAX_REFUNDS) return 'too_many';
  return null;
}

/** A refund status from WeChat (answer, query or notification): what it settles. */
export function refundOutcome(status: string): 'success' | 'failed' | 'pending' {
  if (status === 'SUCCESS') return 'success';
  if (status === 'ABNORMAL' || status === 'CLOSED') return 'failed';
  return 'pending';
}
