/**
 * The world failing underneath (issue 20): DynamoDB Local behind the fault proxy (infra/local/fault-proxy.ts)
 * throttles, errs, resets, stalls or commits a write and drops its answer. Tills retry as a till does, with
 * the same idempotency key (the order id, the return id) after a 503 or no answer. Whatever the fault:
 * - every answer is a success or a clean 503 (`database_busy`/`busy`, with Retry-After), never a 500;
 * - once the database is well again, the retry answers the first result;
 * - nothing is written in part and nothing twice: one order, one earn row per order, one return row per
 *   return, and each balance equals its ledger's sum and the points expected.
 * The counts of requests per fault and outcome are printed.
 */
import './quiet-logs';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../../functions/adapters/dynamo/client';
import { memberPk } from '../../functions/adapters/dynamo/keys';
import { getPoints } from '../../functions/adapters/dynamo/member-repo';
import { create as checkoutHandler } from '../../functions/checkout/http';
import { create as returnHandler } from '../../functions/returns/http';
import { handler as couponsHandler } from '../../functions/coupons/http';
import { handler as productsHandler } from '../../functions/products/http';
import type { Handler } from '../../functions/lib/http';
import { DYNAMO_FAULTS, WECHAT_FAULTS, startFaultProxy, type Fault, type FaultProxy } from '../../infra/local/fault-proxy';
import { handler as careHandler } from '../../functions/care/http';
import { getCareLog, getConsentCount } from '../../functions/adapters/dynamo/care-repo';
import { resetWeChatClientCache } from '../../functions/adapters/wechat/client';
import { setClock } from '../../functions/lib/clock';
import { updateMe } from '../../functions/members/http';
import { DEFAULT_CARE_TEMPLATES } from '../../shared/domain';
import { actors } from './actors';
import { call, devPost, setupWorld } from './support';

let world: Awaited<ReturnType<typeof setupWorld>>;
let proxy: FaultProxy;
const saved = { ...process.env };
const a = actors(() => world.standIn);
let clerk: string;
let admin: string;

beforeAll(async () => {
  world = await setupWorld();
  proxy = await startFaultProxy(process.env.DYNAMODB_ENDPOINT!);
  // Every call of the handlers (and of this file's reads) goes through the proxy; short timeouts keep the file quick.
  Object.assign(process.env, { DYNAMODB_ENDPOINT: proxy.url, DYNAMO_REQUEST_TIMEOUT_MS: '800', REQUEST_BUDGET_MS: '2500' });
  clerk = (await a.login('demo-staff')).token;
  admin = (await a.login('demo-admin')).token;
}, 60_000);
/** The proxy's counts by `<fault> <what came of it>` (all operations together). */
const dynamoCalls: Record<string, number> = {};
/**
 * Care jobs run with the API's own budget in AWS (8 s): a care send is started only with time left for WeChat's
 * answer, so the short budget that keeps this file quick would leave members to the next run on a busy machine.
 */
function careBudget() {
  beforeAll(() => {
    process.env.REQUEST_BUDGET_MS = '8000';
  });
  afterAll(() => {
    process.env.REQUEST_BUDGET_MS = '2500';
  });
}

afterAll(async () => {
  for (const [key, n] of Object.entries(proxy?.counts() ?? {})) {
    const [, fault, outcome] = key.split(' ');
    dynamoCalls[`${fault} ${outcome}`] = (dynamoCalls[`${fault} ${outcome}`] ?? 0) + n;
  }
  // The answers per fault and outcome, and the proxy's own count of DynamoDB calls per fault and what became of them.
  console.log(`faults: answers ${JSON.stringify(outcomes)}`);
  console.log(`faults: DynamoDB calls ${JSON.stringify(dynamoCalls)}`);
  proxy?.setPolicy(null);
  process.env.DYNAMODB_ENDPOINT = saved.DYNAMODB_ENDPOINT;
  delete process.env.DYNAMO_REQUEST_TIMEOUT_MS;
  delete process.env.REQUEST_BUDGET_MS;
  await proxy?.close();
  await world?.close();
});

