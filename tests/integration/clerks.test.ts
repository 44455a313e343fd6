/**
 * Clerk attribution (issue 19, part C) against DynamoDB Local with the table's stream: a clerk's QR
 * registration records the clerk and her store; a removed clerk's code records nothing; the leaderboards'
 * counts equal a brute force over the members, orders and returns read back from the table (and replaying
 * the whole stream changes nothing); a rating is taken once per order under concurrency and feeds the
 * clerk's average; another store's manager is refused.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../../functions/adapters/dynamo/client';
import { grantRole, revokeRole } from '../../functions/adapters/dynamo/identity-repo';
import { getMember } from '../../functions/adapters/dynamo/member-repo';
import { changeOf, type StreamChange } from '../../functions/adapters/dynamo/stream';
import { countClerkStats } from '../../functions/clerks/collaboration';
import { handler as clerks } from '../../functions/clerks/http';
import { handler as loginHandler } from '../../functions/auth/http';
import { registerMember } from '../../functions/members/http';
import { handler as stores } from '../../functions/stores/http';
import { setClock } from '../../functions/lib/clock';
import { attributionOf, monthOfInstant } from '../../shared/domain/clerks';
import { allStreamRecords, drainStream } from '../../infra/local/streams';
import { actors } from './actors';
import { call, loginCode, phoneCode, setupWorld, uniquePhone } from './support';

let world: Awaited<ReturnType<typeof setupWorld>>;
const a = actors(() => world.standIn);
let admin: string;
const tokens: Record<string, string> = {};

const api = (token: string | undefined, method: string, path: string, o: { body?: unknown; query?: Record<string, string> } = {}) =>
  call(clerks, { method, path, ...(token ? { token } : {}), ...(o.body === undefined ? {} : { body: o.body }), ...(o.query ? { query: o.query } : {}) });
const login = async (openid: string) => (await call(loginHandler, { path: '/auth/login', body: { code: await loginCode(world.standIn, openid) } })).body.token as string;

/** A person registering through a launch that carried these codes (as the register page sends them). */
async function registerWith(openid: string, extra: Record<string, unknown>) {
  const token = await login(openid);
  const r = await call(registerMember, { path: '/members', token, body: { phoneCode: await phoneCode(world.standIn, uniquePhone()), consent: true, ...extra } });
  expect(r.status).toBe(200);
  return { token, id: r.body.id as string };
}

beforeAll(async () => {
  world = await setupWorld({ stream: true, ownDynamo: true });
  admin = (await a.login('demo-admin')).token;
  expect((await call(stores, { method: 'POST', path: '/admin/stores', token: admin, body: { storeId: 'S002', name: '南京西路店', city: '上海' } })).status).toBe(200);
  await grantRole('ck-a', { role: 'staff', storeId: 'S001' }, 'test');
  await grantRole('ck-b', { role: 'staff', storeId: 'S001' }, 'test');
  await grantRole('ck-c', { role: 'staff', storeId: 'S002' }, 'test');
  await grantRole('ck-gone', { role: 'staff', storeId: 'S002' }, 'test');
  await grantRole('ck-mgr1', { role: 'manager', storeId: 'S001' }, 'test');
  await grantRole('ck-mgr2', { role: 'manager', storeId: 'S002' }, 'test');
  for (const o of ['ck-a', 'ck-b', 'ck-c', 'ck-gone', 'ck-mgr1', 'ck-mgr2']) tokens[o] = await login(o);
}, 120_000);
afterAll(async () => {
  setClock(null);
  await world.close();
});

const codes: Record<string, string> = {};
async function codeOf(openid: string): Promise<string> {
  if (codes[openid]) return codes[openid]!;
  const r = await api(tokens[openid], 'GET', '/staff/growth');
  expect(r.status).toBe(200);
  codes[openid] = r.body.code;
  return r.body.code;
}

