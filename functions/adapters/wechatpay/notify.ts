/**
 * What we verify ourselves with node:crypto (issue 17), rather than through wechatpay-node-v3:
 * - the library only knows platform certificates, not the public-key mode (`PUB_KEY_ID_…`) that new
 *   merchants get (its issue #73; PR #91 unmerged), and re-serialises an object body before verifying;
 * - its `decipher_gcm` never calls `final()`, so a corrupted GCM tag decrypts without error (since 2.2.0).
 * So: RSA-SHA256 over `timestamp\nnonce\nbody\n` of the RAW body against the configured WeChat Pay public
 * key, the serial must be its id, the timestamp within 300 s, then strict AES-256-GCM with the APIv3 key.
 */
import { createDecipheriv, createPublicKey, createVerify, type KeyObject } from 'node:crypto';
import type { PaymentFacts, RefundFacts, RefundStatus, TradeState } from './types';

/** The official SDKs' rule: a notification or answer signed more than 5 minutes from our clock is refused. */
export const MAX_SKEW_SECONDS = 300;

const publicKeys = new Map<string, KeyObject>();
function publicKeyObject(pem: string): KeyObject {
  let k = publicKeys.get(pem);
  if (!k) {
    k = createPublicKey(pem);
    publicKeys.set(pem, k);
  }
  return k;
}

/** Header lookup regardless of case (API Gateway lowercases, fetch's Headers too, tests may not). */
export function header(headers: Record<string, string | undefined>, name: string): string | undefined {
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === want && v !== undefined) return v;
  return undefined;
}

export type SignatureCheck = { ok: true; nonce: string } | { ok: false; reason: string };

/**
 * The Wechatpay-* signature of a notification or an answer: four headers present, serial = the
 * configured key id, |now − timestamp| ≤ 300 s, RSA-SHA256 over `timestamp\nnonce\nbody\n` (body as received).
 */
export function verifyWechatpaySignature(
  headers: Record<string, string | undefined>,
  rawBody: string,
  key: { publicKey: string; publicKeyId: string },
  now: Date,
): SignatureCheck {
  const signature = header(headers, 'wechatpay-signature');
  const timestamp = header(headers, 'wechatpay-timestamp');
  const nonce = header(headers, 'wechatpay-nonce');
  const serial = header(headers, 'wechatpay-serial');
  if (!signature || !timestamp || !nonce || !serial) return { ok: false, reason: 'missing Wechatpay-* headers' };
  if (serial !== key.publicKeyId) return { ok: false, reason: 'unknown Wechatpay-Serial' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed Wechatpay-Timestamp' };
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) return { ok: false, reason: 'Wechatpay-Timestamp too far from our clock' };
  let valid = false;
  try {
    valid = createVerify('RSA-SHA256').update(`${timestamp}\n${nonce}\n${rawBody}\n`, 'utf8').verify(publicKeyObject(key.publicKey), signature, 'base64');
  } catch {
    valid = false;
  }
  return valid ? { ok: true, nonce } : { ok: false, reason: 'bad signature' };
}

export interface EncryptedResource {
  algorithm: string;
  ciphertext: string;
  associated_data?: string;
  nonce: string;
  original_type?: string;
}

/**
 * AEAD_AES_256_GCM as WeChat specifies it, strictly: the last 16 bytes of the ciphertext are the tag,
 * and `final()` throws when the tag (or the ciphertext, or the associated data) does not match.
 * Answers null instead of throwing.
 */
export function decryptResource(resource: EncryptedResource, apiV3Key: string): string | null {
  try {
    if (resource.algorithm !== 'AEAD_AES_256_GCM') return null;
    const key = Buffer.from(apiV3Key, 'utf8');
    const iv = Buffer.from(resource.nonce, 'utf8');
    const all = Buffer.from(resource.ciphertext, 'base64');
    if (key.length !== 32 || iv.length === 0 || all.length <= 16) return null;
    const tag = all.subarray(all.length - 16);
    const data = all.subarray(0, all.length - 16);
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
    decipher.setAuthTag(tag);
    decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'));
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const fen = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : null);

const TRADE_STATES: readonly TradeState[] = ['SUCCESS', 'REFUND', 'NOTPAY', 'CLOSED', 'REVOKED', 'USERPAYING', 'PAYERROR'];
const REFUND_STATUSES: readonly RefundStatus[] = ['SUCCESS', 'CLOSED', 'PROCESSING', 'ABNORMAL'];

/** A transaction as WeChat answers a query or sends it in TRANSACTION.SUCCESS; null when malformed. */
export function parseTransaction(v: unknown): PaymentFacts | null {
  if (!isRecord(v)) return null;
  const appid = str(v.appid);
  const mchid = str(v.mchid);
  const outTradeNo = str(v.out_trade_no);
  const tradeState = TRADE_STATES.find((s) => s === v.trade_state);
  if (!appid || !mchid || !outTradeNo || !tradeState) return null;
  const amount = isRecord(v.amount) ? v.amount : {};
  const total = fen(amount.total);
  const paid = tradeState === 'SUCCESS' || tradeState === 'REFUND';
  const transactionId = str(v.transaction_id);
  const payerOpenid = isRecord(v.payer) ? str(v.payer.openid) : null;
  const successTime = str(v.success_time);
  // What crediting relies on must be there when WeChat says it was paid.
  if (paid && (total === null || !transactionId || !successTime)) return null;
  return { appid, mchid, outTradeNo, transactionId, tradeState, totalFen: total ?? 0, payerOpenid, successTime };
}

/**
 * A refund as WeChat answers create/query (`status`, no mchid: `mchid` is ours) or sends it in
 * REFUND.* (`refund_status`, with mchid); null when malformed.
 */
export function parseRefund(v: unknown, mchid: string | null): RefundFacts | null {
  if (!isRecord(v)) return null;
  const status = REFUND_STATUSES.find((s) => s === (v.refund_status ?? v.status));
  const m = str(v.mchid) ?? mchid;
  const outTradeNo = str(v.out_trade_no);
  const outRefundNo = str(v.out_refund_no);
  const refundId = str(v.refund_id);
  const amount = isRecord(v.amount) ? v.amount : {};
  const refundFen = fen(amount.refund);
  const totalFen = fen(amount.total);
  if (!status || !m || !outTradeNo || !outRefundNo || !refundId || refundFen === null || totalFen === null) return null;
  return { mchid: m, outTradeNo, outRefundNo, refundId, status, refundFen, totalFen };
}
