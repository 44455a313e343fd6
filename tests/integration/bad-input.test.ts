/**
 * Bad input is never a 500. Every route of the contract, over real HTTP through the local stack
 * (serverless.yml's routes, API Gateway v2 events, DynamoDB Local), gets generated garbage: bodies
 * with the route's own field names holding any JSON value, malformed JSON, odd path parameters and
 * query values. Each answer must be a success or one of the documented client errors with a code,
 * never a server error.
 */
import fc from 'fast-check';
import type { z } from 'zod';
import { grantRole } from '../../functions/adapters/dynamo/identity-repo';
import { startLocalStack, type Stack } from '../../infra/local/stack';
import { routes, type RouteSpec } from '../../shared/contract/routes';

let stack: Stack;
let token: string;
const savedEnv = { ...process.env };

async function api(method: string, path: string, body: string | undefined, auth: string | null) {
  const r = await fetch(`${stack.urls.api}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
    ...(body !== undefined && method !== 'GET' ? { body } : {}),
  });
  const text = await r.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: r.status, body: json as { error?: { code?: string } } | null };
}

async function login(openid: string): Promise<{ token: string }> {
  const { code } = await (await fetch(`${stack.urls.wechat}/__dev/login-code`, { method: 'POST', body: JSON.stringify({ openid }) })).json();
  return (await api('POST', '/auth/login', JSON.stringify({ code }), null)).body as unknown as { token: string };
}

beforeAll(async () => {
  stack = await startLocalStack({ apiPort: 0, h5Port: 0, standInPort: 0, dynamoPort: 0, dataDir: null, serveH5: false, tableName: 'huiyuan-bad-input' });
  // One person with every role, registered as a member, so each route gets past authorisation.
  const first = await login('fuzz-all-roles');
  const { code } = await (await fetch(`${stack.urls.wechat}/__dev/phone-code`, { method: 'POST', body: JSON.stringify({ phone: '13700009999' }) })).json();
  const reg = await api('POST', '/members', JSON.stringify({ phoneCode: code, consent: true }), first.token);
  expect(reg.status).toBe(200);
  await grantRole('fuzz-all-roles', { role: 'staff', storeId: 'S001' }, 'test');
  await grantRole('fuzz-all-roles', { role: 'admin' }, 'test');
  // Issue 16: the store role as manager (also staff at S001), so the manager routes get past authorisation.
  await grantRole('fuzz-all-roles', { role: 'manager', storeId: 'S001' }, 'test');
  token = (await login('fuzz-all-roles')).token;
}, 90_000);
afterAll(async () => {
  await stack?.stop();
  process.env = savedEnv;
});

const CLIENT_ERRORS = [400, 401, 403, 404, 405, 409, 413, 415, 422];

function expectNoServerError(what: string, r: { status: number; body: { error?: { code?: string } } | null }) {
  const ok = (r.status >= 200 && r.status < 300) || (CLIENT_ERRORS.includes(r.status) && typeof r.body?.error?.code === 'string');
  if (!ok) throw new Error(`${what} answered ${r.status}: ${JSON.stringify(r.body).slice(0, 400)}`);
}

const keysOf = (schema: z.ZodType | undefined): string[] => {
  const shape = (schema as unknown as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
};

const oddSegment = fc.oneof(
  // ('.' and '..' are left out: the HTTP client resolves them before sending.)
  fc.constantFrom('S001', 'x', '0', '-1', 'null', '%2F', '%00', '%E0%A4%A', 'a'.repeat(300), '%F0%9F%98%80', 'c_0000000000000000'),
  fc.string({ minLength: 1, maxLength: 24 }).map((s) => (s === '.' || s === '..' ? `${s}x` : encodeURIComponent(s))),
);
const anyJson = fc.jsonValue({ maxDepth: 3 });

/** A body with the route's own field names (some left out), each holding any JSON value. */
const bodyFor = (spec: RouteSpec) => {
  const keys = keysOf(spec.body);
  if (keys.length === 0) return anyJson.map((v) => JSON.stringify(v));
  return fc
    .record(Object.fromEntries(keys.map((k) => [k, anyJson])) as Record<string, fc.Arbitrary<unknown>>, { requiredKeys: [] })
    .chain((o) => fc.oneof(fc.constant(o), anyJson.map((extra) => ({ ...o, unexpected: extra }))))
    .map((o) => JSON.stringify(o));
};

const queryFor = (spec: RouteSpec) => {
  const keys = keysOf(spec.query);
  return fc
    .array(fc.tuple(keys.length ? fc.constantFrom(...keys) : fc.constant('q'), fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('-1', '1e309', 'true', '2026-13-45', 'x'.repeat(500)))), { maxLength: 4 })
    .map((pairs) => (pairs.length ? `?${new URLSearchParams(pairs).toString()}` : ''));
};

const pathFor = (spec: RouteSpec) => {
  const names = [...spec.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  return fc.tuple(...names.map(() => oddSegment)).map((values) => names.reduce((p, n, i) => p.replace(`{${n}}`, values[i] as string), spec.path));
};

const MALFORMED = ['{', '[]', 'null', '"text"', '1e309', '{"a":', '\u0000', JSON.stringify({ x: 'y'.repeat(200_000) })];

const all = Object.entries(routes) as [string, RouteSpec][];

describe.each(all)('%s', (_name, spec) => {
  test(`${spec.method} ${spec.path}: generated bad input is a client error, never a 500`, async () => {
    await fc.assert(
      fc.asyncProperty(pathFor(spec), queryFor(spec), bodyFor(spec), async (path, query, body) => {
        expectNoServerError(`${spec.method} ${path}${query} ${body.slice(0, 200)}`, await api(spec.method, `${path}${query}`, body, token));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS || 8) },
    );
    const path = spec.path.replace(/\{\w+\}/g, 'x');
    if (spec.method !== 'GET') {
      for (const raw of MALFORMED) expectNoServerError(`${spec.method} ${path} ${raw.slice(0, 40)}`, await api(spec.method, path, raw, token));
    }
    if (spec.auth !== 'public') {
      const anon = await api(spec.method, path, '{}', null);
      expect([anon.status, anon.body?.error?.code]).toEqual([401, expect.any(String)]);
      const forged = await api(spec.method, path, '{}', `${token.slice(0, -4)}AAAA`);
      expect(forged.status).toBe(401);
    }
  }, 60_000);
});

// Issue 16 (personal data and audit): the phone reveals and the audit log's filters, by name.
describe('phone reveals and the audit log: bad input names the field', () => {
  const field = async (method: string, path: string, status: number, code: string, path0?: string) => {
    const r = (await api(method, path, method === 'GET' ? undefined : '{}', token)) as { status: number; body: { error?: { code?: string; fields?: { path: string }[] } } | null };
    expect([r.status, r.body?.error?.code, ...(path0 ? [r.body?.error?.fields?.[0]?.path] : [])]).toEqual([status, code, ...(path0 ? [path0] : [])]);
  };
  test('POST /admin/members/{memberId}/phone and POST /admin/complaints/{complaintId}/phone', async () => {
    await field('POST', '/admin/members/not-a-member/phone', 400, 'invalid_input', 'memberId');
    // This admin holds no phones permission: refused before anything is read.
    await field('POST', '/admin/members/m_0000000000nobody/phone', 403, 'no_phone_permission');
    await field('POST', '/admin/complaints/%00/phone', 400, 'invalid_input', 'complaintId');
  });
  test('GET /admin/audit', async () => {
    await field('GET', '/admin/audit?from=2026-02-30', 400, 'invalid_input', 'from');
    await field('GET', '/admin/audit?from=2026-12-02&to=2026-12-01', 400, 'invalid_input', 'to');
    await field('GET', '/admin/audit?cursor=%7B%7D', 400, 'invalid_input', 'cursor');
    await field('GET', `/admin/audit?cursor=${Buffer.from('{"PK":"MEMBER#x","SK":"PROFILE"}').toString('base64url')}`, 400, 'invalid_input', 'cursor');
    await field('GET', '/admin/audit?member=m_0000000000nobody&target=rules', 400, 'invalid_input', 'member');
    await field('GET', '/admin/audit?action=drop%20table', 400, 'invalid_input', 'action');
  });
});
