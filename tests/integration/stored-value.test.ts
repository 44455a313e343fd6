/**
 * Stored value (储值, issue 17) against DynamoDB Local: packages (admin, audited, bad input), recharges
 * credited once within the cap, 10 concurrent till payments draining one balance (never negative,
 * ledger = balance, the liability shards agree), returns giving the balance part back once, refunds
 * (full within 7 days on a moved clock, partial later, retried requests refunding once, a failed refund
 * given back), and finance's liability.
 *
 * Payments (functions/pay/collaboration.ts) are stood in by ./pay-collaboration-fake.ts, which applies our
 * payment kind's TxParts in real transactions (payment timing in the test's hands); the real payments path
 * is walked by money-journeys.test.ts and the stored-value browser test.
 */
jest.mock('../../functions/pay/collaboration', () => jest.requireActual('./pay-collaboration-fake'));

import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../../functions/adapters/dynamo/client';
import { getBalance, sendParts, storedValueTotals, sumBalanceLedger } from '../../functions/adapters/dynamo/balance-repo';
import { indexKeys } from '../../functions/adapters/dynamo/keys';
import { preview as previewHandler } from '../../functions/checkout/http';
import { setClock } from '../../functions/lib/clock';
import { handler as svHandler } from '../../functions/storedvalue/http';
import { handler as rightsHandler } from '../../functions/rights/http';
import { desk as identityHandler } from '../../functions/identity/http';
import { rechargePaymentKind } from '../../functions/storedvalue/collaboration';
import { registerPaymentKind } from '../../functions/pay/collaboration';
import * as fake from './pay-collaboration-fake';
import { actors } from './actors';
import { call, setupWorld } from './support';

let world: Awaited<ReturnType<typeof setupWorld>>;
const a = actors(() => world.standIn);
let admin: string;
let clerk: string;
let pkg500: string;
const members: string[] = [];

const sv = (token: string | undefined, method: string, path: string, body?: unknown, query?: Record<string, string>) =>
  call(svHandler, { method, path, ...(token ? { token } : {}), body, ...(query ? { query } : {}) });
let reqSeq = 0;
const rid = () => `req-${Date.now().toString(36)}-${++reqSeq}`;

beforeAll(async () => {
  world = await setupWorld();
  registerPaymentKind('recharge', rechargePaymentKind);
  admin = (await a.login('demo-admin')).token;
  clerk = (await a.login('demo-staff')).token;
  const r = await sv(admin, 'POST', '/admin/recharge-packages', { name: '充 500 送 50', amountFen: 50_000, bonusFen: 5_000 });
  expect(r.status).toBe(201);
  pkg500 = r.body.id;
}, 60_000);
afterAll(() => world.close());
afterEach(() => setClock(null));

async function member(tag: string) {
  const m = await a.newMember(`o-sv-${tag}-${Date.now().toString(36)}`);
  members.push(m.id);
  return m;
}

/** A recharge started through the API and paid (credited as a genuine notification would). */
async function recharge(m: { token: string }, packageId = pkg500) {
  const r = await sv(m.token, 'POST', '/members/me/recharges', { packageId, requestId: rid() });
  if (r.status !== 200) throw new Error(`recharge: ${r.status} ${JSON.stringify(r.body)}`);
  expect(await fake.pay(r.body.outTradeNo)).toBe('credited');
  return r.body.outTradeNo as string;
}

async function expectLedgerIsBalance(memberId: string) {
  const [b, l] = await Promise.all([getBalance(memberId), sumBalanceLedger(memberId)]);
  expect(b.principalFen).toBeGreaterThanOrEqual(0);
  expect(b.bonusFen).toBeGreaterThanOrEqual(0);
  expect({ principalFen: l.principalFen, bonusFen: l.bonusFen }).toEqual({ principalFen: b.principalFen, bonusFen: b.bonusFen });
  return b;
}

