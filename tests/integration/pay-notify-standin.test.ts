/**
 * Issue 17, the notification path against the REAL boundary: the WeChat Pay adapter (node:crypto
 * verification and strict AES-256-GCM) and the WeChat stand-in's pay part (infra/wechat-standin/pay.ts),
 * whose key signs and encrypts the notifications, over real HTTP through the local API gateway.
 * Spoiled notifications (forged signature, wrong key id, stale timestamp, replayed nonce, tampered
 * ciphertext, tampered tag, amount mismatch, unknown order) credit nothing; the same genuine notification
 * delivered 10 times at once credits once; a dropped notification is credited by the reconciliation job
 * (moved clock) and the late notification then changes nothing; a payment never made is closed.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../../functions/adapters/dynamo/client';
import type { TxPart } from '../../functions/adapters/dynamo/tx';
import * as wechatpay from '../../functions/adapters/wechatpay';
import { setClock } from '../../functions/lib/clock';
import { registerPaymentKind, startPayment } from '../../functions/pay/collaboration';
import { reconcile } from '../../functions/pay/scheduled';
import { startApiServer } from '../../infra/local/api-gateway';
import type { WeChatStandIn } from '../../infra/wechat-standin/server';
import { actors } from './actors';
import { setupWorld } from './support';

/** The stand-in's pay part (infra/wechat-standin/pay.ts), the parts this file uses. */
interface PayPart {
  payOrder(prepayId: string): { status: number; order?: { outTradeNo: string; tradeState: string }; error?: string };
  notificationFor(target: { outTradeNo: string } | { outRefundNo: string }, o?: { tamper?: string | null; nowMs?: number; nonce?: string }): { headers: Record<string, string>; body: string };
  state?: { orders: Map<string, { tradeState: string }>; notifications: { outTradeNo: string; delivered: boolean; pending: boolean; attempts: { status: number | null; copies: number }[] }[] };
}
const payOf = (s: WeChatStandIn) => (s as unknown as { pay: PayPart }).pay;

let world: Awaited<ReturnType<typeof setupWorld>>;
let api: Awaited<ReturnType<typeof startApiServer>>;
const a = actors(() => world.standIn);
let member: { token: string; id: string };

const counterKey = (memberId: string) => ({ PK: `TESTKIND#${memberId}`, SK: 'SUM' });
const credit = (memberId: string, fen: number): TxPart => ({
  apply(tx) {
    tx.update('test-credit', counterKey(memberId), { set: 'ADD credited :f, credits :one', values: { ':f': fen, ':one': 1 } });
  },
});
async function credits(memberId: string): Promise<{ credited: number; credits: number }> {
  const { client, table } = db();
  const r = await client.send(new GetCommand({ TableName: table, Key: counterKey(memberId), ConsistentRead: true }));
  return { credited: Number(r.Item?.credited ?? 0), credits: Number(r.Item?.credits ?? 0) };
}