/** A small deterministic random source, so a failing run can be repeated. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const FAULTS: Record<string, () => Fault> = {
  throughputExceeded: DYNAMO_FAULTS.throughputExceeded,
  throttling: DYNAMO_FAULTS.throttling,
  internalError: DYNAMO_FAULTS.internalError,
  reset: () => ({ kind: 'reset' }),
  stall: () => ({ kind: 'stall', ms: 1500 }),
  latency: () => ({ kind: 'latency', ms: 200 }),
  commitThenDrop: () => ({ kind: 'commitThenDrop' }),
};

/** Faults hit this share of the calls of the given operations (writes and reads alike by default). */
function inject(fault: () => Fault, share: number, seed: number, operations?: string[]) {
  const next = rng(seed);
  proxy.setPolicy((req) => ((!operations || operations.includes(req.operation)) && next() < share ? fault() : null));
}

const send = (handler: Handler, path: string, token: string, body: unknown, method = 'POST') => call(handler, { method, path, token, body });
const sendPublic = (handler: Handler, path: string, body: unknown) => call(handler, { path, body });

type Outcomes = Record<string, Record<string, number>>;
const outcomes: Outcomes = {};
const note = (fault: string, what: string, r: { status: number; body: { error?: { code?: string } } | null }) => {
  const key = `${what} ${r.status}${r.body?.error?.code ? ` ${r.body.error.code}` : ''}`;
  outcomes[fault] ??= {};
  outcomes[fault]![key] = (outcomes[fault]![key] ?? 0) + 1;
};

/**
 * Sends as a till does: the same body again after a 503, up to `tries` times under the fault, then once
 * more when the database is well. Every answer must be a success or a clean 503.
 */
async function tillSends(fault: string, what: string, handler: Handler, path: string, body: unknown, tries = 3, token = clerk) {
  let last: Awaited<ReturnType<typeof send>> | null = null;
  for (let i = 0; i < tries; i++) {
    last = await send(handler, path, token, body);
    note(fault, what, last);
    if (last.status === 200) return { first: last, settled: last };
    expect([last.status, ['database_busy', 'busy'].includes(last.body?.error?.code)]).toEqual([503, true]);
    expect(last.headers['retry-after']).toBeDefined();
  }
  return { first: last!, settled: null };
}

async function ledger(memberId: string) {
  const { client, table } = db();
  const r = await client.send(
    new QueryCommand({ TableName: table, KeyConditionExpression: 'PK = :p AND begins_with(SK, :l)', ExpressionAttributeValues: { ':p': memberPk(memberId), ':l': 'LEDGER#' }, ConsistentRead: true }),
  );
  return (r.Items ?? []) as { points: number; type: string; source?: { kind: string; id: string } }[];
}

