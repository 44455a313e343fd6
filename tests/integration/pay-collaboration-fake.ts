/**
 * An in-memory stand-in for functions/pay/collaboration.ts, the one the stored-value and membership
 * tests mock it with: they test what a seller writes (its payment kind's TxParts, its refund takes) with
 * payment timing in their own hands (pay now, move paidAt, fail a refund). Orders and refunds are kept in
 * memory with the rules that matter to sellers (a requestId answers the same order; an order is credited
 * once; a refund is idempotent on its number, never beyond what was paid, at most 50 per payment; `takes`
 * are written in one transaction, and a failed transaction writes nothing); crediting and failed refunds
 * apply the registered kind's TxParts in a real DynamoDB transaction, as creditPaid does. The real payments
 * path is walked by pay-notify-standin, pay-core and money-journeys.
 */
import { randomBytes } from 'node:crypto';
import type { PaymentStarted } from '../../shared/contract';
import type { TxPart } from '../../functions/adapters/dynamo/tx';
import type { PaymentKind, PaymentKindName, PaymentOrder, PaymentRefund, StartPayment, StartRefund } from '../../functions/pay/collaboration';
import { sendParts } from '../../functions/adapters/dynamo/balance-repo';
import { clock } from '../../functions/lib/clock';

export const orders = new Map<string, PaymentOrder>();
const byRequest = new Map<string, string>();
export const refunds = new Map<string, PaymentRefund>();
const kinds = new Map<PaymentKindName, PaymentKind>();

export function registerPaymentKind(name: PaymentKindName, kind: PaymentKind) {
  kinds.set(name, kind);
}
export function paymentKind(name: PaymentKindName): PaymentKind {
  const k = kinds.get(name);
  if (!k) throw new Error(`payment kind ${name} is not registered`);
  return k;
}

export async function startPayment(p: StartPayment): Promise<PaymentStarted> {
  const key = `${p.memberId}#${p.requestId}`;
  let no = byRequest.get(key);
  if (!no) {
    no = `HY${Date.now()}${randomBytes(5).toString('hex')}`.slice(0, 32);
    const now = clock.now();
    orders.set(no, {
      outTradeNo: no,
      kind: p.kind,
      memberId: p.memberId,
      openid: p.openid,
      amountFen: p.amountFen,
      item: p.item,
      state: 'created',
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + 15 * 60_000).toISOString(),
      paidAt: null,
      transactionId: null,
      refundedFen: 0,
      refundCount: 0,
    });
    byRequest.set(key, no);
  }
  const o = orders.get(no)!;
  return { outTradeNo: no, amountFen: o.amountFen, expiresAt: o.expiresAt, payParams: { timeStamp: '1', nonceStr: 'n', package: `prepay_id=wx${no}`, signType: 'RSA', paySign: 'fake' } };
}

/** As a genuine notification would: credits the order once (state created → paid with the kind's parts, one transaction). */
export async function pay(outTradeNo: string, at = clock.now().toISOString()): Promise<'credited' | 'already'> {
  const o = orders.get(outTradeNo);
  if (!o) throw new Error(`no order ${outTradeNo}`);
  if (o.state !== 'created') return 'already';
  o.state = 'paid'; // the order's own condition (state = created) is taken synchronously here
  const parts = await paymentKind(o.kind).credit(o, at);
  const out = await sendParts(parts);
  if (!out.ok) {
    o.state = 'created';
    throw new Error('credit transaction failed');
  }
  o.paidAt = at;
  o.transactionId = `tx${outTradeNo}`;
  return 'credited';
}
export const credit = pay;

export async function startRefund(r: StartRefund): Promise<PaymentRefund> {
  const existing = refunds.get(r.outRefundNo);
  if (existing) return existing;
  const o = orders.get(r.outTradeNo);
  if (!o || o.state !== 'paid') throw new Error(`order ${r.outTradeNo} is not paid`);
  if (o.refundedFen + r.refundFen > o.amountFen) throw new Error('refund beyond what was paid');
  if (o.refundCount >= 50) throw new Error('at most 50 refunds per payment');
  const parts: TxPart[] = [...r.takes];
  // The refund item and the order's refunded total are in the same transaction as `takes`.
  const w = await sendParts(parts);
  if (!w.ok) throw new Error('refund transaction failed (a condition of takes)');
  const again = refunds.get(r.outRefundNo);
  if (again) return again;
  o.refundedFen += r.refundFen;
  o.refundCount += 1;
  if (o.refundedFen === o.amountFen) o.state = 'refunded';
  const refund: PaymentRefund = {
    outRefundNo: r.outRefundNo,
    outTradeNo: r.outTradeNo,
    kind: o.kind,
    memberId: o.memberId,
    refundFen: r.refundFen,
    reason: r.reason,
    state: 'requested',
    detail: r.detail,
    createdAt: clock.now().toISOString(),
  };
  refunds.set(r.outRefundNo, refund);
  return refund;
}

/** WeChat's REFUND.ABNORMAL / CLOSED: the refund fails once, and the kind gives back what it took. */
export async function failRefund(outRefundNo: string): Promise<void> {
  const r = refunds.get(outRefundNo);
  if (!r || r.state !== 'requested') return;
  r.state = 'failed';
  const o = orders.get(r.outTradeNo)!;
  o.refundedFen -= r.refundFen;
  if (o.state === 'refunded') o.state = 'paid';
  const w = await sendParts(await paymentKind(r.kind).refundFailed(r, clock.now().toISOString()));
  if (!w.ok) throw new Error('refundFailed transaction failed');
}

export async function paymentsOf(memberId: string, kind: PaymentKindName): Promise<PaymentOrder[]> {
  return [...orders.values()].filter((o) => o.memberId === memberId && o.kind === kind).sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
}

export const fakeRefunds = () => [...refunds.values()];
export const fakeOrder = (no: string) => orders.get(no);
/** Moves a paid order's paidAt (the clock of the 7-day rule). */
export function setPaidAt(no: string, at: string) {
  orders.get(no)!.paidAt = at;
}