describe('recharge packages (admin)', () => {
  it('creates, lists, edits and stops a package, each change audited', async () => {
    const c = await sv(admin, 'POST', '/admin/recharge-packages', { name: '充 1000 送 120', amountFen: 100_000, bonusFen: 12_000, validUntil: '2099-01-01T00:00:00.000Z' });
    expect(c.status).toBe(201);
    expect(c.body).toMatchObject({ name: '充 1000 送 120', amountFen: 100_000, bonusFen: 12_000, active: true, onOffer: true });
    const e = await sv(admin, 'PUT', `/admin/recharge-packages/${c.body.id}`, { name: '充 1000 送 150', amountFen: 100_000, bonusFen: 15_000 });
    expect(e.status).toBe(200);
    expect(e.body).toMatchObject({ bonusFen: 15_000, validUntil: '2099-01-01T00:00:00.000Z' });
    const s = await sv(admin, 'PUT', `/admin/recharge-packages/${c.body.id}`, { name: '充 1000 送 150', amountFen: 100_000, bonusFen: 15_000, active: false });
    expect(s.body).toMatchObject({ active: false, onOffer: false });
    const list = await sv(admin, 'GET', '/admin/recharge-packages');
    expect(list.body.packages.find((p: { id: string }) => p.id === c.body.id)).toMatchObject({ active: false, bonusFen: 15_000 });

    const { client, table } = db();
    const audit = await client.send(
      new QueryCommand({ TableName: table, IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': indexKeys.auditPk(`rechargepkg:${c.body.id}`) } }),
    );
    expect((audit.Items ?? []).map((i) => i.action).sort()).toEqual(['storedvalue.package.create', 'storedvalue.package.edit', 'storedvalue.package.state']);

    // A member sees only what is on offer; the stopped package cannot be bought.
    const m = await member('offer');
    const mine = await sv(m.token, 'GET', '/members/me/balance');
    expect(mine.status).toBe(200);
    expect(mine.body.packages.map((p: { id: string }) => p.id)).toContain(pkg500);
    expect(mine.body.packages.map((p: { id: string }) => p.id)).not.toContain(c.body.id);
    expect(mine.body).toMatchObject({ principalFen: 0, bonusFen: 0, totalFen: 0, capFen: 500_000 });
    const stopped = await sv(m.token, 'POST', '/members/me/recharges', { packageId: c.body.id, requestId: rid() });
    expect([stopped.status, stopped.body.error.code]).toEqual([409, 'package_not_on_offer']);
    const unknown = await sv(m.token, 'POST', '/members/me/recharges', { packageId: 'pk_nosuchpackage', requestId: rid() });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'package_not_found']);
  });

  it('refuses bad input, naming the field, and non-admins', async () => {
    const bad = async (body: unknown, field: string) => {
      const r = await sv(admin, 'POST', '/admin/recharge-packages', body);
      expect(r.status).toBe(400);
      expect(r.body.error.fields.map((f: { path: string }) => f.path)).toContain(field);
    };
    await bad({ name: '零元', amountFen: 0, bonusFen: 0 }, 'amountFen');
    await bad({ name: '超额', amountFen: 600_000, bonusFen: 0 }, 'amountFen');
    await bad({ name: '送太多', amountFen: 10_000, bonusFen: 20_000 }, 'bonusFen');
    await bad({ name: '', amountFen: 10_000, bonusFen: 0 }, 'name');
    await bad({ name: '倒序', amountFen: 10_000, bonusFen: 0, validFrom: '2026-12-02T00:00:00.000Z', validUntil: '2026-12-01T00:00:00.000Z' }, 'validUntil');
    await bad({ name: '小数', amountFen: 100.5, bonusFen: 0 }, 'amountFen');
    expect((await sv(admin, 'PUT', '/admin/recharge-packages/pk_nosuchpackage', { name: '无', amountFen: 10_000, bonusFen: 0 })).status).toBe(404);
    expect((await sv(clerk, 'GET', '/admin/recharge-packages')).status).toBe(403);
    expect((await sv(undefined, 'GET', '/admin/stored-value')).status).toBe(401);
  });
});

