/**
 * Issue 17, the money journeys with nothing stood in but WeChat: the real routes over the local API
 * gateway, the real payment kinds registered at the payment Lambdas' entry, the real WeChat Pay adapter,
 * and the stand-in's pay part paying orders and sending signed, encrypted notifications (and refund
 * notifications) to our notify URL. A recharge ¥500 + ¥50 is credited once, its refund is settled by
 * WeChat's refund notification, and a paid membership bought the same way extends the term.
 */
import * as wechatpay from '../../functions/adapters/wechatpay';
import { getBalance, sumBalanceLedger } from '../../functions/adapters/dynamo/balance-repo';
import { readFile } from '../../functions/adapters/s3/files';
import { writeDataCopy } from '../../functions/rights/export-worker';
import { DATA_COPY_SECTIONS } from '../../shared/domain/data-copy';
import { startApiServer } from '../../infra/local/api-gateway';
import { actors } from './actors';
import { setupWorld } from './support';

let world: Awaited<ReturnType<typeof setupWorld>>;
let api: Awaited<ReturnType<typeof startApiServer>>;
const a = actors(() => world.standIn);
let admin: string;

async function http(token: string | null, method: string, path: string, body?: unknown) {
  const r = await fetch(`${api.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}

/** What requestPayment does on the phone: the stand-in pays the prepay id and notifies our notify URL. */
async function payAtWeChat(pkg: string) {
  const r = await fetch(`${world.standIn.url}/__dev/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prepayId: pkg.replace(/^prepay_id=/, '') }) });
  expect(r.status).toBe(200);
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await read();
    if (ok(v)) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  world = await setupWorld();
  api = await startApiServer({ port: 0 });
  process.env.WECHATPAY_NOTIFY_URL = `${api.url}/pay/wechat/notify`;
  const wp = wechatpay as unknown as { resetPaySecretsCache?: () => void; resetPayClientCache?: () => void };
  wp.resetPaySecretsCache?.();
  wp.resetPayClientCache?.();
  admin = (await a.login('demo-admin')).token;
}, 90_000);
afterAll(async () => {
  await api?.close();
  await world?.close();
});

test('a recharge ¥500 + ¥50 is credited once by the genuine notification; its refund is settled by the refund notification', async () => {
  const pkg = await http(admin, 'POST', '/admin/recharge-packages', { name: '充 500 送 50', amountFen: 50_000, bonusFen: 5_000 });
  expect(pkg.status).toBe(201);
  const m = await a.newMember(`o-money-${Date.now().toString(36)}`);
  const started = await http(m.token, 'POST', '/members/me/recharges', { packageId: pkg.body.id, requestId: `r-${Date.now()}` });
  expect(started.status).toBe(200);
  expect(started.body.payParams).toMatchObject({ signType: 'RSA', package: expect.stringMatching(/^prepay_id=/) });
  await payAtWeChat(started.body.payParams.package);
  const paid = await until(() => http(m.token, 'GET', `/members/me/payments/${started.body.outTradeNo}`), (r) => r.body?.state === 'paid', 'the payment credited');
  expect(paid.body).toMatchObject({ kind: 'recharge', amountFen: 50_000 });
  const b = await getBalance(m.id);
  expect({ principalFen: b.principalFen, bonusFen: b.bonusFen }).toEqual({ principalFen: 50_000, bonusFen: 5_000 });
  const ledger = await sumBalanceLedger(m.id);
  expect({ principalFen: ledger.principalFen, bonusFen: ledger.bonusFen }).toEqual({ principalFen: 50_000, bonusFen: 5_000 });

  // Her copy of her data (PIPL) holds the balance, its ledger and the payment.
  const copy = JSON.parse((await readFile(await writeDataCopy(m.id, '2026-12-01'))).toString('utf8'));
  expect(copy[DATA_COPY_SECTIONS.storedValue]).toMatchObject({ 本金余额: '¥500.00', 赠送余额: '¥50.00' });
  expect(copy[DATA_COPY_SECTIONS.storedValue].明细).toEqual([expect.objectContaining({ 类型: '充值', 本金: '¥500.00', 赠送: '¥50.00' })]);
  expect(copy[DATA_COPY_SECTIONS.payments]).toEqual([expect.objectContaining({ 类型: '储值充值', 商户订单号: started.body.outTradeNo, 金额: '¥500.00', 状态: '已支付' })]);

  // Untouched within 7 days: refunded in full through WeChat; the refund notification settles it.
  const refund = await http(m.token, 'POST', '/members/me/balance/refunds', { requestId: `rf-${Date.now()}` });
  expect(refund.status).toBe(200);
  expect(refund.body).toMatchObject({ refundFen: 50_000, rule: 'full' });
  const refunds = await until(
    () => http(admin, 'GET', '/admin/refunds'),
    (r) => (r.body?.refunds ?? []).some((x: { outTradeNo: string; state: string }) => x.outTradeNo === started.body.outTradeNo && x.state === 'success'),
    'the refund settled by its notification',
  );
  expect(refunds.status).toBe(200);
  const after = await getBalance(m.id);
  expect(after.principalFen + after.bonusFen).toBe(0);
});

test('paid membership bought through WeChat Pay extends the term once', async () => {
  const plan = await http(admin, 'POST', '/admin/membership-plans', { name: 'PLUS 月卡', priceFen: 1_900, months: 1, multiplier: 2, couponTemplateIds: [], badge: 'PLUS', active: true });
  expect(plan.status).toBe(201);
  const m = await a.newMember(`o-plus-${Date.now().toString(36)}`);
  const started = await http(m.token, 'POST', '/members/me/membership/purchases', { planId: plan.body.id, requestId: `p-${Date.now()}` });
  expect(started.status).toBe(200);
  await payAtWeChat(started.body.payParams.package);
  await until(() => http(m.token, 'GET', `/members/me/payments/${started.body.outTradeNo}`), (r) => r.body?.state === 'paid', 'the membership payment credited');
  const mine = await http(m.token, 'GET', '/members/me/membership');
  expect(mine.status).toBe(200);
  expect(mine.body.current).toMatchObject({ planId: plan.body.id });
});