describe.each(Object.keys(FAULTS))('with DynamoDB failing: %s', (faultName) => {
  test('checkouts and returns succeed or answer a clean 503; retries answer the first result; nothing partial or double', async () => {
    proxy.setPolicy(null);
    const members = await Promise.all([0, 1, 2, 3].map((i) => a.newMember(`fault-${faultName}-${i}`)));
    const orders = await Promise.all(members.map(async (m, i) => a.orderBody(await a.codeFor(m.token), 10_000 + i * 1_000)));

    inject(FAULTS[faultName]!, 0.35, faultName.length * 7919);
    const firstTries = await Promise.all(orders.map((o) => tillSends(faultName, 'checkout', checkoutHandler, '/staff/checkouts', o)));
    proxy.setPolicy(null);
    // The database is well again: every till's retry with the same order id answers the one order.
    const settled = [];
    for (const [i, o] of orders.entries()) {
      const r = await send(checkoutHandler, '/staff/checkouts', clerk, o);
      note(faultName, 'checkout retry', r);
      expect(r.status).toBe(200);
      if (firstTries[i]!.settled) expect(r.body).toMatchObject({ replayed: true, pointsEarned: firstTries[i]!.settled!.body.pointsEarned });
      settled.push(r.body as { memberId: string; pointsEarned: number; balance: number });
    }

    // Half of each order comes back, under the fault again, with the return id as the idempotency key.
    inject(FAULTS[faultName]!, 0.35, faultName.length * 104729);
    const returns = orders.map((o, i) => ({ storeId: 'S001', orderId: o.orderId, returnId: `R${o.orderId}`, amountFen: 5_000 + i * 500 }));
    await Promise.all(returns.map((r) => tillSends(faultName, 'return', returnHandler, '/staff/returns', r)));
    proxy.setPolicy(null);
    for (const r of returns) {
      const again = await send(returnHandler, '/staff/returns', clerk, r);
      note(faultName, 'return retry', again);
      expect(again.status).toBe(200);
    }

    for (const [i, m] of members.entries()) {
      const rows = await ledger(m.id);
      const earns = rows.filter((r) => r.type === 'earn');
      const backs = rows.filter((r) => r.points < 0);
      // One earn row for the order, one row taking back the returned half: never twice, never half-written.
      expect(earns).toHaveLength(1);
      expect(earns[0]!.points).toBe(settled[i]!.pointsEarned);
      expect(backs).toHaveLength(1);
      const acct = await getPoints(m.id);
      const sum = rows.reduce((s, r) => s + r.points, 0);
      const bucketSum = acct.state.buckets.reduce((s, b) => s + b.points, 0) - acct.state.debt;
      expect(bucketSum).toBe(sum);
      expect(sum).toBe(settled[i]!.pointsEarned - Math.round(settled[i]!.pointsEarned / 2));
    }
  }, 120_000);
});

const DAY = 86_400_000;
const couponTemplate = (name: string, over: Record<string, unknown>) => ({
  name,
  description: '',
  kind: 'amountOff',
  amountOffFen: 1_000,
  scope: { kind: 'all' },
  stores: null,
  stackable: true,
  validity: { kind: 'afterIssue', days: 30 },
  stock: 10_000,
  perMemberLimit: 100,
  claimable: true,
  ...over,
});

