/**
 * `npm run bench -- segments`: a segment's live count (POST /admin/segments/preview through the
 * handler: token, zod, the 16 member-index shards queried in parallel, the pure `matches`, a sample
 * of 20) over 20,000 profiles carrying member facts, against the bare calls it cannot avoid (the same
 * 16 parallel Queries with the same projection, reading every profile, matching nothing). A filter on
 * points also reads the points accounts of the members passing the other criteria. Each count is
 * checked against a brute-force count of the seeded members (the same pure `matches`, in memory).
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { db } from '../../functions/adapters/dynamo/client';
import { keys, MEMBER_SHARDS } from '../../functions/adapters/dynamo/keys';
import { profileAttrs } from '../../functions/adapters/dynamo/member-repo';
import { setClock } from '../../functions/lib/clock';
import { signSession } from '../../functions/lib/session';
import { newMemberRecord } from '../../functions/core';
import { handler } from '../../functions/segments/http';
import { membersMatching } from '../../functions/segments/query';
import { buildHttpEvent } from '../../infra/local/api-gateway';
import { addDays, monthOf } from '../../shared/domain';
import { matches, type MemberFacts, type SegmentFilterShape } from '../../shared/domain/rfm';
import { benchWorld, percentile, timed } from './harness';
import { batchWriteAll } from '../table';

const MEMBERS = Number(process.env.BENCH_MEMBERS || 20_000);
const ROUNDS = 5;
const NOW = new Date('2026-11-23T02:00:00.000Z');
const TODAY = '2026-11-23';
const TAGS = ['蕾丝', '高消费', '真丝', '常客', '敏感肌'];

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = prng(20261123);
const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));

function seed(i: number): { items: Record<string, unknown>[]; facts: MemberFacts } {
  const memberId = `m_seg${String(i).padStart(8, '0')}`;
  const registeredOn = addDays(TODAY, -int(0, 900));
  const rec = newMemberRecord({ memberId, phone: `136${String(i).padStart(8, '0')}`, openid: `o-seg-${i}`, name: null, entryTierCode: ['MEMBER', 'MEMBER', 'MEMBER', 'SILVER', 'GOLD'][int(0, 4)]!, at: `${registeredOn}T02:00:00.000Z`, source: 'bench' });
  const orders = Array.from({ length: [0, 0, 1, 1, 2, 3, 5][int(0, 6)]! }, () => ({ day: addDays(TODAY, -int(0, 500)), fen: int(1_000, 60_000), store: `S00${int(1, 3)}` })).sort((a, b) => (a.day < b.day ? -1 : 1));
  const months: Record<string, { orders: number; spendFen: number }> = {};
  for (const o of orders) {
    const b = (months[monthOf(o.day)] ??= { orders: 0, spendFen: 0 });
    b.orders++;
    b.spendFen += o.fen;
  }
  const tags = TAGS.filter(() => rnd() < 0.2);
  const birthday = rnd() < 0.7 ? `1990-${String(int(1, 12)).padStart(2, '0')}-15` : null;
  const last = orders[orders.length - 1];
  const points = int(0, 5_000);
  const facts: MemberFacts = {
    memberId,
    tierCode: rec.tier.tierCode,
    tags,
    birthday,
    registeredAt: rec.createdAt,
    registrationStoreId: null,
    lastStoreId: last?.store ?? null,
    firstPurchaseAt: orders[0] ? `${orders[0].day}T03:00:00.000Z` : null,
    lastPurchaseAt: last ? `${last.day}T03:00:00.000Z` : null,
    months,
    pointsBalance: points,
  };
  const profile = {
    ...keys.profile(memberId),
    ...profileAttrs({ ...rec, birthday }),
    ...(tags.length ? { memberTags: tags } : {}),
    ...(last ? { factMonths: months, firstPurchaseAt: facts.firstPurchaseAt, lastPurchaseAt: facts.lastPurchaseAt, lastStoreId: last.store } : {}),
  };
  const account = { ...keys.points(memberId), memberId, balance: points, buckets: [], debt: 0, rev: 1, earnedTotal: points };
  return { items: [profile, account], facts };
}

/** The bare calls: the 16 shards of GSI2 queried in parallel with the same projection, every page read. */
async function bareRead(): Promise<number> {
  const { client, table } = db();
  const counts = await Promise.all(
    Array.from({ length: MEMBER_SHARDS }, async (_, shard) => {
      let n = 0;
      let start: Record<string, unknown> | undefined;
      do {
        const res = await client.send(
          new QueryCommand({
            TableName: table,
            IndexName: 'GSI2',
            KeyConditionExpression: 'GSI2PK = :pk',
            ExpressionAttributeValues: { ':pk': `MEMBERS#${shard}` },
            ProjectionExpression: 'memberId, phone, #name, tierCode, memberTags, birthday, createdAt, registrationStoreId, lastStoreId, firstPurchaseAt, lastPurchaseAt, factMonths, familyRole, familyPrimaryId',
            ExpressionAttributeNames: { '#name': 'name' },
            ExclusiveStartKey: start,
          }),
        );
        n += res.Items?.length ?? 0;
        start = res.LastEvaluatedKey;
      } while (start);
      return n;
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}

export async function main() {
  const world = await benchWorld();
  try {
    setClock({ now: () => NOW });
    const seeded = Array.from({ length: MEMBERS }, (_, i) => seed(i));
    const t0 = Date.now();
    await batchWriteAll(seeded.flatMap((s) => s.items));
    console.log(`seeded ${MEMBERS} profiles with facts and their points accounts in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const facts = seeded.map((s) => s.facts);
    // The session is checked against real time: sign it with the real clock.
    const { token } = await signSession({ openid: 'demo-admin', memberId: null, roles: ['admin'], storeId: null }, process.env.SESSION_SECRET!, 3600);

    const filters: { name: string; filter: SegmentFilterShape }[] = [
      { name: 'everyone', filter: {} },
      { name: 'gold/silver, dormant or lost, tag 蕾丝', filter: { tiers: ['GOLD', 'SILVER'], lifecycle: ['dormant', 'lost'], tagsAny: ['蕾丝'] } },
      { name: 'R>=4, F>=2, birthday in December', filter: { rScores: [4, 5], fScores: [2, 3], birthdayMonth: 12 } },
      { name: 'active with 1,000-3,000 points', filter: { lifecycle: ['active'], pointsMin: 1_000, pointsMax: 3_000 } },
    ];
    const preview = async (filter: SegmentFilterShape) => {
      const event = buildHttpEvent({ method: 'POST', path: '/admin/segments/preview', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify({ filter }) });
      const res = (await handler(event)) as APIGatewayProxyStructuredResultV2;
      if (res.statusCode !== 200) throw new Error(`preview: ${res.statusCode} ${res.body}`);
      return JSON.parse(res.body!) as { count: number; itemsRead: number };
    };

    await bareRead();
    await preview({}); // warm both paths
    const out: Record<string, unknown>[] = [];
    const bareMs: number[] = [];
    for (const f of filters) {
      const expected = facts.filter((m) => matches(f.filter, m, TODAY)).length;
      const ms: number[] = [];
      let last = { count: -1, itemsRead: 0 };
      for (let r = 0; r < ROUNDS; r++) {
        ms.push(await timed(async () => (last = await preview(f.filter))));
        bareMs.push(await timed(async () => bareRead()));
      }
      // The demo brand's own imported member is in the table too: compare the bench's members only.
      const ids = (await membersMatching(f.filter, { today: TODAY })).memberIds;
      const ours = ids.filter((id) => id.startsWith('m_seg')).length;
      if (ours !== expected || last.count !== ids.length) throw new Error(`${f.name}: count ${last.count} (${ours} seeded), brute force ${expected}`);
      const p50 = percentile(ms, 50);
      console.log(`${f.name}: ${last.count} members (seeded ones = brute force ${expected}), p50 ${p50} ms, ${last.itemsRead} items read`);
      out.push({ name: f.name, count: last.count, bruteForce: expected, p50Ms: p50, itemsRead: last.itemsRead });
    }
    const bareP50 = percentile(bareMs, 50);
    const plain = out.filter((o) => !String(o.name).includes('points')).map((o) => o.p50Ms as number);
    const ratio = Number((percentile(plain, 50) / bareP50).toFixed(2));
    console.log(`bare: 16 parallel shard queries reading ${MEMBERS} profiles, p50 ${bareP50} ms; handler/bare ${ratio}`);
    return { members: MEMBERS, filters: out, bareP50Ms: bareP50, ratio };
  } finally {
    setClock(null);
    await world.dynamo.stop();
  }
}
