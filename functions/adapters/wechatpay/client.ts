/**
 * Signed WeChat Pay v3 requests (issue 17): wechatpay-node-v3 builds and signs them (Authorization
 * `WECHATPAY2-SHA256-RSA2048`, merchant key); its HTTP layer (`createHttp`) is ours: it sends to
 * `WECHATPAY_API_BASE` instead of the hard-coded host, times out after 3 s, and verifies every 2xx answer's
 * Wechatpay-* signature with the configured public key (public-key mode) before anything reads it.
 * Every failure (network, timeout, 5xx, SYSTEM_ERROR, an unsigned or malformed answer) is
 * `fail('pay_unavailable')`, carrying WeChat's status and code for the caller (`wechatPayFailure`).
 */
import type Pay from 'wechatpay-node-v3';
import { AppError, fail } from '../../lib/errors';
import { logger } from '../../lib/logger';
import { verifyWechatpaySignature } from './notify';
import { payConfig, paySecrets, type PayConfig, type PaySecrets } from './secrets';

/** WeChat asks merchants to time out and retry; a member waits on this call. */
export const PAY_TIMEOUT_MS = 3000;
/** The host wechatpay-node-v3 writes into every URL (and strips before signing). */
const LIBRARY_HOST = 'https://api.mch.weixin.qq.com';

/** What our HTTP layer answers the library (its `Output`), after the answer's signature was checked. */
export interface PayAnswer {
  status: number;
  data?: any;
  error?: string;
}

/** WeChat's status and error code behind a `pay_unavailable` (e.g. 404 ORDER_NOT_EXIST, 400 ORDERPAID). */
export interface WeChatPayFailure {
  status: number | null;
  code: string | null;
}

const FAILURE = Symbol('wechatpay failure');

/** The `pay_unavailable` error, with what WeChat said (never the request, never keys). */
export function payUnavailable(api: string, failure: WeChatPayFailure, detail: string): AppError {
  const e = fail('pay_unavailable', `WeChat Pay ${api}: ${detail}`);
  (e as unknown as Record<symbol, WeChatPayFailure>)[FAILURE] = failure;
  return e;
}

/** WeChat's status and code behind an error raised by this adapter; null for anything else. */
export function wechatPayFailure(e: unknown): WeChatPayFailure | null {
  if (!e || typeof e !== 'object') return null;
  return (e as Record<symbol, WeChatPayFailure | undefined>)[FAILURE] ?? null;
}

/** The library's HTTP layer, pointed at the configured base, verifying answers. */
export class VerifyingHttp {
  constructor(
    private readonly base: string,
    private readonly key: { publicKey: string; publicKeyId: string },
    private readonly now: () => Date = () => new Date(),
  ) {}

  post(url: string, params: Record<string, unknown>, headers: Record<string, string>): Promise<PayAnswer> {
    // The library signed JSON.stringify(params): send exactly that string.
    return this.send('POST', url, headers, JSON.stringify(params));
  }

  get(url: string, headers: Record<string, string>): Promise<PayAnswer> {
    return this.send('GET', url, headers, undefined);
  }

  upload(): Promise<PayAnswer> {
    return Promise.reject(new Error('uploads are not used'));
  }

