/**
 * The WeChat Pay boundary against the stand-in's v3 part, over real HTTP (issue 17): orders, payment by the
 * dev endpoint, notifications delivered to a notify URL with a valid signature (and WeChat's retries),
 * query, close, refunds and their notifications; every answer verified by the adapter, and every way
 * WeChat Pay can fail turned into pay_unavailable.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WeChatError, wechat } from '../../functions/adapters/wechat/client';
import {
  closeOrder,
  createJsapiOrder,
  createRefund,
  openNotification,
  payParamsFor,
  queryOrder,
  queryRefund,
  resetPayClientCache,
  wechatPayFailure,
  type OpenedNotification,
} from '../../functions/adapters/wechatpay';
import { AppError } from '../../functions/lib/errors';
import type { Handler } from '../../functions/lib/http';
import { deliverPayNotificationsTo, devPost, setupWorld } from './support';

let world: Awaited<ReturnType<typeof setupWorld>>;

/** Our notify URL for this file: answers as the real route will (204 when it opens, else 401/400 FAIL). */
interface Received {
  headers: Record<string, string>;
  body: string;
  opened: OpenedNotification;
}
let receiver: Server;
let received: Received[] = [];
/** The next answers to give before opening (e.g. 500 twice, to see WeChat retry). */
let failNext: number[] = [];

let seq = 0;
const outTradeNo = () => `HYT${Date.now()}${String(++seq).padStart(4, '0')}`;
const order = (no: string, over: Partial<Parameters<typeof createJsapiOrder>[0]> = {}) => ({
  outTradeNo: no,
  description: '储值 ¥500 送 ¥50',
  amountFen: 50000,
  payerOpenid: 'o-payer-1',
  timeExpire: new Date(Date.now() + 15 * 60_000).toISOString(),
  ...over,
});

async function until<T>(fn: () => T | undefined | null | false, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function failureOf(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('pay_unavailable');
    expect((e as AppError).status).toBe(503);
    return wechatPayFailure(e);
  }
  throw new Error('expected pay_unavailable');
}

