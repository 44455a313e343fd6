/**
 * What other capabilities may ask of payments (issue 17). Stored value and paid membership sell through
 * `startPayment`, give money back through `startRefund`, and register what crediting a paid order of their
 * kind writes (`registerPaymentKind`, wired at the payment Lambdas' entry so no import cycle arises).
 *
 * The registry, the order start, the refund start and the member's orders live here, so that payments'
 * own use cases (credit, notify, reconcile) import this file and it imports none of them.
 */
import { randomBytes } from 'node:crypto';
import type { PaymentStarted } from '../../shared/contract';
import {
  createPayOrder,
  getPayOrder,
  getPayRefund,
  memberPayments,
  payRequestOrder,
  recordRefundRequested,
  recordRefundSent,
  savePrepayId,
  type PayOrderRecord,
  type PayRefundRecord,
} from '../adapters/dynamo/pay-repo';
import type { TxPart } from '../adapters/dynamo/tx';
import * as wechatpay from '../adapters/wechatpay';
import { optimistic } from '../core';
import { clock } from '../lib/clock';
import { fail } from '../lib/errors';
import { logger } from '../lib/logger';
import { MAX_REFUNDS, PAY_EXPIRY_MS, newOutTradeNo, refundRefusal } from './decide';

export type PaymentKindName = 'recharge' | 'membership';

/** A payment order as kept (item `PAYORDER#<outTradeNo>`). */
export interface PaymentOrder {
  outTradeNo: string;
  kind: PaymentKindName;
  memberId: string;
  openid: string;
  amountFen: number;
  /** What was sold, as it was when the order was made (package or plan snapshot); read back when crediting. */
  item: { id: string; name: string; detail: Record<string, unknown> };
  state: 'created' | 'paid' | 'closed' | 'refunded';
  createdAt: string;
  expiresAt: string;
  paidAt: string | null;
  transactionId: string | null;
  /** Sum of refunds accepted so far (requested or done), and how many (WeChat allows 50 per payment). */
  refundedFen: number;
  refundCount: number;
}

/** A refund as kept (item `PAYREFUND#<outRefundNo>`). */
export interface PaymentRefund {
  outRefundNo: string;
  outTradeNo: string;
  kind: PaymentKindName;
  memberId: string;
  refundFen: number;
  reason: string;
  /** requested: written and sent (or to be sent again); success / failed after WeChat's answer or notification. */
  state: 'requested' | 'success' | 'failed';
  /** What the refund took from the member's side (e.g. principal and bonus), given back when it fails. */
  detail: Record<string, unknown>;
  createdAt: string;
}

/** A kind of thing sold: what crediting its paid order writes, and what a failed refund gives back. */
export interface PaymentKind {
  /**
   * Reads what the credit needs and decides (pure rules in shared/domain) the writes added to the
   * transaction that marks the order paid. Called again after a conflict (fresh reads).
   */
  credit(order: PaymentOrder, at: string): Promise<TxPart[]>;
  /** A refund WeChat did not complete (ABNORMAL, CLOSED): the writes that give back what it took. */
  refundFailed(refund: PaymentRefund, at: string): Promise<TxPart[]>;
}

const kinds = new Map<PaymentKindName, PaymentKind>();

export function registerPaymentKind(name: PaymentKindName, kind: PaymentKind): void {
  kinds.set(name, kind);
}

export function paymentKind(name: PaymentKindName): PaymentKind {
  const k = kinds.get(name);
  if (!k) throw new Error(`payment kind ${name} is not registered at this entry point`);
  return k;
}

export interface StartPayment {
  kind: PaymentKindName;
  memberId: string;
  openid: string;
  amountFen: number;
  /** ≤ 127 characters: shown in WeChat's pay sheet and bill, e.g. 储值 ¥500 送 ¥50. */
  description: string;
  item: PaymentOrder['item'];
  /** The member's request id: a retry answers the same order (and the same pay parameters while unpaid). */
  requestId: string;
}

