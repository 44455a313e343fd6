/**
 * Payments (issue 17), our side over real HTTP (the local API gateway over serverless.yml's routes,
 * DynamoDB Local), with WeChat Pay replaced by a small in-test fake of the adapter module (pay-fake.ts):
 * starting an order (idempotent), the notification path (nonces, once-only credit under 10 concurrent
 * deliveries, facts that do not match), the member's status read, reconciliation with a moved clock
 * (dropped notification, late notification, never paid), refunds (never more than paid, failures given
 * back once, re-sent by the job), shipping upload retries and the admin routes.
 * A test payment kind (registered here) writes counters, so a double credit would show as 2.
 */
jest.mock('../../functions/adapters/wechatpay', () => require('./pay-fake').adapter);
jest.mock('../../functions/adapters/wechat/client', () => {
  const actual = jest.requireActual('../../functions/adapters/wechat/client');
  const shipping = require('./pay-fake-shipping');
  return { ...actual, wechat: Object.assign(Object.create(actual.wechat), { uploadShippingInfo: shipping.upload }) };
});

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { grantRole } from '../../functions/adapters/dynamo/identity-repo';
import { db } from '../../functions/adapters/dynamo/client';
import type { TxPart } from '../../functions/adapters/dynamo/tx';
import { setClock } from '../../functions/lib/clock';
import { registerPaymentKind, startPayment, startRefund, paymentsOf } from '../../functions/pay/collaboration';
import { reconcile } from '../../functions/pay/scheduled';
import { startApiServer } from '../../infra/local/api-gateway';
import { actors } from './actors';
import { fake, fakeNotification, paymentResource, refundResource, FAKE_MCHID } from './pay-fake';
import { shippingUploads } from './pay-fake-shipping';
import { setupWorld } from './support';

let world: Awaited<ReturnType<typeof setupWorld>>;
let api: Awaited<ReturnType<typeof startApiServer>>;
const a = actors(() => world.standIn);
let alice: { token: string; id: string };
let bob: { token: string; id: string };
let admin: string;

const counterKey = (memberId: string) => ({ PK: `TESTKIND#${memberId}`, SK: 'SUM' });
const add = (memberId: string, values: Record<string, number>): TxPart => ({
  apply(tx) {
    const names = Object.keys(values);
    tx.update(`test-${names.join('-')}`, counterKey(memberId), {
      set: `ADD ${names.map((n) => `${n} :${n}`).join(', ')}`,
      values: Object.fromEntries(names.map((n) => [`:${n}`, values[n]])),
    });
  },
});

async function counters(memberId: string): Promise<Record<string, number>> {
  const { client, table } = db();
  const r = await client.send(new GetCommand({ TableName: table, Key: counterKey(memberId), ConsistentRead: true }));
  const { PK: _p, SK: _s, ...rest } = r.Item ?? {};
  return rest as Record<string, number>;
}

async function notify(n: { body: string; headers: Record<string, string> }) {
  const r = await fetch(`${api.url}/pay/wechat/notify`, { method: 'POST', headers: n.headers, body: n.body });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}