async function dev(path: string, body: unknown) {
  const r = await fetch(`${world.standIn.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return r.json();
}
async function notify(n: { headers: Record<string, string>; body: string }) {
  const r = await fetch(`${api.url}/pay/wechat/notify`, { method: 'POST', headers: n.headers, body: n.body });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}
const state = async (outTradeNo: string) => (await fetch(`${api.url}/members/me/payments/${outTradeNo}`, { headers: { authorization: `Bearer ${member.token}` } }).then((r) => r.json())).state;

let seq = 0;
/** An order paid at the stand-in with its notification dropped (tests deliver notifications themselves). */
async function paidOrder(amountFen = 50_000) {
  const p = await startPayment({ kind: 'recharge', memberId: member.id, openid: `o-${member.id}`, amountFen, description: '储值', item: { id: 'P', name: '储值', detail: {} }, requestId: `sr-${++seq}-${Date.now()}` });
  await dev('/__dev/pay/notifications', { mode: 'drop' });
  const paid = payOf(world.standIn).payOrder(p.payParams.package.replace(/^prepay_id=/, ''));
  expect(paid.status).toBe(200);
  return p;
}

beforeAll(async () => {
  world = await setupWorld();
  api = await startApiServer({ port: 0 });
  process.env.WECHATPAY_NOTIFY_URL = `${api.url}/pay/wechat/notify`;
  const wp = wechatpay as unknown as { resetPaySecretsCache?: () => void; resetPayClientCache?: () => void };
  wp.resetPaySecretsCache?.();
  wp.resetPayClientCache?.();
  registerPaymentKind('recharge', { credit: async (o) => [credit(o.memberId, o.amountFen)], refundFailed: async () => [] });
  member = await a.newMember('standin-pay');
}, 90_000);
afterAll(async () => {
  setClock(null);
  await api?.close();
  await world?.close();
});
afterEach(() => setClock(null));

describe.each(['signature', 'keyId', 'timestamp', 'ciphertext', 'tag'])('a notification with a spoiled %s', (tamper) => {
  test('is refused (4xx FAIL) and credits nothing', async () => {
    const p = await paidOrder();
    const before = await credits(member.id);
    const r = await notify(payOf(world.standIn).notificationFor({ outTradeNo: p.outTradeNo }, { tamper }));
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect(r.body).toMatchObject({ code: 'FAIL', message: expect.any(String) });
    expect(await credits(member.id)).toEqual(before);
    expect(await state(p.outTradeNo)).toBe('created');
  });
});

test('an amount that is not the order\'s (genuinely signed) credits nothing and is an exception', async () => {
  const p = await paidOrder();
  const before = await credits(member.id);
  const r = await notify(payOf(world.standIn).notificationFor({ outTradeNo: p.outTradeNo }, { tamper: 'amount' }));
  expect(r.status).toBe(204);
  expect(await credits(member.id)).toEqual(before);
  expect(await state(p.outTradeNo)).toBe('created');
});

test('an order we never made (genuinely signed) credits nothing', async () => {
  const no = `HY${Date.now()}UNKNOWN`;
  const { prepayId } = await wechatpay.createJsapiOrder({ outTradeNo: no, description: '不是我们的', amountFen: 100, payerOpenid: 'o-x', timeExpire: new Date(Date.now() + 600_000).toISOString() });
  await dev('/__dev/pay/notifications', { mode: 'drop' });
  payOf(world.standIn).payOrder(prepayId);
  const before = await credits(member.id);
  expect((await notify(payOf(world.standIn).notificationFor({ outTradeNo: no }))).status).toBe(204);
  expect(await credits(member.id)).toEqual(before);
});

test('a replayed nonce (another body) is refused', async () => {
  const first = await paidOrder();
  const second = await paidOrder();
  const nonce = `N${Date.now()}x`;
  expect((await notify(payOf(world.standIn).notificationFor({ outTradeNo: first.outTradeNo }, { nonce }))).status).toBe(204);
  const before = await credits(member.id);
  const r = await notify(payOf(world.standIn).notificationFor({ outTradeNo: second.outTradeNo }, { nonce }));
  expect([r.status, r.body.code]).toEqual([401, 'FAIL']);
  expect(await credits(member.id)).toEqual(before);
  expect(await state(second.outTradeNo)).toBe('created');
});

test('the same genuine notification delivered 10 times at once credits once', async () => {
  const p = await startPayment({ kind: 'recharge', memberId: member.id, openid: `o-${member.id}`, amountFen: 12_345, description: '储值', item: { id: 'P', name: '储值', detail: {} }, requestId: `ten-${Date.now()}` });
  const before = await credits(member.id);
  await dev('/__dev/pay/notifications', { mode: 'repeat', times: 10 });
  await dev('/__dev/pay', { prepayId: p.payParams.package.replace(/^prepay_id=/, '') });
  for (let i = 0; i < 100 && (await state(p.outTradeNo)) !== 'paid'; i++) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 300));
  const after = await credits(member.id);
  expect(after.credits - before.credits).toBe(1);
  expect(after.credited - before.credited).toBe(12_345);
  const sent = payOf(world.standIn).state?.notifications.find((n) => n.outTradeNo === p.outTradeNo);
  if (sent) expect(sent.delivered).toBe(true);
  // Shipping information (virtual goods) reached WeChat once the payment was credited.
  const shipping = (await (await fetch(`${world.standIn.url}/__dev/pay/shipping`)).json()) as { uploads: { outTradeNo: string | null; transactionId: string | null; logisticsType: number }[] };
  const paidAt = payOf(world.standIn).state?.orders.get(p.outTradeNo) as { transactionId?: string } | undefined;
  expect(shipping.uploads.filter((u) => u.transactionId === paidAt?.transactionId).map((u) => u.logisticsType)).toEqual([3]);
});

test('a dropped notification is credited by the reconciliation; the late one changes nothing; a payment never made is closed', async () => {
  // (The job also credits the earlier tests' orders: the stand-in says they were paid, their spoiled
  // notifications were refused. A member of its own keeps this test's counts apart.)
  member = await a.newMember('standin-pay-reconcile');
  const p = await paidOrder(6_600);
  const never = await startPayment({ kind: 'recharge', memberId: member.id, openid: `o-${member.id}`, amountFen: 9_900, description: '储值', item: { id: 'P', name: '储值', detail: {} }, requestId: `never-${Date.now()}` });
  const before = await credits(member.id);
  const t0 = Date.now();
  setClock({ now: () => new Date(t0 + 11 * 60_000) });
  await reconcile({ time: `standin-${t0}` } as never);
  const mid = await credits(member.id);
  expect([mid.credits - before.credits, mid.credited - before.credited]).toEqual([1, 6_600]);
  expect(await state(p.outTradeNo)).toBe('paid');
  const late = payOf(world.standIn).notificationFor({ outTradeNo: p.outTradeNo }, { nowMs: t0 + 11 * 60_000 });
  expect((await notify(late)).status).toBe(204);
  expect(await credits(member.id)).toEqual(mid);
  setClock({ now: () => new Date(t0 + 17 * 60_000) });
  await reconcile({ time: `standin2-${t0}` } as never);
  expect(await state(never.outTradeNo)).toBe('closed');
  expect(payOf(world.standIn).state?.orders.get(never.outTradeNo)?.tradeState ?? 'CLOSED').toBe('CLOSED');
  expect(await credits(member.id)).toEqual(mid);
});