describe("a clerk's registration QR", () => {
  test('her code is made once per person and store (also on concurrent first calls) and its QR carries store and code', async () => {
    const all = await Promise.all(Array.from({ length: 5 }, () => api(tokens['ck-a'], 'GET', '/staff/growth')));
    expect(all.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const code = all[0]!.body.code;
    expect(new Set(all.map((r) => r.body.code))).toEqual(new Set([code]));
    expect(all[0]!.body).toMatchObject({ storeId: 'S001', storeName: '旗舰店', path: `/pages/index/index?store=S001&clerk=${code}`, scene: `store=S001&clerk=${code}` });
    codes['ck-a'] = code;
    // A member, an admin without a store: not a clerk.
    const m = await a.newMember('ck-plain');
    expect((await api(m.token, 'GET', '/staff/growth')).status).toBe(403);
  });

  test("registering through it records the clerk and her store (over a poster's store); a removed clerk's code records nothing", async () => {
    const viaA = await registerWith('ck-new-1', { clerkCode: await codeOf('ck-a'), storeId: 'S002' });
    expect(await getMember(viaA.id)).toMatchObject({ registrationClerk: 'ck-a', registrationStoreId: 'S001' });

    const goneCode = await codeOf('ck-gone');
    expect(await revokeRole('ck-gone', 'staff')).toBe(true);
    const viaGone = await registerWith('ck-new-2', { clerkCode: goneCode });
    expect(await getMember(viaGone.id)).toMatchObject({ registrationClerk: null, registrationStoreId: null });
    // An unknown code records nothing and never blocks a registration.
    const viaUnknown = await registerWith('ck-new-3', { clerkCode: 'ZZZZ2222' });
    expect(await getMember(viaUnknown.id)).toMatchObject({ registrationClerk: null, registrationStoreId: null });
    // A clerk moved to another store: her old store's code no longer counts.
    const bCode = await codeOf('ck-b');
    await grantRole('ck-b', { role: 'staff', storeId: 'S002' }, 'test');
    const viaMoved = await registerWith('ck-new-4', { clerkCode: bCode });
    expect(await getMember(viaMoved.id)).toMatchObject({ registrationClerk: null });
    await grantRole('ck-b', { role: 'staff', storeId: 'S001' }, 'test');
    // A clerk who registers as a member through her own QR brings in nobody.
    const self = await registerWith('ck-a', { clerkCode: await codeOf('ck-a') });
    expect(await getMember(self.id)).toMatchObject({ registrationClerk: null, registrationStoreId: null });
  });
});

/** Every record the stream holds, read again from TRIM_HORIZON (as Lambda would re-deliver them all). */
async function allStreamChanges(): Promise<StreamChange[]> {
  return (await allStreamRecords()).flatMap((r) => {
    const ch = changeOf(r);
    return ch ? [ch] : [];
  });
}

async function scanAll(prefix: string, sk: string): Promise<Record<string, any>[]> {
  const { client, table } = db();
  const out: Record<string, any>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await client.send(new ScanCommand({ TableName: table, FilterExpression: 'begins_with(PK, :p) AND SK = :s', ExpressionAttributeValues: { ':p': prefix, ':s': sk }, ConsistentRead: true, ExclusiveStartKey: start }));
    out.push(...(r.Items ?? []));
    start = r.LastEvaluatedKey;
  } while (start);
  return out;
}

