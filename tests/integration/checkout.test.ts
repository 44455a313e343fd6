import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { handler as loginHandler } from '../../functions/auth/http';
import { db } from '../../functions/adapters/dynamo/client';
import { keys, memberPk } from '../../functions/adapters/dynamo/keys';
import { sumLedger } from '../../functions/adapters/dynamo/account-repo';
import { create as checkoutHandler } from '../../functions/checkout/http';
import { setClock } from '../../functions/lib/clock';
import { getMe, issueCode, registerMember } from '../../functions/members/http';
import { history as points } from '../../functions/points/http';
import { grantRole } from '../../functions/adapters/dynamo/identity-repo';
import { call, loginCode, phoneCode, setupWorld, uniquePhone } from './support';

let world: Awaited<ReturnType<typeof setupWorld>>;
let clerk: string;
beforeAll(async () => {
  world = await setupWorld();
  clerk = (await login('demo-staff')).token;
});
afterAll(() => world.close());
afterEach(() => setClock(null));

async function login(openid: string) {
  const r = await call(loginHandler, { path: '/auth/login', body: { code: await loginCode(world.standIn, openid) } });
  return r.body as { token: string; memberId: string | null };
}

async function newMember(openid: string) {
  const s = await login(openid);
  const r = await call(registerMember, { path: '/members', token: s.token, body: { phoneCode: await phoneCode(world.standIn, uniquePhone()), consent: true } });
  expect(r.status).toBe(200);
  return { token: s.token, id: r.body.id as string };
}

async function codeFor(token: string): Promise<string> {
  const r = await call(issueCode, { path: '/members/me/code', token });
  expect(r.status).toBe(200);
  return r.body.code;
}

let orderSeq = 0;
function order(memberCode: string, amountFen: number, over: Record<string, unknown> = {}) {
  orderSeq++;
  return {
    memberCode,
    orderId: `T${Date.now()}-${orderSeq}`,
    storeId: 'S001',
    amountFen,
    items: [{ sku: 'SKU-1', name: '真丝睡衣', quantity: 1, unitPriceFen: amountFen }],
    ...over,
  };
}

const post = (body: unknown, token = clerk) => call(checkoutHandler, { path: '/staff/checkouts', token, body });

async function ledgerRows(memberId: string) {
  const { client, table } = db();
  const r = await client.send(
    new QueryCommand({ TableName: table, KeyConditionExpression: 'PK = :p AND begins_with(SK, :l)', ExpressionAttributeValues: { ':p': memberPk(memberId), ':l': 'LEDGER#' }, ConsistentRead: true }),
  );
  return r.Items ?? [];
}

async function balanceOf(memberId: string): Promise<number> {
  const { client, table } = db();
  const r = await client.send(new GetCommand({ TableName: table, Key: keys.points(memberId), ConsistentRead: true }));
  return r.Item?.balance as number;
}

