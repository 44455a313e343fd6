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
