/**
 * The notification check of the WeChat Pay boundary (issue 17): only a notification signed with the
 * configured WeChat Pay public key, under its id, recent, over the raw body, whose resource decrypts
 * under the APIv3 key with its GCM tag intact, opens. Built with the stand-in's own code and keys.
 */
import { createVerify } from 'node:crypto';
import { openNotification, payParamsFor, resetPayClientCache, resetPaySecretsCache } from '../../functions/adapters/wechatpay';
import { decryptResource } from '../../functions/adapters/wechatpay/notify';
import { buildNotification, encryptResource, generateLocalPayKeys, payBackendEnv, type LocalPayKeys, type Tamper } from '../../infra/wechat-standin/pay';

let keys: LocalPayKeys;
const saved = { ...process.env };

beforeAll(async () => {
  keys = await generateLocalPayKeys();
  Object.assign(process.env, { WECHAT_APPID: 'wx-unit-appid' }, payBackendEnv(keys, { apiBase: 'http://127.0.0.1:1', notifyUrl: 'https://example.cn/pay/wechat/notify' }));
  delete process.env.WECHATPAY_SECRET_ID;
  resetPaySecretsCache();
  resetPayClientCache();
});

afterAll(() => {
  process.env = saved;
  resetPaySecretsCache();
  resetPayClientCache();
});

const transaction = (over: Record<string, unknown> = {}) => ({
  appid: 'wx-unit-appid',
  mchid: keys.mchid,
  out_trade_no: 'HY20261201183000abcdefghij',
  transaction_id: '4200000000202612011234567890',
  trade_type: 'JSAPI',
  trade_state: 'SUCCESS',
  trade_state_desc: '支付成功',
  bank_type: 'OTHERS',
  attach: '',
  success_time: '2026-12-01T18:30:05+08:00',
  payer: { openid: 'o-member-1' },
  amount: { total: 50000, payer_total: 50000, currency: 'CNY', payer_currency: 'CNY' },
  ...over,
});

function paid(tamper: Tamper | null = null, nowMs = Date.now()) {
  return buildNotification(keys, { eventType: 'TRANSACTION.SUCCESS', originalType: 'transaction', summary: '支付成功', resource: transaction() }, { tamper, nowMs });
}

