/**
 * A faithful in-memory stand-in for functions/pay/collaboration.ts (issue 17), for the membership tests
 * written while the payments part was built in parallel: orders are kept in memory, but crediting and
 * refunding apply the seller's TxParts in real DynamoDB transactions, exactly once per order / refund,
 * reading again after a conflict — as `creditPaid` and `startRefund` are specified to. Once the payments
 * part is merged, the membership tests should run against the real module too (drop the jest.mock).
 */
import type { PaymentStarted } from '../../shared/contract';
import type { PaymentKind, PaymentKindName, PaymentOrder, PaymentRefund, StartPayment, StartRefund } from '../../functions/pay/collaboration';
import { Tx } from '../../functions/adapters/dynamo/tx';
import { clock } from '../../functions/lib/clock';

export type { PaymentKind, PaymentKindName, PaymentOrder, PaymentRefund } from '../../functions/pay/collaboration';

const kinds = new Map<PaymentKindName, PaymentKind>();
export function registerPaymentKind(name: PaymentKindName, kind: PaymentKind): void {
  kinds.set(name, kind);
}
export function paymentKind(name: PaymentKindName): PaymentKind {
  const k = kinds.get(name);
  if (!k) throw new Error(`payment kind ${name} is not registered at this entry point`);
  return k;
}

export const orders = new Map<string, PaymentOrder>();
const requests = new Map<string, string>();
export const refunds = new Map<string, PaymentRefund>();
let seq = 0;

export async function startPayment(p: StartPayment): Promise<PaymentStarted> {
  const key = `${p.memberId}#${p.requestId}`;
  let no = requests.get(key);
  if (!no) {
    no = `HY${Date.now()}${String(++seq).padStart(4, '0')}`;
    const at = clock.now();
    orders.set(no, {
      outTradeNo: no,
      kind: p.kind,
      memberId: p.memberId,
      openid: p.openid,
      amountFen: p.amountFen,
      item: p.item,
      state: 'created',
      createdAt: at.toISOString(),
      expiresAt: new Date(at.getTime() + 15 * 60_000).toISOString(),
      paidAt: null,
      transactionId: null,
      refundedFen: 0,
      refundCount: 0,
    });
    requests.set(key, no);
  }
  const o = orders.get(no)!;
  return { outTradeNo: no, amountFen: o.amountFen, expiresAt: o.expiresAt, payParams: { timeStamp: '1', nonceStr: 'n', package: `prepay_id=wx${no}`, signType: 'RSA', paySign: 'sig' } };
}

/** What `creditPaid` does after a genuine notification: the order created→paid once, with the kind's parts. */
export async function credit(outTradeNo: string): Promise<'credited' | 'already'> {
  const o = orders.get(outTradeNo);
  if (!o) throw new Error(`no order ${outTradeNo}`);
  for (let i = 0; i < 20; i++) {
    if (o.state !== 'created') return 'already';
    const at = clock.now().toISOString();
    const parts = await paymentKind(o.kind).credit(o, at);
    const tx = new Tx();
    for (const p of parts) p.apply(tx);
    const out = tx.size > 0 ? await tx.send() : { ok: true as const };
    if (out.ok) {
      if (o.state !== 'created') return 'already';
      o.state = 'paid';
      o.paidAt = at;
      return 'credited';
    }
  }
  throw new Error('credit: conflicts did not settle');
}

export async function startRefund(r: StartRefund): Promise<PaymentRefund> {
  const existing = refunds.get(r.outRefundNo);
  if (existing) return existing;
  const o = orders.get(r.outTradeNo);
  if (!o || o.state !== 'paid' || o.refundedFen + r.refundFen > o.amountFen || o.refundCount >= 50) throw new Error('refund refused by the order');
  const tx = new Tx();
  for (const p of r.takes) p.apply(tx);
  const out = tx.size > 0 ? await tx.send() : { ok: true as const };
  if (!out.ok) throw new Error(`refund takes failed: ${out.failed.join(',')}`);
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
  o.refundedFen += r.refundFen;
  o.refundCount += 1;
  refunds.set(r.outRefundNo, refund);
  return refund;
}

/** WeChat answered REFUND.ABNORMAL / CLOSED: the kind gives back what the refund took, once. */
export async function failRefund(outRefundNo: string): Promise<void> {
  const r = refunds.get(outRefundNo);
  if (!r || r.state !== 'requested') return;
  const parts = await paymentKind(r.kind).refundFailed(r, clock.now().toISOString());
  const tx = new Tx();
  for (const p of parts) p.apply(tx);
  if (tx.size > 0) {
    const out = await tx.send();
    if (!out.ok) throw new Error(`refundFailed parts failed: ${out.failed.join(',')}`);
  }
  r.state = 'failed';
}

export async function paymentsOf(memberId: string, kind: PaymentKindName): Promise<PaymentOrder[]> {
  return [...orders.values()].filter((o) => o.memberId === memberId && o.kind === kind).reverse();
}
