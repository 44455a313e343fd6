/**
 * The WeChat Pay v3 boundary (issue 17). Signed requests go through wechatpay-node-v3 with its HTTP layer
 * pointed at a configurable base (`WECHATPAY_API_BASE`; the stand-in locally). Notifications are verified
 * and decrypted here with node:crypto (public-key mode `PUB_KEY_ID_…`, strict AES-256-GCM).
 *
 * STUB written before the work was split: the boundary helper implements it with these signatures.
 * Every WeChat Pay failure (network, 5xx, SYSTEM_ERROR, malformed answer) is raised as `fail('pay_unavailable')`.
 */
import type { PayParams } from '../../../shared/contract';

export interface JsapiOrder {
  outTradeNo: string;
  description: string;
  amountFen: number;
  payerOpenid: string;
  /** ISO instant; sent as RFC 3339 with +08:00. */
  timeExpire: string;
  attach?: string;
}

export type TradeState = 'SUCCESS' | 'REFUND' | 'NOTPAY' | 'CLOSED' | 'REVOKED' | 'USERPAYING' | 'PAYERROR';

/** A payment as WeChat reports it (query answer or decrypted TRANSACTION.SUCCESS resource). */
export interface PaymentFacts {
  appid: string;
  mchid: string;
  outTradeNo: string;
  transactionId: string | null;
  tradeState: TradeState;
  /** amount.total in fen. */
  totalFen: number;
  payerOpenid: string | null;
  successTime: string | null;
}

export type RefundStatus = 'SUCCESS' | 'CLOSED' | 'PROCESSING' | 'ABNORMAL';

/** A refund as WeChat reports it (create/query answer or decrypted REFUND.* resource). */
export interface RefundFacts {
  mchid: string;
  outTradeNo: string;
  outRefundNo: string;
  refundId: string;
  status: RefundStatus;
  refundFen: number;
  totalFen: number;
}

/** POST /v3/pay/transactions/jsapi → prepay_id. */
export async function createJsapiOrder(o: JsapiOrder): Promise<{ prepayId: string }> {
  void o;
  throw new Error('not implemented yet');
}

/** The parameters for requestPayment, paySign = SHA256-RSA over `appId\ntimeStamp\nnonceStr\npackage\n`. */
export async function payParamsFor(prepayId: string): Promise<PayParams> {
  void prepayId;
  throw new Error('not implemented yet');
}

/** GET /v3/pay/transactions/out-trade-no/{no}?mchid= */
export async function queryOrder(outTradeNo: string): Promise<PaymentFacts> {
  void outTradeNo;
  throw new Error('not implemented yet');
}

/** POST /v3/pay/transactions/out-trade-no/{no}/close */
export async function closeOrder(outTradeNo: string): Promise<void> {
  void outTradeNo;
  throw new Error('not implemented yet');
}

/** POST /v3/refund/domestic/refunds (the answer means accepted; the same out_refund_no on retry). */
export async function createRefund(r: { outTradeNo: string; outRefundNo: string; reason: string; refundFen: number; totalFen: number }): Promise<RefundFacts> {
  void r;
  throw new Error('not implemented yet');
}

/** GET /v3/refund/domestic/refunds/{out_refund_no} */
export async function queryRefund(outRefundNo: string): Promise<RefundFacts> {
  void outRefundNo;
  throw new Error('not implemented yet');
}

/** A verified, decrypted notification. `nonce` is returned so the caller can refuse a replay (kept with a TTL). */
export type OpenedNotification =
  | { ok: true; nonce: string; eventType: string; payment: PaymentFacts | null; refund: RefundFacts | null }
  | { ok: false; status: 400 | 401; reason: string };

/**
 * Checks, in this order, with no I/O beyond the cached secrets: the four Wechatpay-* headers, the serial
 * equals the configured public key id, |now − timestamp| ≤ 300 s, RSA-SHA256 over
 * `timestamp\nnonce\nrawBody\n` (the raw body, never re-serialised), then AES-256-GCM with the APIv3 key
 * (tag checked) of `resource`. Never logs keys or the decrypted resource.
 */
export async function openNotification(headers: Record<string, string | undefined>, rawBody: string, now: Date): Promise<OpenedNotification> {
  void headers;
  void rawBody;
  void now;
  throw new Error('not implemented yet');
}
