/**
 * `npm run bench -- coupon-claims`: claims on one template at concurrency 32 (a flash campaign):
 * how many claims per second the sharded stock sustains through the claim use case, and that exactly
 * the stock is issued (never more), against the bare transactions a claim cannot avoid on a second
 * template of the same stock and shards. The two are alternated in slices of the attempts (after a
 * warm-up of both), so the machine's noise and DynamoDB Local's warming hit both alike.
 * JSON last line: issued, stock, oursPerSec, barePerSec, ratio (bare claims/s over ours).
 */
import { randomInt } from 'node:crypto';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { claimFromCentre, createCouponTemplate, templateView } from '../../functions/coupons/coupons';
import { db } from '../../functions/adapters/dynamo/client';
import { keys } from '../../functions/adapters/dynamo/keys';
import { shardsFor } from '../../functions/adapters/dynamo/coupon-repo';
import type { CouponTemplateInput } from '../../shared/contract';
import { benchWorld } from './harness';

const STOCK = Number(process.env.BENCH_STOCK || 2000);
const ATTEMPTS = Number(process.env.BENCH_ATTEMPTS || 3000);
const SLICES = Number(process.env.BENCH_SLICES || 10);
const WARMUP = Number(process.env.BENCH_WARMUP || 300);
const CONCURRENCY = 32;

const admin = { openid: 'bench-admin', memberId: null, roles: ['admin' as const], storeId: null };
const flash = (stock: number, name: string): CouponTemplateInput => ({
  name,
  description: '',
  kind: 'amountOff',
  amountOffFen: 1_000,
  scope: { kind: 'all' },
  stores: null,
  stackable: true,
  validity: { kind: 'afterIssue', days: 30 },
  stock,
  perMemberLimit: 1,
  claimable: true,
});

/** Attempts [from, to) by CONCURRENCY claimers; answers the seconds taken. */
async function slice(from: number, to: number, claimOne: (i: number) => Promise<void>): Promise<number> {
  let next = from;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < to) await claimOne(next++);
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** Our claims: the coupon centre's use case (the member behind the session, the centre check, issuing). */
function ours(templateId: string, tag: string) {
  const tally = { issued: 0, soldOut: 0, other: 0, serverErrors: 0 };
  const claimOne = async (i: number) => {
    const memberId = `m_${tag}${String(i).padStart(8, '0')}`;
    // A server error (DynamoDB Local on a loaded machine: "timed out waiting for a lock") is retried
    // with the same request id, as the mini-program would; the bare side retries every error too.
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await claimFromCentre({ openid: `o_${tag}${i}`, memberId, roles: ['member'], storeId: null }, templateId, `req-${i}-${tag}`);
        tally.issued++;
        return;
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code === 'sold_out') {
          tally.soldOut++;
          return;
        }
        if (code === undefined && attempt < 4) {
          tally.serverErrors++;
          continue;
        }
        tally.other++;
        console.error(e);
        return;
      }
    }
  };
  return { tally, claimOne };
}

/**
 * The bare writes a claim cannot avoid: one transaction of the five items (a stock shard with stock
 * left, the member's claim counter, the coupon, its code, the request's once-only key), same
 * concurrency, same shards, no reads, no retries beyond drawing another shard when one runs dry
 * (dry shards shared by all claimers).
 */
function bare(templateId: string, shards: number, tag: string) {
  const { client, table } = db();
  const empty = new Set<number>();
  const tally = { issued: 0, soldOut: 0 };
  const claimOne = async (i: number) => {
    const memberId = `m_${tag}${String(i).padStart(8, '0')}`;
    for (let round = 0; round < 40; round++) {
      const open = Array.from({ length: shards }, (_, k) => k).filter((k) => !empty.has(k));
      if (open.length === 0) break;
      const shard = open[randomInt(open.length)]!;
      const code = `99${tag.length}${String(i).padStart(13, '0')}`;
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              { Update: { TableName: table, Key: keys.couponShard(templateId, shard), UpdateExpression: 'SET issued = issued + :one, remaining = remaining - :one', ConditionExpression: 'remaining > :zero', ExpressionAttributeValues: { ':one': 1, ':zero': 0 } } },
              { Update: { TableName: table, Key: keys.memberClaims(memberId, templateId), UpdateExpression: 'SET #c = if_not_exists(#c, :zero) + :one', ConditionExpression: 'attribute_not_exists(#c) OR #c < :max', ExpressionAttributeNames: { '#c': 'count' }, ExpressionAttributeValues: { ':one': 1, ':zero': 0, ':max': 1 } } },
              { Put: { TableName: table, Item: { ...keys.memberCoupon(memberId, `c_${tag}${i}`), templateId, code }, ConditionExpression: 'attribute_not_exists(PK)' } },
              { Put: { TableName: table, Item: { ...keys.couponCode(code), memberId }, ConditionExpression: 'attribute_not_exists(PK)' } },
              { Put: { TableName: table, Item: { ...keys.source(memberId, `coupon#${templateId}#${tag}-${i}`) }, ConditionExpression: 'attribute_not_exists(PK)' } },
            ],
          }),
        );
        tally.issued++;
        return;
      } catch (e) {
        const reasons = (e as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
        if (reasons?.[0]?.Code === 'ConditionalCheckFailed') empty.add(shard);
      }
    }
    tally.soldOut++;
  };
  return { tally, claimOne };
}