type Figures = { registrations: number; orders: number; salesFen: number; refundFen: number; ratingSum: number; ratingCount: number };
/** The month's figures per store and per clerk, counted from the profiles, orders, returns and ratings in the table. */
async function bruteForce(month: string): Promise<Map<string, Figures>> {
  const [profiles, orders, rets, ratings] = await Promise.all([scanAll('MEMBER#', 'PROFILE'), scanAll('ORDER#', 'ORDER'), scanAll('RETURN#', 'RETURN'), scanAll('RATING#', 'RATING')]);
  const byMember = new Map(profiles.map((p) => [p.memberId as string, attributionOf(p)]));
  const out = new Map<string, Figures>();
  const bump = (storeId: string, clerk: string | null, f: Partial<Figures>) => {
    for (const k of [`${storeId}|`, ...(clerk ? [`${storeId}|${clerk}`] : [])]) {
      const cur = out.get(k) ?? { registrations: 0, orders: 0, salesFen: 0, refundFen: 0, ratingSum: 0, ratingCount: 0 };
      for (const [n, v] of Object.entries(f)) cur[n as keyof Figures] += v!;
      out.set(k, cur);
    }
  };
  for (const p of profiles) {
    const at = attributionOf(p);
    if (at && monthOfInstant(p.createdAt) === month) bump(at.storeId, at.clerk, { registrations: 1 });
  }
  for (const o of orders) {
    const at = byMember.get(o.memberId);
    if (at && monthOfInstant(o.createdAt) === month) bump(at.storeId, at.clerk, { orders: 1, salesFen: o.amountFen });
  }
  for (const r of rets) {
    const at = byMember.get(r.result.memberId);
    if (at && monthOfInstant(r.at) === month) bump(at.storeId, at.clerk, { refundFen: r.refundFen });
  }
  for (const r of ratings) {
    if (monthOfInstant(r.at) !== month) continue;
    // A rating counts for the clerk who served (at the order's store), whoever brought the member in.
    for (const k of [`${r.storeId}|`, `${r.storeId}|${r.clerk}`]) {
      const cur = out.get(k) ?? { registrations: 0, orders: 0, salesFen: 0, refundFen: 0, ratingSum: 0, ratingCount: 0 };
      cur.ratingSum += r.stars;
      cur.ratingCount += 1;
      out.set(k, cur);
    }
  }
  return out;
}

function fromBoards(brand: any, storeBoards: any[]): Map<string, Figures> {
  const out = new Map<string, Figures>();
  const fig = (r: any): Figures => ({ registrations: r.registrations, orders: r.orders, salesFen: r.salesFen, refundFen: r.refundFen, ratingSum: Math.round((r.rating ?? 0) * r.ratingCount), ratingCount: r.ratingCount });
  for (const s of brand.stores) if (s.registrations || s.orders || s.refundFen || s.ratingCount) out.set(`${s.storeId}|`, fig(s));
  for (const c of brand.clerks) out.set(`${c.storeId}|${c.openid}`, fig(c));
  // The store boards say the same as the brand's.
  for (const b of storeBoards) {
    expect(fig(b.store)).toEqual(out.get(`${b.store.storeId}|`) ?? fig({ registrations: 0, orders: 0, salesFen: 0, refundFen: 0, rating: null, ratingCount: 0 }));
    for (const c of b.clerks) expect(fig(c)).toEqual(out.get(`${c.storeId}|${c.openid}`));
  }
  return out;
}

