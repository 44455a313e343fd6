/**
 * A small in-test fake of the WeChat Pay adapter (functions/adapters/wechatpay), for the payments tests
 * that exercise OUR side (orders, once-only credit, nonces, reconciliation, refunds) without the real
 * boundary: `jest.mock('../../functions/adapters/wechatpay', () => require('./pay-fake').adapter)`.
 * Signatures are a SHA-256 over `timestamp\nnonce\nbody\n` with a secret only this module knows, so a
 * forged or altered notification is refused as the real boundary would refuse it. The cryptographic
 * checks themselves are tested against the real stand-in (pay-notify-standin.test.ts).
 */
import { createHash, randomBytes } from 'node:crypto';

const SECRET = randomBytes(16).toString('hex');
export const FAKE_APPID = 'wx-test-appid';
export const FAKE_MCHID = '1900000109';

type TradeState = 'SUCCESS' | 'REFUND' | 'NOTPAY' | 'CLOSED' | 'REVOKED' | 'USERPAYING' | 'PAYERROR';
type RefundStatus = 'SUCCESS' | 'CLOSED' | 'PROCESSING' | 'ABNORMAL';

interface FakeOrder {
  outTradeNo: string;
  amountFen: number;
  payerOpenid: string;
  timeExpire: string;
  description: string;
  prepayId: string;
  tradeState: TradeState;
  transactionId: string | null;
  successTime: string | null;
}
interface FakeRefund {
  outTradeNo: string;
  outRefundNo: string;
  refundId: string;
  refundFen: number;
  totalFen: number;
  status: RefundStatus;
}

export const fake = {
  orders: new Map<string, FakeOrder>(),
  refunds: new Map<string, FakeRefund>(),
  calls: [] as string[],
  /** The next createRefund calls fail (WeChat unavailable). */
  failRefunds: 0,
  reset() {
    this.orders.clear();
    this.refunds.clear();
    this.calls.length = 0;
    this.failRefunds = 0;
  },
  /** The member pays in WeChat: the order becomes SUCCESS (no notification is sent: tests deliver them). */
  pay(outTradeNo: string, at = new Date()) {
    const o = this.orders.get(outTradeNo);
    if (!o) throw new Error(`fake: no order ${outTradeNo}`);
    o.tradeState = 'SUCCESS';
    o.transactionId = `42000${randomBytes(8).toString('hex')}`;
    o.successTime = at.toISOString();
    return o;
  },
  setRefundStatus(outRefundNo: string, status: RefundStatus) {
    this.refunds.get(outRefundNo)!.status = status;
  },
};

function sign(timestamp: string, nonce: string, body: string) {
  return createHash('sha256').update(`${SECRET}\n${timestamp}\n${nonce}\n${body}\n`).digest('base64');
}

export function paymentResource(o: FakeOrder, over: Record<string, unknown> = {}) {
  return {
    appid: FAKE_APPID,
    mchid: FAKE_MCHID,
    out_trade_no: o.outTradeNo,
    transaction_id: o.transactionId,
    trade_state: o.tradeState,
    success_time: o.successTime,
    amount: { total: o.amountFen, payer_total: o.amountFen, currency: 'CNY' },
    payer: { openid: o.payerOpenid },
    ...over,
  };
}

/** A notification as the fake "WeChat" signs it (`forge` signs with the wrong secret). */
export function fakeNotification(eventType: string, resource: Record<string, unknown>, o: { nonce?: string; forge?: boolean } = {}) {
  const body = JSON.stringify({ id: randomBytes(8).toString('hex'), event_type: eventType, resource_type: 'encrypt-resource', resource: { plain: resource } });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = o.nonce ?? randomBytes(16).toString('hex');
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'wechatpay-timestamp': timestamp,
      'wechatpay-nonce': nonce,
      'wechatpay-serial': 'PUB_KEY_ID_FAKE',
      'wechatpay-signature': o.forge ? sign(timestamp, nonce, `${body} `) : sign(timestamp, nonce, body),
    },
  };
}

const h = (headers: Record<string, string | undefined>, name: string) => Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];

function paymentFacts(r: Record<string, any>) {
  return {
    appid: String(r.appid),
    mchid: String(r.mchid),
    outTradeNo: String(r.out_trade_no),
    transactionId: r.transaction_id ?? null,
    tradeState: r.trade_state as TradeState,
    totalFen: Number(r.amount?.total),
    payerOpenid: r.payer?.openid ?? null,
    successTime: r.success_time ?? null,
  };
}
const refundFacts = (r: FakeRefund) => ({ mchid: FAKE_MCHID, outTradeNo: r.outTradeNo, outRefundNo: r.outRefundNo, refundId: r.refundId, status: r.status, refundFen: r.refundFen, totalFen: r.totalFen });

