/**
 * WeChat Pay orders as the mini-program and the admin see them (issue 17). What a started payment
 * answers is shared by the capabilities that sell something (stored value, paid membership).
 */
import * as z from 'zod';
import { Fen, Instant } from './common';

/** What `wx.requestPayment` / `Taro.requestPayment` takes, signed by the backend with the merchant key. */
export const PayParams = z.object({
  timeStamp: z.string(),
  nonceStr: z.string(),
  /** `prepay_id=…` */
  package: z.string(),
  signType: z.literal('RSA'),
  paySign: z.string(),
});
export type PayParams = z.infer<typeof PayParams>;

/** A payment order created with WeChat Pay and waiting for the member to pay it. */
export const PaymentStarted = z.object({
  outTradeNo: z.string(),
  amountFen: Fen,
  /** The order's time_expire: unpaid after it, the order is closed. */
  expiresAt: Instant,
  payParams: PayParams,
});
export type PaymentStarted = z.infer<typeof PaymentStarted>;

/** A payment order's state: created (waiting), paid (credited), closed (expired or cancelled), refunded (wholly). */
export const PaymentState = z.enum(['created', 'paid', 'closed', 'refunded']);
export type PaymentState = z.infer<typeof PaymentState>;

/** What the member's page polls after paying: credited once the notification or the reconciliation has come. */
export const PaymentStatus = z.object({
  outTradeNo: z.string(),
  kind: z.enum(['recharge', 'membership']),
  state: PaymentState,
  amountFen: Fen,
  paidAt: Instant.nullable(),
});
export type PaymentStatus = z.infer<typeof PaymentStatus>;

// ---- Payments capability (issue 17, pay-core): the member's status read and the admin's lists ----

/** WeChat Pay's out_trade_no as we make it (HY + 14 digits + 10 base36), or any WeChat-valid one. */
export const OutTradeNo = z.string().regex(/^[0-9A-Za-z_\-|*]{6,32}$/, 'not a payment number');
export const OutTradeNoParams = z.object({ outTradeNo: OutTradeNo });
export type OutTradeNoParams = z.infer<typeof OutTradeNoParams>;

const PayCursor = z.string().regex(/^[A-Za-z0-9_-]{1,1500}$/, 'not a cursor from this list');
export const PaymentKind = z.enum(['recharge', 'membership']);

export const AdminPaymentsQuery = z.object({
  kind: PaymentKind.optional(),
  state: PaymentState.optional(),
  cursor: PayCursor.optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
export type AdminPaymentsQuery = z.infer<typeof AdminPaymentsQuery>;

export const AdminPayment = z.object({
  outTradeNo: z.string(),
  kind: PaymentKind,
  memberId: z.string(),
  amountFen: Fen,
  /** What was sold (package or plan name). */
  itemName: z.string(),
  state: PaymentState,
  createdAt: Instant,
  expiresAt: Instant,
  paidAt: Instant.nullable(),
  transactionId: z.string().nullable(),
  refundedFen: Fen,
  refundCount: z.number().int().nonnegative(),
  /** Shipping information (订单发货管理) uploaded to WeChat; the last failure while not. */
  shippingUploaded: z.boolean(),
  shippingError: z.string().nullable(),
});
export type AdminPayment = z.infer<typeof AdminPayment>;

export const AdminPaymentsResponse = z.object({ payments: z.array(AdminPayment), cursor: z.string().nullable() });
export type AdminPaymentsResponse = z.infer<typeof AdminPaymentsResponse>;

export const RefundState = z.enum(['requested', 'success', 'failed']);
export type RefundState = z.infer<typeof RefundState>;

export const AdminRefundsQuery = z.object({ cursor: PayCursor.optional(), limit: z.coerce.number().int().min(1).max(100).optional() });
export type AdminRefundsQuery = z.infer<typeof AdminRefundsQuery>;

export const AdminRefund = z.object({
  outRefundNo: z.string(),
  outTradeNo: z.string(),
  kind: PaymentKind,
  memberId: z.string(),
  refundFen: Fen,
  reason: z.string(),
  state: RefundState,
  createdAt: Instant,
  settledAt: Instant.nullable(),
  /** WeChat's last word on it (SUCCESS, PROCESSING, ABNORMAL, CLOSED) or null. */
  wechatStatus: z.string().nullable(),
});
export type AdminRefund = z.infer<typeof AdminRefund>;
export const AdminRefundsResponse = z.object({ refunds: z.array(AdminRefund), cursor: z.string().nullable() });
export type AdminRefundsResponse = z.infer<typeof AdminRefundsResponse>;

export const PaymentException = z.object({
  at: Instant,
  outTradeNo: z.string(),
  /** amount_mismatch, appid_mismatch, mchid_mismatch, unknown_order, paid_after_close, credit_refused … */
  reason: z.string(),
  detail: z.record(z.string(), z.unknown()),
});
export type PaymentException = z.infer<typeof PaymentException>;
export const PaymentExceptionsResponse = z.object({ exceptions: z.array(PaymentException) });
export type PaymentExceptionsResponse = z.infer<typeof PaymentExceptionsResponse>;

/** What asking WeChat now did to one order. */
export const ReconcileResult = z.object({
  outTradeNo: z.string(),
  /** WeChat's trade_state, null when WeChat was not asked (the order is settled already). */
  wechatState: z.string().nullable(),
  outcome: z.enum(['credited', 'already_settled', 'closed', 'still_pending', 'exception']),
  state: PaymentState,
});
export type ReconcileResult = z.infer<typeof ReconcileResult>;

/** WeChat Pay's notification answer on failure (a success is 204 with no body). */
export const PayNotifyAnswer = z.null();
