/**
 * The WeChat Pay API v3 part of the stand-in (issue 17), served on the same port as the WeChat APIs
 * (server.ts delegates `/v3/*`, `/__dev/pay*` and the shipping upload here).
 *
 * It behaves as api.mch.weixin.qq.com does for a merchant in public-key mode:
 * - requests must carry a valid `WECHATPAY2-SHA256-RSA2048` Authorization signed with the merchant key
 *   (verified with the merchant public key it was given);
 * - every answer is signed with its own RSA key (Wechatpay-Signature/-Timestamp/-Nonce/-Serial, the serial
 *   being its public key id `PUB_KEY_ID_…`);
 * - notifications are signed the same way, their `resource` encrypted with AEAD_AES_256_GCM under the APIv3
 *   key, and sent to the order's notify_url on WeChat's retry schedule, shortened (0.2 s, 0.2 s, 0.5 s, 1 s,
 *   2 s, 4 s, 8 s, then it gives up) until a 2xx.
 * What the phone and the bank would decide is driven by /__dev/pay* endpoints (and the same functions in
 * process through `standIn.pay`).
 */
import { createCipheriv, createPublicKey, createSign, createVerify, generateKeyPair, randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';

/** The local merchant number. */
export const LOCAL_MCHID = '1900000109';
/** WeChat's retry schedule (15 s, 15 s, 30 s, 3 m, 10 m …) shortened for local runs. */
export const LOCAL_RETRY_SCHEDULE_MS = [200, 200, 500, 1000, 2000, 4000, 8000];
const MAX_SKEW_SECONDS = 300;
const MAX_REFUNDS_PER_PAYMENT = 50;

/** Key material of a local run: the merchant's key pair and APIv3 key, WeChat Pay's key pair and its id. */
export interface LocalPayKeys {
  mchid: string;
  merchantPrivateKey: string;
  merchantPublicKey: string;
  /** The merchant API certificate's serial (upper-case hex). */
  merchantSerial: string;
  apiV3Key: string;
  platformPrivateKey: string;
  platformPublicKey: string;
  /** `PUB_KEY_ID_…` */
  publicKeyId: string;
}

const generate = promisify(generateKeyPair);

async function rsaPair(): Promise<{ privateKey: string; publicKey: string }> {
  const { privateKey, publicKey } = await generate('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKey, publicKey };
}

/** Fresh keys for one local run (nothing is ever committed or written to disk). */
export async function generateLocalPayKeys(mchid = LOCAL_MCHID): Promise<LocalPayKeys> {
  const [merchant, platform] = await Promise.all([rsaPair(), rsaPair()]);
  return {
    mchid,
    merchantPrivateKey: merchant.privateKey,
    merchantPublicKey: merchant.publicKey,
    merchantSerial: randomBytes(20).toString('hex').toUpperCase(),
    // 32 ASCII characters, as the merchant platform lets one set it.
    apiV3Key: randomBytes(24).toString('base64').replace(/[+/=]/g, 'x').slice(0, 32),
    platformPrivateKey: platform.privateKey,
    platformPublicKey: platform.publicKey,
    publicKeyId: `PUB_KEY_ID_${randomBytes(16).toString('hex').toUpperCase()}`,
  };
}

/** The backend's environment for these keys (secrets in env locally; Secrets Manager in AWS). */
export function payBackendEnv(keys: LocalPayKeys, o: { apiBase: string; notifyUrl: string }): Record<string, string> {
  return {
    WECHATPAY_MCHID: keys.mchid,
    WECHATPAY_API_BASE: o.apiBase,
    WECHATPAY_NOTIFY_URL: o.notifyUrl,
    WECHATPAY_MERCHANT_KEY: keys.merchantPrivateKey,
    WECHATPAY_MERCHANT_SERIAL: keys.merchantSerial,
    WECHATPAY_APIV3_KEY: keys.apiV3Key,
    WECHATPAY_PUBLIC_KEY: keys.platformPublicKey,
    WECHATPAY_PUBLIC_KEY_ID: keys.publicKeyId,
  };
}

// ---------------------------------------------------------------------------------------------
// Signing and encryption as WeChat Pay does them
// ---------------------------------------------------------------------------------------------

/** RFC 3339 in Beijing time, as WeChat Pay writes times. */
export function beijingTime(ms: number): string {
  return `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

function nonceStr(n = 32): string {
  return randomBytes(n).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, n).padEnd(n, 'x');
}

function rsaSign(privateKey: string, message: string): string {
  return createSign('RSA-SHA256').update(message, 'utf8').sign(privateKey, 'base64');
}

/** AEAD_AES_256_GCM: base64(ciphertext ‖ 16-byte tag). */
export function encryptResource(apiV3Key: string, plaintext: string, associatedData: string): { ciphertext: string; nonce: string; associated_data: string } {
  const nonce = nonceStr(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'), { authTagLength: 16 });
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { ciphertext: data.toString('base64'), nonce, associated_data: associatedData };
}

/** The Wechatpay-* headers for a body, as WeChat signs answers and notifications. */
export function wechatpayHeaders(keys: Pick<LocalPayKeys, 'platformPrivateKey' | 'publicKeyId'>, body: string, o: { timestamp?: number; nonce?: string } = {}): Record<string, string> {
  const timestamp = String(o.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = o.nonce ?? nonceStr(32);
  return {
    'Wechatpay-Timestamp': timestamp,
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Signature': rsaSign(keys.platformPrivateKey, `${timestamp}\n${nonce}\n${body}\n`),
    'Wechatpay-Serial': keys.publicKeyId,
  };
}

/** How a notification is spoiled (tests of the notify path). */
export type Tamper = 'signature' | 'keyId' | 'timestamp' | 'ciphertext' | 'tag' | 'amount';
export const TAMPERS: readonly Tamper[] = ['signature', 'keyId', 'timestamp', 'ciphertext', 'tag', 'amount'];

export interface BuiltNotification {
  /** Header names as WeChat sends them (`Wechatpay-Signature` …) plus Content-Type. */
  headers: Record<string, string>;
  /** The raw body, exactly as sent. */
  body: string;
}

function flipByte(b64: string, at: 'data' | 'tag'): string {
  const buf = Buffer.from(b64, 'base64');
  const i = at === 'tag' ? buf.length - 1 : 0;
  buf[i] = buf[i]! ^ 0x01;
  return buf.toString('base64');
}

/**
 * A notification as WeChat would send it (genuine), or spoiled one way: `signature` (not the key's), `keyId`
 * (another PUB_KEY_ID), `timestamp` (signed 10 minutes ago), `ciphertext` / `tag` (a byte flipped, the body
 * signed again so only the GCM check can catch it), `amount` (genuine signature and encryption over an
 * amount 1 fen more than paid).
 */
export function buildNotification(
  keys: Pick<LocalPayKeys, 'platformPrivateKey' | 'publicKeyId' | 'apiV3Key'>,
  n: { eventType: string; originalType: 'transaction' | 'refund'; summary: string; resource: Record<string, unknown>; id?: string },
  o: { tamper?: Tamper | null; nowMs?: number; nonce?: string } = {},
): BuiltNotification {
  const nowMs = o.nowMs ?? Date.now();
  let resource = n.resource;
  if (o.tamper === 'amount') {
    const amount = (resource.amount ?? {}) as Record<string, unknown>;
    resource = { ...resource, amount: { ...amount, total: Number(amount.total ?? 0) + 1, payer_total: Number(amount.payer_total ?? amount.total ?? 0) + 1 } };
  }
  const enc = encryptResource(keys.apiV3Key, JSON.stringify(resource), n.originalType);
  if (o.tamper === 'ciphertext') enc.ciphertext = flipByte(enc.ciphertext, 'data');
  if (o.tamper === 'tag') enc.ciphertext = flipByte(enc.ciphertext, 'tag');
  const body = JSON.stringify({
    id: n.id ?? randomUUID(),
    create_time: beijingTime(nowMs),
    resource_type: 'encrypt-resource',
    event_type: n.eventType,
    summary: n.summary,
    resource: { original_type: n.originalType, algorithm: 'AEAD_AES_256_GCM', ...enc },
  });
  const timestamp = Math.floor(nowMs / 1000) - (o.tamper === 'timestamp' ? 600 : 0);
  const headers = wechatpayHeaders(keys, body, { timestamp, ...(o.nonce ? { nonce: o.nonce } : {}) });
  if (o.tamper === 'signature') headers['Wechatpay-Signature'] = rsaSign(keys.platformPrivateKey, `${timestamp}\n${headers['Wechatpay-Nonce']}\n${body} \n`);
  if (o.tamper === 'keyId') headers['Wechatpay-Serial'] = `PUB_KEY_ID_${randomBytes(16).toString('hex').toUpperCase()}`;
  return { headers: { ...headers, 'Content-Type': 'application/json' }, body };
}

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

export type StandInTradeState = 'NOTPAY' | 'SUCCESS' | 'REFUND' | 'CLOSED';

export interface PayOrder {
  appid: string;
  mchid: string;
  outTradeNo: string;
  description: string;
  attach: string | null;
  notifyUrl: string;
  totalFen: number;
  payerOpenid: string;
  /** Epoch ms, or null when the order has no time_expire. */
  expiresAt: number | null;
  prepayId: string;
  tradeState: StandInTradeState;
  transactionId: string | null;
  successTime: string | null;
  createdAt: number;
  /** Refunds accepted (PROCESSING, SUCCESS, ABNORMAL), in fen, and their numbers. */
  refundedFen: number;
  refundNos: string[];
  /** The JSAPI request's content, to tell a retry from a different order under the same number. */
  fingerprint: string;
}

export type StandInRefundStatus = 'PROCESSING' | 'SUCCESS' | 'ABNORMAL' | 'CLOSED';

export interface PayRefund {
  outRefundNo: string;
  refundId: string;
  outTradeNo: string;
  transactionId: string;
  refundFen: number;
  totalFen: number;
  reason: string | null;
  notifyUrl: string;
  status: StandInRefundStatus;
  createTime: string;
  successTime: string | null;
  fingerprint: string;
}

export interface DeliveryAttempt {
  at: number;
  /** HTTP status, or null when the request failed (refused connection, timeout). */
  status: number | null;
  copies: number;
}

export interface SentNotification {
  id: string;
  url: string;
  eventType: string;
  outTradeNo: string;
  outRefundNo: string | null;
  /** The first attempt's headers and body (a retry has a new nonce, timestamp and signature, the same body). */
  headers: Record<string, string>;
  body: string;
  mode: 'normal' | 'drop' | 'repeat' | 'delay' | 'tamper';
  tamper: Tamper | null;
  attempts: DeliveryAttempt[];
  /** A 2xx came back. */
  delivered: boolean;
  /** Still being sent or waiting for a retry. */
  pending: boolean;
}

export interface ShippingUpload {
  at: number;
  transactionId: string | null;
  outTradeNo: string | null;
  payerOpenid: string;
  logisticsType: number;
  deliveryMode: number;
  itemDescs: string[];
  uploadTime: string;
}

/** What the next notifications do (each entry is used by one notification, then the normal path resumes). */
export interface NotificationMode {
  mode: 'drop' | 'repeat' | 'delay' | 'tamper';
  /** repeat: copies sent at once (default 10). */
  times?: number;
  /** delay: before the first attempt (ms). */
  delayMs?: number;
  tamper?: Tamper;
}

/** What the next signed API calls answer (tests of `pay_unavailable`). */
export type ApiFailure = 'system_error' | 'slow' | 'bad_signature' | 'unsigned';

export interface PayState {
  orders: Map<string, PayOrder>;
  refunds: Map<string, PayRefund>;
  notifications: SentNotification[];
  shipping: ShippingUpload[];
  nextModes: NotificationMode[];
  nextRefundOutcomes: StandInRefundStatus[];
  nextApiFailures: ApiFailure[];
  /** Signed API requests received (method and path), oldest first. */
  requests: { method: string; path: string; status: number }[];
}

function emptyPayState(): PayState {
  return { orders: new Map(), refunds: new Map(), notifications: [], shipping: [], nextModes: [], nextRefundOutcomes: [], nextApiFailures: [], requests: [] };
}

export interface PayStandInOptions {
  /** The stand-in's side of the keys: its own key pair and id, the merchant's public key and serial, the APIv3 key. */
  keys: Pick<LocalPayKeys, 'mchid' | 'merchantPublicKey' | 'merchantSerial' | 'apiV3Key' | 'platformPrivateKey' | 'platformPublicKey' | 'publicKeyId'>;
  appid: string;
  now: () => number;
  retryScheduleMs?: number[];
  /** How long a refund stays PROCESSING (default 300 ms). */
  refundDelayMs?: number;
}

/** Sends one notification; answers the HTTP status (default: fetch with a 5 s timeout, as WeChat waits). */
export type Transport = (url: string, headers: Record<string, string>, body: string) => Promise<number>;

const fetchTransport: Transport = async (url, headers, body) => {
  const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(5000) });
  await res.arrayBuffer().catch(() => undefined);
  return res.status;
};

interface Reply {
  status: number;
  body: unknown;
  /** Sign the answer with the platform key (the /v3 API); dev answers are plain. */
  signed: boolean;
}

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET,POST,OPTIONS',
  'access-control-allow-headers': 'content-type, authorization',
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

const OUT_TRADE_NO = /^[0-9a-zA-Z_\-|*]{6,32}$/;
const OUT_REFUND_NO = /^[0-9a-zA-Z_\-|*@]{1,64}$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** A notify_url WeChat accepts: https without a query; locally also http on the loopback interface. */
export function acceptableNotifyUrl(v: unknown): boolean {
  if (!nonEmpty(v) || v.length > 256) return false;
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    return false;
  }
  if (u.search || u.hash) return false;
  if (u.protocol === 'https:') return true;
  return u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost');
}

const err = (status: number, code: string, message: string): Reply => ({ status, body: { code, message }, signed: true });
const devErr = (status: number, error: string): Reply => ({ status, body: { error }, signed: false });

/** The WeChat Pay part of the stand-in. */
export class PayStandIn {
  readonly state: PayState = emptyPayState();
  readonly keyId: string;
  readonly publicKey: string;
  private transport: Transport = fetchTransport;
  private readonly inflight = new Set<Promise<void>>();
  /** Pending waits, with what ends them early (close). */
  private readonly timers = new Map<NodeJS.Timeout, () => void>();
  private closed = false;
  retryScheduleMs: number[];
  refundDelayMs: number;

  constructor(private readonly o: PayStandInOptions) {
    this.keyId = o.keys.publicKeyId;
    this.publicKey = o.keys.platformPublicKey;
    this.retryScheduleMs = o.retryScheduleMs ?? LOCAL_RETRY_SCHEDULE_MS;
    this.refundDelayMs = o.refundDelayMs ?? 300;
    // Fail early on a key that does not parse.
    createPublicKey(o.keys.merchantPublicKey);
  }

  /** Replaces how notifications are sent (e.g. straight into a handler in process); null restores fetch. */
  setTransport(t: Transport | null): void {
    this.transport = t ?? fetchTransport;
  }

  /** Resolves once no notification is being sent or waiting for a retry, and no refund is still settling. */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  reset(): void {
    Object.assign(this.state, emptyPayState());
  }

  /** Stops sending: pending retries and refund settlements end at once (idle() resolves). */
  close(): void {
    this.closed = true;
    for (const [t, resolve] of this.timers) {
      clearTimeout(t);
      resolve();
    }
    this.timers.clear();
  }

  // --- In-process helpers for tests ---------------------------------------------------------

  /** A notification for an order (TRANSACTION.SUCCESS; the order must be paid) or a refund (REFUND.<status>), genuine or spoiled. */
  notificationFor(target: { outTradeNo: string } | { outRefundNo: string }, o: { tamper?: Tamper | null; nowMs?: number; nonce?: string } = {}): BuiltNotification {
    if ('outTradeNo' in target) {
      const order = this.state.orders.get(target.outTradeNo);
      if (!order) throw new Error(`no order ${target.outTradeNo}`);
      if (!order.transactionId) throw new Error(`order ${target.outTradeNo} is not paid`);
      return buildNotification(this.o.keys, { eventType: 'TRANSACTION.SUCCESS', originalType: 'transaction', summary: '支付成功', resource: this.transactionResource(order) }, { nowMs: this.o.now(), ...o });
    }
    const refund = this.state.refunds.get(target.outRefundNo);
    if (!refund) throw new Error(`no refund ${target.outRefundNo}`);
    return this.refundNotification(refund, o);
  }

  /** Pays an order as wx.requestPayment would, and sends its notification. */
  payOrder(prepayId: string): { status: number; order?: PayOrder; error?: string } {
    const order = [...this.state.orders.values()].find((x) => x.prepayId === prepayId);
    if (!order) return { status: 404, error: 'no order with this prepay_id' };
    if (order.tradeState === 'SUCCESS' || order.tradeState === 'REFUND') return { status: 200, order };
    if (order.tradeState === 'CLOSED') return { status: 409, error: 'the order is closed' };
    if (order.expiresAt !== null && this.o.now() > order.expiresAt) return { status: 409, error: 'the order has expired' };
    order.tradeState = 'SUCCESS';
    order.transactionId = `4200${String(Date.now()).slice(-10)}${String(Math.floor(Math.random() * 1e14)).padStart(14, '0')}`;
    order.successTime = beijingTime(this.o.now());
    this.send({ url: order.notifyUrl, eventType: 'TRANSACTION.SUCCESS', outTradeNo: order.outTradeNo, outRefundNo: null, build: (tamper, nonce) => this.notificationFor({ outTradeNo: order.outTradeNo }, { tamper, ...(nonce ? { nonce } : {}) }) });
    return { status: 200, order };
  }

  // --- HTTP ---------------------------------------------------------------------------------

  /** Whether this part serves the path. */
  static handles(pathname: string): boolean {
    return pathname.startsWith('/v3/') || pathname === '/__dev/pay' || pathname.startsWith('/__dev/pay/');
  }

  async handle(req: IncomingMessage, res: ServerResponse, url: URL, raw: string): Promise<void> {
    const method = req.method ?? 'GET';
    let reply: Reply;
    if (url.pathname.startsWith('/__dev/')) {
      reply = this.dev(method, url, raw);
    } else {
      const failure = this.state.nextApiFailures.shift();
      if (failure === 'slow') await new Promise((r) => setTimeout(r, 4000));
      reply = failure === 'system_error' ? err(500, 'SYSTEM_ERROR', '系统错误') : this.api(method, url, raw, req.headers.authorization);
      this.state.requests.push({ method, path: url.pathname, status: reply.status });
      this.sendReply(res, reply, failure === 'bad_signature' ? 'bad' : failure === 'unsigned' ? 'none' : 'good');
      return;
    }
    this.sendReply(res, reply, 'good');
  }

  private sendReply(res: ServerResponse, reply: Reply, signing: 'good' | 'bad' | 'none'): void {
    const text = reply.body === null ? '' : JSON.stringify(reply.body);
    const headers: Record<string, string> = { ...CORS_HEADERS, 'Request-ID': randomUUID() };
    if (text) headers['Content-Type'] = 'application/json; charset=utf-8';
    if (reply.signed && signing !== 'none') {
      Object.assign(headers, wechatpayHeaders(this.o.keys, signing === 'bad' ? `${text} ` : text, { timestamp: Math.floor(this.o.now() / 1000) }));
    }
    res.writeHead(reply.status, headers).end(text);
  }

  /** Checks the merchant's Authorization header; null when it is valid. */
  private checkAuthorization(method: string, url: URL, raw: string, auth: string | undefined): Reply | null {
    const unauthorized = err(401, 'SIGN_ERROR', '签名错误');
    if (!auth || !auth.startsWith('WECHATPAY2-SHA256-RSA2048 ')) return unauthorized;
    const fields: Record<string, string> = {};
    for (const m of auth.slice('WECHATPAY2-SHA256-RSA2048 '.length).matchAll(/(\w+)="([^"]*)"/g)) fields[m[1]!] = m[2]!;
    const { mchid, nonce_str, timestamp, serial_no, signature } = fields;
    if (!mchid || !nonce_str || !timestamp || !serial_no || !signature) return unauthorized;
    if (mchid !== this.o.keys.mchid) return err(401, 'SIGN_ERROR', '商户号与签名不匹配');
    if (serial_no.toUpperCase() !== this.o.keys.merchantSerial.toUpperCase()) return err(401, 'SIGN_ERROR', '证书序列号错误');
    if (!/^\d+$/.test(timestamp) || Math.abs(this.o.now() / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) return err(401, 'SIGN_ERROR', '请求时间戳已过期');
    const message = `${method}\n${url.pathname}${url.search}\n${timestamp}\n${nonce_str}\n${raw}\n`;
    let valid = false;
    try {
      valid = createVerify('RSA-SHA256').update(message, 'utf8').verify(this.o.keys.merchantPublicKey, signature, 'base64');
    } catch {
      valid = false;
    }
    return valid ? null : unauthorized;
  }

  private api(method: string, url: URL, raw: string, auth: string | undefined): Reply {
    const authErr = this.checkAuthorization(method, url, raw, auth);
    if (authErr) return authErr;
    let body: unknown = {};
    if (method === 'POST') {
      try {
        body = raw.trim() === '' ? {} : JSON.parse(raw);
      } catch {
        return err(400, 'PARAM_ERROR', '请求体不是有效的 JSON');
      }
    }
    const p = url.pathname;
    let m: RegExpMatchArray | null;
    if (method === 'POST' && p === '/v3/pay/transactions/jsapi') return this.jsapi(body);
    if (method === 'GET' && (m = p.match(/^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/))) return this.query(decodeURIComponent(m[1]!), url, 'out');
    if (method === 'GET' && (m = p.match(/^\/v3\/pay\/transactions\/id\/([^/]+)$/))) return this.query(decodeURIComponent(m[1]!), url, 'id');
    if (method === 'POST' && (m = p.match(/^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)\/close$/))) return this.closeOrder(decodeURIComponent(m[1]!), body);
    if (method === 'POST' && p === '/v3/refund/domestic/refunds') return this.createRefund(body);
    if (method === 'GET' && (m = p.match(/^\/v3\/refund\/domestic\/refunds\/([^/]+)$/))) {
      const r = this.state.refunds.get(decodeURIComponent(m[1]!));
      return r ? { status: 200, body: this.refundAnswer(r), signed: true } : err(404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
    }
    return err(404, 'NOT_FOUND', '接口不存在');
  }

  private jsapi(b: unknown): Reply {
    if (!isRecord(b)) return err(400, 'PARAM_ERROR', '参数错误');
    const amount = isRecord(b.amount) ? b.amount : {};
    const payer = isRecord(b.payer) ? b.payer : {};
    if (b.appid !== this.o.appid || b.mchid !== this.o.keys.mchid) return err(400, 'APPID_MCHID_NOT_MATCH', 'appid和mch_id不匹配');
    if (!nonEmpty(b.description) || [...b.description].length > 127) return err(400, 'PARAM_ERROR', '输入源“/body/description”映射到字段“商品描述”长度不合法');
    if (typeof b.out_trade_no !== 'string' || !OUT_TRADE_NO.test(b.out_trade_no)) return err(400, 'PARAM_ERROR', '输入源“/body/out_trade_no”映射到字段“商户订单号”格式不合法');
    if (!acceptableNotifyUrl(b.notify_url)) return err(400, 'PARAM_ERROR', '输入源“/body/notify_url”映射到字段“通知地址”格式不合法');
    if (typeof amount.total !== 'number' || !Number.isSafeInteger(amount.total) || amount.total <= 0) return err(400, 'PARAM_ERROR', '输入源“/body/amount/total”映射到字段“总金额”不合法');
    if (amount.currency !== undefined && amount.currency !== 'CNY') return err(400, 'PARAM_ERROR', '币种不合法');
    if (!nonEmpty(payer.openid)) return err(400, 'PARAM_ERROR', '输入源“/body/payer/openid”映射到字段“用户标识”不合法');
    if (b.attach !== undefined && (typeof b.attach !== 'string' || [...b.attach].length > 128)) return err(400, 'PARAM_ERROR', '附加数据长度不合法');
    let expiresAt: number | null = null;
    if (b.time_expire !== undefined) {
      if (typeof b.time_expire !== 'string' || !RFC3339.test(b.time_expire) || Number.isNaN(Date.parse(b.time_expire))) return err(400, 'PARAM_ERROR', '输入源“/body/time_expire”映射到字段“交易结束时间”格式不合法');
      expiresAt = Date.parse(b.time_expire);
    }
    const fingerprint = JSON.stringify([b.description, amount.total, payer.openid, b.notify_url, b.attach ?? null]);
    const existing = this.state.orders.get(b.out_trade_no);
    if (existing) {
      if (existing.tradeState === 'SUCCESS' || existing.tradeState === 'REFUND') return err(400, 'ORDERPAID', '该订单已支付');
      if (existing.tradeState === 'CLOSED') return err(400, 'ORDER_CLOSED', '订单已关闭');
      if (existing.fingerprint !== fingerprint) return err(400, 'INVALID_REQUEST', '201 商户订单号重复（请求参数与首次请求不一致）');
      return { status: 200, body: { prepay_id: existing.prepayId }, signed: true };
    }
    const now = this.o.now();
    const order: PayOrder = {
      appid: b.appid,
      mchid: b.mchid,
      outTradeNo: b.out_trade_no,
      description: b.description,
      attach: typeof b.attach === 'string' ? b.attach : null,
      notifyUrl: b.notify_url as string,
      totalFen: amount.total,
      payerOpenid: payer.openid,
      expiresAt,
      prepayId: `wx${beijingTime(now).slice(0, 19).replace(/\D/g, '')}${randomBytes(10).toString('hex')}`,
      tradeState: 'NOTPAY',
      transactionId: null,
      successTime: null,
      createdAt: now,
      refundedFen: 0,
      refundNos: [],
      fingerprint,
    };
    this.state.orders.set(order.outTradeNo, order);
    return { status: 200, body: { prepay_id: order.prepayId }, signed: true };
  }

  private transactionResource(o: PayOrder): Record<string, unknown> {
    const paid = o.tradeState === 'SUCCESS' || o.tradeState === 'REFUND';
    const desc: Record<StandInTradeState, string> = { NOTPAY: '订单未支付', SUCCESS: '支付成功', REFUND: '转入退款', CLOSED: '订单已关闭' };
    return {
      appid: o.appid,
      mchid: o.mchid,
      out_trade_no: o.outTradeNo,
      ...(o.transactionId ? { transaction_id: o.transactionId } : {}),
      trade_type: 'JSAPI',
      trade_state: o.tradeState,
      trade_state_desc: desc[o.tradeState],
      ...(paid ? { bank_type: 'OTHERS', success_time: o.successTime } : {}),
      attach: o.attach ?? '',
      payer: { openid: o.payerOpenid },
      amount: paid ? { total: o.totalFen, payer_total: o.totalFen, currency: 'CNY', payer_currency: 'CNY' } : { total: o.totalFen, currency: 'CNY' },
    };
  }

  private query(no: string, url: URL, by: 'out' | 'id'): Reply {
    if (url.searchParams.get('mchid') !== this.o.keys.mchid) return err(400, 'PARAM_ERROR', 'mchid 不正确');
    const order = by === 'out' ? this.state.orders.get(no) : [...this.state.orders.values()].find((o) => o.transactionId === no);
    if (!order) return err(404, 'ORDER_NOT_EXIST', '订单不存在');
    return { status: 200, body: this.transactionResource(order), signed: true };
  }

  private closeOrder(no: string, b: unknown): Reply {
    if (!isRecord(b) || b.mchid !== this.o.keys.mchid) return err(400, 'PARAM_ERROR', 'mchid 不正确');
    const order = this.state.orders.get(no);
    if (!order) return err(404, 'ORDER_NOT_EXIST', '订单不存在');
    if (order.tradeState === 'SUCCESS' || order.tradeState === 'REFUND') return err(400, 'ORDERPAID', '订单已支付');
    order.tradeState = 'CLOSED';
    return { status: 204, body: null, signed: true };
  }

  private refundAnswer(r: PayRefund): Record<string, unknown> {
    return {
      refund_id: r.refundId,
      out_refund_no: r.outRefundNo,
      transaction_id: r.transactionId,
      out_trade_no: r.outTradeNo,
      channel: 'ORIGINAL',
      user_received_account: '支付用户零钱',
      ...(r.successTime ? { success_time: r.successTime } : {}),
      create_time: r.createTime,
      status: r.status,
      funds_account: 'AVAILABLE',
      amount: { total: r.totalFen, refund: r.refundFen, payer_total: r.totalFen, payer_refund: r.refundFen, settlement_refund: r.refundFen, settlement_total: r.totalFen, discount_refund: 0, currency: 'CNY' },
    };
  }

  private createRefund(b: unknown): Reply {
    if (!isRecord(b)) return err(400, 'PARAM_ERROR', '参数错误');
    const amount = isRecord(b.amount) ? b.amount : {};
    if (typeof b.out_refund_no !== 'string' || !OUT_REFUND_NO.test(b.out_refund_no)) return err(400, 'PARAM_ERROR', '商户退款单号格式不合法');
    if (b.notify_url !== undefined && !acceptableNotifyUrl(b.notify_url)) return err(400, 'PARAM_ERROR', '通知地址格式不合法');
    if (b.reason !== undefined && (typeof b.reason !== 'string' || [...b.reason].length > 80)) return err(400, 'PARAM_ERROR', '退款原因长度不合法');
    const refundFen = amount.refund;
    const totalFen = amount.total;
    if (typeof refundFen !== 'number' || !Number.isSafeInteger(refundFen) || refundFen <= 0) return err(400, 'PARAM_ERROR', '退款金额不合法');
    if (typeof totalFen !== 'number' || !Number.isSafeInteger(totalFen) || totalFen <= 0) return err(400, 'PARAM_ERROR', '原订单金额不合法');
    const order = nonEmpty(b.out_trade_no)
      ? this.state.orders.get(b.out_trade_no)
      : nonEmpty(b.transaction_id)
        ? [...this.state.orders.values()].find((o) => o.transactionId === b.transaction_id)
        : undefined;
    if (!nonEmpty(b.out_trade_no) && !nonEmpty(b.transaction_id)) return err(400, 'PARAM_ERROR', '缺少商户订单号或微信支付订单号');
    if (!order) return err(404, 'RESOURCE_NOT_EXISTS', '订单不存在');
    const fingerprint = JSON.stringify([order.outTradeNo, refundFen, totalFen]);
    const existing = this.state.refunds.get(b.out_refund_no);
    if (existing) {
      // A retried request answers the refund already accepted.
      if (existing.fingerprint !== fingerprint) return err(400, 'INVALID_REQUEST', '同一商户退款单号的请求参数不一致');
      return { status: 200, body: this.refundAnswer(existing), signed: true };
    }
    if (order.tradeState !== 'SUCCESS' && order.tradeState !== 'REFUND') return err(400, 'INVALID_REQUEST', '订单未支付，不能退款');
    if (totalFen !== order.totalFen) return err(400, 'INVALID_REQUEST', '订单金额与原订单不一致');
    if (order.refundNos.length >= MAX_REFUNDS_PER_PAYMENT) return err(403, 'REFUND_TIMES_EXCEED', '退款次数超过限制（每笔订单最多 50 次部分退款）');
    if (order.refundedFen + refundFen > order.totalFen) return err(403, 'NOT_ENOUGH', '申请退款金额超过订单可退金额');
    const now = this.o.now();
    const refund: PayRefund = {
      outRefundNo: b.out_refund_no,
      refundId: `50${String(Date.now()).slice(-10)}${String(Math.floor(Math.random() * 1e16)).padStart(16, '0')}`,
      outTradeNo: order.outTradeNo,
      transactionId: order.transactionId!,
      refundFen,
      totalFen,
      reason: typeof b.reason === 'string' ? b.reason : null,
      notifyUrl: typeof b.notify_url === 'string' ? b.notify_url : order.notifyUrl,
      status: 'PROCESSING',
      createTime: beijingTime(now),
      successTime: null,
      fingerprint,
    };
    this.state.refunds.set(refund.outRefundNo, refund);
    order.refundedFen += refundFen;
    order.refundNos.push(refund.outRefundNo);
    const outcome = this.state.nextRefundOutcomes.shift() ?? 'SUCCESS';
    this.later(this.refundDelayMs, () => this.settleRefund(refund, outcome));
    return { status: 200, body: this.refundAnswer(refund), signed: true };
  }

  private settleRefund(r: PayRefund, outcome: StandInRefundStatus): void {
    if (r.status !== 'PROCESSING' || outcome === 'PROCESSING') return;
    r.status = outcome;
    const order = this.state.orders.get(r.outTradeNo);
    if (outcome === 'SUCCESS') {
      r.successTime = beijingTime(this.o.now());
      if (order) order.tradeState = 'REFUND';
    }
    if (outcome === 'CLOSED' && order) order.refundedFen -= r.refundFen;
    this.send({ url: r.notifyUrl, eventType: `REFUND.${outcome}`, outTradeNo: r.outTradeNo, outRefundNo: r.outRefundNo, build: (tamper, nonce) => this.refundNotification(r, { tamper, ...(nonce ? { nonce } : {}) }) });
  }

  private refundNotification(r: PayRefund, o: { tamper?: Tamper | null; nowMs?: number; nonce?: string }): BuiltNotification {
    const status = r.status === 'PROCESSING' ? 'SUCCESS' : r.status;
    const summary: Record<string, string> = { SUCCESS: '退款成功', ABNORMAL: '退款异常', CLOSED: '退款关闭' };
    const resource = {
      mchid: this.o.keys.mchid,
      out_trade_no: r.outTradeNo,
      transaction_id: r.transactionId,
      out_refund_no: r.outRefundNo,
      refund_id: r.refundId,
      refund_status: status,
      ...(r.successTime ? { success_time: r.successTime } : {}),
      user_received_account: '支付用户零钱',
      amount: { total: r.totalFen, refund: r.refundFen, payer_total: r.totalFen, payer_refund: r.refundFen },
    };
    return buildNotification(this.o.keys, { eventType: `REFUND.${status}`, originalType: 'refund', summary: summary[status]!, resource }, { nowMs: this.o.now(), ...o });
  }

  // --- Sending notifications ----------------------------------------------------------------

  /** Runs fn after ms (a refund settling); idle() waits for it. */
  private later(ms: number, fn: () => void): void {
    if (this.closed) return;
    const run = this.sleep(ms).then(() => {
      if (!this.closed) fn();
    });
    this.inflight.add(run);
    void run.finally(() => this.inflight.delete(run));
  }

  private send(n: { url: string; eventType: string; outTradeNo: string; outRefundNo: string | null; build: (tamper: Tamper | null, nonce?: string) => BuiltNotification }): void {
    const mode = this.state.nextModes.shift();
    const tamper = mode?.mode === 'tamper' ? (mode.tamper ?? 'signature') : null;
    const first = n.build(tamper);
    const record: SentNotification = {
      id: (JSON.parse(first.body) as { id: string }).id,
      url: n.url,
      eventType: n.eventType,
      outTradeNo: n.outTradeNo,
      outRefundNo: n.outRefundNo,
      headers: first.headers,
      body: first.body,
      mode: mode?.mode ?? 'normal',
      tamper,
      attempts: [],
      delivered: false,
      pending: mode?.mode !== 'drop',
    };
    this.state.notifications.push(record);
    if (mode?.mode === 'drop') return;
    const copies = mode?.mode === 'repeat' ? Math.max(1, Math.min(100, mode.times ?? 10)) : 1;

    const attempt = async (i: number): Promise<void> => {
      if (this.closed) return;
      // A retry is a new request: new nonce, timestamp and signature over the same body.
      const msg = i === 0 ? first : { headers: { ...first.headers, ...wechatpayHeaders(this.o.keys, first.body, { timestamp: Math.floor(this.o.now() / 1000) }) }, body: first.body };
      const statuses = await Promise.all(
        Array.from({ length: copies }, () =>
          this.transport(n.url, msg.headers, msg.body).catch(() => null),
        ),
      );
      const ok = statuses.some((s) => s !== null && s >= 200 && s < 300);
      record.attempts.push({ at: this.o.now(), status: statuses.find((s) => s !== null && s >= 200 && s < 300) ?? statuses[0] ?? null, copies });
      if (ok) {
        record.delivered = true;
        record.pending = false;
        return;
      }
      // A spoiled notification is not WeChat's: it is sent once and never retried.
      const wait = this.retryScheduleMs[i];
      if (tamper || wait === undefined) {
        record.pending = false;
        return;
      }
      await this.sleep(wait);
      return attempt(i + 1);
    };
    const run = (async () => {
      if (mode?.mode === 'delay') await this.sleep(Math.max(0, mode.delayMs ?? 1000));
      await attempt(0);
    })().catch(() => {
      record.pending = false;
    });
    this.inflight.add(run);
    void run.finally(() => this.inflight.delete(run));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.closed) return resolve();
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      t.unref?.();
      this.timers.set(t, resolve);
    });
  }

  // --- Shipping (订单发货管理) -----------------------------------------------------------------

  /** POST /wxa/sec/order/upload_shipping_info (the access_token already checked by server.ts). */
  uploadShipping(b: unknown): { errcode: number; errmsg: string } {
    const bad = { errcode: 47003, errmsg: 'argument invalid!' };
    if (!isRecord(b) || !isRecord(b.order_key) || !isRecord(b.payer)) return bad;
    const k = b.order_key;
    let order: PayOrder | undefined;
    if (k.order_number_type === 2) {
      if (!nonEmpty(k.transaction_id)) return bad;
      order = [...this.state.orders.values()].find((o) => o.transactionId === k.transaction_id);
    } else if (k.order_number_type === 1) {
      if (!nonEmpty(k.out_trade_no) || k.mchid !== this.o.keys.mchid) return bad;
      order = this.state.orders.get(k.out_trade_no);
    } else return bad;
    if (!order || !order.transactionId) return { errcode: 10060001, errmsg: '支付单不存在' };
    if (![1, 2, 3, 4].includes(b.logistics_type as number) || ![1, 2].includes(b.delivery_mode as number)) return bad;
    const list = b.shipping_list;
    if (!Array.isArray(list) || list.length === 0 || list.length > 10) return bad;
    if (!list.every((s) => isRecord(s) && nonEmpty(s.item_desc) && [...s.item_desc].length <= 120)) return bad;
    if (typeof b.upload_time !== 'string' || !RFC3339.test(b.upload_time)) return bad;
    if (b.payer.openid !== order.payerOpenid) return { errcode: 10060002, errmsg: '支付单与用户不匹配' };
    this.state.shipping.push({
      at: this.o.now(),
      transactionId: order.transactionId,
      outTradeNo: order.outTradeNo,
      payerOpenid: order.payerOpenid,
      logisticsType: b.logistics_type as number,
      deliveryMode: b.delivery_mode as number,
      itemDescs: list.map((s) => (s as { item_desc: string }).item_desc),
      uploadTime: b.upload_time,
    });
    return { errcode: 0, errmsg: 'ok' };
  }

  // --- Development endpoints ----------------------------------------------------------------

  private dev(method: string, url: URL, raw: string): Reply {
    let body: unknown = {};
    if (method === 'POST') {
      try {
        body = raw.trim() === '' ? {} : JSON.parse(raw);
      } catch {
        return devErr(400, 'invalid JSON body');
      }
    }
    const b = isRecord(body) ? body : {};
    const route = `${method} ${url.pathname}`;
    switch (route) {
      case 'POST /__dev/pay': {
        if (!nonEmpty(b.prepayId)) return devErr(400, 'prepayId (the prepay_id of the package) is required');
        const r = this.payOrder(b.prepayId);
        if (!r.order) return devErr(r.status, r.error ?? 'refused');
        if (r.status !== 200) return devErr(r.status, r.error ?? 'refused');
        return { status: 200, body: { outTradeNo: r.order.outTradeNo, transactionId: r.order.transactionId, tradeState: r.order.tradeState, successTime: r.order.successTime }, signed: false };
      }
      case 'POST /__dev/pay/notifications': {
        const mode = b.mode;
        if (mode === 'normal') {
          this.state.nextModes.length = 0;
          return { status: 200, body: { queued: 0 }, signed: false };
        }
        if (mode !== 'drop' && mode !== 'repeat' && mode !== 'delay' && mode !== 'tamper') return devErr(400, 'mode must be normal, drop, repeat, delay or tamper');
        if (mode === 'tamper' && !TAMPERS.includes(b.tamper as Tamper)) return devErr(400, `tamper must be one of ${TAMPERS.join(', ')}`);
        const count = b.count === undefined ? 1 : Number(b.count);
        if (!Number.isInteger(count) || count < 1 || count > 100) return devErr(400, 'count must be 1..100');
        for (let i = 0; i < count; i++) {
          this.state.nextModes.push({
            mode,
            ...(typeof b.times === 'number' ? { times: b.times } : {}),
            ...(typeof b.delayMs === 'number' ? { delayMs: b.delayMs } : {}),
            ...(mode === 'tamper' ? { tamper: b.tamper as Tamper } : {}),
          });
        }
        return { status: 200, body: { queued: this.state.nextModes.length }, signed: false };
      }
      case 'GET /__dev/pay/notifications': {
        const no = url.searchParams.get('outTradeNo');
        return { status: 200, body: { notifications: this.state.notifications.filter((n) => !no || n.outTradeNo === no) }, signed: false };
      }
      case 'GET /__dev/pay/orders':
        return { status: 200, body: { orders: [...this.state.orders.values()].map(({ fingerprint: _f, ...o }) => o) }, signed: false };
      case 'GET /__dev/pay/refunds':
        return { status: 200, body: { refunds: [...this.state.refunds.values()].map(({ fingerprint: _f, ...r }) => r) }, signed: false };
      case 'GET /__dev/pay/shipping':
        return { status: 200, body: { uploads: this.state.shipping }, signed: false };
      case 'POST /__dev/pay/refund-outcome': {
        const outcome = b.outcome;
        if (outcome !== 'SUCCESS' && outcome !== 'ABNORMAL' && outcome !== 'CLOSED') return devErr(400, 'outcome must be SUCCESS, ABNORMAL or CLOSED');
        const count = b.count === undefined ? 1 : Number(b.count);
        if (!Number.isInteger(count) || count < 1 || count > 100) return devErr(400, 'count must be 1..100');
        for (let i = 0; i < count; i++) this.state.nextRefundOutcomes.push(outcome);
        return { status: 200, body: { queued: this.state.nextRefundOutcomes.length }, signed: false };
      }
      case 'POST /__dev/pay/api-failure': {
        const kind = b.kind;
        if (kind !== 'system_error' && kind !== 'slow' && kind !== 'bad_signature' && kind !== 'unsigned') return devErr(400, 'kind must be system_error, slow, bad_signature or unsigned');
        const count = b.count === undefined ? 1 : Number(b.count);
        if (!Number.isInteger(count) || count < 1 || count > 100) return devErr(400, 'count must be 1..100');
        for (let i = 0; i < count; i++) this.state.nextApiFailures.push(kind);
        return { status: 200, body: { queued: this.state.nextApiFailures.length }, signed: false };
      }
      default:
        return devErr(404, 'not found');
    }
  }
}