beforeAll(async () => {
  world = await setupWorld();
  world.standIn.pay.retryScheduleMs = [50, 50, 100];
  world.standIn.pay.refundDelayMs = 50;
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      const forced = failNext.shift();
      if (forced) {
        res.writeHead(forced, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'FAIL', message: 'busy' }));
        return;
      }
      void openNotification(headers, body, new Date()).then((opened) => {
        received.push({ headers, body, opened });
        if (opened.ok) res.writeHead(204).end();
        else res.writeHead(opened.status, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'FAIL', message: opened.reason }));
      });
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  process.env.WECHATPAY_NOTIFY_URL = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/pay/wechat/notify`;
  resetPayClientCache();
});

afterAll(async () => {
  await world.standIn.pay.idle();
  await world.close();
  await new Promise<void>((r) => receiver.close(() => r()));
});

beforeEach(async () => {
  // Refunds of an earlier test still settling would take the next notification mode.
  await world.standIn.pay.idle();
  received = [];
  failNext = [];
});

async function paidOrder(amountFen = 50000) {
  const no = outTradeNo();
  const { prepayId } = await createJsapiOrder(order(no, { amountFen }));
  const paid = await devPost(world.standIn, '/__dev/pay', { prepayId });
  await world.standIn.pay.idle();
  return { no, prepayId, transactionId: paid.transactionId as string };
}

describe('orders and payment', () => {
  test('jsapi → pay params → dev pay → a signed, encrypted TRANSACTION.SUCCESS at the notify URL; query agrees', async () => {
    const no = outTradeNo();
    const { prepayId } = await createJsapiOrder(order(no));
    expect(prepayId).toMatch(/^wx\d{14}[0-9a-f]{20}$/);
    // The same order again (a retried start) answers the same prepay_id.
    expect(await createJsapiOrder(order(no))).toEqual({ prepayId });

    const params = await payParamsFor(prepayId);
    expect(params.package).toBe(`prepay_id=${prepayId}`);

    expect(await queryOrder(no)).toMatchObject({ outTradeNo: no, tradeState: 'NOTPAY', transactionId: null, totalFen: 50000 });

    // What requestPayment does on H5: the package's prepay_id to the dev endpoint.
    const paid = await devPost(world.standIn, '/__dev/pay', { prepayId: params.package.slice('prepay_id='.length) });
    expect(paid).toMatchObject({ outTradeNo: no, tradeState: 'SUCCESS' });

    const got = await until(() => received.find((r) => r.opened.ok && r.opened.payment?.outTradeNo === no));
    expect(got.headers['wechatpay-serial']).toBe(world.standIn.pay.keyId);
    expect(got.opened).toMatchObject({
      ok: true,
      eventType: 'TRANSACTION.SUCCESS',
      payment: { appid: process.env.WECHAT_APPID, mchid: process.env.WECHATPAY_MCHID, outTradeNo: no, transactionId: paid.transactionId, tradeState: 'SUCCESS', totalFen: 50000, payerOpenid: 'o-payer-1' },
    });

    const facts = await queryOrder(no);
    expect(facts).toMatchObject({ outTradeNo: no, tradeState: 'SUCCESS', transactionId: paid.transactionId, totalFen: 50000, payerOpenid: 'o-payer-1' });
    expect(facts.successTime).toMatch(/\+08:00$/);

    // Paying twice changes nothing and sends nothing more.
    await world.standIn.pay.idle();
    const before = world.standIn.pay.state.notifications.length;
    expect(await devPost(world.standIn, '/__dev/pay', { prepayId })).toMatchObject({ transactionId: paid.transactionId });
    expect(world.standIn.pay.state.notifications.length).toBe(before);
  });

  test('WeChat retries until a 2xx, each retry with a new nonce over the same body', async () => {
    failNext = [500, 503];
    const { no } = await paidOrder();
    const sent = world.standIn.pay.state.notifications.find((n) => n.outTradeNo === no)!;
    expect(sent.attempts.map((a) => a.status)).toEqual([500, 503, 204]);
    expect(sent.delivered).toBe(true);
    expect(received).toHaveLength(1);
    expect(received[0]!.body).toBe(sent.body);
    expect(received[0]!.headers['wechatpay-nonce']).not.toBe(sent.headers['Wechatpay-Nonce']);
  });

  test('a retry schedule that runs out stops (bounded)', async () => {
    failNext = [500, 500, 500, 500, 500];
    const { no } = await paidOrder();
    const sent = world.standIn.pay.state.notifications.find((n) => n.outTradeNo === no)!;
    expect(sent.attempts).toHaveLength(4);
    expect(sent).toMatchObject({ delivered: false, pending: false });
  });

  test('the jsapi contract: same number with other content, limits of each field', async () => {
    const no = outTradeNo();
    await createJsapiOrder(order(no));
    expect(await failureOf(createJsapiOrder(order(no, { amountFen: 100 })))).toEqual({ status: 400, code: 'INVALID_REQUEST' });
    expect(await failureOf(createJsapiOrder(order(outTradeNo(), { description: '储'.repeat(128) })))).toEqual({ status: 400, code: 'PARAM_ERROR' });
    expect((await createJsapiOrder(order(outTradeNo(), { description: '储'.repeat(127) }))).prepayId).toBeTruthy();
    expect(await failureOf(createJsapiOrder(order('abc12')))).toEqual({ status: 400, code: 'PARAM_ERROR' });
    expect(await failureOf(createJsapiOrder(order('a'.repeat(33))))).toEqual({ status: 400, code: 'PARAM_ERROR' });
    expect(await failureOf(createJsapiOrder(order('bad#number')))).toEqual({ status: 400, code: 'PARAM_ERROR' });
    expect((await createJsapiOrder(order(`ok_-|*${seq++}x`))).prepayId).toBeTruthy();
    expect(await failureOf(createJsapiOrder(order(outTradeNo(), { amountFen: 0 })))).toEqual({ status: 400, code: 'PARAM_ERROR' });
    const saved = process.env.WECHATPAY_NOTIFY_URL!;
    for (const url of ['http://example.cn/pay/wechat/notify', `${saved}?x=1`]) {
      process.env.WECHATPAY_NOTIFY_URL = url;
      expect(await failureOf(createJsapiOrder(order(outTradeNo())))).toEqual({ status: 400, code: 'PARAM_ERROR' });
    }
    process.env.WECHATPAY_NOTIFY_URL = saved;
  });

  test('close: an unpaid order closes (and can no longer be paid); a paid one cannot; an unknown one is nothing to close', async () => {
    const no = outTradeNo();
    const { prepayId } = await createJsapiOrder(order(no));
    await closeOrder(no);
    expect(await queryOrder(no)).toMatchObject({ tradeState: 'CLOSED' });
    const r = await fetch(`${world.standIn.url}/__dev/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prepayId }) });
    expect(r.status).toBe(409);

    const { no: paidNo } = await paidOrder();
    expect(await failureOf(closeOrder(paidNo))).toEqual({ status: 400, code: 'ORDERPAID' });

    const unknown = outTradeNo();
    await expect(closeOrder(unknown)).resolves.toBeUndefined();
    expect(await queryOrder(unknown)).toMatchObject({ outTradeNo: unknown, tradeState: 'NOTPAY', transactionId: null });
  });

  test('an order past its time_expire cannot be paid', async () => {
    const no = outTradeNo();
    const { prepayId } = await createJsapiOrder(order(no, { timeExpire: new Date(Date.now() - 1000).toISOString() }));
    const r = await fetch(`${world.standIn.url}/__dev/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prepayId }) });
    expect(r.status).toBe(409);
    expect(await queryOrder(no)).toMatchObject({ tradeState: 'NOTPAY' });
  });
});

describe('refunds', () => {
  test('refund: accepted (PROCESSING), the same out_refund_no answers the same refund, REFUND.SUCCESS notified, query SUCCESS', async () => {
    const { no } = await paidOrder();
    received = [];
    const r = { outTradeNo: no, outRefundNo: `RF${no}`, reason: '储值退款', refundFen: 12000, totalFen: 50000 };
    const first = await createRefund(r);
    expect(first).toMatchObject({ mchid: process.env.WECHATPAY_MCHID, outTradeNo: no, outRefundNo: r.outRefundNo, status: 'PROCESSING', refundFen: 12000, totalFen: 50000 });
    const again = await createRefund(r);
    expect(again.refundId).toBe(first.refundId);

    const got = await until(() => received.find((x) => x.opened.ok && x.opened.refund?.outRefundNo === r.outRefundNo));
    expect(got.opened).toMatchObject({ ok: true, eventType: 'REFUND.SUCCESS', refund: { outTradeNo: no, refundId: first.refundId, status: 'SUCCESS', refundFen: 12000, totalFen: 50000 } });
    expect(await queryRefund(r.outRefundNo)).toMatchObject({ status: 'SUCCESS', refundId: first.refundId });
    expect(await queryOrder(no)).toMatchObject({ tradeState: 'REFUND' });

    // Never more than paid: 38,000 left.
    expect(await failureOf(createRefund({ ...r, outRefundNo: `RF2${no}`, refundFen: 38001 }))).toEqual({ status: 403, code: 'NOT_ENOUGH' });
    expect((await createRefund({ ...r, outRefundNo: `RF3${no}`, refundFen: 38000 })).status).toBe('PROCESSING');
    // Same number, other content.
    expect(await failureOf(createRefund({ ...r, refundFen: 100 }))).toEqual({ status: 400, code: 'INVALID_REQUEST' });
    expect(await failureOf(queryRefund('RF-none'))).toEqual({ status: 404, code: 'RESOURCE_NOT_EXISTS' });
  });

  test('a refund told to fail ends ABNORMAL (or CLOSED) with its notification', async () => {
    const { no } = await paidOrder();
    received = [];
    await devPost(world.standIn, '/__dev/pay/refund-outcome', { outcome: 'ABNORMAL' });
    await createRefund({ outTradeNo: no, outRefundNo: `RFA${no}`, reason: '退款', refundFen: 100, totalFen: 50000 });
    const got = await until(() => received.find((x) => x.opened.ok && x.opened.refund?.outRefundNo === `RFA${no}`));
    expect(got.opened).toMatchObject({ eventType: 'REFUND.ABNORMAL', refund: { status: 'ABNORMAL' } });
    await devPost(world.standIn, '/__dev/pay/refund-outcome', { outcome: 'CLOSED' });
    await createRefund({ outTradeNo: no, outRefundNo: `RFC${no}`, reason: '退款', refundFen: 49900, totalFen: 50000 });
    await until(() => received.find((x) => x.opened.ok && x.opened.refund?.outRefundNo === `RFC${no}`));
    // A closed refund gives its amount back to what can be refunded.
    expect((await createRefund({ outTradeNo: no, outRefundNo: `RFD${no}`, reason: '退款', refundFen: 49900, totalFen: 50000 })).status).toBe('PROCESSING');
  });

  test('at most 50 refunds per payment', async () => {
    const { no } = await paidOrder(100);
    for (let i = 0; i < 50; i++) await createRefund({ outTradeNo: no, outRefundNo: `R${i}${no}`, reason: '退款', refundFen: 1, totalFen: 100 });
    expect(await failureOf(createRefund({ outTradeNo: no, outRefundNo: `R50${no}`, reason: '退款', refundFen: 1, totalFen: 100 }))).toEqual({ status: 403, code: 'REFUND_TIMES_EXCEED' });
  });
});

describe('notification modes (/__dev/pay/notifications) and the in-process builder', () => {
  test('drop: the next notification is never sent', async () => {
    await devPost(world.standIn, '/__dev/pay/notifications', { mode: 'drop' });
    const { no } = await paidOrder();
    expect(world.standIn.pay.state.notifications.find((n) => n.outTradeNo === no)).toMatchObject({ mode: 'drop', delivered: false, attempts: [] });
    expect(received).toHaveLength(0);
    // The payment is there for a reconciliation query.
    expect(await queryOrder(no)).toMatchObject({ tradeState: 'SUCCESS' });
  });

  test('repeat: the same notification N times at once', async () => {
    await devPost(world.standIn, '/__dev/pay/notifications', { mode: 'repeat', times: 5 });
    const { no } = await paidOrder();
    expect(received).toHaveLength(5);
    expect(new Set(received.map((r) => r.body)).size).toBe(1);
    expect(new Set(received.map((r) => r.headers['wechatpay-nonce'])).size).toBe(1);
    expect(received.every((r) => r.opened.ok && r.opened.payment?.outTradeNo === no)).toBe(true);
  });

  test('delay: the notification comes late', async () => {
    await devPost(world.standIn, '/__dev/pay/notifications', { mode: 'delay', delayMs: 300 });
    const started = Date.now();
    const { no } = await paidOrder();
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(received.map((r) => r.opened.ok && r.opened.payment?.outTradeNo)).toEqual([no]);
  });

  test.each(['signature', 'keyId', 'timestamp', 'ciphertext', 'tag'] as const)('tamper %s: refused at the notify URL, sent once, never retried', async (tamper) => {
    await devPost(world.standIn, '/__dev/pay/notifications', { mode: 'tamper', tamper });
    const { no } = await paidOrder();
    const sent = world.standIn.pay.state.notifications.find((n) => n.outTradeNo === no)!;
    expect(sent).toMatchObject({ tamper, delivered: false, pending: false });
    expect(sent.attempts).toEqual([expect.objectContaining({ status: 401 })]);
    expect(received.map((r) => r.opened.ok)).toEqual([false]);
  });

  test('tamper amount: genuine signature and encryption, 1 fen more than paid', async () => {
    await devPost(world.standIn, '/__dev/pay/notifications', { mode: 'tamper', tamper: 'amount' });
    const { no } = await paidOrder();
    expect(received.map((r) => r.opened.ok && r.opened.payment)).toEqual([expect.objectContaining({ outTradeNo: no, totalFen: 50001 })]);
  });

  test('notificationFor builds a genuine or spoiled notification in process; GET /__dev/pay/notifications lists what was sent', async () => {
    const { no } = await paidOrder();
    const genuine = world.standIn.pay.notificationFor({ outTradeNo: no });
    expect(await openNotification(genuine.headers, genuine.body, new Date())).toMatchObject({ ok: true, payment: { outTradeNo: no } });
    const forged = world.standIn.pay.notificationFor({ outTradeNo: no }, { tamper: 'tag' });
    expect(await openNotification(forged.headers, forged.body, new Date())).toMatchObject({ ok: false, status: 401 });
    const listed = (await (await fetch(`${world.standIn.url}/__dev/pay/notifications?outTradeNo=${no}`)).json()) as { notifications: { eventType: string; delivered: boolean }[] };
    expect(listed.notifications).toEqual([expect.objectContaining({ eventType: 'TRANSACTION.SUCCESS', delivered: true })]);
  });
});

describe('in process and from the browser', () => {
  test('deliverPayNotificationsTo routes notifications (and their retries) into a handler, as API Gateway would', async () => {
    const events: { path: string; body: string | undefined; serial: string | undefined }[] = [];
    let calls = 0;
    const handler = (async (event: { rawPath: string; body?: string; headers: Record<string, string> }) => {
      calls++;
      events.push({ path: event.rawPath, body: event.body, serial: event.headers['wechatpay-serial'] });
      const opened = await openNotification(event.headers, event.body ?? '', new Date());
      return { statusCode: calls === 1 ? 500 : opened.ok ? 204 : 401, body: '' };
    }) as unknown as Handler;
    deliverPayNotificationsTo(world.standIn, handler);
    try {
      const { no } = await paidOrder();
      expect(events.map((e) => e.path)).toEqual(['/pay/wechat/notify', '/pay/wechat/notify']);
      expect(events[0]!.serial).toBe(world.standIn.pay.keyId);
      expect(world.standIn.pay.state.notifications.find((n) => n.outTradeNo === no)).toMatchObject({ delivered: true, attempts: [expect.objectContaining({ status: 500 }), expect.objectContaining({ status: 204 })] });
      expect(received).toHaveLength(0);
    } finally {
      world.standIn.pay.setTransport(null);
    }
  });

  test('the H5 build may call /__dev/pay from another origin (CORS)', async () => {
    const pre = await fetch(`${world.standIn.url}/__dev/pay`, { method: 'OPTIONS', headers: { origin: 'http://localhost:10086', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-headers')).toContain('content-type');
    const r = await fetch(`${world.standIn.url}/__dev/pay`, { method: 'POST', headers: { origin: 'http://localhost:10086', 'content-type': 'application/json' }, body: JSON.stringify({ prepayId: 'wx-none' }) });
    expect(r.status).toBe(404);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('answers are verified; every failure is pay_unavailable', () => {
  test.each([
    ['bad_signature', { status: 200, code: 'UNVERIFIED_ANSWER' }],
    ['unsigned', { status: 200, code: 'UNVERIFIED_ANSWER' }],
    ['system_error', { status: 500, code: 'SYSTEM_ERROR' }],
  ] as const)('%s', async (kind, failure) => {
    const no = outTradeNo();
    await createJsapiOrder(order(no));
    await devPost(world.standIn, '/__dev/pay/api-failure', { kind });
    expect(await failureOf(queryOrder(no))).toEqual(failure);
    // The next call is answered normally.
    expect(await queryOrder(no)).toMatchObject({ tradeState: 'NOTPAY' });
  });

  test('an error answer is read when unsigned or signed by WeChat, refused when its signature is not WeChat\'s', async () => {
    await devPost(world.standIn, '/__dev/pay/api-failure', { kind: 'unsigned' });
    expect(await queryOrder(outTradeNo())).toMatchObject({ tradeState: 'NOTPAY' });
    await devPost(world.standIn, '/__dev/pay/api-failure', { kind: 'bad_signature' });
    expect(await failureOf(queryOrder(outTradeNo()))).toEqual({ status: 404, code: 'UNVERIFIED_ANSWER' });
  });

  test('an answer slower than 3 s times out', async () => {
    await devPost(world.standIn, '/__dev/pay/api-failure', { kind: 'slow' });
    expect(await failureOf(queryOrder(outTradeNo()))).toEqual({ status: null, code: 'TIMEOUT' });
  }, 15_000);

  test('no WeChat Pay at the configured base: NETWORK', async () => {
    const saved = process.env.WECHATPAY_API_BASE;
    process.env.WECHATPAY_API_BASE = 'http://127.0.0.1:1';
    try {
      expect(await failureOf(queryOrder(outTradeNo()))).toEqual({ status: null, code: 'NETWORK' });
    } finally {
      process.env.WECHATPAY_API_BASE = saved;
    }
  });

  test('the stand-in refuses a request not signed with the merchant key (401 SIGN_ERROR, itself signed)', async () => {
    const r = await fetch(`${world.standIn.url}/v3/pay/transactions/out-trade-no/HY0000001?mchid=${process.env.WECHATPAY_MCHID}`, {
      headers: { authorization: 'WECHATPAY2-SHA256-RSA2048 mchid="1",nonce_str="x",timestamp="1",serial_no="x",signature="x"' },
    });
    expect(r.status).toBe(401);
    expect(await r.json()).toEqual({ code: 'SIGN_ERROR', message: expect.any(String) });
    expect(r.headers.get('wechatpay-serial')).toBe(world.standIn.pay.keyId);
  });
});

describe('shipping information (订单发货管理)', () => {
  test('uploadShippingInfo: recorded with logistics_type 3 for the paid transaction; an unknown transaction is refused', async () => {
    const { transactionId, no } = await paidOrder();
    await wechat.uploadShippingInfo({ transactionId, payerOpenid: 'o-payer-1', itemDesc: '储值 ¥500 送 ¥50', uploadTime: new Date().toISOString() });
    const listed = (await (await fetch(`${world.standIn.url}/__dev/pay/shipping`)).json()) as { uploads: unknown[] };
    expect(listed.uploads).toContainEqual(
      expect.objectContaining({ transactionId, outTradeNo: no, payerOpenid: 'o-payer-1', logisticsType: 3, deliveryMode: 1, itemDescs: ['储值 ¥500 送 ¥50'], uploadTime: expect.stringMatching(/\+08:00$/) }),
    );
    const refused = wechat.uploadShippingInfo({ transactionId: '4200000000000000000000000000', payerOpenid: 'o-payer-1', itemDesc: 'x', uploadTime: new Date().toISOString() });
    await expect(refused).rejects.toBeInstanceOf(WeChatError);
    await expect(refused).rejects.toMatchObject({ errcode: 10060001 });
  });
});
