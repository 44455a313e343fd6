/**
 * `npm run bench -- pay-notify` (issue 17): handling a genuine WeChat Pay notification through the
 * payNotify Lambda handler (verify the RSA signature over the raw body, decrypt AES-256-GCM, take the
 * nonce, read the order, check the facts, one transaction marking it paid with the kind's writes, the
 * shipping upload to the WeChat stand-in) against its bare cost in the same run: the same verify +
 * decrypt and the one transaction that cannot be avoided (order created→paid + the kind's write).
 * Then 1,000 notifications of 1,000 orders at concurrency 32: every order credited exactly once.
 * Keys are generated here (as infra/local does); notifications are built as WeChat Pay builds them.
 */
import { createCipheriv, createDecipheriv, createSign, createVerify, generateKeyPairSync, randomBytes } from 'node:crypto';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { db } from '../../functions/adapters/dynamo/client';
import { keys } from '../../functions/adapters/dynamo/keys';
import { createPayOrder, getPayOrder, type PayOrderRecord } from '../../functions/adapters/dynamo/pay-repo';
import type { TxPart } from '../../functions/adapters/dynamo/tx';
import { registerPaymentKind } from '../../functions/pay/collaboration';
import { notify } from '../../functions/pay/http';
import { buildHttpEvent } from '../../infra/local/api-gateway';
import { startWeChatStandIn } from '../../infra/wechat-standin/server';
import { alternate, benchWorld, timed } from './harness';

const MCHID = '1900000109';
const APPID = 'bench';
const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PLATFORM_PRIVATE = platform.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const PLATFORM_PUBLIC = platform.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const API_V3_KEY = randomBytes(16).toString('hex');
const PUB_KEY_ID = `PUB_KEY_ID_${randomBytes(16).toString('hex').toUpperCase()}`;

const counterKey = (memberId: string) => ({ PK: `BENCHKIND#${memberId}`, SK: 'SUM' });
const creditPart = (memberId: string, fen: number): TxPart => ({
  apply(tx) {
    tx.update('bench-credit', counterKey(memberId), { set: 'ADD credited :f, credits :one', values: { ':f': fen, ':one': 1 } });
  },
});

let seq = 0;
async function newOrder(amountFen = 10_000): Promise<PayOrderRecord> {
  const n = ++seq;
  const now = new Date();
  const o: PayOrderRecord = {
    outTradeNo: `HYBENCH${Date.now().toString(36).toUpperCase()}${String(n).padStart(7, '0')}`.slice(0, 32),
    kind: 'recharge',
    memberId: `m_bench${String(n).padStart(8, '0')}`,
    openid: `o-bench-${n}`,
    amountFen,
    item: { id: 'PKG', name: '储值 100 元', detail: {} },
    state: 'created',
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + 15 * 60_000).toISOString(),
    paidAt: null,
    transactionId: null,
    refundedFen: 0,
    refundCount: 0,
    description: '储值 ¥100',
    requestId: `bench-${n}`,
    prepayId: `wx${n}`,
    closedAt: null,
    shippingUploadedAt: null,
    shippingError: null,
    rev: 1,
  };
  const out = await createPayOrder(o);
  if (!out.ok) throw new Error('fixture order not created');
  return o;
}