/** The adapter's functions (same names and shapes as functions/adapters/wechatpay/index.ts). */
export const adapter = {
  /** The boundary's cache resets (support.ts calls them): nothing cached here. */
  resetPayClientCache() {},
  resetPaySecretsCache() {},
  async createJsapiOrder(o: { outTradeNo: string; description: string; amountFen: number; payerOpenid: string; timeExpire: string }) {
    fake.calls.push(`jsapi ${o.outTradeNo}`);
    const existing = fake.orders.get(o.outTradeNo);
    if (existing) return { prepayId: existing.prepayId };
    const prepayId = `wx${randomBytes(10).toString('hex')}`;
    fake.orders.set(o.outTradeNo, { ...o, prepayId, tradeState: 'NOTPAY', transactionId: null, successTime: null });
    return { prepayId };
  },
  async payParamsFor(prepayId: string) {
    return { timeStamp: String(Math.floor(Date.now() / 1000)), nonceStr: randomBytes(8).toString('hex'), package: `prepay_id=${prepayId}`, signType: 'RSA' as const, paySign: 'fake-sign' };
  },
  async queryOrder(outTradeNo: string) {
    fake.calls.push(`query ${outTradeNo}`);
    const o = fake.orders.get(outTradeNo);
    if (!o) throw Object.assign(new Error('ORDER_NOT_EXIST'), { code: 'pay_unavailable' });
    return paymentFacts(paymentResource(o));
  },
  async closeOrder(outTradeNo: string) {
    fake.calls.push(`close ${outTradeNo}`);
    const o = fake.orders.get(outTradeNo);
    if (o && o.tradeState !== 'SUCCESS') o.tradeState = 'CLOSED';
  },
  async createRefund(r: { outTradeNo: string; outRefundNo: string; reason: string; refundFen: number; totalFen: number }) {
    fake.calls.push(`refund ${r.outRefundNo}`);
    if (fake.failRefunds > 0) {
      fake.failRefunds--;
      throw new Error('fake: WeChat Pay unavailable');
    }
    let x = fake.refunds.get(r.outRefundNo);
    if (!x) {
      x = { outTradeNo: r.outTradeNo, outRefundNo: r.outRefundNo, refundId: `50000${randomBytes(6).toString('hex')}`, refundFen: r.refundFen, totalFen: r.totalFen, status: 'PROCESSING' };
      fake.refunds.set(r.outRefundNo, x);
    }
    return refundFacts(x);
  },
  async queryRefund(outRefundNo: string) {
    fake.calls.push(`queryRefund ${outRefundNo}`);
    return refundFacts(fake.refunds.get(outRefundNo)!);
  },
  async openNotification(headers: Record<string, string | undefined>, rawBody: string, _now: Date) {
    const ts = h(headers, 'wechatpay-timestamp');
    const nonce = h(headers, 'wechatpay-nonce');
    const sig = h(headers, 'wechatpay-signature');
    if (!ts || !nonce || !sig || !h(headers, 'wechatpay-serial')) return { ok: false as const, status: 401 as const, reason: 'missing Wechatpay-* headers' };
    if (sig !== sign(ts, nonce, rawBody)) return { ok: false as const, status: 401 as const, reason: 'bad signature' };
    let body: any;
    try {
      body = JSON.parse(rawBody);
    } catch {
      return { ok: false as const, status: 400 as const, reason: 'unreadable body' };
    }
    const r = body.resource?.plain ?? {};
    const eventType = String(body.event_type);
    if (eventType.startsWith('REFUND.')) {
      return {
        ok: true as const,
        nonce,
        eventType,
        payment: null,
        refund: { mchid: String(r.mchid), outTradeNo: String(r.out_trade_no), outRefundNo: String(r.out_refund_no), refundId: String(r.refund_id), status: r.refund_status as RefundStatus, refundFen: Number(r.amount?.refund), totalFen: Number(r.amount?.total) },
      };
    }
    return { ok: true as const, nonce, eventType, payment: paymentFacts(r), refund: null };
  },
};

export function refundResource(r: FakeRefund, status: RefundStatus) {
  return { mchid: FAKE_MCHID, out_trade_no: r.outTradeNo, out_refund_no: r.outRefundNo, refund_id: r.refundId, refund_status: status, amount: { refund: r.refundFen, total: r.totalFen } };
}