describe('openNotification', () => {
  test('a genuine TRANSACTION.SUCCESS opens into the payment facts, with its nonce', async () => {
    const n = paid();
    const r = await openNotification(n.headers, n.body, new Date());
    expect(r).toEqual({
      ok: true,
      nonce: n.headers['Wechatpay-Nonce'],
      eventType: 'TRANSACTION.SUCCESS',
      refund: null,
      payment: {
        appid: 'wx-unit-appid',
        mchid: keys.mchid,
        outTradeNo: 'HY20261201183000abcdefghij',
        transactionId: '4200000000202612011234567890',
        tradeState: 'SUCCESS',
        totalFen: 50000,
        payerOpenid: 'o-member-1',
        successTime: '2026-12-01T18:30:05+08:00',
      },
    });
  });

  test('headers are found whatever their case (API Gateway lowercases them)', async () => {
    const n = paid();
    const lower = Object.fromEntries(Object.entries(n.headers).map(([k, v]) => [k.toLowerCase(), v]));
    expect((await openNotification(lower, n.body, new Date())).ok).toBe(true);
  });

  test('a genuine REFUND.SUCCESS / REFUND.ABNORMAL opens into the refund facts', async () => {
    for (const status of ['SUCCESS', 'ABNORMAL', 'CLOSED'] as const) {
      const n = buildNotification(keys, {
        eventType: `REFUND.${status}`,
        originalType: 'refund',
        summary: '退款',
        resource: {
          mchid: keys.mchid,
          out_trade_no: 'HY20261201183000abcdefghij',
          transaction_id: '4200000000202612011234567890',
          out_refund_no: 'RF-1',
          refund_id: '50000000382019052709732678859',
          refund_status: status,
          user_received_account: '支付用户零钱',
          amount: { total: 50000, refund: 12000, payer_total: 50000, payer_refund: 12000 },
        },
      });
      const r = await openNotification(n.headers, n.body, new Date());
      expect(r).toMatchObject({ ok: true, eventType: `REFUND.${status}`, payment: null, refund: { mchid: keys.mchid, outTradeNo: 'HY20261201183000abcdefghij', outRefundNo: 'RF-1', status, refundFen: 12000, totalFen: 50000 } });
    }
  });

  test.each([
    ['signature', 'bad signature'],
    ['keyId', 'unknown Wechatpay-Serial'],
    ['timestamp', 'Wechatpay-Timestamp too far from our clock'],
    ['ciphertext', 'resource does not decrypt (tag, ciphertext or key)'],
    ['tag', 'resource does not decrypt (tag, ciphertext or key)'],
  ] as const)('tampered %s is refused with 401', async (tamper, reason) => {
    const n = paid(tamper);
    expect(await openNotification(n.headers, n.body, new Date())).toEqual({ ok: false, status: 401, reason });
  });

  test('the tampered tag is one the library would have let through: its decipher_gcm never checks the tag', async () => {
    const n = paid('tag');
    const resource = (JSON.parse(n.body) as { resource: { ciphertext: string; associated_data: string; nonce: string } }).resource;
    // What wechatpay-node-v3 2.2.1 does: update() without final() decrypts a corrupted tag without complaint.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Pay = require('wechatpay-node-v3');
    const lib = Object.create(Pay.prototype) as { decipher_gcm(c: string, a: string, n: string, k: string): unknown };
    expect(lib.decipher_gcm(resource.ciphertext, resource.associated_data, resource.nonce, keys.apiV3Key)).toMatchObject({ out_trade_no: 'HY20261201183000abcdefghij' });
    // Ours refuses it.
    expect(decryptResource({ algorithm: 'AEAD_AES_256_GCM', ...resource }, keys.apiV3Key)).toBeNull();
  });

  test('a tampered amount is a genuine notification: it opens, and the caller compares it with the order', async () => {
    const n = paid('amount');
    const r = await openNotification(n.headers, n.body, new Date());
    expect(r).toMatchObject({ ok: true, payment: { totalFen: 50001 } });
  });

  test('the body re-serialised (same JSON, other bytes) no longer verifies', async () => {
    const n = paid();
    const reserialised = JSON.stringify(JSON.parse(n.body), null, 1);
    expect(await openNotification(n.headers, reserialised, new Date())).toEqual({ ok: false, status: 401, reason: 'bad signature' });
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(n.body) as object).reverse()));
    expect(await openNotification(n.headers, reordered, new Date())).toEqual({ ok: false, status: 401, reason: 'bad signature' });
  });

  test('missing headers, a clock 301 s away either way, a key pair other than the configured one are refused', async () => {
    const n = paid();
    for (const h of ['Wechatpay-Signature', 'Wechatpay-Timestamp', 'Wechatpay-Nonce', 'Wechatpay-Serial']) {
      const headers: Record<string, string | undefined> = { ...n.headers, [h]: undefined };
      expect(await openNotification(headers, n.body, new Date())).toEqual({ ok: false, status: 401, reason: 'missing Wechatpay-* headers' });
    }
    const ts = Number(n.headers['Wechatpay-Timestamp']) * 1000;
    expect((await openNotification(n.headers, n.body, new Date(ts + 300_000))).ok).toBe(true);
    expect((await openNotification(n.headers, n.body, new Date(ts + 301_000))).ok).toBe(false);
    expect((await openNotification(n.headers, n.body, new Date(ts - 301_000))).ok).toBe(false);

    // Same key id, another key pair (someone who knows our id but not WeChat's private key).
    const other = await generateLocalPayKeys();
    const forged = buildNotification({ ...other, publicKeyId: keys.publicKeyId, apiV3Key: keys.apiV3Key }, { eventType: 'TRANSACTION.SUCCESS', originalType: 'transaction', summary: '支付成功', resource: transaction() });
    expect(await openNotification(forged.headers, forged.body, new Date())).toEqual({ ok: false, status: 401, reason: 'bad signature' });
  });

  test('a resource encrypted under another APIv3 key, or with other associated data, does not decrypt', async () => {
    const other = await generateLocalPayKeys();
    const n = buildNotification({ ...keys, apiV3Key: other.apiV3Key }, { eventType: 'TRANSACTION.SUCCESS', originalType: 'transaction', summary: '支付成功', resource: transaction() });
    expect(await openNotification(n.headers, n.body, new Date())).toMatchObject({ ok: false, status: 401 });
    const enc = encryptResource(keys.apiV3Key, JSON.stringify(transaction()), 'transaction');
    expect(decryptResource({ algorithm: 'AEAD_AES_256_GCM', ...enc }, keys.apiV3Key)).not.toBeNull();
    expect(decryptResource({ algorithm: 'AEAD_AES_256_GCM', ...enc, associated_data: 'refund' }, keys.apiV3Key)).toBeNull();
  });

  test('a verified but malformed notification is 400; a verified unknown event type opens with no facts', async () => {
    const body = JSON.stringify({ id: 'x', event_type: 'TRANSACTION.SUCCESS' });
    const { wechatpayHeaders } = await import('../../infra/wechat-standin/pay');
    expect(await openNotification(wechatpayHeaders(keys, body), body, new Date())).toEqual({ ok: false, status: 400, reason: 'malformed notification' });
    const noAmount = buildNotification(keys, { eventType: 'TRANSACTION.SUCCESS', originalType: 'transaction', summary: '支付成功', resource: transaction({ amount: undefined }) });
    expect(await openNotification(noAmount.headers, noAmount.body, new Date())).toEqual({ ok: false, status: 400, reason: 'malformed transaction' });
    const other = buildNotification(keys, { eventType: 'MCHTRANSFER.BILL.FINISHED', originalType: 'transaction', summary: '', resource: { x: 1 } });
    expect(await openNotification(other.headers, other.body, new Date())).toMatchObject({ ok: true, payment: null, refund: null });
  });
});

describe('payParamsFor', () => {
  test('paySign is SHA256-RSA over appId, timeStamp, nonceStr, package with the merchant key', async () => {
    const p = await payParamsFor('wx20261201183000abcdef');
    expect(p).toMatchObject({ package: 'prepay_id=wx20261201183000abcdef', signType: 'RSA' });
    expect(p.timeStamp).toMatch(/^\d{10}$/);
    expect(p.nonceStr).toMatch(/^[0-9a-f]{32}$/);
    const signed = `wx-unit-appid\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`;
    expect(createVerify('RSA-SHA256').update(signed).verify(keys.merchantPublicKey, p.paySign, 'base64')).toBe(true);
    expect(createVerify('RSA-SHA256').update(signed.replace('wx-unit-appid', 'wx-other')).verify(keys.merchantPublicKey, p.paySign, 'base64')).toBe(false);
    const again = await payParamsFor('wx20261201183000abcdef');
    expect(again.nonceStr).not.toBe(p.nonceStr);
  });
});
