/** The admin's payments page and the member's status read (functions/pay). */
import type { AdminPayment, AdminPaymentsQuery, AdminPaymentsResponse, AdminRefundsQuery, AdminRefundsResponse, PaymentExceptionsResponse, PaymentStatus } from '../../shared/contract';
import { getPayOrder, isPayCursor, listPaymentExceptions, listPayments, listRefunds, type PayOrderRecord } from '../adapters/dynamo/pay-repo';
import { resolveMemberId } from '../core';
import { clock } from '../lib/clock';
import { fail } from '../lib/errors';
import type { Session } from '../lib/session';

function checkCursor(cursor: string | undefined, pk: string): string | null {
  if (!cursor) return null;
  if (!isPayCursor(cursor, pk)) throw fail('invalid_input', 'invalid query: cursor', [{ path: 'cursor', message: 'not a cursor from this list' }]);
  return cursor;
}

function adminView(o: PayOrderRecord): AdminPayment {
  return {
    outTradeNo: o.outTradeNo,
    kind: o.kind,
    memberId: o.memberId,
    amountFen: o.amountFen,
    itemName: o.item.name,
    state: o.state,
    createdAt: o.createdAt,
    expiresAt: o.expiresAt,
    paidAt: o.paidAt,
    transactionId: o.transactionId,
    refundedFen: o.refundedFen,
    refundCount: o.refundCount,
    shippingUploaded: !!o.shippingUploadedAt,
    shippingError: o.shippingError,
  };
}

export async function adminPayments(q: AdminPaymentsQuery): Promise<AdminPaymentsResponse> {
  const cursor = checkCursor(q.cursor, q.state === 'created' ? 'PAYPENDING' : 'PAYORDERS');
  const page = await listPayments({ kind: q.kind, state: q.state, limit: q.limit ?? 50, cursor });
  return { payments: page.orders.map(adminView), cursor: page.cursor };
}

export async function adminRefunds(q: AdminRefundsQuery): Promise<AdminRefundsResponse> {
  const page = await listRefunds({ limit: q.limit ?? 50, cursor: checkCursor(q.cursor, 'PAYREFUNDS') });
  return {
    refunds: page.refunds.map((r) => ({
      outRefundNo: r.outRefundNo,
      outTradeNo: r.outTradeNo,
      kind: r.kind,
      memberId: r.memberId,
      refundFen: r.refundFen,
      reason: r.reason,
      state: r.state,
      createdAt: r.createdAt,
      settledAt: r.settledAt,
      wechatStatus: r.wechatStatus,
    })),
    cursor: page.cursor,
  };
}

export async function adminPaymentExceptions(): Promise<PaymentExceptionsResponse> {
  return { exceptions: await listPaymentExceptions(clock.now()) };
}

/** The member's own payment (another member's is a 404, as an unknown one). */
export async function myPayment(session: Session, outTradeNo: string): Promise<PaymentStatus> {
  const memberId = await resolveMemberId(session);
  const o = await getPayOrder(outTradeNo);
  if (!o || o.memberId !== memberId) throw fail('payment_not_found', `no payment ${outTradeNo}`);
  return { outTradeNo: o.outTradeNo, kind: o.kind, state: o.state, amountFen: o.amountFen, paidAt: o.paidAt };
}
