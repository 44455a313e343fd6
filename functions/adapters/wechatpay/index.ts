/**
 * The WeChat Pay v3 boundary (issue 17). Signed requests go through wechatpay-node-v3 with its HTTP layer
 * pointed at a configurable base (`WECHATPAY_API_BASE`; the stand-in locally), every answer's signature
 * checked (./client). Notifications are verified and decrypted here with node:crypto (public-key mode
 * `PUB_KEY_ID_…`, strict AES-256-GCM; ./notify). Keys from Secrets Manager or local env (./secrets).
 *
 * Every WeChat Pay failure (network, timeout, 5xx, SYSTEM_ERROR, unsigned or malformed answer) is raised as
 * `fail('pay_unavailable')`; `wechatPayFailure(e)` tells WeChat's status and code behind it.
 */
import { createSign, randomBytes } from 'node:crypto';
import type { PayParams } from '../../../shared/contract';
import { failFor, payClient, payUnavailable, rfc3339Beijing, type PayAnswer } from './client';
import { decryptResource, parseRefund, parseTransaction, verifyWechatpaySignature, type EncryptedResource } from './notify';
import { payConfig, paySecrets } from './secrets';
import type { JsapiOrder, PaymentFacts, RefundFacts } from './types';

export type { JsapiOrder, PaymentFacts, RefundFacts, RefundStatus, TradeState } from './types';
export { wechatPayFailure, resetPayClientCache, type WeChatPayFailure } from './client';
export { resetPaySecretsCache } from './secrets';

const ok = (a: PayAnswer) => a.status >= 200 && a.status < 300;

/** POST /v3/pay/transactions/jsapi → prepay_id. The same out_trade_no with the same content answers the same prepay_id. */
export async function createJsapiOrder(o: JsapiOrder): Promise<{ prepayId: string }> {
  const { pay, config } = await payClient();
  const a = (await pay.transactions_jsapi({
    appid: config.appid,
    mchid: config.mchid,
    description: o.description,
    out_trade_no: o.outTradeNo,
    time_expire: rfc3339Beijing(o.timeExpire),
    notify_url: config.notifyUrl,
    amount: { total: o.amountFen, currency: 'CNY' },
    payer: { openid: o.payerOpenid },
    ...(o.attach ? { attach: o.attach } : {}),
  })) as PayAnswer;
  const api = 'POST /v3/pay/transactions/jsapi';
  if (!ok(a)) failFor(api, a);
  // On success the library replaces the answer with its own pay parameters; we sign ours (payParamsFor).
  const pkg = a.data && typeof a.data.package === 'string' ? (a.data.package as string) : '';
  const prepayId = pkg.startsWith('prepay_id=') ? pkg.slice('prepay_id='.length) : '';
  if (!prepayId) throw payUnavailable(api, { status: a.status, code: 'MALFORMED_ANSWER' }, 'no prepay_id');
  return { prepayId };
}

/** The parameters for requestPayment, paySign = SHA256-RSA over `appId\ntimeStamp\nnonceStr\npackage\n`. */
export async function payParamsFor(prepayId: string): Promise<PayParams> {
  const secrets = await paySecrets();
  const config = payConfig();
  const timeStamp = String(Math.floor(Date.now() / 1000));
  const nonceStr = randomBytes(16).toString('hex');
  const pkg = `prepay_id=${prepayId}`;
  const paySign = createSign('RSA-SHA256').update(`${config.appid}\n${timeStamp}\n${nonceStr}\n${pkg}\n`, 'utf8').sign(secrets.merchantPrivateKey, 'base64');
  return { timeStamp, nonceStr, package: pkg, signType: 'RSA', paySign };
}

/**
 * GET /v3/pay/transactions/out-trade-no/{no}?mchid=. An order WeChat does not know (ORDER_NOT_EXIST: the
 * JSAPI call never reached it) answers NOTPAY with no transaction: it cannot have been paid.
 */
export async function queryOrder(outTradeNo: string): Promise<PaymentFacts> {
  const { pay, config } = await payClient();
  const a = (await pay.query({ out_trade_no: outTradeNo })) as PayAnswer;
  const api = 'GET /v3/pay/transactions/out-trade-no';
  if (a.status === 404 && a.data?.code === 'ORDER_NOT_EXIST') {
    return { appid: config.appid, mchid: config.mchid, outTradeNo, transactionId: null, tradeState: 'NOTPAY', totalFen: 0, payerOpenid: null, successTime: null };
  }
  if (!ok(a)) failFor(api, a);
  const facts = parseTransaction(a.data);
  if (!facts || facts.outTradeNo !== outTradeNo) throw payUnavailable(api, { status: a.status, code: 'MALFORMED_ANSWER' }, 'malformed transaction');
  return facts;
}