describe('recharges', () => {
  it('credits principal and bonus once, however often the payment is reported', async () => {
    const m = await member('credit');
    const requestId = rid();
    const r1 = await sv(m.token, 'POST', '/members/me/recharges', { packageId: pkg500, requestId });
    const r2 = await sv(m.token, 'POST', '/members/me/recharges', { packageId: pkg500, requestId });
    expect(r1.status).toBe(200);
    expect(r2.body.outTradeNo).toBe(r1.body.outTradeNo);
    expect(r1.body.amountFen).toBe(50_000);
    expect(fake.fakeOrder(r1.body.outTradeNo)!.item.detail).toEqual({ principalFen: 50_000, bonusFen: 5_000 });

    expect(await fake.pay(r1.body.outTradeNo)).toBe('credited');
    expect(await fake.pay(r1.body.outTradeNo)).toBe('already');
    // Even the kind's parts sent a second time (a credit racing another) are refused by the guard.
    const again = await sendParts(await rechargePaymentKind.credit(fake.fakeOrder(r1.body.outTradeNo)!, new Date().toISOString()));
    expect(again.ok).toBe(false);

    const b = await expectLedgerIsBalance(m.id);
    expect(b).toMatchObject({ principalFen: 50_000, bonusFen: 5_000 });
    const ledger = await sv(m.token, 'GET', '/members/me/balance/ledger');
    expect(ledger.body.entries).toHaveLength(1);
    expect(ledger.body.entries[0]).toMatchObject({ kind: 'recharge', principalFen: 50_000, bonusFen: 5_000 });
  });

  it('refuses a recharge that would take the balance over the cap (¥5,000)', async () => {
    const big = await sv(admin, 'POST', '/admin/recharge-packages', { name: '充 5000', amountFen: 500_000, bonusFen: 0 });
    const m = await member('cap');
    await recharge(m);
    const r = await sv(m.token, 'POST', '/members/me/recharges', { packageId: big.body.id, requestId: rid() });
    expect([r.status, r.body.error.code]).toEqual([422, 'balance_cap_exceeded']);
    expect(r.body.error.fields[0]).toMatchObject({ path: 'packageId', limit: 445_000 });
    expect(await expectLedgerIsBalance(m.id)).toMatchObject({ principalFen: 50_000, bonusFen: 5_000 });
  });
});

describe('paying at the till from the balance', () => {
  it('10 concurrent payments drain one balance: never negative, ledger = balance, the rest refused', async () => {
    const m = await member('drain');
    await recharge(m); // ¥500 + ¥50
    const codes = await Promise.all(Array.from({ length: 10 }, () => a.codeFor(m.token)));
    const rs = await Promise.all(codes.map((c) => a.checkout(clerk, a.orderBody(c, 12_000, { balanceFen: 12_000 }))));
    const ok = rs.filter((r) => r.status === 200);
    const refused = rs.filter((r) => r.status !== 200);
    expect(ok).toHaveLength(4); // 4 × ¥120 = ¥480 ≤ ¥550 < 5 × ¥120
    for (const r of refused) {
      expect([r.status, r.body.error.code]).toEqual([409, 'balance_insufficient']);
      expect(r.body.error.fields[0].path).toBe('balanceFen');
    }
    const b = await expectLedgerIsBalance(m.id);
    expect(b.principalFen + b.bonusFen).toBe(55_000 - 48_000);
    const taken = ok.reduce((s, r) => ({ p: s.p + r.body.storedValue.principalFen, b: s.b + r.body.storedValue.bonusFen }), { p: 0, b: 0 });
    expect(taken.p + taken.b).toBe(48_000);
    expect({ principalFen: 50_000 - taken.p, bonusFen: 5_000 - taken.b }).toEqual({ principalFen: b.principalFen, bonusFen: b.bonusFen });
  });

  it('points and the answer: earned on what was paid; the preview shows the balance; a retry replays without a second debit', async () => {
    const m = await member('points');
    await recharge(m);
    const code = await a.codeFor(m.token);
    const p = await call(previewHandler, { path: '/staff/checkouts/preview', token: clerk, body: { memberCode: code, storeId: 'S001', items: [{ sku: 'SKU-1', name: '真丝睡衣', quantity: 1, unitPriceFen: 12_000 }] } });
    expect(p.status).toBe(200);
    expect(p.body.storedValue).toEqual({ principalFen: 50_000, bonusFen: 5_000, totalFen: 55_000 });

    const body = a.orderBody(code, 12_000, { balanceFen: 12_000 });
    const r = await a.checkout(clerk, body);
    expect(r.status).toBe(200);
    expect(r.body.storedValue).toEqual({ paidFen: 12_000, principalFen: 10_909, bonusFen: 1_091, remainingFen: 43_000 });
    const other = await member('points-cash');
    const cash = await a.buy(clerk, other, 12_000);
    expect(r.body.pointsEarned).toBe(cash.pointsEarned);

    const again = await a.checkout(clerk, body);
    expect(again.status).toBe(200);
    expect(again.body.replayed).toBe(true);
    expect((await expectLedgerIsBalance(m.id)).principalFen).toBe(50_000 - 10_909);
    // The same order id with another balance part is other content.
    const changed = await a.checkout(clerk, { ...body, balanceFen: 11_000 });
    expect(changed.status).toBe(409);
  });

  it('refuses a balance part larger than the amount paid, and a member with no balance', async () => {
    const m = await member('nobalance');
    const over = await a.checkout(clerk, a.orderBody(await a.codeFor(m.token), 1_000, { balanceFen: 2_000 }));
    expect(over.status).toBe(400);
    expect(over.body.error.fields[0].path).toBe('balanceFen');
    const none = await a.checkout(clerk, a.orderBody(await a.codeFor(m.token), 1_000, { balanceFen: 500 }));
    expect([none.status, none.body.error.code]).toEqual([409, 'balance_insufficient']);
    expect(none.body.error.fields[0]).toMatchObject({ path: 'balanceFen', limit: 0 });
  });
});

