/**
 * A local stand-in for the WeChat server APIs the backend calls (see shared/guide/wechat.md).
 *
 * It follows WeChat's HTTP contract exactly (paths, parameters, JSON field names, error codes, HTTP 200
 * for business errors), so functions/adapters/wechat/client.ts talks to it unchanged: only
 * WECHAT_API_BASE differs. Everything WeChat would decide on the phone (which user logged in, which
 * phone number they shared, which templates they accepted) is supplied through the /__dev endpoints.
 *
 * Built on node:http and node:crypto (and qrcode-generator for the mini-program codes it draws). All state is in
 * memory and exposed for tests.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateLocalPayKeys, PayStandIn, type LocalPayKeys, type PayStandInOptions } from './pay';
import { makeWxaCode, type MadeWxaCode } from './wxacode';

/** wx.login codes and getPhoneNumber codes are valid for 5 minutes. */
export const CODE_TTL_MS = 5 * 60_000;
/** An access_token lives 7200 s. */
export const TOKEN_TTL_MS = 7200 * 1000;
/** After a forced refresh the previous token keeps working for 5 minutes. */
export const TOKEN_GRACE_MS = 5 * 60_000;
/** Request bodies larger than this are refused. */
const MAX_BODY_BYTES = 1024 * 1024;

export interface StandInOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** The only appid/secret pair the stand-in accepts. */
  appid: string;
  secret: string;
  /** Clock in epoch milliseconds (inject one to test expiry); default Date.now. */
  now?: () => number;
  /**
   * The mini-program's message-push configuration (消息推送: URL, Token, plaintext mode): where
   * /__dev/push/* sends WeChat's pushes, signed with the token. Can be set later (`standIn.push`).
   */
  push?: PushConfig;
  /**
   * WeChat Pay v3 (pay.ts): the stand-in's key pair and id, the merchant's public key and serial, the APIv3
   * key, the mchid. Fresh keys are generated when not given (read them back from `payKeys`).
   */
  payKeys?: PayStandInOptions['keys'];
  /** Notification retry schedule (ms) and refund processing time; shortened local defaults. */
  payRetryScheduleMs?: number[];
  refundDelayMs?: number;
}

/** Where WeChat pushes messages for this mini-program, and the Token it signs them with. */
export interface PushConfig {
  url: string | null;
  token: string;
}

/** WeChat's message-push signature (plaintext mode): sha1 over token, timestamp and nonce sorted and joined. */
export function pushSignature(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
}

export interface SentMessage {
  msgid: number;
  touser: string;
  template_id: string;
  page: string | null;
  data: Record<string, { value: string }>;
  /** Epoch milliseconds (stand-in clock). */
  sentAt: number;
}

export interface RejectedMessage {
  touser: string;
  template_id: string;
  errcode: number;
  /** Epoch milliseconds (stand-in clock). */
  at: number;
}

/** Everything the stand-in remembers; the object is cleared in place by /__dev/reset. */
export interface StandInState {
  /** Unused wx.login codes → who logged in and when the code was issued. */
  loginCodes: Map<string, { openid: string; unionid: string | null; issuedAt: number }>;
  /** One session_key per openid, kept across logins (as WeChat does while the session is valid). */
  sessionKeys: Map<string, string>;
  /** Unused getPhoneNumber codes → the number and when the code was issued. */
  phoneCodes: Map<string, { phone: string; issuedAt: number }>;
  /** Every access_token still known, with the epoch ms at which it stops working. */
  tokens: Map<string, { expiresAt: number }>;
  /** The token stable_token hands out in normal mode (null: none yet, or invalidated). */
  currentToken: string | null;
  /** Number of POST /cgi-bin/stable_token calls received (including failed ones). */
  tokenRequests: number;
  /** Remaining acceptances, keyed by acceptanceKey(openid, templateId). */
  acceptances: Map<string, number>;
  /** Subscribe messages delivered, oldest first. */
  messages: SentMessage[];
  /** Subscribe messages refused (43101), oldest first. */
  rejected: RejectedMessage[];
  /** The msgid given to the next delivered message. */
  nextMsgid: number;
  /** Mini-program codes made (getwxacodeunlimit), oldest first. */
  wxacodes: MadeWxaCode[];
}