  private async send(method: string, url: string, headers: Record<string, string>, body: string | undefined): Promise<PayAnswer> {
    if (!url.startsWith(LIBRARY_HOST)) throw new Error(`unexpected WeChat Pay URL ${url}`);
    const target = this.base + url.slice(LIBRARY_HOST.length);
    const api = `${method} ${new URL(target).pathname}`;
    const sendHeaders = { ...headers };
    // fetch negotiates compression itself.
    delete sendHeaders['Accept-Encoding'];
    let res: Response;
    let text: string;
    try {
      res = await fetch(target, { method, headers: sendHeaders, body, signal: AbortSignal.timeout(PAY_TIMEOUT_MS) });
      text = await res.text();
    } catch (e) {
      const name = (e as Error).name;
      throw payUnavailable(api, { status: null, code: name === 'TimeoutError' ? 'TIMEOUT' : 'NETWORK' }, name === 'TimeoutError' ? 'timed out' : 'no answer');
    }
    const answerHeaders: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      answerHeaders[k] = v;
    });
    if (res.status >= 200 && res.status < 300) {
      // Nothing of an answer is believed before its signature is checked (a 204 signs the empty body).
      const check = verifyWechatpaySignature(answerHeaders, text, this.key, this.now());
      if (!check.ok) throw payUnavailable(api, { status: res.status, code: 'UNVERIFIED_ANSWER' }, `answer refused: ${check.reason}`);
      if (text === '') return { status: res.status, data: {} };
      try {
        return { status: res.status, data: JSON.parse(text) };
      } catch {
        throw payUnavailable(api, { status: res.status, code: 'MALFORMED_ANSWER' }, 'answer is not JSON');
      }
    }
    // Error answers, like the official SDKs do, are not required to be signed (they only make us fail, or say
    // ORDER_NOT_EXIST, which never credits anything); but a signature that is there must be WeChat's.
    if (answerHeaders['wechatpay-signature'] !== undefined) {
      const check = verifyWechatpaySignature(answerHeaders, text, this.key, this.now());
      if (!check.ok) throw payUnavailable(api, { status: res.status, code: 'UNVERIFIED_ANSWER' }, `error answer refused: ${check.reason}`);
    }
    let data: unknown = null;
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
    return { status: res.status, data, error: text.slice(0, 500) };
  }
}

/** The error code and message of a WeChat Pay error answer. */
function errorOf(a: PayAnswer): WeChatPayFailure & { message: string } {
  const d = a.data && typeof a.data === 'object' ? (a.data as Record<string, unknown>) : {};
  return {
    status: a.status,
    code: typeof d.code === 'string' ? d.code : null,
    message: typeof d.message === 'string' ? d.message : '',
  };
}

/** Raises `pay_unavailable` for an answer that is not a success. */
export function failFor(api: string, a: PayAnswer): never {
  const err = errorOf(a);
  logger.warn('WeChat Pay refused a request', { api, status: err.status, code: err.code });
  throw payUnavailable(api, { status: err.status, code: err.code }, `HTTP ${a.status} ${err.code ?? ''} ${err.message}`.trim());
}

interface Client {
  pay: Pay;
  config: PayConfig;
  secrets: PaySecrets;
}

let cachedClient: { key: string; client: Client } | null = null;

/** The library instance for the current configuration and secrets (one per warm Lambda). */
export async function payClient(): Promise<Client> {
  const secrets = await paySecrets();
  const config = payConfig();
  const key = `${config.appid}|${config.mchid}|${config.apiBase}|${secrets.merchantSerial}|${secrets.publicKeyId}|${secrets.merchantPrivateKey.length}`;
  if (cachedClient && cachedClient.key === key && cachedClient.client.secrets === secrets) {
    cachedClient.client.config = config;
    return cachedClient.client;
  }
  // Loaded on the first signed request, not at module load: the notify path (./notify) never needs it.
  const PayLib = require('wechatpay-node-v3') as typeof Pay;
  const pay = new PayLib({
    appid: config.appid,
    mchid: config.mchid,
    // Given explicitly: without it the library derives it from a certificate with getSN(), in lower case.
    serial_no: secrets.merchantSerial,
    // The library insists on a "public key" (a certificate, in its model); it is never used for our calls:
    // answers and notifications are verified in ./notify against the public-key-mode key.
    publicKey: Buffer.from(secrets.publicKey),
    privateKey: Buffer.from(secrets.merchantPrivateKey),
  });
  pay.createHttp(new VerifyingHttp(config.apiBase, { publicKey: secrets.publicKey, publicKeyId: secrets.publicKeyId }) as never);
  const client = { pay, config, secrets };
  cachedClient = { key, client };
  return client;
}

/** Forget the cached library instance (tests that swap stand-ins or keys). */
export function resetPayClientCache(): void {
  cachedClient = null;
}

/** An ISO instant as RFC 3339 in Beijing time (`2026-12-01T18:30:00+08:00`), as WeChat shows times. */
export function rfc3339Beijing(iso: string): string {
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) throw new Error(`not an instant: ${iso}`);
  const b = new Date(t + 8 * 3600_000).toISOString().slice(0, 19);
  return `${b}+08:00`;
}