describe('returns', () => {
  it('give the balance part back first, in the proportions taken, once', async () => {
    const m = await member('return');
    await recharge(m);
    // ¥200 paid: ¥50 from the balance, ¥150 otherwise.
    const body = a.orderBody(await a.codeFor(m.token), 20_000, { balanceFen: 5_000 });
    const bought = await a.checkout(clerk, body);
    expect(bought.status).toBe(200);
    const taken = { principalFen: bought.body.storedValue.principalFen as number, bonusFen: bought.body.storedValue.bonusFen as number };
    const before = await getBalance(m.id);

    const ret = { storeId: 'S001', orderId: body.orderId, returnId: `R-${body.orderId}-1`, amountFen: 3_000 };
    const r1 = await a.returns(clerk, ret);
    expect(r1.status).toBe(200);
    expect(r1.body.toBalance.backFen).toBe(3_000);
    const r1again = await a.returns(clerk, ret);
    expect(r1again.body.replayed).toBe(true);
    expect((await getBalance(m.id)).principalFen + (await getBalance(m.id)).bonusFen).toBe(before.principalFen + before.bonusFen + 3_000);

    // The rest of the order: only ¥20 of the balance part is left to give back.
    const r2 = await a.returns(clerk, { ...ret, returnId: `R-${body.orderId}-2`, amountFen: 17_000 });
    expect(r2.status).toBe(200);
    expect(r2.body.toBalance.backFen).toBe(2_000);
    const back = { principalFen: r1.body.toBalance.principalFen + r2.body.toBalance.principalFen, bonusFen: r1.body.toBalance.bonusFen + r2.body.toBalance.bonusFen };
    expect(back).toEqual(taken);
    const after = await expectLedgerIsBalance(m.id);
    expect(after).toMatchObject({ principalFen: 50_000, bonusFen: 5_000 });
  });
});

describe('refunds', () => {
  const DAY = 86_400_000;
  const at = (ms: number) => setClock({ now: () => new Date(ms) });

  it('a recharge untouched for up to 7 days refunds in full; a retried request refunds once', async () => {
    const t0 = Date.now();
    const m = await member('full');
    await recharge(m);
    at(t0 + 6 * DAY);
    const q = await sv(m.token, 'GET', '/members/me/balance/refund-quote');
    expect(q.body).toMatchObject({ rule: 'full', refundFen: 50_000, bonusLeavingFen: 5_000, remainingFen: 0 });
    const requestId = rid();
    const rs = await Promise.all(Array.from({ length: 5 }, () => sv(m.token, 'POST', '/members/me/balance/refunds', { requestId })));
    for (const r of rs) expect(r.status).toBe(200);
    expect(rs.filter((r) => !r.body.replayed).length).toBeLessThanOrEqual(1);
    expect(rs[0]!.body).toMatchObject({ refundFen: 50_000, rule: 'full', balance: { principalFen: 0, bonusFen: 0 } });
    const mine = fake.fakeRefunds().filter((r) => r.memberId === m.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ refundFen: 50_000, detail: { principalFen: 50_000, bonusFen: 5_000 } });
    await expectLedgerIsBalance(m.id);
    // Nothing left to refund.
    const none = await sv(m.token, 'POST', '/members/me/balance/refunds', { requestId: rid() });
    expect([none.status, none.body.error.code]).toEqual([409, 'refund_not_allowed']);
  });

  it('after 7 days (or after spending): the remaining principal minus the bonus spent; the rest of the bonus is forfeited', async () => {
    const t0 = Date.now();
    const m = await member('partial');
    await recharge(m);
    await a.buy(clerk, m, 12_000, { balanceFen: 12_000 }); // 10,909 principal + 1,091 bonus
    at(t0 + 8 * DAY);
    const q = await sv(m.token, 'GET', '/members/me/balance/refund-quote');
    expect(q.body).toMatchObject({ rule: 'partial', refundFen: 39_091 - 1_091, bonusSpentFen: 1_091, bonusLeavingFen: 3_909, principalKeptFen: 1_091, remainingFen: 0 });
    const requestId = rid();
    const r = await sv(m.token, 'POST', '/members/me/balance/refunds', { requestId });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ refundFen: 38_000, rule: 'partial', balance: { principalFen: 0, bonusFen: 0 }, replayed: false });
    const retry = await sv(m.token, 'POST', '/members/me/balance/refunds', { requestId });
    expect(retry.body).toMatchObject({ refundFen: 38_000, replayed: true });
    expect(fake.fakeRefunds().filter((x) => x.memberId === m.id)).toHaveLength(1);
    const ledger = await sv(m.token, 'GET', '/members/me/balance/ledger');
    expect(ledger.body.entries.filter((e: { kind: string }) => e.kind === 'refund')).toHaveLength(1);
    await expectLedgerIsBalance(m.id);
  });

  it('a refund WeChat does not complete gives back what it took, once', async () => {
    const m = await member('failed');
    await recharge(m);
    const r = await sv(m.token, 'POST', '/members/me/balance/refunds', { requestId: rid() });
    expect(r.status).toBe(200);
    const no = r.body.refunds[0].outRefundNo as string;
    await fake.failRefund(no);
    await fake.failRefund(no);
    const refund = fake.fakeRefunds().find((x) => x.outRefundNo === no)!;
    const twice = await sendParts(await rechargePaymentKind.refundFailed(refund, new Date().toISOString()));
    expect(twice.ok).toBe(false);
    expect(await expectLedgerIsBalance(m.id)).toMatchObject({ principalFen: 50_000, bonusFen: 5_000 });
  });
});

