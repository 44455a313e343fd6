import { config } from '../../lib/config';
import { logger } from '../../lib/logger';
import { readCachedToken, writeCachedToken } from '../dynamo/token-cache';
import { budgetSignal } from '../budget';

/** A failure answered by WeChat, with its errcode (40029 invalid code, 40001 bad token, 43101 no consent...). */
export class WeChatError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly api: string,
  ) {
    super(`WeChat ${api} failed: ${errcode} ${errmsg}`);
    this.name = 'WeChatError';
  }
}

interface WeChatReply {
  errcode?: number;
  errmsg?: string;
}

const TOKEN_ERRORS = new Set([40001, 42001, 40014]);
/** Refresh the cached token this long before WeChat says it expires. */
const TOKEN_MARGIN_MS = 5 * 60_000;

/**
 * The one client for WeChat's server APIs. Its base URL is configuration: api.weixin.qq.com in
 * production, the local stand-in (infra/wechat-standin) in development and tests.
 */
export const wechat = {
  /** Makes the access token ready in memory (a caller that must not fail between its own write and a send). */
  async prepare(): Promise<void> {
    await accessToken();
  },

  /** Exchanges a wx.login code. The session_key stays here; callers get the identity only. */
  async code2Session(code: string): Promise<{ openid: string; unionid: string | null }> {
    const c = config().wechat;
    const q = new URLSearchParams({ appid: c.appid, secret: c.secret, js_code: code, grant_type: 'authorization_code' });
    const r = await call<{ openid: string; unionid?: string; session_key: string }>('jscode2session', `${c.apiBase}/sns/jscode2session?${q}`);
    return { openid: r.openid, unionid: r.unionid ?? null };
  },

  /** Exchanges a getPhoneNumber button code for the number (billed by WeChat: call once per code). */
  async getPhoneNumber(code: string, openid?: string): Promise<{ purePhoneNumber: string; countryCode: string }> {
    const r = await withToken((token) =>
      call<{ phone_info: { phoneNumber: string; purePhoneNumber: string; countryCode: string } }>(
        'getuserphonenumber',
        `${config().wechat.apiBase}/wxa/business/getuserphonenumber?access_token=${encodeURIComponent(token)}`,
        { code, ...(openid ? { openid } : {}) },
      ),
    );
    return { purePhoneNumber: r.phone_info.purePhoneNumber, countryCode: r.phone_info.countryCode };
  },

  /** Sends a subscribe message; 43101 means the member has no acceptance left for the template. */
  async sendSubscribeMessage(msg: {
    touser: string;
    template_id: string;
    page?: string;
    data: Record<string, { value: string }>;
    miniprogram_state?: 'developer' | 'trial' | 'formal';
  }): Promise<{ msgid: number | string }> {
    return withToken((token) =>
      call<{ msgid: number }>(
        'subscribe/send',
        `${config().wechat.apiBase}/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`,
        { lang: 'zh_CN', ...msg },
      ),
    );
  },

  /**
   * 订单发货管理 for a paid virtual good (issue 17): `POST /wxa/sec/order/upload_shipping_info`, the order
   * named by its WeChat Pay transaction id (order_number_type 2), logistics_type 3 (virtual goods), delivery
   * mode 1 (one shipment). `uploadTime` is an ISO instant, sent as RFC 3339 in Beijing time.
   */
  async uploadShippingInfo(s: { transactionId: string; payerOpenid: string; itemDesc: string; uploadTime: string }): Promise<void> {
    const t = new Date(s.uploadTime).getTime();
    if (Number.isNaN(t)) throw new Error(`uploadTime is not an instant: ${s.uploadTime}`);
    const uploadTime = `${new Date(t + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
    await withToken((token) =>
      call<WeChatReply>('upload_shipping_info', `${config().wechat.apiBase}/wxa/sec/order/upload_shipping_info?access_token=${encodeURIComponent(token)}`, {
        order_key: { order_number_type: 2, transaction_id: s.transactionId },
        logistics_type: 3,
        delivery_mode: 1,
        // WeChat limits item_desc to 120 characters.
        shipping_list: [{ item_desc: [...s.itemDesc].slice(0, 120).join('') }],
        upload_time: uploadTime,
        payer: { openid: s.payerOpenid },
      }),
    );
  },

  /**
   * 获取不限制的小程序码 (`POST /wxa/getwxacodeunlimit`): the image for a printed poster, opening `page` with
   * `scene` (at most 32 visible characters). WeChat answers the image itself, or JSON {errcode} on failure.
   */
  async getUnlimitedCode(p: { scene: string; page: string; width?: number; envVersion?: 'release' | 'trial' | 'develop'; checkPath?: boolean }): Promise<{ image: Buffer; contentType: string }> {
    return withToken((token) =>
      callForImage('getwxacodeunlimit', `${config().wechat.apiBase}/wxa/getwxacodeunlimit?access_token=${encodeURIComponent(token)}`, {
        scene: p.scene,
        page: p.page,
        width: p.width ?? 430,
        env_version: p.envVersion ?? 'release',
        check_path: p.checkPath ?? true,
      }),
    );
  },

  /** Fetches a stable access_token and caches it in the table (used by the scheduled refresh too). */
  async refreshAccessToken(force = false, opts: { cacheRequired?: boolean } = {}): Promise<{ token: string; expiresAt: number }> {
    const c = config().wechat;
    const r = await call<{ access_token: string; expires_in: number }>('stable_token', `${c.apiBase}/cgi-bin/stable_token`, {
      grant_type: 'client_credential',
      appid: c.appid,
      secret: c.secret,
      force_refresh: force,
    });
    const expiresAt = Date.now() + r.expires_in * 1000;
    memoryToken = { token: r.access_token, expiresAt };
    // Shared through the table for the other functions. Inside a call that needs the token, a failure to share it
    // does not fail the call (the stable token is the same for all until it expires; each fetches it when needed);
    // the scheduled refresh, whose purpose is sharing it, fails.
    const cached = writeCachedToken(r.access_token, expiresAt);
    if (opts.cacheRequired === false) await cached.catch((e: unknown) => logger.warn('access_token not cached', { error: e as Error }));
    else await cached;
    return memoryToken;
  },
};

let memoryToken: { token: string; expiresAt: number } | null = null;

async function accessToken(): Promise<string> {
  const now = Date.now();
  if (memoryToken && memoryToken.expiresAt - TOKEN_MARGIN_MS > now) return memoryToken.token;
  const cached = await readCachedToken();
  if (cached && cached.expiresAt - TOKEN_MARGIN_MS > now) {
    memoryToken = cached;
    return cached.token;
  }
  return (await wechat.refreshAccessToken(false, { cacheRequired: false })).token;
}

/** Runs a call with the shared token; on 40001/42001 refreshes once and retries once. */
async function withToken<T>(fn: (token: string) => Promise<T>): Promise<T> {
  try {
    return await fn(await accessToken());
  } catch (e) {
    if (e instanceof WeChatError && TOKEN_ERRORS.has(e.errcode)) {
      logger.warn('access_token rejected; refreshing once', { errcode: e.errcode });
      memoryToken = null;
      const fresh = await wechat.refreshAccessToken(true, { cacheRequired: false });
      return fn(fresh.token);
    }
    throw e;
  }
}

/**
 * Our own errcode for a call that got no usable answer (timed out, dropped, malformed): unlike WeChat's -1
 * (system busy), the outcome is unknown: a message may have been sent.
 */
export const WECHAT_NO_ANSWER = -2;

/** WeChat refused for now (busy, rate limits): nothing was done, and the same call may be made again later. */
export const WECHAT_RETRYABLE = new Set([-1, 45009, 45011]);

/** WeChat answers in well under a second; a call waits at most this long (and never past the request's budget). */
export const WECHAT_CALL_TIMEOUT_MS = 4000;

/** A call waits at most WECHAT_CALL_TIMEOUT_MS, and never past the request's budget. */
function callSignal(): AbortSignal {
  const budget = budgetSignal();
  return budget ? AbortSignal.any([AbortSignal.timeout(WECHAT_CALL_TIMEOUT_MS), budget]) : AbortSignal.timeout(WECHAT_CALL_TIMEOUT_MS);
}

/**
 * One call. Whatever goes wrong is a WeChatError (issue 20): WeChat's own errcode, -1 for an HTTP error, or
 * WECHAT_NO_ANSWER for no answer in time, a dropped connection or a malformed answer, so no caller ever sees a
 * raw network error. A route that does not handle it answers 503 `wechat_unavailable` (lib/http.ts).
 */
async function call<T>(api: string, url: string, body?: unknown): Promise<T> {
  const signal = callSignal();
  let data: T & WeChatReply;
  try {
    const res = await fetch(url, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
    if (!res.ok) throw new WeChatError(-1, `HTTP ${res.status}`, api);
    data = (await res.json()) as T & WeChatReply;
  } catch (e) {
    if (e instanceof WeChatError) throw e;
    const what = (e as { name?: string })?.name === 'SyntaxError' ? 'malformed answer' : `no answer (${(e as Error)?.name ?? 'error'})`;
    throw new WeChatError(WECHAT_NO_ANSWER, what, api);
  }
  if (!data || typeof data !== 'object') throw new WeChatError(WECHAT_NO_ANSWER, 'malformed answer', api);
  if (data.errcode) throw new WeChatError(data.errcode, data.errmsg ?? '', api);
  return data;
}

/** A call whose success is a binary body (an image) and whose failure is WeChat's JSON; errors as `call`'s. */
async function callForImage(api: string, url: string, body: unknown): Promise<{ image: Buffer; contentType: string }> {
  const signal = callSignal();
  let res: Response;
  let bytes: Buffer;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal });
    bytes = Buffer.from(await res.arrayBuffer());
  } catch (e) {
    throw new WeChatError(WECHAT_NO_ANSWER, `no answer (${(e as Error)?.name ?? 'error'})`, api);
  }
  if (!res.ok) throw new WeChatError(-1, `HTTP ${res.status}`, api);
  const contentType = res.headers.get('content-type') ?? '';
  if (contentType.includes('json') || bytes[0] === 0x7b /* { */) {
    let data: WeChatReply;
    try {
      data = JSON.parse(bytes.toString('utf8')) as WeChatReply;
    } catch {
      throw new WeChatError(WECHAT_NO_ANSWER, 'malformed answer', api);
    }
    throw new WeChatError(data.errcode || WECHAT_NO_ANSWER, data.errmsg ?? 'no image', api);
  }
  if (bytes.length === 0) throw new WeChatError(WECHAT_NO_ANSWER, 'empty answer', api);
  return { image: bytes, contentType: contentType.split(';')[0]!.trim() || 'image/jpeg' };
}

/** Forget the in-memory token (tests that swap stand-ins). */
export function resetWeChatClientCache() {
  memoryToken = null;
}