describe('checkout', () => {
  test('earns floor(yuan) points, writes one ledger row, spends the code; the member sees it', async () => {
    const m = await newMember('o-co-1');
    const r = await post(order(await codeFor(m.token), 39_990));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ memberId: m.id, pointsEarned: 399, balance: 399, replayed: false, upgraded: false, tier: { code: 'MEMBER' } });
    const rows = await ledgerRows(m.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: 'earn', points: 399, balanceAfter: 399, storeId: 'S001' });
    const hist = await call(points, { method: 'GET', path: '/members/me/points', token: m.token });
    expect(hist.body.summary.balance).toBe(399);
    expect(hist.body.entries[0]).toMatchObject({ points: 399, description: '门店消费积分' });
  });

  test('crossing a threshold upgrades at once; the next purchase earns with the new multiplier', async () => {
    const m = await newMember('o-co-upgrade');
    const first = await post(order(await codeFor(m.token), 60_000));
    expect(first.body).toMatchObject({ pointsEarned: 600, upgraded: true, tier: { code: 'SILVER' } });
    const second = await post(order(await codeFor(m.token), 10_000));
    expect(second.body).toMatchObject({ pointsEarned: 120, balance: 720, upgraded: false, tier: { code: 'SILVER' } });
    const me = await call(getMe, { method: 'GET', path: '/members/me', token: m.token });
    expect(me.body).toMatchObject({ tier: { code: 'SILVER' }, qualifying: { basis: 'spend', total: 70_000 }, nextTier: { code: 'GOLD', remaining: 80_000 } });
    const { client, table } = db();
    const tiers = await client.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'PK = :p AND begins_with(SK, :t)', ExpressionAttributeValues: { ':p': memberPk(m.id), ':t': 'TIER#' } }));
    expect(tiers.Items).toHaveLength(1);
    expect(tiers.Items?.[0]).toMatchObject({ from: 'MEMBER', to: 'SILVER', reason: 'purchase' });
  });

  test('a retry with the same content replays; different content under the same order id is 409', async () => {
    const m = await newMember('o-co-replay');
    const body = order(await codeFor(m.token), 12_345);
    const a = await post(body);
    const b = await post(body);
    expect(b.status).toBe(200);
    expect(b.body).toEqual({ ...a.body, replayed: true });
    const c = await post({ ...body, amountFen: 10_000, items: [{ sku: 'SKU-1', name: '真丝睡衣', quantity: 1, unitPriceFen: 10_000 }] });
    expect(c.status).toBe(409);
    expect(c.body.error.code).toBe('order_conflict');
    expect(await balanceOf(m.id)).toBe(123);
  });

  test('20 concurrent identical checkouts credit once', async () => {
    const m = await newMember('o-co-race');
    const body = order(await codeFor(m.token), 88_800);
    const rs = await Promise.all(Array.from({ length: 20 }, () => post(body)));
    expect(rs.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(rs.filter((r) => !r.body.replayed)).toHaveLength(1);
    expect(new Set(rs.map((r) => r.body.balance))).toEqual(new Set([888]));
    expect(await ledgerRows(m.id)).toHaveLength(1);
    expect(await balanceOf(m.id)).toBe(888);
  });

  test('one member code in 10 concurrent different orders: exactly one succeeds, the others get 409', async () => {
    const m = await newMember('o-co-code-race');
    const code = await codeFor(m.token);
    const rs = await Promise.all(Array.from({ length: 10 }, () => post(order(code, 5_000))));
    expect(rs.filter((r) => r.status === 200)).toHaveLength(1);
    expect(rs.filter((r) => r.status === 409).every((r) => r.body.error.code === 'member_code_used')).toBe(true);
    expect(rs.filter((r) => r.status === 409)).toHaveLength(9);
    expect(await balanceOf(m.id)).toBe(50);
  });

  test('concurrent orders with different codes for one member: the balance equals the ledger sum', async () => {
    const m = await newMember('o-co-many');
    const codes = await Promise.all(Array.from({ length: 8 }, () => codeFor(m.token)));
    const rs = await Promise.all(codes.map((c, i) => post(order(c, 1_000 * (i + 1)))));
    expect(rs.map((r) => r.status)).toEqual(Array(8).fill(200));
    const { sum, count } = await sumLedger(m.id);
    expect(count).toBe(8);
    expect(sum).toBe(10 + 20 + 30 + 40 + 50 + 60 + 70 + 80);
    expect(await balanceOf(m.id)).toBe(sum);
  });

  test('unknown code 404, used code 409, expired code 422; no points move', async () => {
    const m = await newMember('o-co-codes');
    const unknown = await post(order('661234567890123456', 1_000));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.fields[0].path).toBe('memberCode');

    const code = await codeFor(m.token);
    expect((await post(order(code, 1_000))).status).toBe(200);
    const used = await post(order(code, 1_000));
    expect(used.status).toBe(409);
    expect(used.body.error.code).toBe('member_code_used');

    const stale = await codeFor(m.token);
    setClock({ now: () => new Date(Date.now() + 121_000) });
    const expired = await post(order(stale, 1_000));
    expect(expired.status).toBe(422);
    expect(expired.body.error.code).toBe('member_code_expired');
    expect(await balanceOf(m.id)).toBe(10);
    expect(await ledgerRows(m.id)).toHaveLength(1);
  });

  test('a clerk of another store and a member are refused (403); invalid input names fields (400)', async () => {
    const m = await newMember('o-co-auth');
    const code = await codeFor(m.token);
    expect((await post(order(code, 1_000), m.token)).status).toBe(403);
    await grantRole('o-clerk-s002', { role: 'staff', storeId: 'S002' }, 'test');
    const other = (await login('o-clerk-s002')).token;
    const wrongStore = await post(order(code, 1_000), other);
    expect(wrongStore.status).toBe(403);

    const tooMuch = await post(order(code, 5_000, { items: [{ sku: 'A', name: '袜子', quantity: 1, unitPriceFen: 1_000 }] }));
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.error.fields.map((f: { path: string }) => f.path)).toContain('amountFen');
    const bad = await post({ memberCode: '12', orderId: 'bad id!', storeId: 'S001', amountFen: -1, items: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['memberCode', 'orderId', 'amountFen', 'items']));
    expect(await ledgerRows(m.id)).toHaveLength(0);
    // The code is still usable after all those refusals.
    expect((await post(order(code, 1_000))).status).toBe(200);
  });
});