describe.each(Object.keys(FAULTS))('with DynamoDB failing: %s', (faultName) => {
  test('coupon claims, points exchanges and product scans: retries answer the first result; one coupon per request, points spent and earned once', async () => {
    proxy.setPolicy(null);
    const free = await send(couponsHandler, '/admin/coupon-templates', admin, couponTemplate(`故障领券-${faultName}`, {}));
    const priced = await send(couponsHandler, '/admin/coupon-templates', admin, couponTemplate(`故障兑换-${faultName}`, { claimable: false, pointsCost: 20 }));
    expect([free.status, priced.status]).toEqual([201, 201]);
    const batch = await send(productsHandler, '/admin/product-batches', admin, {
      sku: 'SKU-CREAM-50',
      name: '修护面霜 50ml',
      count: 50,
      points: 7,
      validFrom: new Date(Date.now() - DAY).toISOString(),
      validUntil: new Date(Date.now() + 365 * DAY).toISOString(),
    });
    expect(batch.status).toBe(201);
    const members = await Promise.all([0, 1, 2].map((i) => a.newMember(`fault2-${faultName}-${i}`)));
    // Points to exchange: a purchase each, before the faults.
    for (const m of members) await a.buy(clerk, m, 10_000);
    const before = await Promise.all(members.map((m) => getPoints(m.id)));
    const exportRows = await exportCodes(String(batch.body.id));

    inject(FAULTS[faultName]!, 0.35, faultName.length * 31337);
    const work = members.flatMap((m, i) => [
      () => tillSends(faultName, 'claim', couponsHandler, `/coupons/centre/${free.body.id}/claim`, { requestId: `fc-${faultName}-${i}-1` }, 3, m.token),
      () => tillSends(faultName, 'claim', couponsHandler, `/coupons/centre/${free.body.id}/claim`, { requestId: `fc-${faultName}-${i}-2` }, 3, m.token),
      () => tillSends(faultName, 'exchange', couponsHandler, `/coupons/exchange/${priced.body.id}`, { requestId: `fx-${faultName}-${i}` }, 3, m.token),
      () => tillSends(faultName, 'scan', productsHandler, '/members/me/scans', { code: exportRows[i]!.code }, 3, m.token),
    ]);
    await Promise.all(work.map((w) => w()));
    proxy.setPolicy(null);
    // The database is well: the same requests again answer the first results.
    for (const [i, m] of members.entries()) {
      for (const [what, path, body, handler] of [
        ['claim', `/coupons/centre/${free.body.id}/claim`, { requestId: `fc-${faultName}-${i}-1` }, couponsHandler],
        ['claim', `/coupons/centre/${free.body.id}/claim`, { requestId: `fc-${faultName}-${i}-2` }, couponsHandler],
        ['exchange', `/coupons/exchange/${priced.body.id}`, { requestId: `fx-${faultName}-${i}` }, couponsHandler],
        ['scan', '/members/me/scans', { code: exportRows[i]!.code }, productsHandler],
      ] as [string, string, unknown, Handler][]) {
        const r = await send(handler, path, m.token, body);
        note(faultName, `${what} retry`, r);
        expect(r.status).toBe(200);
      }
    }
    for (const [i, m] of members.entries()) {
      const wallet = (await send(couponsHandler, '/members/me/coupons', m.token, undefined, 'GET')).body as { coupons: { templateId: string }[] };
      const mine = (id: unknown) => wallet.coupons.filter((c) => c.templateId === id).length;
      // Two claims, one exchange: never a third coupon from a repeated request, never a lost one.
      expect([mine(free.body.id), mine(priced.body.id)]).toEqual([2, 1]);
      const rows = await ledger(m.id);
      expect(rows.filter((r) => r.source?.kind === 'exchange')).toHaveLength(1);
      expect(rows.filter((r) => r.source?.kind === 'productScan')).toHaveLength(1);
      const acct = await getPoints(m.id);
      const sum = rows.reduce((t, r) => t + r.points, 0);
      expect(acct.state.buckets.reduce((t, b) => t + b.points, 0) - acct.state.debt).toBe(sum);
      // Before: the purchase's points; then 20 spent on the exchange and 7 earned by the scan, once each.
      expect(sum).toBe(before[i]!.state.buckets.reduce((t, b) => t + b.points, 0) - before[i]!.state.debt - 20 + 7);
    }
  }, 120_000);
});

/**
 * DynamoDB failing under care sends (the birthday job, run again after a 503 as the scheduler does): every
 * member who accepted gets her message exactly once, and her acceptance is spent exactly once.
 */
describe.each(Object.keys(FAULTS))('with DynamoDB failing under care sends: %s', (faultName) => {
  careBudget();
  afterEach(() => setClock(null));
  test('each member who accepted gets one message, her acceptance spent once', async () => {
    proxy.setPolicy(null);
    const day = '2026-12-02';
    const tpl = DEFAULT_CARE_TEMPLATES.birthday.templateId;
    const members = await Promise.all(
      [0, 1, 2].map(async (i) => {
        const openid = `o-fault-bd-${faultName}-${i}`;
        const m = await a.newMember(openid);
        expect((await call(updateMe, { method: 'PATCH', path: '/members/me', token: m.token, body: { birthday: '1992-12-02' } })).status).toBe(200);
        await devPost(world.standIn, '/__dev/subscribe', { openid, templateIds: [tpl] });
        expect((await call(careHandler, { path: '/members/me/subscriptions', token: m.token, body: { requestId: `req-${openid}`, accepted: [tpl], rejected: [], moment: 'register' } })).status).toBe(200);
        return { ...m, openid };
      }),
    );
    setClock({ now: () => new Date(`${day}T10:00:00+08:00`) });
    inject(FAULTS[faultName]!, 0.35, faultName.length * 65537);
    for (let run = 0; run < 4; run++) {
      const r = await call(careHandler, { path: '/admin/care-jobs/birthday/run', token: admin, body: { day } });
      note(faultName, 'care job', r);
      expect([200, 503]).toContain(r.status);
    }
    proxy.setPolicy(null);
    const last = await call(careHandler, { path: '/admin/care-jobs/birthday/run', token: admin, body: { day } });
    note(faultName, 'care job retry', last);
    expect(last.status).toBe(200);
    for (const m of members) {
      const seen = (await (await fetch(`${world.standIn.url}/__dev/messages?touser=${encodeURIComponent(m.openid)}`)).json()) as { messages: unknown[] };
      expect(seen.messages).toHaveLength(1);
      expect(await getConsentCount(m.id, tpl)).toBe(0);
      // Sent; when recording the outcome itself failed after the send, the log still says 发送中 (`sending`).
      expect(['sent', 'sending']).toContain((await getCareLog(m.id, 'birthday-2026'))?.outcome);
    }
  }, 120_000);
});

