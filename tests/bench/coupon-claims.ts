/**
 * `npm run bench -- coupon-claims`: claims on one template at concurrency 32 (a flash campaign):
 * how many claims per second the sharded stock sustains, and that exactly the stock is issued.
 */
import { createCouponTemplate, issueCoupon, templateView } from '../../functions/coupons/coupons';
import { randomInt } from 'node:crypto';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../../functions/adapters/dynamo/client';
import { keys } from '../../functions/adapters/dynamo/keys';
import { shardsFor } from '../../functions/adapters/dynamo/coupon-repo';
import { benchWorld } from './harness';

/**
 * The bare calls a claim cannot avoid: one transaction of the five items (a stock shard with stock
 * left, the member's claim counter, the coupon, its code, the request guard), same concurrency, same
 * shards, no reads, no retries beyond drawing another shard when one runs dry.
 */
async function bareClaims(templateId: string, shards: number, attempts: number): Promise<{ issued: number; seconds: number }> {
  const { client, table } = db();
  const empty = new Set<number>();
  let next = 0;
  let issued = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < attempts) {
        const i = next++;
        const memberId = `m_bare${String(i).padStart(8, '0')}`;
        for (let round = 0; round < 40; round++) {
          const open = Array.from({ length: shards }, (_, k) => k).filter((k) => !empty.has(k));
          if (open.length === 0) break;
          const shard = open[randomInt(open.length)]!;
          const code = `99${String(i).padStart(14, '0')}`;
          try {
            await client.send(
              new TransactWriteCommand({
                TransactItems: [
                  { Update: { TableName: table, Key: keys.couponShard(templateId, shard), UpdateExpression: 'SET issued = issued + :one, remaining = remaining - :one', ConditionExpression: 'remaining > :zero', ExpressionAttributeValues: { ':one': 1, ':zero': 0 } } },
                  { Update: { TableName: table, Key: keys.memberClaims(memberId, templateId), UpdateExpression: 'SET #c = if_not_exists(#c, :zero) + :one', ConditionExpression: 'attribute_not_exists(#c) OR #c < :max', ExpressionAttributeNames: { '#c': 'count' }, ExpressionAttributeValues: { ':one': 1, ':zero': 0, ':max': 1 } } },
                  { Put: { TableName: table, Item: { ...keys.memberCoupon(memberId, `c_bare${i}`), templateId, code }, ConditionExpression: 'attribute_not_exists(PK)' } },
                  { Put: { TableName: table, Item: { ...keys.couponCode(code), memberId }, ConditionExpression: 'attribute_not_exists(PK)' } },
                  { Put: { TableName: table, Item: { ...keys.source(memberId, `coupon#${templateId}#bare-${i}`) }, ConditionExpression: 'attribute_not_exists(PK)' } },
                ],
              }),
            );
            issued++;
            break;
          } catch (e) {
            const reasons = (e as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
            if (reasons?.[0]?.Code === 'ConditionalCheckFailed') empty.add(shard);
          }
        }
      }
    }),
  );
  return { issued, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

const STOCK = Number(process.env.BENCH_STOCK || 2000);
const ATTEMPTS = Number(process.env.BENCH_ATTEMPTS || 3000);
const CONCURRENCY = 32;

export async function main() {
  const { dynamo } = await benchWorld();
  try {
    const t = await createCouponTemplate(
      { openid: 'bench-admin', memberId: null, roles: ['admin'], storeId: null },
      {
        name: '闪购券',
        description: '',
        kind: 'amountOff',
        amountOffFen: 1_000,
        scope: { kind: 'all' },
        stores: null,
        stackable: true,
        validity: { kind: 'afterIssue', days: 30 },
        stock: STOCK,
        perMemberLimit: 1,
        claimable: true,
      },
    );
    let next = 0;
    let issued = 0;
    let soldOut = 0;
    let other = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < ATTEMPTS) {
          const i = next++;
          const memberId = `m_bench${String(i).padStart(8, '0')}`;
          try {
            await issueCoupon(memberId, t.id, `req-${i}-bench`, 'centre');
            issued++;
          } catch (e) {
            if ((e as { code?: string }).code === 'sold_out') soldOut++;
            else {
              other++;
              console.error(e);
            }
          }
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const after = await templateView(t.id);
    if (issued !== STOCK || after?.issued !== STOCK || after.remaining !== 0 || other > 0) {
      throw new Error(`expected exactly ${STOCK} issued; got ${issued} (template says ${after?.issued}, remaining ${after?.remaining}), ${other} other failures`);
    }
    // The same flash on a second template of the same stock, with only the unavoidable writes.
    const bareTpl = await createCouponTemplate({ openid: 'bench-admin', memberId: null, roles: ['admin'], storeId: null }, { ...t.definition, name: '闪购券（基准）' });
    const bare = await bareClaims(bareTpl.id, shardsFor(STOCK), ATTEMPTS);
    if (bare.issued !== STOCK) throw new Error(`bare baseline issued ${bare.issued}, expected ${STOCK}`);
    const bareClaimsPerSec = Math.round(bare.issued / bare.seconds);
    const figures = {
      bench: 'coupon-claims',
      concurrency: CONCURRENCY,
      attempts: ATTEMPTS,
      stock: STOCK,
      issued,
      soldOut,
      seconds: Number(seconds.toFixed(2)),
      claimsPerSec: Math.round(issued / seconds),
      bareClaimsPerSec,
      /** Bare throughput over ours: how much our claim costs over the writes it cannot avoid. */
      ratio: Number((bareClaimsPerSec / Math.round(issued / seconds)).toFixed(2)),
    };
    console.log(`${ATTEMPTS} claims at concurrency ${CONCURRENCY} on stock ${STOCK}: ${issued} issued, ${soldOut} sold out, ${figures.claimsPerSec} issued/s`);
    console.log(`bare transactions on the same shards: ${bare.issued} issued, ${bareClaimsPerSec}/s; ratio ${figures.ratio}`);
    return figures;
  } finally {
    await dynamo.stop();
  }
}
