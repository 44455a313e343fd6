import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { clearBrandCache } from '../../functions/adapters/dynamo/brand-repo';
import { resetWeChatClientCache } from '../../functions/adapters/wechat/client';
import { matchPath, type Handler } from '../../functions/lib/http';
import { buildHttpEvent, httpRoutes, loadHandler } from '../../infra/local/api-gateway';
import { ensureTable, startDynamoLocal } from '../../infra/local/dynamo';
import { ensureBucket } from '../../infra/local/s3';
import { localPayKeys, payBackendEnv } from '../../infra/local/pay-keys';
import { resetPayClientCache, resetPaySecretsCache } from '../../functions/adapters/wechatpay';
import { installLocalWorkers } from '../../infra/local/workers';
import { seedDemoBrand } from '../../infra/local/seed';
import { startWeChatStandIn, type WeChatStandIn } from '../../infra/wechat-standin/server';

export const APPID = 'wx-test-appid';
export const SECRET = 'test-secret';

/**
 * A test file's world: its own table in the shared DynamoDB Local, seeded with the demo brand, and
 * its own WeChat stand-in. Handlers read both from process.env, as in Lambda.
 */
export async function setupWorld(
  opts: {
    now?: () => number;
    /** The table's stream on (files that read it with drainStream). Off by default: see ensureTable. */
    stream?: boolean;
    /** A DynamoDB Local of this file's own (a file that writes tens of thousands of stream records). */
    ownDynamo?: boolean;
  } = {},
): Promise<{ standIn: WeChatStandIn; table: string; close(): Promise<void> }> {
  const shared = process.env.DYNAMODB_ENDPOINT;
  if (!shared) throw new Error('DYNAMODB_ENDPOINT is not set: run through the integration project (global-setup.ts)');
  const own = opts.ownDynamo ? await startDynamoLocal({ dataDir: null }) : null;
  const endpoint = own ? own.endpoint : shared;
  process.env.DYNAMODB_ENDPOINT = endpoint;
  const table = `t_${randomBytes(6).toString('hex')}`;
  const payKeys = await localPayKeys();
  const standIn = await startWeChatStandIn({ port: 0, appid: APPID, secret: SECRET, payKeys, ...(opts.now ? { now: opts.now } : {}) });
  Object.assign(process.env, {
    TABLE_NAME: table,
    WECHAT_API_BASE: standIn.url,
    WECHAT_APPID: APPID,
    WECHAT_SECRET: SECRET,
    SESSION_SECRET: 'integration-test-signing-key-0123456789',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    // WeChat Pay: this file's stand-in. Notifications go nowhere (a refused loopback port) unless a test
    // routes them into its handler with standIn.pay.setTransport(...) or sets WECHATPAY_NOTIFY_URL.
    ...payBackendEnv(payKeys, { apiBase: standIn.url, notifyUrl: 'http://127.0.0.1:1/pay/wechat/notify' }),
  });
  await ensureTable(endpoint, table, { stream: opts.stream === true });
  // Its own bucket in the shared S3 server (global-setup.ts), named after the table.
  const s3 = process.env.S3_ENDPOINT;
  if (s3) {
    process.env.FILES_BUCKET = table.replace(/_/g, '-');
    await ensureBucket(s3, process.env.FILES_BUCKET);
  }
  installLocalWorkers();
  await seedDemoBrand();
  clearBrandCache();
  resetWeChatClientCache();
  resetPayClientCache();
  resetPaySecretsCache();
  return {
    standIn,
    table,
    close: async () => {
      await standIn.close();
      if (own) {
        // Later files in this worker use the shared engine again.
        process.env.DYNAMODB_ENDPOINT = shared;
        await own.stop();
      }
    },
  };
}

/**
 * Routes the stand-in's WeChat Pay notifications (payments, refunds, their retries) straight into a handler,
 * as API Gateway would call it for POST /pay/wechat/notify (raw body, WeChat's headers).
 */
