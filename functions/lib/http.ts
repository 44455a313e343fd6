import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { ERRORS } from '../../shared/contract/errors';
import type { RouteSlice, RouteSpec } from '../../shared/contract/routes/spec';
import { config } from './config';
import { AppError, fail, type FieldError } from './errors';
import { logger } from './logger';
import { withBudget } from '../adapters/budget';
import { enforceQuota } from './quota';
import { isTransientDatabaseError } from '../adapters/dynamo/errors';
import { currentRoles } from './roles';
import { effectiveRoles } from '../../shared/domain/staff';
import { flushMetrics } from './metrics';
import { verifySession, type Session } from './session';

type BodyOf<S> = S extends { body: z.ZodType } ? z.output<S['body']> : undefined;
type QueryOf<S> = S extends { query: z.ZodType } ? z.output<S['query']> : undefined;
type ParamsOf<S> = S extends { params: z.ZodType } ? z.output<S['params']> : undefined;
type SessionOf<S extends RouteSpec> = S['auth'] extends 'public' ? null : Session;

/** What a use-case call receives, typed from its route's spec. */
export interface Request<S extends RouteSpec> {
  body: BodyOf<S>;
  query: QueryOf<S>;
  params: ParamsOf<S>;
  session: SessionOf<S>;
  event: APIGatewayProxyEventV2;
}

export type Handler = (event: APIGatewayProxyEventV2, context?: Context) => Promise<APIGatewayProxyResultV2>;

/** A route's handler, carrying its spec so that `router()` can pick it by method and path. */
export interface RouteHandler extends Handler {
  readonly routeName: string;
  readonly spec: RouteSpec;
}

/**
 * The one way a route is served: parse and validate with the shared contract, check the token and
 * role, run the use case, map expected failures to 4xx. Handlers only supply the use-case call.
 * The spec comes from the capability's own route slice (shared/contract/routes/<capability>.ts), never
 * from the merged table, so a bundle holds only its own routes' schemas:
 *
 *   export const create = route(checkoutRoutes, 'checkout', ({ session, body }) => checkout(session, body));
 */
export function route<T extends RouteSlice, N extends keyof T & string>(
  slice: T,
  name: N,
  run: (req: Request<T[N]>) => Promise<z.input<T[N]['response']>>,
): RouteHandler {
  const spec = slice[name] as RouteSpec;
  const handler: Handler = async (event, context) => {
    if (context) logger.addContext(context);
    try {
      // The whole request runs inside its time budget (functions/adapters/budget.ts, issue 20): the role check,
      // the caller's limit for the action if the route has one, and the use case.
      const result = await withBudget(budgetMs(context), async () => {
        const auth = spec.auth;
        const session = auth === 'public' ? null : await authenticate(event, auth);
        const body = spec.body ? parse(spec.body, readJson(event), 'body') : undefined;
        const query = spec.query ? parse(spec.query, event.queryStringParameters ?? {}, 'query') : undefined;
        const params = spec.params ? parse(spec.params, event.pathParameters ?? matchPath(spec.path, event.rawPath) ?? {}, 'path') : undefined;
        if (spec.quota && session) await enforceQuota(spec.quota, session);
        return run({ body, query, params, session, event } as Request<T[N]>);
      });
      return spec.text ? text(spec.status ?? 200, String(result)) : json(spec.status ?? 200, result);
    } catch (e) {
      return errorResponse(e, name);
    } finally {
      // The business metrics this request counted: one EMF line per invocation (none when nothing was counted).
      flushMetrics();
    }
  };
  return Object.assign(handler, { routeName: name, spec });
}

async function authenticate(event: APIGatewayProxyEventV2, allowed: readonly string[]): Promise<Session> {
  const header = event.headers?.authorization ?? event.headers?.Authorization;
  const m = header ? /^Bearer\s+(.+)$/i.exec(header) : null;
  if (!m?.[1]) throw fail('unauthorized');
  let session = await verifySession(m[1], config().sessionSecret);
  // A route open to staff, managers or admins: only the roles the holder still has (revocation within 60 s).
  if (session.roles.some((r) => r !== 'member' && allowed.includes(r))) {
    session = { ...session, ...effectiveRoles(session, await currentRoles(session.openid)) };
  }
  if (!session.roles.some((r) => allowed.includes(r))) {
    throw fail('forbidden', `this action needs one of the roles: ${allowed.join(', ')}`);
  }
  return session;
}

function readJson(event: APIGatewayProxyEventV2): unknown {
  if (!event.body) return {};
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text);
  } catch {
    throw fail('invalid_json', 'the request body is not valid JSON', [{ path: 'body', message: 'not valid JSON' }]);
  }
}

