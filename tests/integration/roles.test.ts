/**
 * Role × route rules. Every route of the contract declares who may call it (`auth`); this walks the
 * whole table over real HTTP through the local stack with one person per role and checks the server
 * keeps to it:
 * - a person holding none of a route's roles is refused with 403 `forbidden` before anything is read
 *   or written (a plain member on a staff or admin route, a clerk on a manager's or admin's route, an
 *   admin without a store on a clerk's route…);
 * - a person holding one of them is never refused for her role (she may still get a 400 for the empty
 *   body, a 404 for the made-up ids, or another client error of the route's own);
 * - a store's routes (`/stores/{storeId}/…`) refuse the clerk and the manager of another store (403).
 * New routes are covered as soon as they are in the contract.
 */
import { grantRole } from '../../functions/adapters/dynamo/identity-repo';
import { startLocalStack, type Stack } from '../../infra/local/stack';
import { routes, type RouteSpec } from '../../shared/contract/routes';

let stack: Stack;
const savedEnv = { ...process.env };

type Answer = { status: number; body: { error?: { code?: string; message?: string } } | null };

async function api(method: string, path: string, body: string | undefined, auth: string | null): Promise<Answer> {
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
  return { status: r.status, body: json as Answer['body'] };
}

async function login(openid: string): Promise<string> {
  const { code } = await (await fetch(`${stack.urls.wechat}/__dev/login-code`, { method: 'POST', body: JSON.stringify({ openid }) })).json();
  return ((await api('POST', '/auth/login', JSON.stringify({ code }), null)).body as unknown as { token: string }).token;
}

async function registered(openid: string, phone: string): Promise<void> {
  const token = await login(openid);
  const { code } = await (await fetch(`${stack.urls.wechat}/__dev/phone-code`, { method: 'POST', body: JSON.stringify({ phone }) })).json();
  expect((await api('POST', '/members', JSON.stringify({ phoneCode: code, consent: true }), token)).status).toBe(200);
}

type Persona = 'member' | 'clerk' | 'manager' | 'admin' | 'otherClerk' | 'otherManager';
/** The roles each persona's token carries (every signed-in person is a member). */
const HOLDS: Record<Persona, string[]> = {
  member: ['member'],
  clerk: ['member', 'staff'],
  manager: ['member', 'staff', 'manager'],
  admin: ['member', 'admin'],
  otherClerk: ['member', 'staff'],
  otherManager: ['member', 'staff', 'manager'],
};
const tokens = {} as Record<Persona, string>;

beforeAll(async () => {
  stack = await startLocalStack({ apiPort: 0, h5Port: 0, standInPort: 0, dynamoPort: 0, dataDir: null, serveH5: false, tableName: 'huiyuan-roles' });
  await registered('roles-admin', '13700001001');
  await grantRole('roles-admin', { role: 'admin' }, 'test');
  tokens.admin = await login('roles-admin');
  // A second store, for the clerk and the manager of another store.
  expect((await api('POST', '/admin/stores', JSON.stringify({ storeId: 'S002', name: '第二门店', city: '上海' }), tokens.admin)).status).toBe(200);
  const people: [Persona, string, { role: 'staff' | 'manager'; storeId: string } | null][] = [
    ['member', '13700001002', null],
    ['clerk', '13700001003', { role: 'staff', storeId: 'S001' }],
    ['manager', '13700001004', { role: 'manager', storeId: 'S001' }],
    ['otherClerk', '13700001005', { role: 'staff', storeId: 'S002' }],
    ['otherManager', '13700001006', { role: 'manager', storeId: 'S002' }],
  ];
  for (const [persona, phone, grant] of people) {
    await registered(`roles-${persona}`, phone);
    if (grant) await grantRole(`roles-${persona}`, grant, 'test');
    tokens[persona] = await login(`roles-${persona}`);
  }
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  process.env = savedEnv;
});

/** Made-up but well-formed path values: the store is S001 (the personas' own, or the other store's). */
const SAMPLE: Record<string, string> = { storeId: 'S001', memberId: 'm_0000000000aaaaaaaaaa' };
const pathOf = (spec: RouteSpec) => spec.path.replace(/\{(\w+)\}/g, (_m, name: string) => SAMPLE[name] ?? 'x1');

const refusedForRole = (r: Answer) => r.status === 403 && r.body?.error?.code === 'forbidden' && /needs one of the roles/.test(r.body.error.message ?? '');

const guarded = (Object.entries(routes) as [string, RouteSpec][]).filter(([, spec]) => spec.auth !== 'public');
const PERSONAS: Persona[] = ['member', 'clerk', 'manager', 'admin'];

describe('role × route', () => {
  test('each persona is refused exactly the routes none of her roles may call', async () => {
    const wrong: string[] = [];
    const counts = { refused: 0, allowed: 0 };
    for (const [name, spec] of guarded) {
      const allowed = spec.auth as readonly string[];
      for (const persona of PERSONAS) {
        const mayCall = HOLDS[persona].some((r) => allowed.includes(r));
        const r = await api(spec.method, pathOf(spec), '{}', tokens[persona]);
        if (r.status === 401 || r.status >= 500) wrong.push(`${persona} ${name}: ${r.status} ${JSON.stringify(r.body).slice(0, 120)}`);
        else if (mayCall && refusedForRole(r)) wrong.push(`${persona} ${name}: refused although she holds one of ${allowed.join(', ')}`);
        else if (!mayCall && !(r.status === 403 && r.body?.error?.code === 'forbidden')) wrong.push(`${persona} ${name}: ${r.status} where only ${allowed.join(', ')} may call`);
        counts[mayCall ? 'allowed' : 'refused'] += 1;
      }
    }
    expect(wrong).toEqual([]);
    // The matrix is not trivial: both kinds of cell are many.
    expect(counts.refused).toBeGreaterThan(100);
    expect(counts.allowed).toBeGreaterThan(100);
  }, 300_000);

  test("a store's routes refuse the clerk and the manager of another store", async () => {
    const storeRoutes = guarded.filter(([, spec]) => spec.path.includes('{storeId}') && (spec.auth as readonly string[]).some((r) => r === 'staff' || r === 'manager'));
    expect(storeRoutes.length).toBeGreaterThan(3);
    const wrong: string[] = [];
    for (const [name, spec] of storeRoutes) {
      for (const persona of ['otherClerk', 'otherManager'] as const) {
        const allowed = spec.auth as readonly string[];
        if (!HOLDS[persona].some((r) => r !== 'member' && allowed.includes(r))) continue;
        // A body the route accepts as far as its shape goes is not needed: the store is checked first or the
        // empty body is refused (400); either way nothing of S001's may come back.
        const r = await api(spec.method, pathOf(spec), '{}', tokens[persona]);
        const ok = r.status === 403 || r.status === 400;
        if (!ok) wrong.push(`${persona} ${name}: ${r.status} ${JSON.stringify(r.body).slice(0, 120)}`);
        if (spec.method === 'GET' && r.status !== 403) wrong.push(`${persona} ${name}: GET answered ${r.status}, not 403`);
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);
});