/**
 * POST /v3/pay/transactions/out-trade-no/{no}/close. Closing an order WeChat does not know is done.
 * A paid order cannot be closed: `pay_unavailable` with code ORDERPAID (query it and credit it instead).
 */
export async function closeOrder(outTradeNo: string): Promise<void> {
  const { pay } = await payClient();
  const a = (await pay.close(outTradeNo)) as PayAnswer;
  if (a.status === 404 && a.data?.code === 'ORDER_NOT_EXIST') return;
  if (!ok(a)) failFor('POST /v3/pay/transactions/out-trade-no/close', a);
}

/** POST /v3/refund/domestic/refunds (the answer means accepted; the same out_refund_no on retry). */
export async function createRefund(r: { outTradeNo: string; outRefundNo: string; reason: string; refundFen: number; totalFen: number }): Promise<RefundFacts> {
  const { pay, config } = await payClient();
  const a = (await pay.refunds({
    out_trade_no: r.outTradeNo,
    out_refund_no: r.outRefundNo,
    reason: r.reason,
    notify_url: config.notifyUrl,
    amount: { refund: r.refundFen, total: r.totalFen, currency: 'CNY' },
  } as never)) as PayAnswer;
  const api = 'POST /v3/refund/domestic/refunds';
  if (!ok(a)) failFor(api, a);
  const facts = parseRefund(a.data, config.mchid);
  if (!facts || facts.outRefundNo !== r.outRefundNo) throw payUnavailable(api, { status: a.status, code: 'MALFORMED_ANSWER' }, 'malformed refund');
  return facts;
}

/** GET /v3/refund/domestic/refunds/{out_refund_no} */
export async function queryRefund(outRefundNo: string): Promise<RefundFacts> {
  const { pay, config } = await payClient();
  const a = (await pay.find_refunds(outRefundNo)) as PayAnswer;
  const api = 'GET /v3/refund/domestic/refunds';
  if (!ok(a)) failFor(api, a);
  const facts = parseRefund(a.data, config.mchid);
  if (!facts || facts.outRefundNo !== outRefundNo) throw payUnavailable(api, { status: a.status, code: 'MALFORMED_ANSWER' }, 'malformed refund');
  return facts;
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
 * TRANSACTION.SUCCESS gives `payment`; REFUND.SUCCESS / REFUND.ABNORMAL / REFUND.CLOSED give `refund`;
 * another (verified) event type gives neither.
 */
export async function openNotification(headers: Record<string, string | undefined>, rawBody: string, now: Date): Promise<OpenedNotification> {
  const secrets = await paySecrets();
  const check = verifyWechatpaySignature(headers, rawBody, secrets, now);
  if (!check.ok) return { ok: false, status: 401, reason: check.reason };
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    return { ok: false, status: 400, reason: 'body is not JSON' };
  }
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const eventType = typeof b.event_type === 'string' ? b.event_type : '';
  const resource = b.resource as EncryptedResource | undefined;
  if (!eventType || !resource || typeof resource !== 'object' || typeof resource.ciphertext !== 'string' || typeof resource.nonce !== 'string') {
    return { ok: false, status: 400, reason: 'malformed notification' };
  }
  const plain = decryptResource(resource, secrets.apiV3Key);
  if (plain === null) return { ok: false, status: 401, reason: 'resource does not decrypt (tag, ciphertext or key)' };
  let data: unknown;
  try {
    data = JSON.parse(plain);
  } catch {
    return { ok: false, status: 400, reason: 'resource is not JSON' };
  }
  if (eventType === 'TRANSACTION.SUCCESS') {
    const payment = parseTransaction(data);
    if (!payment || payment.tradeState !== 'SUCCESS') return { ok: false, status: 400, reason: 'malformed transaction' };
    return { ok: true, nonce: check.nonce, eventType, payment, refund: null };
  }
  if (eventType.startsWith('REFUND.')) {
    const refund = parseRefund(data, null);
    if (!refund) return { ok: false, status: 400, reason: 'malformed refund' };
    return { ok: true, nonce: check.nonce, eventType, payment: null, refund };
  }
  return { ok: true, nonce: check.nonce, eventType, payment: null, refund: null };
}