describe('leaderboards', () => {
  const people: Record<string, { token: string; id: string }> = {};

  test("registrations and members' sales per clerk and store equal a brute force over the table, and a replay changes nothing", async () => {
    // Through clerks' QRs, a store's poster, and on her own.
    const plan: [string, Record<string, unknown>][] = [
      ['lb-1', { clerkCode: await codeOf('ck-a') }],
      ['lb-2', { clerkCode: await codeOf('ck-a') }],
      ['lb-3', { clerkCode: await codeOf('ck-b') }],
      ['lb-4', { clerkCode: await codeOf('ck-c') }],
      ['lb-5', { clerkCode: await codeOf('ck-mgr2') }],
      ['lb-6', { storeId: 'S002' }],
      ['lb-7', {}],
    ];
    for (const [openid, extra] of plan) people[openid] = await registerWith(openid, extra);
    // Purchases at either store (the credit goes to where she was brought in), and a return.
    const buys: [string, string, string, number][] = [
      ['ck-a', 'lb-1', 'S001', 30_000],
      ['ck-b', 'lb-1', 'S001', 12_345],
      ['ck-c', 'lb-2', 'S002', 8_800],
      ['ck-a', 'lb-3', 'S001', 20_000],
      ['ck-c', 'lb-4', 'S002', 5_000],
      ['ck-mgr2', 'lb-5', 'S002', 7_000],
      ['ck-a', 'lb-6', 'S001', 9_900],
      ['ck-a', 'lb-7', 'S001', 66_600],
    ];
    const orders: string[] = [];
    for (const [clerk, buyer, storeId, fen] of buys) orders.push((await a.buy(tokens[clerk]!, people[buyer]!, fen, { storeId })).orderId);
    const ret = await a.returns(tokens['ck-a']!, { storeId: 'S001', orderId: orders[0], returnId: `lb-ret-${Date.now()}`, amountFen: 10_000 });
    expect(ret.status).toBe(200);

    await drainStream();
    const month = monthOfInstant(new Date());
    const board = async () => {
      const brand = await api(admin, 'GET', '/admin/leaderboard');
      expect(brand.status).toBe(200);
      expect(brand.body.month).toBe(month);
      const s1 = await api(tokens['ck-mgr1'], 'GET', '/stores/S001/leaderboard');
      const s2 = await api(admin, 'GET', '/stores/S002/leaderboard', { query: { sort: 'sales' } });
      expect([s1.status, s2.status]).toEqual([200, 200]);
      return fromBoards(brand.body, [s1.body, s2.body]);
    };
    const truth = await bruteForce(month);
    expect(await board()).toEqual(truth);
    // What this story should give, spelled out for one clerk and one store.
    expect(truth.get('S001|ck-a')).toMatchObject({ registrations: 3, orders: 3, salesFen: 30_000 + 12_345 + 8_800, refundFen: 10_000 });
    expect(truth.get('S002|')).toMatchObject({ registrations: 3, orders: 3, salesFen: 5_000 + 7_000 + 9_900 });

    // Every record delivered again, in one batch and in small ones: nothing moves.
    const all = await allStreamChanges();
    await countClerkStats(all);
    await countClerkStats([...all.slice(0, 50), ...all.slice(0, 50)]); // the same records twice in one batch
    for (let i = 0; i < all.length; i += 7) await countClerkStats(all.slice(i, i + 7));
    expect(await board()).toEqual(truth);

    // Ranked by registrations: ck-a first on S001's board; named, never by WeChat id; the manager of S001 sees only S001's clerks.
    const s1 = (await api(tokens['ck-mgr1'], 'GET', '/stores/S001/leaderboard')).body;
    expect(s1.clerks[0]).toMatchObject({ openid: 'ck-a', rank: 1, registrations: 3, netSalesFen: 30_000 + 12_345 + 8_800 - 10_000 });
    expect(s1.clerks.every((c: any) => c.storeId === 'S001')).toBe(true);
    expect(s1.clerks.every((c: any) => c.phoneMasked === null || /^\d{3}\*{4}\d{4}$/.test(c.phoneMasked))).toBe(true);
    // A month with nothing counted: zeros, every store listed.
    const empty = await api(admin, 'GET', '/admin/leaderboard', { query: { month: '2020-01' } });
    expect(empty.body.clerks).toEqual([]);
    expect(empty.body.stores.map((s: any) => s.registrations)).toEqual([0, 0]);
  }, 120_000);

  test("another store's manager, a clerk and a member are refused; bad months are 400", async () => {
    expect((await api(tokens['ck-mgr1'], 'GET', '/stores/S002/leaderboard')).status).toBe(403);
    expect((await api(tokens['ck-mgr2'], 'GET', '/stores/S001/leaderboard')).status).toBe(403);
    expect((await api(tokens['ck-a'], 'GET', '/stores/S001/leaderboard')).status).toBe(403);
    expect((await api(tokens['ck-mgr1'], 'GET', '/admin/leaderboard')).status).toBe(403);
    expect((await api(admin, 'GET', '/stores/S404/leaderboard')).status).toBe(404);
    expect((await api(admin, 'GET', '/admin/leaderboard', { query: { month: '2026-13' } })).status).toBe(400);
  });

  test("a member rates the service once per order under concurrency, within 7 days; it feeds the clerk's rating", async () => {
    const m = await registerWith('rate-1', {});
    const none = await api(m.token, 'GET', '/members/me/service-rating');
    expect([none.status, none.body]).toEqual([200, { pending: null }]);
    const bought = await a.buy(tokens['ck-c']!, m, 4_200, { storeId: 'S002' });
    const pending = await api(m.token, 'GET', '/members/me/service-rating');
    expect(pending.body.pending).toMatchObject({ storeId: 'S002', orderId: bought.orderId, storeName: '南京西路店', amountFen: 4_200 });

    const body = { storeId: 'S002', orderId: bought.orderId, stars: 4, comment: '店员很耐心' };
    const tries = await Promise.all(Array.from({ length: 10 }, () => api(m.token, 'POST', '/members/me/service-rating', { body })));
    expect(tries.filter((r) => r.status === 200)).toHaveLength(1);
    expect(tries.filter((r) => r.status !== 200).map((r) => [r.status, r.body.error.code])).toEqual(Array.from({ length: 9 }, () => [409, 'service_rated']));
    expect((await api(m.token, 'GET', '/members/me/service-rating')).body).toEqual({ pending: null });

    // Someone else cannot rate her order; a bad score is 400.
    const other = await registerWith('rate-2', {});
    expect((await api(other.token, 'POST', '/members/me/service-rating', { body })).body.error.code).toBe('order_not_found');
    expect((await api(m.token, 'POST', '/members/me/service-rating', { body: { ...body, stars: 6 } })).status).toBe(400);

    // Her clerk's figures: one rating of 4 this month, on her page and on the store's board.
    const mine = await api(tokens['ck-c'], 'GET', '/staff/growth');
    expect(mine.body).toMatchObject({ rating: 4, ratingCount: 1, figures: { rating: 4, ratingCount: 1 } });
    const s2 = await api(tokens['ck-mgr2'], 'GET', '/stores/S002/leaderboard');
    expect(s2.body.clerks.find((c: any) => c.openid === 'ck-c')).toMatchObject({ rating: 4, ratingCount: 1 });
    // Her manager reads it among the store's latest ratings, with no member named.
    expect(s2.body.ratings).toEqual([{ at: expect.any(String), stars: 4, comment: '店员很耐心', clerkName: null, clerkPhoneMasked: null }]);
    expect(JSON.stringify(s2.body.ratings)).not.toContain(m.id);

    // A clerk who buys at her own till does not rate herself.
    const selfMember = await registerWith('ck-c', {});
    const own = await a.buy(tokens['ck-c']!, selfMember, 1_500, { storeId: 'S002' });
    expect((await api(selfMember.token, 'GET', '/members/me/service-rating')).body).toEqual({ pending: null });
    const selfRated = await api(selfMember.token, 'POST', '/members/me/service-rating', { body: { storeId: 'S002', orderId: own.orderId, stars: 5 } });
    expect([selfRated.status, selfRated.body.error.code]).toEqual([404, 'order_not_found']);

    // After 7 days an order can no longer be rated.
    const late = await a.buy(tokens['ck-c']!, other, 1_000, { storeId: 'S002' });
    const t0 = Date.now();
    setClock({ now: () => new Date(t0 + 8 * 24 * 3600_000) });
    try {
      const later = await login('rate-2'); // her earlier session has expired by then
      expect((await api(later, 'GET', '/members/me/service-rating')).body).toEqual({ pending: null });
      const r = await api(later, 'POST', '/members/me/service-rating', { body: { storeId: 'S002', orderId: late.orderId, stars: 5 } });
      expect([r.status, r.body.error.code]).toEqual([409, 'rating_closed']);
    } finally {
      setClock(null);
    }
    // The boards still agree with the brute force, ratings included.
    await drainStream();
    const brand = (await api(admin, 'GET', '/admin/leaderboard')).body;
    const boards = [(await api(admin, 'GET', '/stores/S001/leaderboard')).body, (await api(admin, 'GET', '/stores/S002/leaderboard')).body];
    expect(fromBoards(brand, boards)).toEqual(await bruteForce(monthOfInstant(new Date())));
  }, 60_000);
});