export interface WeChatStandIn {
  /** Base URL, e.g. http://127.0.0.1:3900 (use as WECHAT_API_BASE). */
  url: string;
  port: number;
  close(): Promise<void>;
  state: StandInState;
  /** The message-push configuration (mutable: the local stack sets it once the API is up). */
  push: PushConfig;
  /** WeChat Pay v3: orders, refunds, notifications sent, shipping uploads; in-process helpers for tests. */
  pay: PayStandIn;
  /** The keys the pay part uses (the full local set, merchant private key included, when it generated them). */
  payKeys: PayStandInOptions['keys'] | LocalPayKeys;
}

/** The key of the acceptance counter for one member and one template. */
export function acceptanceKey(openid: string, templateId: string): string {
  return `${openid}\u0000${templateId}`;
}

function emptyState(): StandInState {
  return {
    loginCodes: new Map(),
    sessionKeys: new Map(),
    phoneCodes: new Map(),
    tokens: new Map(),
    currentToken: null,
    tokenRequests: 0,
    acceptances: new Map(),
    messages: [],
    rejected: [],
    nextMsgid: 1,
    wxacodes: [],
  };
}

/** Empties the state in place, so references held by tests stay valid. */
function resetState(state: StandInState): void {
  Object.assign(state, emptyState());
}

// ---------------------------------------------------------------------------------------------
// WeChat error replies (HTTP 200, as WeChat answers them)
// ---------------------------------------------------------------------------------------------