function parse<S extends z.ZodType>(schema: S, input: unknown, where: 'body' | 'query' | 'path'): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const fields: FieldError[] = r.error.issues.map((i) => ({
    path: i.path.length ? i.path.map(String).join('.') : where,
    message: i.message,
  }));
  const names = [...new Set(fields.map((f) => f.path))].join(', ');
  throw fail('invalid_input', `invalid ${where}: ${names}`, fields);
}

/** A path segment decoded; a malformed escape stays as sent (the parameter's validation names it). */
function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Path parameters of `path` matched against a route pattern like /admin/members/{memberId}. */
export function matchPath(pattern: string, path: string | undefined): Record<string, string> | null {
  if (!path) return null;
  const p = pattern.split('/');
  const a = path.split('/');
  if (p.length !== a.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const m = /^\{(\w+)\}$/.exec(p[i]!);
    if (m) params[m[1]!] = decodeSegment(a[i]!);
    else if (p[i] !== a[i]) return null;
  }
  return params;
}

/**
 * One Lambda serving several routes of a capability: picks the route by the event's route key
 * (API Gateway's "METHOD /pattern"), or by method and path when called directly.
 */
export function router(handlers: Record<string, RouteHandler>): Handler {
  const table = Object.values(handlers).map((h) => ({ spec: h.spec, h }));
  return async (event, context) => {
    const method = event.requestContext?.http?.method ?? event.routeKey?.split(' ')[0];
    const hit =
      table.find((r) => `${r.spec.method} ${r.spec.path}` === event.routeKey) ??
      table.find((r) => r.spec.method === method && matchPath(r.spec.path, event.rawPath));
    if (!hit) return errorResponse(fail('no_route', `no route ${event.routeKey}`), `${event.routeKey}`);
    return hit.h(event, context);
  };
}

export function json(statusCode: number, body: unknown): APIGatewayProxyResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    body: JSON.stringify(body),
  };
}

/** A plain-text answer (routes whose spec says `text`, e.g. WeChat's push URL wants `success`). */
export function text(statusCode: number, body: string): APIGatewayProxyResultV2 {
  return { statusCode, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }, body };
}

/**
 * A request's time budget: what its Lambda has left less a margin to answer (the API functions' timeout is
 * 10 s, API Gateway waits 29 s), at most REQUEST_BUDGET_MS. Outside Lambda (no context: the local stack and
 * tests, one process serving many requests at once) the default is API Gateway's bound less a margin, 25 s.
 */
function budgetMs(context: { getRemainingTimeInMillis?: () => number } | undefined): number {
  const left = context?.getRemainingTimeInMillis?.();
  const inLambda = typeof left === 'number' && Number.isFinite(left);
  const cap = Number(process.env.REQUEST_BUDGET_MS) || (inLambda ? 8000 : 25_000);
  return inLambda ? Math.max(500, Math.min(cap, left - 1500)) : cap;
}

/** Seconds a client should wait before retrying a 503 (a 429 says its own). */
const RETRY_AFTER_SECONDS = 2;

function errorResponse(e: unknown, routeName: string): APIGatewayProxyResultV2 {
  if (!(e instanceof AppError) && isTransientDatabaseError(e)) {
    logger.warn('database busy', { route: routeName, error: e as Error });
    e = new AppError('database_busy', ERRORS.database_busy.message);
  }
  // WeChat failed in a way the use case did not handle (busy -1, rate limit 45009, no answer, a malformed answer).
  // (By name: the WeChat client stays out of the bundles of routes that never call WeChat.)
  if ((e as { name?: string } | null)?.name === 'WeChatError') {
    const w = e as { errcode: number; api: string };
    logger.warn('wechat unavailable', { route: routeName, errcode: w.errcode, api: w.api });
    e = new AppError('wechat_unavailable', `WeChat ${w.api} failed (${w.errcode})`);
  }
  if (e instanceof AppError) {
    if (e.status >= 500) logger.warn('unavailable', { route: routeName, code: e.code });
    const res = json(e.status, { error: { code: e.code, message: e.message, ...(e.fields ? { fields: e.fields } : {}) } });
    // Every 503 tells the client when to try again (the mini-program retries once, calmly).
    if ((e.status === 503 || e.status === 429) && typeof res === 'object') {
      return { ...res, headers: { ...res.headers, 'retry-after': String(e.retryAfter ?? RETRY_AFTER_SECONDS) } };
    }
    return res;
  }
  logger.error('unexpected failure', { route: routeName, error: e as Error });
  return json(ERRORS.internal.status, { error: { code: 'internal', message: ERRORS.internal.message } });
}
