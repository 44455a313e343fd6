/**
 * `npm run bench -- scan`: a product-code scan through our handler (event, token, zod, the code's
 * HMAC verification, the cached batch and brand, the account read, the seven-item transaction) against
 * the bare DynamoDB calls a scan cannot avoid (the caller's call counter, issue 20's limit per caller; read
 * profile + points, one transaction writing the
 * used mark, points, ledger entry, daily-limit counter, the member's product and the batch's scan
 * shard, and the profile facts), alternated in one run so machine noise hits both alike. Each
 * sample is a fresh member and a fresh code (a scan is once per code; the daily limit is per member).
 */
import { randomUUID } from 'node:crypto';
import { BatchGetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../../functions/adapters/dynamo/client';
import { keys } from '../../functions/adapters/dynamo/keys';
import { createMember } from '../../functions/adapters/dynamo/member-repo';
import { signSession } from '../../functions/lib/session';
import { newMemberRecord } from '../../functions/core';
import { handler as productsHandler } from '../../functions/products/http';
import { codeMac, createProductBatch } from '../../functions/products/products';
import { buildHttpEvent } from '../../infra/local/api-gateway';
import { makeProductCode, verifyProductCode } from '../../shared/domain/product-codes';
import { alternate, benchWorld, timed } from './harness';

const N = Number(process.env.BENCH_N || 300);
const WARMUP = 30;

let seq = 0;
async function freshMember(): Promise<{ memberId: string; token: string }> {
  seq++;
  const memberId = `m_bench${String(seq).padStart(8, '0')}`;
  const now = new Date().toISOString();
  await createMember(newMemberRecord({ memberId, phone: `136${String(seq).padStart(8, '0')}`, openid: `o-bench-${seq}`, name: null, entryTierCode: 'MEMBER', at: now, source: 'bench' }));
  const { token } = await signSession({ openid: `o-bench-${seq}`, memberId, roles: ['member'], storeId: null }, process.env.SESSION_SECRET!, 3600);
  return { memberId, token };
}

export async function main() {
  const { dynamo } = await benchWorld();
  try {
    const { client, table } = db();
    const count = 2 * (N + WARMUP) + 10;
    const admin = { openid: 'bench-admin', memberId: null, roles: ['admin' as const], storeId: null };
    const batch = await createProductBatch(admin, {
      sku: 'SKU-BENCH',
      name: '基准测试商品',
      count,
      points: null,
      warrantyMonths: 12,
      validFrom: new Date(Date.now() - 86_400_000).toISOString(),
      validUntil: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const batchNo = Number(batch.id);
    const mac = codeMac();
    let serial = 0;
    const shards = Math.max(1, Math.min(16, Math.ceil(count / 1_000)));

    const ours = async () => {
      const { token } = await freshMember();
      const code = makeProductCode(mac, batchNo, serial++);
      const event = buildHttpEvent({ method: 'POST', path: '/members/me/scans', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify({ code }) });
      return timed(async () => {
        const r = await productsHandler(event);
        if (typeof r === 'string' || r.statusCode !== 200) throw new Error(`scan failed: ${JSON.stringify(r)}`);
      });
    };

    const bare = async () => {
      const { memberId } = await freshMember();
      const s = serial++;
      const at = new Date().toISOString();
      const day = at.slice(0, 10);
      const dayStart = Math.floor(Date.now() / 86_400_000) * 86_400;
      return timed(async () => {
        // The limit per caller: one conditional counter write before the scan (issue 20).
        await client.send(
          new UpdateCommand({
            TableName: table,
            Key: keys.quota('productScan', `m:${memberId}`, 86_400, dayStart),
            UpdateExpression: 'ADD n :one, #w :one',
            ConditionExpression: '(attribute_not_exists(n) OR n < :l) AND (attribute_not_exists(#w) OR #w < :m)',
            ExpressionAttributeNames: { '#w': `w60_${Math.floor(Date.now() / 60_000) * 60}` },
            ExpressionAttributeValues: { ':one': 1, ':l': 200, ':m': 20 },
          }),
        );
        await client.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: [keys.profile(memberId), keys.points(memberId)], ConsistentRead: true } } }));
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: table, Item: { ...keys.productCodeUsed(batchNo, s), memberId, at }, ConditionExpression: 'attribute_not_exists(PK)' } },
              { Update: { TableName: table, Key: keys.points(memberId), UpdateExpression: 'SET balance = :b, buckets = :k, rev = :one', ConditionExpression: 'attribute_not_exists(rev) OR rev = :z', ExpressionAttributeValues: { ':b': 10, ':k': [{ expiresOn: '2027-12-31', availableOn: day, points: 10 }], ':one': 1, ':z': 0 } } },
              { Put: { TableName: table, Item: { ...keys.ledger(memberId, at, randomUUID()), points: 10 } } },
              { Update: { TableName: table, Key: keys.limit(memberId, 'productScan', day), UpdateExpression: 'SET #c = if_not_exists(#c, :zero) + :one', ConditionExpression: 'attribute_not_exists(#c) OR #c < :max', ExpressionAttributeNames: { '#c': 'count' }, ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':max': 5 } } },
              { Put: { TableName: table, Item: { ...keys.memberProduct(memberId, at, batchNo, s), sku: 'SKU-BENCH', warrantyUntil: '2027-12-31' }, ConditionExpression: 'attribute_not_exists(PK)' } },
              { Update: { TableName: table, Key: keys.productBatchShard(batchNo, s % shards), UpdateExpression: 'SET scanned = scanned + :one', ConditionExpression: '#s = :active', ExpressionAttributeNames: { '#s': 'state' }, ExpressionAttributeValues: { ':one': 1, ':active': 'active' } } },
              // The member's facts on her profile (the scan counts in the month; segments and tag rules).
              { Update: { TableName: table, Key: keys.profile(memberId), UpdateExpression: 'SET qrev = :one, factMonths = :f', ConditionExpression: 'qrev = :z', ExpressionAttributeValues: { ':one': 1, ':z': 0, ':f': { [day.slice(0, 7)]: { orders: 0, spendFen: 0, scans: 1 } } } } },
            ],
          }),
        );
      });
    };

    const paired = await alternate('scan', 'scan (handler + use case)', ours, bare, { n: N, warmup: WARMUP });
    // The pure part alone: verifying a code (HMAC-SHA256) costs microseconds.
    const verifyStart = process.hrtime.bigint();
    for (let i = 0; i < 10_000; i++) verifyProductCode(mac, makeProductCode(mac, batchNo, i));
    const verifyUs = Number(process.hrtime.bigint() - verifyStart) / 1e3 / 10_000;

    const figures = { ...paired, makeAndVerifyUs: Number(verifyUs.toFixed(1)) };
    console.log(`make + verify one code      ${figures.makeAndVerifyUs} µs`);
    return figures;
  } finally {
    await dynamo.stop();
  }
}