const ERR = {
  invalidAppid: { errcode: 40013, errmsg: 'invalid appid' },
  invalidSecret: { errcode: 40125, errmsg: 'invalid appsecret' },
  invalidGrantType: { errcode: 40002, errmsg: 'invalid grant_type' },
  invalidCode: { errcode: 40029, errmsg: 'invalid code' },
  invalidToken: { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' },
  missingToken: { errcode: 41001, errmsg: 'access_token missing' },
  badJson: { errcode: 47001, errmsg: 'data format error' },
  badArgument: { errcode: 47003, errmsg: 'argument invalid!' },
  refused: { errcode: 43101, errmsg: 'user refuse to accept the msg' },
  notFound: { errcode: -1, errmsg: 'not found' },
} as const;

/** Thrown by body parsing; turned into a reply by the dispatcher. */
class BadBody extends Error {
  constructor(readonly tooLarge: boolean) {
    super(tooLarge ? 'request body too large' : 'invalid JSON body');
  }
}

/** Random opaque codes and tokens: 32 hex chars by default. */
function randomHex(bytes = 16): string {
  return randomBytes(bytes).toString('hex');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0;
}

/** An 11-digit mainland China mobile number. */
const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

// ---------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------

export async function startWeChatStandIn(opts: StandInOptions): Promise<WeChatStandIn> {
  const now = opts.now ?? Date.now;
  const host = opts.host ?? '127.0.0.1';
  const state = emptyState();
  const push: PushConfig = opts.push ?? { url: null, token: 'huiyuan-local-push-token' };
  const payKeys = opts.payKeys ?? (await generateLocalPayKeys());
  const pay = new PayStandIn({
    keys: payKeys,
    appid: opts.appid,
    now,
    ...(opts.payRetryScheduleMs ? { retryScheduleMs: opts.payRetryScheduleMs } : {}),
    ...(opts.refundDelayMs !== undefined ? { refundDelayMs: opts.refundDelayMs } : {}),
  });

  /** Checks the appid/secret pair the way WeChat does: appid first, then secret. */
  function checkCredentials(appid: unknown, secret: unknown) {
    if (appid !== opts.appid) return ERR.invalidAppid;
    if (secret !== opts.secret) return ERR.invalidSecret;
    return null;
  }

  /** Looks up an access_token from the query string; returns the error reply if it does not work. */
  function checkToken(url: URL) {
    const token = url.searchParams.get('access_token');
    if (!token) return ERR.missingToken;
    const t = state.tokens.get(token);
    if (!t || now() >= t.expiresAt) return ERR.invalidToken;
    return null;
  }

  /** Takes a single-use code out of its map; expired codes are dropped and count as unknown. */
  function takeCode<T extends { issuedAt: number }>(codes: Map<string, T>, code: unknown): T | null {
    if (!nonEmptyString(code)) return null;
    const entry = codes.get(code);
    if (!entry) return null;
    codes.delete(code);
    return now() - entry.issuedAt >= CODE_TTL_MS ? null : entry;
  }

  /** Drops codes nobody can use any more, so a long-running stand-in does not grow. */
  function pruneCodes() {
    const t = now();
    for (const codes of [state.loginCodes, state.phoneCodes] as Map<string, { issuedAt: number }>[]) {
      for (const [code, entry] of codes) if (t - entry.issuedAt >= CODE_TTL_MS) codes.delete(code);
    }
  }

  // --- WeChat endpoints ---------------------------------------------------------------------

  /** GET /sns/jscode2session: exchanges a wx.login code for the member's identity. */
  function jscode2session(url: URL) {
    const q = url.searchParams;
    const credErr = checkCredentials(q.get('appid'), q.get('secret'));
    if (credErr) return credErr;
    if (q.get('grant_type') !== 'authorization_code') return ERR.invalidGrantType;
    const login = takeCode(state.loginCodes, q.get('js_code'));
    if (!login) return ERR.invalidCode;
    let sessionKey = state.sessionKeys.get(login.openid);
    if (!sessionKey) {
      sessionKey = randomBytes(16).toString('base64');
      state.sessionKeys.set(login.openid, sessionKey);
    }
    return {
      openid: login.openid,
      session_key: sessionKey,
      ...(login.unionid ? { unionid: login.unionid } : {}),
    };
  }

  /** POST /cgi-bin/stable_token: the shared token; rotates only on force_refresh. */
  function stableToken(body: unknown) {
    state.tokenRequests += 1;
    if (!isRecord(body)) return ERR.badJson;
    const credErr = checkCredentials(body.appid, body.secret);
    if (credErr) return credErr;
    if (body.grant_type !== 'client_credential') return ERR.invalidGrantType;

    const t = now();
    const current = state.currentToken ? state.tokens.get(state.currentToken) : undefined;
    if (body.force_refresh !== true && state.currentToken && current && t < current.expiresAt) {
      // Normal mode: same token, with the seconds it has left (7200 right after it was issued).
      return { access_token: state.currentToken, expires_in: Math.ceil((current.expiresAt - t) / 1000) };
    }
    // Forced refresh (or no usable token): the previous token keeps working for a short grace period.
    if (current) current.expiresAt = Math.min(current.expiresAt, t + TOKEN_GRACE_MS);
    for (const [token, entry] of state.tokens) if (t >= entry.expiresAt) state.tokens.delete(token);
    const token = randomHex(32);
    state.tokens.set(token, { expiresAt: t + TOKEN_TTL_MS });
    state.currentToken = token;
    return { access_token: token, expires_in: TOKEN_TTL_MS / 1000 };
  }

  /** POST /wxa/business/getuserphonenumber: exchanges a getPhoneNumber code for the number. */
  function getUserPhoneNumber(url: URL, body: unknown) {
    const tokenErr = checkToken(url);
    if (tokenErr) return tokenErr;
    if (!isRecord(body)) return ERR.badJson;
    const entry = takeCode(state.phoneCodes, body.code);
    if (!entry) return ERR.invalidCode;
    return {
      errcode: 0,
      errmsg: 'ok',
      phone_info: {
        // Mainland numbers come without the +86 prefix in both fields.
        phoneNumber: entry.phone,
        purePhoneNumber: entry.phone,
        countryCode: '86',
        watermark: { timestamp: Math.floor(now() / 1000), appid: opts.appid },
      },
    };
  }

  /** POST /cgi-bin/message/subscribe/send: delivers if the member has an acceptance left. */
  function subscribeSend(url: URL, body: unknown) {
    const tokenErr = checkToken(url);
    if (tokenErr) return tokenErr;
    if (!isRecord(body)) return ERR.badJson;
    const { touser, template_id, page, data, miniprogram_state } = body;
    if (!nonEmptyString(touser) || !nonEmptyString(template_id) || !isValidData(data)) return ERR.badArgument;
    if (page !== undefined && typeof page !== 'string') return ERR.badArgument;
    if (miniprogram_state !== undefined && !['developer', 'trial', 'formal'].includes(miniprogram_state as string)) {
      return ERR.badArgument;
    }

    const key = acceptanceKey(touser, template_id);
    const left = state.acceptances.get(key) ?? 0;
    if (left <= 0) {
      state.rejected.push({ touser, template_id, errcode: ERR.refused.errcode, at: now() });
      return ERR.refused;
    }
    if (left === 1) state.acceptances.delete(key);
    else state.acceptances.set(key, left - 1);

    const msgid = state.nextMsgid++;
    state.messages.push({ msgid, touser, template_id, page: page ?? null, data, sentAt: now() });
    return { errcode: 0, errmsg: 'ok', msgid };
  }

  // --- Dev endpoints (what the phone would decide); errors are HTTP 400 {error} ---------------

  /** POST /__dev/login-code {openid, unionid?}: what wx.login would return on that member's phone. */
  function devLoginCode(body: unknown): Reply {
    if (!isRecord(body) || !nonEmptyString(body.openid)) return devError('openid (non-empty string) is required');
    if (body.unionid !== undefined && body.unionid !== null && !nonEmptyString(body.unionid)) {
      return devError('unionid must be a non-empty string when given');
    }
    pruneCodes();
    const code = randomHex();
    state.loginCodes.set(code, { openid: body.openid, unionid: body.unionid ?? null, issuedAt: now() });
    return ok({ code });
  }

  /** POST /__dev/phone-code {phone}: what the getPhoneNumber button would return. */
  function devPhoneCode(body: unknown): Reply {
    if (!isRecord(body) || typeof body.phone !== 'string' || !MAINLAND_MOBILE.test(body.phone)) {
      return devError('phone must be an 11-digit mainland mobile number');
    }
    pruneCodes();
    const code = randomHex();
    state.phoneCodes.set(code, { phone: body.phone, issuedAt: now() });
    return ok({ code });
  }

  /** POST /__dev/subscribe {openid, templateIds}: the member accepts in wx.requestSubscribeMessage. */
  function devSubscribe(body: unknown): Reply {
    if (!isRecord(body) || !nonEmptyString(body.openid)) return devError('openid (non-empty string) is required');
    const ids = body.templateIds;
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every(nonEmptyString)) {
      return devError('templateIds must be a non-empty array of template ids');
    }
    const unique = [...new Set(ids)];
    // wx.requestSubscribeMessage takes at most 3 template ids per call.
    if (unique.length > 3) return devError('at most 3 template ids per request, as in wx.requestSubscribeMessage');
    const accepted: Record<string, number> = {};
    for (const templateId of unique) {
      const key = acceptanceKey(body.openid, templateId);
      const count = (state.acceptances.get(key) ?? 0) + 1;
      state.acceptances.set(key, count);
      accepted[templateId] = count;
    }
    return ok({ accepted });
  }

  /** GET /__dev/messages[?touser=]: what was delivered and what was refused. */
  function devMessages(url: URL): Reply {
    const touser = url.searchParams.get('touser');
    const mine = <T extends { touser: string }>(list: T[]) => (touser ? list.filter((m) => m.touser === touser) : list);
    return ok({ messages: mine(state.messages), rejected: mine(state.rejected) });
  }

  /** POST /__dev/expire-token: every known access_token stops working (exercises 40001 + refresh). */
  function devExpireToken(): Reply {
    const expired = state.tokens.size;
    state.tokens.clear();
    state.currentToken = null;
    return ok({ expired });
  }

  /**
   * POST /__dev/push/user-info-change {openid, event?, revokeInfo?, format?, url?, token?}: WeChat's
   * authorized_user_information_changes push, as WeChat sends it in plaintext mode: POST to the push URL
   * with ?signature&timestamp&nonce (signed with the Token), the event as JSON or XML. event:
   * user_authorization_revoke (default; revokeInfo default "8", the phone), user_authorization_cancellation
   * or user_info_modified. `token` overrides the configured one (a test forges a push with a wrong one).
   * Answers what the receiver answered: {status, body}.
   */
  async function devPushUserInfoChange(body: unknown): Promise<Reply> {
    if (!isRecord(body) || !nonEmptyString(body.openid)) return devError('openid (non-empty string) is required');
    const event = body.event ?? 'user_authorization_revoke';
    if (!['user_authorization_revoke', 'user_authorization_cancellation', 'user_info_modified'].includes(event as string)) {
      return devError('event must be user_authorization_revoke, user_authorization_cancellation or user_info_modified');
    }
    const format = body.format ?? 'json';
    if (format !== 'json' && format !== 'xml') return devError('format must be json or xml');
    const target = nonEmptyString(body.url) ? body.url : push.url;
    if (!target) return devError('no push URL configured (give url, or configure the stand-in\'s push)');
    const token = nonEmptyString(body.token) ? body.token : push.token;
    const fields: Record<string, string | number> = {
      ToUserName: `gh_${opts.appid.replace(/[^a-z0-9]/gi, '').slice(0, 12)}`,
      FromUserName: 'o_platform_push_service',
      CreateTime: Math.floor(now() / 1000),
      MsgType: 'event',
      Event: event as string,
      OpenID: body.openid,
      AppID: opts.appid,
    };
    if (event === 'user_authorization_revoke') fields.RevokeInfo = nonEmptyString(body.revokeInfo) ? body.revokeInfo : '8';
    const payload =
      format === 'json'
        ? JSON.stringify(fields)
        : `<xml>${Object.entries(fields)
            .map(([k, v]) => (typeof v === 'number' ? `<${k}>${v}</${k}>` : `<${k}><![CDATA[${v}]]></${k}>`))
            .join('')}</xml>`;
    const timestamp = String(Math.floor(now() / 1000));
    const nonce = String(randomBytes(4).readUInt32BE(0));
    const url = new URL(target);
    url.searchParams.set('signature', pushSignature(token, timestamp, nonce));
    url.searchParams.set('timestamp', timestamp);
    url.searchParams.set('nonce', nonce);
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': format === 'json' ? 'application/json' : 'text/xml' }, body: payload });
    return ok({ status: res.status, body: await res.text(), sent: payload });
  }

  /** POST /__dev/push/verify {url?, token?}: WeChat's URL check (GET with echostr); answers {status, echoed}. */
  async function devPushVerify(body: unknown): Promise<Reply> {
    const b = isRecord(body) ? body : {};
    const target = nonEmptyString(b.url) ? b.url : push.url;
    if (!target) return devError('no push URL configured');
    const token = nonEmptyString(b.token) ? b.token : push.token;
    const timestamp = String(Math.floor(now() / 1000));
    const nonce = String(randomBytes(4).readUInt32BE(0));
    const echostr = randomHex(8);
    const url = new URL(target);
    for (const [k, v] of Object.entries({ signature: pushSignature(token, timestamp, nonce), timestamp, nonce, echostr })) url.searchParams.set(k, v);
    const res = await fetch(url);
    const text = await res.text();
    return ok({ status: res.status, echoed: res.ok && text === echostr });
  }

  // --- Dispatch -------------------------------------------------------------------------------

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const method = req.method ?? 'GET';

    if (method === 'OPTIONS') {
      send(res, { status: 204, body: null });
      return;
    }

    // WeChat Pay v3 and its dev endpoints: signatures are over the raw body.
    if (PayStandIn.handles(url.pathname)) {
      let raw: string;
      try {
        raw = await readRaw(req);
      } catch {
        send(res, { status: 413, body: { code: 'PARAM_ERROR', message: 'request body too large' } });
        return;
      }
      await pay.handle(req, res, url, raw);
      return;
    }

    const route = `${method} ${url.pathname}`;
    const isDev = url.pathname.startsWith('/__dev/');
    let reply: Reply;
    try {
      switch (route) {
        case 'GET /sns/jscode2session':
          reply = ok(jscode2session(url));
          break;
        case 'POST /cgi-bin/stable_token':
          reply = ok(stableToken(await readJson(req)));
          break;
        case 'POST /wxa/business/getuserphonenumber':
          reply = ok(getUserPhoneNumber(url, await readJson(req)));
          break;
        case 'POST /cgi-bin/message/subscribe/send':
          reply = ok(subscribeSend(url, await readJson(req)));
          break;
        case 'POST /wxa/getwxacodeunlimit': {
          const body = await readJson(req);
          const tokenErr = checkToken(url);
          if (tokenErr) reply = ok(tokenErr);
          else if (!isRecord(body)) reply = ok(ERR.badJson);
          else {
            const made = makeWxaCode(body, null, now());
            if ('error' in made) reply = ok(made.error);
            else {
              state.wxacodes.push(made.made);
              reply = { status: 200, body: made.image, contentType: 'image/png' };
            }
          }
          break;
        }
        case 'GET /__dev/wxacodes':
          reply = ok({ codes: state.wxacodes });
          break;
        case 'POST /wxa/sec/order/upload_shipping_info': {
          const body = await readJson(req);
          reply = ok(checkToken(url) ?? pay.uploadShipping(body));
          break;
        }
        case 'POST /__dev/login-code':
          reply = devLoginCode(await readJson(req));
          break;
        case 'POST /__dev/phone-code':
          reply = devPhoneCode(await readJson(req));
          break;
        case 'POST /__dev/subscribe':
          reply = devSubscribe(await readJson(req));
          break;
        case 'GET /__dev/messages':
          reply = devMessages(url);
          break;
        case 'POST /__dev/expire-token':
          reply = devExpireToken();
          break;
        case 'POST /__dev/push/user-info-change':
          reply = await devPushUserInfoChange(await readJson(req));
          break;
        case 'POST /__dev/push/verify':
          reply = await devPushVerify(await readJson(req));
          break;
        case 'POST /__dev/reset':
          resetState(state);
          pay.reset();
          reply = ok({ ok: true });
          break;
        default:
          reply = { status: 404, body: ERR.notFound };
      }
    } catch (e) {
      if (!(e instanceof BadBody)) throw e;
      if (e.tooLarge) reply = { status: 413, body: isDev ? { error: e.message } : ERR.badJson };
      else reply = isDev ? devError(e.message) : ok(ERR.badJson);
    }
    send(res, reply);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      // A bug in the stand-in, not a WeChat answer: make it loud.
      console.error('[wechat-standin] internal error', e);
      if (!res.headersSent) send(res, { status: 500, body: { errcode: -1, errmsg: 'system error' } });
      else res.end();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${urlHost(host)}:${port}`,
    port,
    state,
    push,
    pay,
    payKeys,
    close: () =>
      new Promise<void>((resolve, reject) => {
        pay.close();
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive connections (e.g. from fetch) would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// HTTP helpers
// ---------------------------------------------------------------------------------------------

interface Reply {
  status: number;
  body: unknown;
  /** A binary body (an image) is sent as it is, with this type. */
  contentType?: string;
}

function ok(body: unknown): Reply {
  return { status: 200, body };
}

function devError(error: string): Reply {
  return { status: 400, body: { error } };
}

/** `data` of a subscribe message: a non-empty object of `{ value: string }` entries. */
function isValidData(data: unknown): data is Record<string, { value: string }> {
  if (!isRecord(data)) return false;
  const entries = Object.values(data);
  return entries.length > 0 && entries.every((v) => isRecord(v) && typeof v.value === 'string');
}

/** Reads the body as text, exactly as sent. */
async function readRaw(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BadBody(true);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads and parses a JSON body; an empty body is treated as `{}`. */
async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BadBody(true);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BadBody(false);
  }
}

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET,POST,OPTIONS',
  'access-control-allow-headers': 'content-type, authorization',
  'access-control-max-age': '600',
};

function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...CORS_HEADERS };
  if (reply.body === null) {
    res.writeHead(reply.status, headers).end();
    return;
  }
  if (Buffer.isBuffer(reply.body)) {
    headers['content-type'] = reply.contentType ?? 'application/octet-stream';
    headers['content-length'] = String(reply.body.length);
    res.writeHead(reply.status, headers).end(reply.body);
    return;
  }
  const text = JSON.stringify(reply.body);
  headers['content-type'] = 'application/json; charset=utf-8';
  headers['content-length'] = String(Buffer.byteLength(text));
  res.writeHead(reply.status, headers).end(text);
}

/** The host part of the base URL: wildcard binds are reached through loopback; IPv6 gets brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