describe('the prepaid liability', () => {
  it('the shards sum to every balance of this table, with no scan', async () => {
    const balances = await Promise.all(members.map((id) => getBalance(id)));
    const t = await storedValueTotals();
    expect(t.principalFen).toBe(balances.reduce((s, b) => s + b.principalFen, 0));
    expect(t.bonusFen).toBe(balances.reduce((s, b) => s + b.bonusFen, 0));
    const r = await sv(admin, 'GET', '/admin/stored-value');
    expect(r.status).toBe(200);
    expect(r.body.outstanding).toEqual({ principalFen: t.principalFen, bonusFen: t.bonusFen, totalFen: t.principalFen + t.bonusFen });
    expect(r.body.totals.rechargedFen).toBeGreaterThan(0);
    expect(r.body.totals.spentFen).toBeGreaterThan(0);
    expect(r.body.totals.refundedFen).toBe(50_000 + 38_000);
    // Every fen accounted for: what came in, less what went out, is what is outstanding.
    const x = r.body.totals;
    expect(x.rechargedFen + x.bonusGrantedFen - x.spentFen + x.returnedFen - x.refundedFen - x.forfeitedFen).toBe(t.principalFen + t.bonusFen);
    expect(x.forfeitedFen).toBe(5_000 + (1_091 + 3_909));
  });
});

describe('a balance is money owed', () => {
  it('her account is neither deleted nor merged away while it holds a balance; once refunded it may be', async () => {
    const m = await member('owed');
    const other = await member('owed-keep');
    await recharge(m);
    const del = await call(rightsHandler, { method: 'POST', path: '/members/me/deletion', token: m.token, body: { confirm: true } });
    expect([del.status, del.body.error?.code]).toEqual([409, 'balance_outstanding']);
    const merge = await call(identityHandler, { method: 'POST', path: '/admin/desk/merges', token: admin, body: { keepId: other.id, mergeId: m.id, reason: '重复会员' } });
    expect([merge.status, merge.body.error?.code]).toEqual([409, 'balance_outstanding']);
    expect(merge.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['mergeId']);
    // Nothing moved: the balance is still hers and still equals her ledger.
    expect((await expectLedgerIsBalance(m.id)).principalFen).toBe(50_000);
    const refund = await sv(m.token, 'POST', '/members/me/balance/refunds', { requestId: rid() });
    expect(refund.status).toBe(200);
    expect((await getBalance(m.id)).principalFen + (await getBalance(m.id)).bonusFen).toBe(0);
    const again = await call(rightsHandler, { method: 'POST', path: '/members/me/deletion', token: m.token, body: { confirm: true } });
    expect(again.status).toBe(200);
  });
});