export function deliverPayNotificationsTo(standIn: WeChatStandIn, handler: Handler): void {
  standIn.pay.setTransport(async (url, headers, body) => (await postRaw(handler, new URL(url).pathname, headers, body)).status);
}

/** POSTs a raw body with these headers to a handler (e.g. a notification from standIn.pay.notificationFor). */
export async function postRaw(handler: Handler, path: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
  const event = buildHttpEvent({ method: 'POST', path, headers, body });
  const res = (await handler(event)) as APIGatewayProxyResultV2 as APIGatewayProxyStructuredResultV2;
  return { status: res.statusCode ?? 200, body: res.body ?? '' };
}

/** Several Lambdas' routers as one handler (tests drive admin routes that live in several capabilities). */
export function firstRouting(...handlers: Handler[]): Handler {
  return async (event, context) => {
    for (const h of handlers) {
      const r = (await h(event, context)) as { statusCode?: number; body?: string };
      if (!(r.statusCode === 404 && r.body?.includes('"no_route"'))) return r as never;
    }
    return { statusCode: 404, body: JSON.stringify({ error: { code: 'no_route', message: 'no route' } }) };
  };
}

export interface CallResult<T = any> {
  status: number;
  body: T;
  /** The answer's headers, lower-case names (Retry-After, content-type…). */
  headers: Record<string, string>;
}

/** Calls a handler with a real API Gateway v2 event, as Lambda would. */
export async function call<T = any>(
  handler: Handler,
  req: { method?: string; path?: string; body?: unknown; rawBody?: string; token?: string; query?: Record<string, string> } = {},
): Promise<CallResult<T>> {
  const event = buildHttpEvent({
    method: req.method ?? 'POST',
    path: req.path ?? '/',
    rawQueryString: req.query ? new URLSearchParams(req.query).toString() : '',
    headers: { 'content-type': 'application/json', ...(req.token ? { authorization: `Bearer ${req.token}` } : {}) },
    body: req.rawBody ?? (req.body === undefined ? null : JSON.stringify(req.body)),
  });
  const res = (await handler(event)) as APIGatewayProxyResultV2 as APIGatewayProxyStructuredResultV2;
  const headers = Object.fromEntries(Object.entries(res.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
  return { status: res.statusCode ?? 200, body: res.body ? JSON.parse(res.body) : null, headers };
}

const routeHandlers = new Map<string, Handler>();
/** Any route of serverless.yml by method and path, through the handler API Gateway would route it to. */
export async function callRoute<T = any>(method: string, path: string, token: string | undefined, body?: unknown, query?: Record<string, string>): Promise<CallResult<T>> {
  const r = httpRoutes().find((x) => x.method === method && matchPath(x.path, path));
  if (!r) throw new Error(`no route ${method} ${path}`);
  if (!routeHandlers.has(r.handler)) routeHandlers.set(r.handler, (await loadHandler(r.handler)) as Handler);
  return call<T>(routeHandlers.get(r.handler)!, { method, path, ...(token ? { token } : {}), ...(body === undefined ? {} : { body }), ...(query ? { query } : {}) });
}

export async function devPost<T = any>(standIn: WeChatStandIn, path: string, body: unknown): Promise<T> {
  const r = await fetch(`${standIn.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  return (await r.json()) as T;
}

export const loginCode = async (standIn: WeChatStandIn, openid: string) =>
  (await devPost<{ code: string }>(standIn, '/__dev/login-code', { openid })).code;
export const phoneCode = async (standIn: WeChatStandIn, phone: string) =>
  (await devPost<{ code: string }>(standIn, '/__dev/phone-code', { phone })).code;

let phoneSeq = 0;
/** A distinct mainland mobile number per call. */
export function uniquePhone(): string {
  phoneSeq++;
  return `137${String(Date.now() % 1e5).padStart(5, '0')}${String(phoneSeq).padStart(3, '0')}`.slice(0, 11);
}