/** The order as other capabilities see it. */
export function toPaymentOrder(o: PayOrderRecord): PaymentOrder {
  return {
    outTradeNo: o.outTradeNo,
    kind: o.kind,
    memberId: o.memberId,
    openid: o.openid,
    amountFen: o.amountFen,
    item: o.item,
    state: o.state,
    createdAt: o.createdAt,
    expiresAt: o.expiresAt,
    paidAt: o.paidAt,
    transactionId: o.transactionId,
    refundedFen: o.refundedFen,
    refundCount: o.refundCount,
  };
}

/**
 * Creates the payment order item and the JSAPI order (time_expire set), answering the signed pay parameters.
 * Idempotent on memberId + requestId: a retried start answers the same order (a new signature over its
 * prepay id). The order item is written before WeChat is asked, so a notification never finds no order;
 * a JSAPI call that fails leaves a created order without prepay id, which a retry completes and the
 * reconciliation closes when it expires.
 */
export async function startPayment(p: StartPayment): Promise<PaymentStarted> {
  if (!Number.isInteger(p.amountFen) || p.amountFen <= 0) throw new Error('startPayment: amountFen must be a positive integer');
  const now = clock.now();
  let order: PayOrderRecord | null = null;
  const used = await payRequestOrder(p.memberId, p.requestId);
  if (used) order = await getPayOrder(used);
  if (!order) {
    const fresh: PayOrderRecord = {
      outTradeNo: newOutTradeNo(now, BigInt(`0x${randomBytes(8).toString('hex')}`).toString(36)),
      kind: p.kind,
      memberId: p.memberId,
      openid: p.openid,
      amountFen: p.amountFen,
      item: p.item,
      state: 'created',
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + PAY_EXPIRY_MS).toISOString(),
      paidAt: null,
      transactionId: null,
      refundedFen: 0,
      refundCount: 0,
      description: p.description.slice(0, 127),
      requestId: p.requestId,
      prepayId: null,
      closedAt: null,
      shippingUploadedAt: null,
      shippingError: null,
      rev: 1,
    };
    const out = await createPayOrder(fresh);
    if (out.ok) order = fresh;
    else order = out.outTradeNo ? await getPayOrder(out.outTradeNo) : null;
    if (!order) throw fail('busy', 'the payment is being started; retry the same request');
  }
  let prepayId = order.prepayId;
  // A retry after it was paid or closed answers the same order (the page's poll then says which).
  if (!prepayId && order.state !== 'created') throw fail('pay_unavailable', `payment ${order.outTradeNo} is ${order.state}; start a new one`);
  if (!prepayId) {
    // Same out_trade_no on a retry: WeChat answers the same prepay for the same content.
    prepayId = (
      await wechatpay.createJsapiOrder({
        outTradeNo: order.outTradeNo,
        description: order.description,
        amountFen: order.amountFen,
        payerOpenid: order.openid,
        timeExpire: order.expiresAt,
        attach: order.kind,
      })
    ).prepayId;
    await savePrepayId(order.outTradeNo, prepayId);
  }
  return { outTradeNo: order.outTradeNo, amountFen: order.amountFen, expiresAt: order.expiresAt, payParams: await wechatpay.payParamsFor(prepayId) };
}

export interface StartRefund {
  outTradeNo: string;
  /** Deterministic from the member's or clerk's request: reused when the request is retried. */
  outRefundNo: string;
  refundFen: number;
  reason: string;
  detail: PaymentRefund['detail'];
  /** What the refund takes on our side (e.g. the balance debit), written in the same transaction as the refund item. */
  takes: TxPart[];
}

export function toPaymentRefund(r: PayRefundRecord): PaymentRefund {
  return {
    outRefundNo: r.outRefundNo,
    outTradeNo: r.outTradeNo,
    kind: r.kind,
    memberId: r.memberId,
    refundFen: r.refundFen,
    reason: r.reason,
    state: r.state,
    detail: r.detail,
    createdAt: r.createdAt,
  };
}