/** A TRANSACTION.SUCCESS notification as WeChat Pay sends it for `o` (headers + raw body). */
function notification(o: PayOrderRecord) {
  const resource = {
    appid: APPID,
    mchid: MCHID,
    out_trade_no: o.outTradeNo,
    transaction_id: `4200${randomBytes(10).toString('hex')}`,
    trade_type: 'JSAPI',
    trade_state: 'SUCCESS',
    trade_state_desc: '支付成功',
    bank_type: 'OTHERS',
    success_time: new Date(Date.now() + 8 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, '+08:00'),
    payer: { openid: o.openid },
    amount: { total: o.amountFen, payer_total: o.amountFen, currency: 'CNY', payer_currency: 'CNY' },
  };
  const iv = randomBytes(6).toString('hex');
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(API_V3_KEY, 'utf8'), Buffer.from(iv, 'utf8'));
  cipher.setAAD(Buffer.from('transaction', 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(resource), 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
  const body = JSON.stringify({
    id: randomBytes(16).toString('hex'),
    create_time: resource.success_time,
    resource_type: 'encrypt-resource',
    event_type: 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource: { original_type: 'transaction', algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data: 'transaction', nonce: iv },
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(16).toString('hex');
  const signature = createSign('RSA-SHA256').update(`${timestamp}\n${nonce}\n${body}\n`).sign(PLATFORM_PRIVATE, 'base64');
  return { body, headers: { 'content-type': 'application/json', 'wechatpay-timestamp': timestamp, 'wechatpay-nonce': nonce, 'wechatpay-signature': signature, 'wechatpay-serial': PUB_KEY_ID } };
}

async function deliver(n: ReturnType<typeof notification>): Promise<number> {
  const event = buildHttpEvent({ method: 'POST', path: '/pay/wechat/notify', headers: n.headers, body: n.body });
  const r = (await notify(event)) as APIGatewayProxyStructuredResultV2;
  return r.statusCode ?? 0;
}

/** The bare cost: verify + decrypt as the adapter must, then the one transaction that credits. */
async function bareCredit(o: PayOrderRecord, n: ReturnType<typeof notification>) {
  const h = n.headers;
  const ok = createVerify('RSA-SHA256').update(`${h['wechatpay-timestamp']}\n${h['wechatpay-nonce']}\n${n.body}\n`).verify(PLATFORM_PUBLIC, h['wechatpay-signature'], 'base64');
  if (!ok) throw new Error('bare: signature');
  const res = (JSON.parse(n.body) as { resource: { ciphertext: string; nonce: string; associated_data: string } }).resource;
  const all = Buffer.from(res.ciphertext, 'base64');
  const d = createDecipheriv('aes-256-gcm', Buffer.from(API_V3_KEY, 'utf8'), Buffer.from(res.nonce, 'utf8'));
  d.setAAD(Buffer.from(res.associated_data, 'utf8'));
  d.setAuthTag(all.subarray(all.length - 16));
  const facts = JSON.parse(Buffer.concat([d.update(all.subarray(0, all.length - 16)), d.final()]).toString('utf8')) as { amount: { total: number }; transaction_id: string };
  const { client, table } = db();
  await client.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: table,
            Key: keys.payOrder(o.outTradeNo),
            UpdateExpression: 'SET #s = :paid, transactionId = :t',
            ConditionExpression: '#s = :created',
            ExpressionAttributeNames: { '#s': 'state' },
            ExpressionAttributeValues: { ':paid': 'paid', ':created': 'created', ':t': facts.transaction_id },
          },
        },
        { Update: { TableName: table, Key: counterKey(o.memberId), UpdateExpression: 'ADD credited :f, credits :one', ExpressionAttributeValues: { ':f': facts.amount.total, ':one': 1 } } },
      ],
    }),
  );
}

export async function main() {
  const { dynamo } = await benchWorld();
  const standIn = await startWeChatStandIn({ port: 0, appid: APPID, secret: 'bench' });
  Object.assign(process.env, {
    WECHAT_APPID: APPID,
    WECHAT_API_BASE: standIn.url,
    WECHATPAY_MCHID: MCHID,
    WECHATPAY_API_BASE: standIn.url,
    WECHATPAY_NOTIFY_URL: 'https://example.invalid/pay/wechat/notify',
    WECHATPAY_MERCHANT_KEY: merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    WECHATPAY_MERCHANT_SERIAL: randomBytes(20).toString('hex').toUpperCase(),
    WECHATPAY_APIV3_KEY: API_V3_KEY,
    WECHATPAY_PUBLIC_KEY: PLATFORM_PUBLIC,
    WECHATPAY_PUBLIC_KEY_ID: PUB_KEY_ID,
  });
  registerPaymentKind('recharge', { credit: async (o) => [creditPart(o.memberId, o.amountFen)], refundFailed: async () => [] });
  try {
    const paired = await alternate(
      'pay-notify',
      'notification handled (204)',
      async () => {
        const o = await newOrder();
        const n = notification(o);
        let status = 0;
        const ms = await timed(async () => {
          status = await deliver(n);
        });
        if (status !== 204) throw new Error(`notification answered ${status}`);
        return ms;
      },
      async () => {
        const o = await newOrder();
        const n = notification(o);
        return timed(() => bareCredit(o, n));
      },
      { n: 150, warmup: 20 },
    );

    // 1,000 notifications of 1,000 orders at concurrency 32.
    const orders: PayOrderRecord[] = [];
    for (let i = 0; i < 1000; i += 50) orders.push(...(await Promise.all(Array.from({ length: 50 }, () => newOrder(100 + (i % 7))))));
    const built = orders.map((o) => ({ o, n: notification(o) }));
    let next = 0;
    const statuses: number[] = [];
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < built.length) {
          const b = built[next++]!;
          statuses.push(await deliver(b.n));
        }
      }),
    );
    const seconds = (Date.now() - t0) / 1000;
    const { client, table } = db();
    let credited = 0;
    let creditedTwice = 0;
    for (const { o } of built) {
      const [order, sum] = await Promise.all([getPayOrder(o.outTradeNo), client.send(new GetCommand({ TableName: table, Key: counterKey(o.memberId) }))]);
      const c = Number(sum.Item?.credits ?? 0);
      if (order?.state === 'paid' && c === 1 && Number(sum.Item?.credited) === o.amountFen) credited++;
      if (c > 1) creditedTwice++;
    }
    const figures = {
      ...paired,
      notifications: built.length,
      concurrency: 32,
      answered204: statuses.filter((s) => s === 204).length,
      credited,
      creditedTwice,
      perSec: Number((built.length / seconds).toFixed(1)),
    };
    console.log(`1,000 notifications at concurrency 32: ${figures.answered204} answered 204, ${credited} credited once, ${creditedTwice} twice, ${figures.perSec}/s`);
    return figures;
  } finally {
    await standIn.close();
    await dynamo.stop();
  }
}