/**
 * A reservation that arrives after its sender gave up (the request's budget ran out while DynamoDB held it): the
 * sender makes it void, so when it lands it fails its condition. Nothing is left reserved and unsent: the
 * acceptance is hers again, and the next run sends the message once.
 */
describe('with a care reservation arriving after its sender gave up', () => {
  careBudget();
  afterEach(() => {
    proxy.setPolicy(null);
    setClock(null);
  });
  test('the late reservation does not commit; the next run sends once', async () => {
    const day = '2026-12-03';
    const tpl = DEFAULT_CARE_TEMPLATES.birthday.templateId;
    const openid = 'o-fault-late-reservation';
    const m = await a.newMember(openid);
    expect((await call(updateMe, { method: 'PATCH', path: '/members/me', token: m.token, body: { birthday: '1990-12-03' } })).status).toBe(200);
    await devPost(world.standIn, '/__dev/subscribe', { openid, templateIds: [tpl] });
    expect((await call(careHandler, { path: '/members/me/subscriptions', token: m.token, body: { requestId: `req-${openid}`, accepted: [tpl], rejected: [], moment: 'register' } })).status).toBe(200);
    setClock({ now: () => new Date(`${day}T10:00:00+08:00`) });
    // Every reservation is held 3 s before it reaches the database: longer than the SDK waits (0.8 s a try).
    let held = 0;
    const landed = () => Object.entries(proxy.counts()).filter(([k]) => k.startsWith('TransactWriteItems latency ')).reduce((t, [, n]) => t + n, 0);
    const before = landed();
    proxy.setPolicy((req) => {
      if (req.operation !== 'TransactWriteItems' || !req.body.includes('SET outcome = :sending, reservedBy = :by')) return null;
      held++;
      return { kind: 'latency', ms: 3000 };
    });
    const first = await call(careHandler, { path: '/admin/care-jobs/birthday/run', token: admin, body: { day } });
    note('late reservation', 'care job', first);
    expect([200, 503]).toContain(first.status);
    expect(held).toBeGreaterThan(0);
    proxy.setPolicy(null);
    // Every held reservation reaches the database after its sender gave up.
    for (let waited = 0; landed() - before < held && waited < 15_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
    expect(landed() - before).toBe(held);
    expect((await getCareLog(m.id, 'birthday-2026'))?.outcome).toBe('pending');
    expect(await getConsentCount(m.id, tpl)).toBe(1);
    const none = (await (await fetch(`${world.standIn.url}/__dev/messages?touser=${encodeURIComponent(openid)}`)).json()) as { messages: unknown[] };
    expect(none.messages).toHaveLength(0);

    const next = await call(careHandler, { path: '/admin/care-jobs/birthday/run', token: admin, body: { day } });
    note('late reservation', 'care job retry', next);
    expect(next.status).toBe(200);
    const seen = (await (await fetch(`${world.standIn.url}/__dev/messages?touser=${encodeURIComponent(openid)}`)).json()) as { messages: unknown[] };
    expect(seen.messages).toHaveLength(1);
    expect(await getConsentCount(m.id, tpl)).toBe(0);
    expect((await getCareLog(m.id, 'birthday-2026'))?.outcome).toBe('sent');
  }, 60_000);
});

/**
 * WeChat failing under a care send (the birthday job): busy (-1) and rate limits (45009) send nothing, give the
 * acceptance back and leave the occasion to the next run, which sends it; no answer (a dropped connection, a
 * malformed answer, or a send WeChat made whose answer was lost) is never retried. Never two messages.
 */
describe('with WeChat failing under a care send', () => {
  careBudget();
  const SEND = '/cgi-bin/message/subscribe/send';
  const cases: [string, () => Fault, { firstErrcode: number; retried: boolean; delivered: number }][] = [
    ['system busy (-1)', WECHAT_FAULTS.systemBusy, { firstErrcode: -1, retried: true, delivered: 1 }],
    ['rate limit (45009)', WECHAT_FAULTS.rateLimited, { firstErrcode: 45009, retried: true, delivered: 1 }],
    ['malformed answer', WECHAT_FAULTS.malformed, { firstErrcode: -2, retried: false, delivered: 0 }],
    ['connection reset', () => ({ kind: 'reset' }), { firstErrcode: -2, retried: false, delivered: 0 }],
    ['sent, answer lost', () => ({ kind: 'commitThenDrop' }), { firstErrcode: -2, retried: false, delivered: 1 }],
  ];
  let wproxy: FaultProxy;
  beforeAll(async () => {
    wproxy = await startFaultProxy(world.standIn.url);
    process.env.WECHAT_API_BASE = wproxy.url;
    resetWeChatClientCache();
  });
  afterAll(async () => {
    process.env.WECHAT_API_BASE = world.standIn.url;
    resetWeChatClientCache();
    await wproxy.close();
    setClock(null);
  });

  afterEach(() => setClock(null));

  test.each([
    ['system busy (-1)', WECHAT_FAULTS.systemBusy],
    ['rate limit (45009)', WECHAT_FAULTS.rateLimited],
    ['malformed answer', WECHAT_FAULTS.malformed],
    ['connection reset', (): Fault => ({ kind: 'reset' })],
  ] as [string, () => Fault][])('sign-in and registration with WeChat failing (%s): a clean 503 wechat_unavailable, then they work', async (name, fault) => {
    const { handler: loginHandler } = await import('../../functions/auth/http');
    const { registerMember } = await import('../../functions/members/http');
    const openid = `o-fault-reg-${name.length}-${name.charCodeAt(0)}`;
    const code = async () => (await devPost<{ code: string }>(world.standIn, '/__dev/login-code', { openid })).code;
    wproxy.setPolicy((req) => (req.path.startsWith('/sns/jscode2session') ? fault() : null));
    const refused = await sendPublic(loginHandler, '/auth/login', { code: await code() });
    note(`wechat ${name}`, 'sign-in', refused);
    expect([refused.status, refused.body?.error?.code, refused.headers['retry-after']]).toEqual([503, 'wechat_unavailable', '2']);
    wproxy.setPolicy(null);
    const s = await sendPublic(loginHandler, '/auth/login', { code: await code() });
    expect(s.status).toBe(200);
    wproxy.setPolicy((req) => (req.path.startsWith('/wxa/business/getuserphonenumber') ? fault() : null));
    const phone = `139${String(Date.now()).slice(-8)}`;
    const phoneCode = async () => (await devPost<{ code: string }>(world.standIn, '/__dev/phone-code', { phone })).code;
    const reg = await send(registerMember, '/members', s.body.token, { phoneCode: await phoneCode(), consent: true });
    note(`wechat ${name}`, 'register', reg);
    expect([reg.status, reg.body?.error?.code]).toEqual([503, 'wechat_unavailable']);
    wproxy.setPolicy(null);
    expect((await send(registerMember, '/members', s.body.token, { phoneCode: await phoneCode(), consent: true })).status).toBe(200);
  });

  test('an expired token refreshed while the database refuses to keep it: the message still goes, once', async () => {
    proxy.setPolicy(null);
    wproxy.setPolicy(null);
    const day = '2026-12-05';
    const openid = 'o-fault-token-cache';
    const m = await a.newMember(openid);
    expect((await call(updateMe, { method: 'PATCH', path: '/members/me', token: m.token, body: { birthday: '1991-12-05' } })).status).toBe(200);
    const tpl = DEFAULT_CARE_TEMPLATES.birthday.templateId;
    await devPost(world.standIn, '/__dev/subscribe', { openid, templateIds: [tpl] });
    expect((await call(careHandler, { path: '/members/me/subscriptions', token: m.token, body: { requestId: `req-${openid}`, accepted: [tpl], rejected: [], moment: 'register' } })).status).toBe(200);
    setClock({ now: () => new Date(`${day}T10:00:00+08:00`) });
    // WeChat refuses every token we hold (40001 on the send); writing the fresh one to the table fails each time.
    await devPost(world.standIn, '/__dev/expire-token', {});
    const cacheWrites = () => Object.entries(proxy.counts()).filter(([k]) => k.startsWith('PutItem answer500')).reduce((t, [, n]) => t + n, 0);
    const before = cacheWrites();
    proxy.setPolicy((req) => (req.operation === 'PutItem' && req.body.includes('ACCESS_TOKEN') ? DYNAMO_FAULTS.internalError() : null));
    const r = await call(careHandler, { path: '/admin/care-jobs/birthday/run', token: admin, body: { day } });
    proxy.setPolicy(null);
    expect(r.status).toBe(200);
    expect(cacheWrites()).toBeGreaterThan(before);
    const seen = (await (await fetch(`${world.standIn.url}/__dev/messages?touser=${encodeURIComponent(openid)}`)).json()) as { messages: unknown[] };
    expect(seen.messages).toHaveLength(1);
    expect((await getCareLog(m.id, 'birthday-2026'))?.outcome).toBe('sent');
  });

  test.each(cases)('%s', async (name, fault, expected) => {
    proxy.setPolicy(null);
    const day = '2026-12-01';
    const openid = `o-fault-care-${expected.firstErrcode}-${name.length}`;
    const m = await a.newMember(openid);
    expect((await call(updateMe, { method: 'PATCH', path: '/members/me', token: m.token, body: { birthday: '1990-12-01' } })).status).toBe(200);
    const tpl = DEFAULT_CARE_TEMPLATES.birthday.templateId;
    await devPost(world.standIn, '/__dev/subscribe', { openid, templateIds: [tpl] });
    expect((await call(careHandler, { path: '/members/me/subscriptions', token: m.token, body: { requestId: `req-${openid}`, accepted: [tpl], rejected: [], moment: 'register' } })).status).toBe(200);
    setClock({ now: () => new Date(`${day}T10:00:00+08:00`) });
    const run = async () => {
      const r = await call(careHandler, { path: '/admin/care-jobs/birthday/run', token: admin, body: { day } });
      note(`wechat ${name}`, 'care job', r);
      expect(r.status).toBe(200);
      return r.body;
    };
    let first = true;
    wproxy.setPolicy((req) => (req.path.startsWith(SEND) && first ? ((first = false), fault()) : null));
    await run();
    expect(await getCareLog(m.id, 'birthday-2026')).toMatchObject({ outcome: 'wechat_error', errcode: expected.firstErrcode });
    // Given back only when WeChat said it did nothing.
    expect(await getConsentCount(m.id, tpl)).toBe(expected.retried ? 1 : 0);
    wproxy.setPolicy(null);
    await run();
    await run();
    expect((await getCareLog(m.id, 'birthday-2026'))?.outcome).toBe(expected.retried ? 'sent' : 'wechat_error');
    const seen = (await (await fetch(`${world.standIn.url}/__dev/messages?touser=${encodeURIComponent(openid)}`)).json()) as { messages: unknown[] };
    expect(seen.messages).toHaveLength(expected.delivered);
  });
});

/** Every code of a batch, through the admin's export route. */
async function exportCodes(batchId: string): Promise<{ code: string }[]> {
  const r = await send(productsHandler, `/admin/product-batches/${batchId}/codes`, admin, undefined, 'GET');
  expect(r.status).toBe(200);
  return (r.body.csv as string)
    .split('\n')
    .filter(Boolean)
    .slice(1)
    .map((l) => ({ code: l.split(',')[1]! }));
}