/**
 * Writes the refund item, the order's refunded total (≤ paid, ≤ 50 refunds) and `takes` in one transaction,
 * then asks WeChat (same out_refund_no on every retry). Idempotent on outRefundNo.
 * Refused (`pay_refund_refused`) when the order is not paid, the amount exceeds what is left, or 50 refunds
 * were made. A WeChat failure leaves the refund `requested`: the reconciliation job sends it again.
 */
/** The refund's transaction failed on what the caller's `takes` required (its read moved): read and decide again. */
export class RefundTakesRefused extends Error {
  constructor(readonly outRefundNo: string) {
    super(`refund ${outRefundNo}: the caller's writes no longer hold; read again`);
    this.name = 'RefundTakesRefused';
  }
}

export async function startRefund(r: StartRefund): Promise<PaymentRefund> {
  const refund = await optimistic<PayRefundRecord>(async () => {
    const existing = await getPayRefund(r.outRefundNo);
    if (existing) return { done: existing };
    const order = await getPayOrder(r.outTradeNo);
    if (!order) throw fail('payment_not_found', `no payment ${r.outTradeNo}`);
    const refusal = refundRefusal(order, r.refundFen);
    if (refusal) throw fail('pay_refund_refused', `refund refused: ${refusal}`);
    const record: PayRefundRecord = {
      outRefundNo: r.outRefundNo,
      outTradeNo: r.outTradeNo,
      kind: order.kind,
      memberId: order.memberId,
      refundFen: r.refundFen,
      reason: r.reason.slice(0, 80),
      state: 'requested',
      detail: r.detail,
      createdAt: clock.now().toISOString(),
      refundId: null,
      settledAt: null,
      wechatStatus: null,
      lastSentAt: null,
    };
    const out = await recordRefundRequested(record, order, r.takes, MAX_REFUNDS);
    if (out.ok) return { done: record };
    if (out.failed === 'refund_exists' && out.existing) return { done: out.existing };
    if (out.failed === 'order_refused') {
      // The order moved since it was read (another refund): read again and decide again.
      return 'retry';
    }
    // The caller's takes were decided on its own read (e.g. the balance's revision): sending them again
    // cannot succeed, so the caller reads again and decides again (RefundTakesRefused is not an AppError).
    if (r.takes.length > 0) throw new RefundTakesRefused(r.outRefundNo);
    return 'retry';
  });
  if (refund.state === 'requested') await sendRefund(refund);
  return toPaymentRefund((await getPayRefund(refund.outRefundNo)) ?? refund);
}

/** Sends (or sends again) a requested refund to WeChat with its out_refund_no; failures are left to the job. */
export async function sendRefund(refund: PayRefundRecord): Promise<void> {
  const order = await getPayOrder(refund.outTradeNo);
  if (!order) return;
  const at = clock.now().toISOString();
  try {
    const facts = await wechatpay.createRefund({ outTradeNo: refund.outTradeNo, outRefundNo: refund.outRefundNo, reason: refund.reason, refundFen: refund.refundFen, totalFen: order.amountFen });
    await recordRefundSent(refund.outRefundNo, { at, refundId: facts.refundId, status: facts.status });
  } catch (e) {
    logger.warn('refund not accepted yet; the reconciliation job sends it again', { outRefundNo: refund.outRefundNo, error: (e as Error).message });
    await recordRefundSent(refund.outRefundNo, { at, refundId: null, status: 'SEND_FAILED' });
  }
}

/** The member's payment orders of one kind, newest first. */
export async function paymentsOf(memberId: string, kind: PaymentKindName): Promise<PaymentOrder[]> {
  return (await memberPayments(memberId, kind)).map(toPaymentOrder);
}