export async function main() {
  const { dynamo } = await benchWorld();
  try {
    // Warm-up of both sides (DynamoDB Local's JIT, our module caches) on templates of their own.
    const warmOurs = await createCouponTemplate(admin, flash(Math.ceil(WARMUP * 0.7), '预热券'));
    const warmBare = await createCouponTemplate(admin, flash(Math.ceil(WARMUP * 0.7), '预热券（基准）'));
    await slice(0, WARMUP, ours(warmOurs.id, 'wo').claimOne);
    await slice(0, WARMUP, bare(warmBare.id, shardsFor(warmBare.definition.stock), 'wb').claimOne);

    const t = await createCouponTemplate(admin, flash(STOCK, '闪购券'));
    const b = await createCouponTemplate(admin, flash(STOCK, '闪购券（基准）'));
    const o = ours(t.id, 'bench');
    const x = bare(b.id, shardsFor(STOCK), 'bare');
    let oursSeconds = 0;
    let bareSeconds = 0;
    for (let s = 0; s < SLICES; s++) {
      const from = Math.floor((ATTEMPTS * s) / SLICES);
      const to = Math.floor((ATTEMPTS * (s + 1)) / SLICES);
      // Who goes first alternates too.
      if (s % 2 === 0) {
        oursSeconds += await slice(from, to, o.claimOne);
        bareSeconds += await slice(from, to, x.claimOne);
      } else {
        bareSeconds += await slice(from, to, x.claimOne);
        oursSeconds += await slice(from, to, o.claimOne);
      }
    }
    const after = await templateView(t.id);
    if (o.tally.issued !== STOCK || after?.issued !== STOCK || after.remaining !== 0 || o.tally.other > 0) {
      throw new Error(`expected exactly ${STOCK} issued; got ${o.tally.issued} (template says ${after?.issued}, remaining ${after?.remaining}), ${o.tally.other} other failures`);
    }
    if (x.tally.issued !== STOCK) throw new Error(`bare baseline issued ${x.tally.issued}, expected ${STOCK}`);
    const oursPerSec = Math.round(o.tally.issued / oursSeconds);
    const barePerSec = Math.round(x.tally.issued / bareSeconds);
    const figures = {
      bench: 'coupon-claims',
      concurrency: CONCURRENCY,
      attempts: ATTEMPTS,
      slices: SLICES,
      stock: STOCK,
      issued: o.tally.issued,
      templateIssued: after.issued,
      soldOut: o.tally.soldOut,
      /** Server errors of DynamoDB Local retried with the same request id (0 on a quiet machine). */
      serverErrorsRetried: o.tally.serverErrors,
      oursSeconds: Number(oursSeconds.toFixed(2)),
      bareSeconds: Number(bareSeconds.toFixed(2)),
      /** Coupons issued per second (the whole flash, sold-out answers included in the time), ours and bare. */
      oursPerSec,
      barePerSec,
      /** Bare throughput over ours: how much our claim costs over the writes it cannot avoid. */
      ratio: Number((barePerSec / oursPerSec).toFixed(2)),
    };
    console.log(`${ATTEMPTS} claims at concurrency ${CONCURRENCY} on stock ${STOCK} (${SLICES} alternated slices): ${figures.issued} issued, ${figures.soldOut} sold out, ${oursPerSec} issued/s`);
    console.log(`bare transactions on the same shards: ${x.tally.issued} issued, ${barePerSec} issued/s; ratio ${figures.ratio}`);
    return figures;
  } finally {
    await dynamo.stop();
  }
}
