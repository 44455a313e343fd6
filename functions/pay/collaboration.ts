/**
 * What other capabilities may ask of payments (issue 17). Stored value and paid membership sell through
 * `startPayment`, give money back through `startRefund`, and register what crediting a paid order of their
 * kind writes (`registerPaymentKind`, wired at the payment Lambdas' entry so no import cycle arises).
 *
 * STUB written before the work was split: the payments helper implements it with these signatures.
 */
import type { PaymentStarted } from '../../shared/contract';
import type { TxPart } from '../adapters/dynamo/tx';

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

/** Creates the payment order item and the JSAPI order (time_expire set), answering the signed pay parameters. */
export async function startPayment(p: StartPayment): Promise<PaymentStarted> {
  void p;
  throw new Error('startPayment: not implemented yet');
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

/**
 * Writes the refund item, the order's refunded total (≤ paid, ≤ 50 refunds) and `takes` in one transaction,
 * then asks WeChat (same out_refund_no on every retry). Idempotent on outRefundNo.
 */
export async function startRefund(r: StartRefund): Promise<PaymentRefund> {
  void r;
  throw new Error('startRefund: not implemented yet');
}

/** The member's payment orders of one kind, newest first. */
export async function paymentsOf(memberId: string, kind: PaymentKindName): Promise<PaymentOrder[]> {
  void memberId;
  void kind;
  throw new Error('paymentsOf: not implemented yet');
}