const get = async (path: string, token: string, query?: Record<string, string>) => {
  const r = await fetch(`${api.url}${path}${query ? `?${new URLSearchParams(query)}` : ''}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: r.status, body: await r.json() };
};
const post = async (path: string, token: string) => {
  const r = await fetch(`${api.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
  return { status: r.status, body: await r.json() };
};

let seq = 0;
async function order(member: { id: string }, amountFen = 50_000) {
  return startPayment({
    kind: 'recharge',
    memberId: member.id,
    openid: `openid-${member.id}`,
    amountFen,
    description: `储值 ¥${amountFen / 100}`,
    item: { id: 'PKG1', name: '储值 500 元', detail: { principalFen: amountFen, bonusFen: 0 } },
    requestId: `req-${Date.now()}-${++seq}`,
  });
}

const success = (outTradeNo: string, over: Record<string, unknown> = {}, o: { nonce?: string; forge?: boolean } = {}) =>
  fakeNotification('TRANSACTION.SUCCESS', paymentResource(fake.orders.get(outTradeNo)!, over), o);

beforeAll(async () => {
  world = await setupWorld();
  process.env.WECHATPAY_MCHID = FAKE_MCHID;
  api = await startApiServer({ port: 0 });
  // The Lambda entries registered the branch's kinds on import; the test kind replaces recharge's.
  registerPaymentKind('recharge', {
    credit: async (o) => [add(o.memberId, { credited: o.amountFen, credits: 1 })],
    refundFailed: async (r) => [add(r.memberId, { givenBack: r.refundFen, failures: 1 })],
  });
  alice = await a.newMember('pay-alice');
  bob = await a.newMember('pay-bob');
  await grantRole('pay-admin', { role: 'admin' }, 'test');
  admin = (await a.login('pay-admin')).token;
}, 90_000);
afterAll(async () => {
  setClock(null);
  await api?.close();
  await world?.close();
});
afterEach(() => setClock(null));

describe('starting a payment', () => {
  test('one order per request id, expiring in 15 minutes, paid by the member', async () => {
    const req = { kind: 'recharge' as const, memberId: alice.id, openid: 'openid-a', amountFen: 10_000, description: '储值 ¥100', item: { id: 'P', name: '储值', detail: {} }, requestId: 'same-request' };
    const [x, y] = await Promise.all([startPayment(req), startPayment(req)]);
    expect(x.outTradeNo).toBe(y.outTradeNo);
    expect(x.outTradeNo).toMatch(/^HY\d{14}[0-9A-Z]{10}$/);
    expect(Date.parse(x.expiresAt) - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(Date.parse(x.expiresAt) - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    expect(x.payParams.package).toMatch(/^prepay_id=wx/);
    expect(fake.orders.get(x.outTradeNo)).toMatchObject({ payerOpenid: 'openid-a', amountFen: 10_000, timeExpire: x.expiresAt });
    const mine = await paymentsOf(alice.id, 'recharge');
    expect(mine.filter((p) => p.outTradeNo === x.outTradeNo)).toHaveLength(1);
  });
});

describe('the notification path', () => {
  test('the same genuine notification delivered 10 times at once credits once; every delivery is answered 204', async () => {
    const p = await order(alice, 30_000);
    fake.pay(p.outTradeNo);
    const before = await counters(alice.id);
    const n = success(p.outTradeNo);
    const answers = await Promise.all(Array.from({ length: 10 }, () => notify(n)));
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(204));
    const after = await counters(alice.id);
    expect((after.credits ?? 0) - (before.credits ?? 0)).toBe(1);
    expect((after.credited ?? 0) - (before.credited ?? 0)).toBe(30_000);
    const status = await get(`/members/me/payments/${p.outTradeNo}`, alice.token);
    expect(status.body).toMatchObject({ outTradeNo: p.outTradeNo, state: 'paid', amountFen: 30_000, kind: 'recharge' });
    // WeChat's own retry (a new nonce, the same payment) changes nothing either.
    expect((await notify(success(p.outTradeNo))).status).toBe(204);
    expect((await counters(alice.id)).credits).toBe(after.credits);
  });

  test('a nonce seen before with another body is a replay: 401 FAIL, nothing credited', async () => {
    const p = await order(alice);
    fake.pay(p.outTradeNo);
    const first = await order(alice);
    fake.pay(first.outTradeNo);
    const nonce = `n${Date.now()}`;
    expect((await notify(success(first.outTradeNo, {}, { nonce }))).status).toBe(204);
    const before = await counters(alice.id);
    const replay = await notify(success(p.outTradeNo, {}, { nonce }));
    expect(replay.status).toBe(401);
    expect(replay.body).toMatchObject({ code: 'FAIL', message: expect.any(String) });
    expect(await counters(alice.id)).toEqual(before);
    expect((await get(`/members/me/payments/${p.outTradeNo}`, alice.token)).body.state).toBe('created');
  });

  test('a forged signature or missing headers: 401 FAIL, nothing read or credited', async () => {
    const p = await order(alice);
    fake.pay(p.outTradeNo);
    const before = await counters(alice.id);
    const forged = await notify(success(p.outTradeNo, {}, { forge: true }));
    expect([forged.status, forged.body.code]).toEqual([401, 'FAIL']);
    const bare = await fetch(`${api.url}/pay/wechat/notify`, { method: 'POST', body: success(p.outTradeNo).body });
    expect(bare.status).toBe(401);
    expect(await counters(alice.id)).toEqual(before);
  });

  test('amount, appid or merchant not ours, or an unknown order: nothing credited, an exception for the desk', async () => {
    const p = await order(alice, 20_000);
    fake.pay(p.outTradeNo);
    const before = await counters(alice.id);
    expect((await notify(success(p.outTradeNo, { amount: { total: 1, payer_total: 1, currency: 'CNY' } }))).status).toBe(204);
    expect((await notify(success(p.outTradeNo, { appid: 'wx-someone-else' }))).status).toBe(204);
    expect((await notify(success(p.outTradeNo, { mchid: '1234567890' }))).status).toBe(204);
    expect((await notify(success(p.outTradeNo, { out_trade_no: 'HY20990101000000UNKNOWN000' }))).status).toBe(204);
    expect(await counters(alice.id)).toEqual(before);
    expect((await get(`/members/me/payments/${p.outTradeNo}`, alice.token)).body.state).toBe('created');
    const ex = await get('/admin/payment-exceptions', admin);
    expect(ex.status).toBe(200);
    const reasons = ex.body.exceptions.map((e: { outTradeNo: string; reason: string }) => `${e.outTradeNo} ${e.reason}`);
    expect(reasons).toEqual(expect.arrayContaining([`${p.outTradeNo} amount_mismatch`, `${p.outTradeNo} appid_mismatch`, `${p.outTradeNo} mchid_mismatch`, 'HY20990101000000UNKNOWN000 unknown_order']));
    // A retried mismatching notification records nothing more.
    await notify(success(p.outTradeNo, { amount: { total: 1, payer_total: 1, currency: 'CNY' } }));
    const again = await get('/admin/payment-exceptions', admin);
    expect(again.body.exceptions.length).toBe(ex.body.exceptions.length);
  });

  test("a member reads only her own payment", async () => {
    const p = await order(alice);
    expect((await get(`/members/me/payments/${p.outTradeNo}`, bob.token)).status).toBe(404);
    expect((await get(`/members/me/payments/HY20990101000000NOTHERE000`, alice.token)).status).toBe(404);
  });
});

describe('reconciliation', () => {
  test('a payment whose notification was dropped is credited by the job; the late notification changes nothing; a payment never made is closed', async () => {
    const paid = await order(bob, 12_300);
    const never = await order(bob, 45_600);
    fake.pay(paid.outTradeNo);
    const before = await counters(bob.id);
    const t0 = Date.now();
    // 5 minutes later: too young to be queried (the notification may still come).
    setClock({ now: () => new Date(t0 + 5 * 60_000) });
    await reconcile({ time: new Date(t0 + 5 * 60_000).toISOString() } as never);
    expect(fake.calls.filter((c) => c === `query ${paid.outTradeNo}`)).toHaveLength(0);
    // 11 minutes later: queried, credited once; the unpaid one is not expired yet.
    setClock({ now: () => new Date(t0 + 11 * 60_000) });
    await reconcile({ time: new Date(t0 + 11 * 60_000).toISOString() } as never);
    const mid = await counters(bob.id);
    expect((mid.credits ?? 0) - (before.credits ?? 0)).toBe(1);
    expect((mid.credited ?? 0) - (before.credited ?? 0)).toBe(12_300);
    expect((await get(`/members/me/payments/${paid.outTradeNo}`, bob.token)).body.state).toBe('paid');
    expect((await get(`/members/me/payments/${never.outTradeNo}`, bob.token)).body.state).toBe('created');
    // The notification arrives late: answered 204, nothing more credited.
    expect((await notify(success(paid.outTradeNo))).status).toBe(204);
    expect(await counters(bob.id)).toEqual(mid);
    // 17 minutes later: the unpaid one expired: closed at WeChat, then here.
    setClock({ now: () => new Date(t0 + 17 * 60_000) });
    const r = await reconcile({ time: new Date(t0 + 17 * 60_000).toISOString() } as never);
    expect(r.done).toBe(true);
    expect(fake.calls).toContain(`close ${never.outTradeNo}`);
    expect(fake.orders.get(never.outTradeNo)!.tradeState).toBe('CLOSED');
    expect((await get(`/members/me/payments/${never.outTradeNo}`, bob.token)).body.state).toBe('closed');
    expect(await counters(bob.id)).toEqual(mid);
  });

  test('notification and job racing on the same payment credit it once', async () => {
    const p = await order(bob, 777);
    fake.pay(p.outTradeNo);
    const before = await counters(bob.id);
    const t0 = Date.now();
    setClock({ now: () => new Date(t0 + 11 * 60_000) });
    await Promise.all([
      reconcile({ time: `race-${t0}` } as never),
      post(`/admin/payments/${p.outTradeNo}/reconcile`, admin),
      ...Array.from({ length: 5 }, () => notify(success(p.outTradeNo))),
    ]);
    const after = await counters(bob.id);
    expect((after.credits ?? 0) - (before.credits ?? 0)).toBe(1);
    expect((after.credited ?? 0) - (before.credited ?? 0)).toBe(777);
  });

  test('the job checkpoints before its timeout and a retried invocation resumes', async () => {
    const orders = await Promise.all([order(alice, 101), order(alice, 102), order(alice, 103)]);
    for (const o of orders) fake.pay(o.outTradeNo);
    const before = await counters(alice.id);
    const t0 = Date.now();
    setClock({ now: () => new Date(t0 + 11 * 60_000) });
    const { runReconcile } = await import('../../functions/pay/reconcile');
    let budget = 2;
    const first = await runReconcile({ runId: `cp-${t0}`, timeLeft: () => (budget-- > 0 ? 60_000 : 0), pageSize: 1 });
    expect(first.done).toBe(false);
    const second = await runReconcile({ runId: `cp-${t0}`, timeLeft: () => 60_000, pageSize: 1 });
    expect(second.done).toBe(true);
    const after = await counters(alice.id);
    expect((after.credited ?? 0) - (before.credited ?? 0)).toBe(101 + 102 + 103);
  });
});

describe('refunds', () => {
  async function paidOrder(amountFen: number) {
    const p = await order(alice, amountFen);
    fake.pay(p.outTradeNo);
    expect((await notify(success(p.outTradeNo))).status).toBe(204);
    return p;
  }

  test('concurrent refunds never exceed what was paid', async () => {
    const p = await paidOrder(10_000);
    const tries = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => startRefund({ outTradeNo: p.outTradeNo, outRefundNo: `R${p.outTradeNo}${i}`, refundFen: 3_000, reason: '退款', detail: {}, takes: [add(alice.id, { taken: 3_000 })] })),
    );
    const ok = tries.filter((t) => t.status === 'fulfilled');
    expect(ok).toHaveLength(3);
    for (const t of tries) if (t.status === 'rejected') expect((t.reason as { code: string }).code).toBe('pay_refund_refused');
    const list = await get('/admin/payments', admin, { state: 'paid' });
    expect(list.body.payments.find((x: { outTradeNo: string }) => x.outTradeNo === p.outTradeNo)).toMatchObject({ refundedFen: 9_000, refundCount: 3 });
  });

  test('at most 50 refunds per payment (WeChat Pay\'s limit)', async () => {
    const p = await paidOrder(1_000);
    const one = (i: number) => startRefund({ outTradeNo: p.outTradeNo, outRefundNo: `L${p.outTradeNo}${String(i).padStart(2, '0')}`, refundFen: 1, reason: '退款', detail: {}, takes: [] });
    for (let i = 0; i < 50; i++) await one(i);
    await expect(one(50)).rejects.toMatchObject({ code: 'pay_refund_refused' });
    const row = (await get('/admin/payments', admin, { state: 'paid' })).body.payments.find((x: { outTradeNo: string }) => x.outTradeNo === p.outTradeNo);
    expect(row).toMatchObject({ refundCount: 50, refundedFen: 50 });
  }, 60_000);

  test('a retried refund (same number) is one refund; a failed one gives back once; a successful whole refund marks the order refunded', async () => {
    const p = await paidOrder(5_000);
    const before = await counters(alice.id);
    const r1 = { outTradeNo: p.outTradeNo, outRefundNo: `F${p.outTradeNo}`, refundFen: 2_000, reason: '退款', detail: { principalFen: 2_000 }, takes: [add(alice.id, { taken: 2_000 })] };
    const [x, y] = await Promise.all([startRefund(r1), startRefund(r1)]);
    expect(x.outRefundNo).toBe(y.outRefundNo);
    expect(((await counters(alice.id)).taken ?? 0) - (before.taken ?? 0)).toBe(2_000);
    // WeChat says it failed (twice, as it retries): given back once, the order's refunded total back to 0.
    const failed = fakeNotification('REFUND.ABNORMAL', refundResource(fake.refunds.get(r1.outRefundNo)!, 'ABNORMAL'));
    expect((await notify(failed)).status).toBe(204);
    expect((await notify(fakeNotification('REFUND.ABNORMAL', refundResource(fake.refunds.get(r1.outRefundNo)!, 'ABNORMAL')))).status).toBe(204);
    const c = await counters(alice.id);
    expect((c.failures ?? 0) - (before.failures ?? 0)).toBe(1);
    expect((c.givenBack ?? 0) - (before.givenBack ?? 0)).toBe(2_000);
    // The whole amount refunded successfully: the order is refunded.
    const r2 = { ...r1, outRefundNo: `S${p.outTradeNo}`, refundFen: 5_000, takes: [] };
    await startRefund(r2);
    expect((await notify(fakeNotification('REFUND.SUCCESS', refundResource(fake.refunds.get(r2.outRefundNo)!, 'SUCCESS')))).status).toBe(204);
    expect((await get(`/members/me/payments/${p.outTradeNo}`, alice.token)).body.state).toBe('refunded');
    const refunds = await get('/admin/refunds', admin);
    const mine = refunds.body.refunds.filter((r: { outTradeNo: string }) => r.outTradeNo === p.outTradeNo);
    expect(mine.map((r: { outRefundNo: string; state: string }) => `${r.outRefundNo} ${r.state}`).sort()).toEqual([`F${p.outTradeNo} failed`, `S${p.outTradeNo} success`]);
  });

  test('a refund WeChat did not accept is sent again by the job with the same number, then settled by a query', async () => {
    const p = await paidOrder(4_000);
    fake.failRefunds = 1;
    const r = await startRefund({ outTradeNo: p.outTradeNo, outRefundNo: `J${p.outTradeNo}`, refundFen: 1_000, reason: '退款', detail: {}, takes: [] });
    expect(r.state).toBe('requested');
    expect(fake.refunds.has(r.outRefundNo)).toBe(false);
    const t0 = Date.now();
    setClock({ now: () => new Date(t0 + 2 * 60_000) });
    await reconcile({ time: `refund-${t0}` } as never);
    expect(fake.refunds.get(r.outRefundNo)).toMatchObject({ status: 'PROCESSING', refundFen: 1_000 });
    fake.setRefundStatus(r.outRefundNo, 'SUCCESS');
    setClock({ now: () => new Date(t0 + 4 * 60_000) });
    await reconcile({ time: `refund2-${t0}` } as never);
    const list = await get('/admin/refunds', admin);
    expect(list.body.refunds.find((x: { outRefundNo: string }) => x.outRefundNo === r.outRefundNo)).toMatchObject({ state: 'success', wechatStatus: 'SUCCESS' });
    expect(fake.calls.filter((c) => c === `refund ${r.outRefundNo}`)).toHaveLength(2);
  });
});

describe('shipping information and the admin', () => {
  test('shipping info is uploaded after the credit (virtual goods); a failed upload is retried by the job', async () => {
    shippingUploads.failNext = 1;
    const p = await order(alice, 999);
    fake.pay(p.outTradeNo);
    expect((await notify(success(p.outTradeNo))).status).toBe(204);
    let row = (await get('/admin/payments', admin, { state: 'paid' })).body.payments.find((x: { outTradeNo: string }) => x.outTradeNo === p.outTradeNo);
    expect(row).toMatchObject({ shippingUploaded: false, shippingError: expect.any(String) });
    setClock({ now: () => new Date(Date.now() + 2 * 60_000) });
    await reconcile({ time: `ship-${Date.now()}` } as never);
    row = (await get('/admin/payments', admin, { state: 'paid' })).body.payments.find((x: { outTradeNo: string }) => x.outTradeNo === p.outTradeNo);
    expect(row).toMatchObject({ shippingUploaded: true, shippingError: null });
    const up = shippingUploads.done.find((u) => u.transactionId === fake.orders.get(p.outTradeNo)!.transactionId)!;
    expect(up).toMatchObject({ payerOpenid: `openid-${alice.id}`, itemDesc: '储值 ¥9.99' });
  });

  test('admin lists: filters, paging, bad cursor; reconcile answers 404 for an unknown order', async () => {
    const page1 = await get('/admin/payments', admin, { limit: '2' });
    expect(page1.status).toBe(200);
    expect(page1.body.payments).toHaveLength(2);
    expect(page1.body.cursor).toEqual(expect.any(String));
    const page2 = await get('/admin/payments', admin, { limit: '2', cursor: page1.body.cursor });
    expect(page2.body.payments[0].createdAt <= page1.body.payments[1].createdAt).toBe(true);
    const created = await get('/admin/payments', admin, { state: 'created', kind: 'recharge' });
    expect(created.body.payments.every((x: { state: string }) => x.state === 'created')).toBe(true);
    const bad = await get('/admin/payments', admin, { cursor: Buffer.from('{"PK":"MEMBER#x"}').toString('base64url') });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'invalid_input']);
    expect((await post('/admin/payments/HY20990101000000NOTHERE000/reconcile', admin)).status).toBe(404);
    expect((await get('/admin/payments', alice.token)).status).toBe(403);
  });
});
