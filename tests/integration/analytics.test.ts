/**
 * Segments at scale (issue 18, item 7) against DynamoDB Local and the real local S3 (s3rver): the nightly
 * export writes member facts as Parquet with a manifest; the analytical path (DuckDB over the objects) gives
 * the same counts and member lists as the live path for every filter kind; changes reach it through the
 * stream's deltas (a replayed batch writes the same object); the export resumes from its checkpoints and
 * sweeps the superseded generation; large brands (manifest ≥ threshold) are answered by the analytical path.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../../functions/adapters/dynamo/client';
import { keys } from '../../functions/adapters/dynamo/keys';
import { profileAttrs } from '../../functions/adapters/dynamo/member-repo';
import type { StreamChange } from '../../functions/adapters/dynamo/stream';
import { listObjects } from '../../functions/adapters/s3/objects';
import { runFullExport } from '../../functions/analytics/export';
import { deltaName, noteChangedFacts } from '../../functions/analytics/incremental';
import { clearAnalyticsCache, layout, readManifest } from '../../functions/analytics/store';
import { newMemberRecord } from '../../functions/core';
import { handler as segmentsHandler } from '../../functions/segments/http';
import { membersMatching } from '../../functions/segments/query';
import { addDays, addMonths, localDate, monthOf } from '../../shared/domain';
import { drainStream } from '../../infra/local/streams';
import { batchWriteAll } from '../table';
import { actors } from './actors';
import { call, setupWorld } from './support';

let world: Awaited<ReturnType<typeof setupWorld>>;
const a = actors(() => world.standIn);
let admin: string;
const TODAY = localDate(new Date());
const N = 600;

interface Gen {
  memberId: string;
  tier: string;
  tags: string[];
  birthday: string | null;
  registeredOn: string;
  registrationStoreId: string | null;
  orders: { day: string; fen: number; store: string }[];
  points: number;
}
const TIERS = ['MEMBER', 'SILVER', 'GOLD'];
const TAGS = ['蕾丝', '高消费', "o'k", '常客'];
const STORES = ['S001', 'S002', 'S003'];

function generate(n: number, seed = 11): Gen[] {
  let s = seed;
  const rnd = () => ((s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  return Array.from({ length: n }, (_, i) => {
    const regAgo = Math.floor(rnd() * 800);
    const orders = Array.from({ length: pick([0, 0, 1, 1, 2, 3, 4, 6]) }, () => ({ day: addDays(TODAY, -Math.floor(rnd() * Math.min(regAgo + 1, 500))), fen: Math.floor(rnd() * 60_000), store: pick(STORES) })).sort(
      (x, y) => (x.day < y.day ? -1 : 1),
    );
    return {
      memberId: `m_an${String(i).padStart(6, '0')}`,
      tier: pick(TIERS),
      tags: TAGS.filter(() => rnd() < 0.3).sort(),
      birthday: rnd() < 0.7 ? `19${80 + Math.floor(rnd() * 20)}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-1${Math.floor(rnd() * 9)}` : null,
      registeredOn: addDays(TODAY, -regAgo),
      registrationStoreId: rnd() < 0.5 ? pick(STORES) : null,
      orders,
      points: Math.floor(rnd() * 3_000),
    };
  });
}

async function writeGenerated(gs: Gen[]) {
  await batchWriteAll(
    gs.flatMap((g) => {
      const rec = newMemberRecord({ memberId: g.memberId, phone: `137${String(10_000_000 + Number(g.memberId.slice(-6))).slice(-8)}`, openid: null, name: `会员${g.memberId.slice(-3)}`, entryTierCode: g.tier, at: `${g.registeredOn}T02:00:00.000Z`, source: 'import' });
      const months: Record<string, { orders: number; spendFen: number }> = {};
      for (const o of g.orders) {
        const b = (months[monthOf(o.day)] ??= { orders: 0, spendFen: 0 });
        b.orders++;
        b.spendFen += o.fen;
      }
      const last = g.orders[g.orders.length - 1];
      return [
        {
          ...keys.profile(g.memberId),
          ...profileAttrs({ ...rec, birthday: g.birthday }),
          ...(g.tags.length ? { memberTags: g.tags } : {}),
          ...(g.registrationStoreId ? { registrationStoreId: g.registrationStoreId } : {}),
          ...(last ? { factMonths: months, firstPurchaseAt: `${g.orders[0]!.day}T03:00:00.000Z`, lastPurchaseAt: `${last.day}T03:00:00.000Z`, lastStoreId: last.store } : {}),
          // Every 25th member holds a secondary card of the member before her: she sees her primary's points.
          ...(Number(g.memberId.slice(-6)) % 25 === 24 ? { familyRole: 'secondary', familyPrimaryId: `m_an${String(Number(g.memberId.slice(-6)) - 1).padStart(6, '0')}` } : {}),
        },
        { ...keys.points(g.memberId), memberId: g.memberId, balance: g.points, buckets: [], debt: 0, rev: 1, earnedTotal: g.points },
      ];
    }),
  );
}

const FILTERS: [string, Record<string, unknown>][] = [
  ['everyone', {}],
  ['tiers', { tiers: ['GOLD'] }],
  ['tagsAny', { tagsAny: ["o'k", '蕾丝'] }],
  ['tagsAll', { tagsAll: ['高消费', '常客'] }],
  ['R', { rScores: [0, 4, 5] }],
  ['F', { fScores: [2, 3] }],
  ['M', { mScores: [1, 3] }],
  ['lifecycle', { lifecycle: ['lost', 'dormant'] }],
  ['birthday month', { birthdayMonth: 6 }],
  ['stores', { storeIds: ['S003'] }],
  ['registered', { registeredFrom: addMonths(TODAY, -18), registeredTo: addMonths(TODAY, -2) }],
  ['last purchase', { lastPurchaseFrom: addMonths(TODAY, -9), lastPurchaseTo: addDays(TODAY, -5) }],
  ['points', { pointsMin: 800, pointsMax: 2_200 }],
  ['combined', { tiers: ['SILVER', 'GOLD'], lifecycle: ['active', 'silent', 'lost'], pointsMin: 100 }],
];

async function bothPathsAgree() {
  for (const [name, filter] of FILTERS) {
    const live = await membersMatching(filter, { today: TODAY, path: 'live' });
    const fast = await membersMatching(filter, { today: TODAY, path: 'analytics' });
    expect({ name, ids: fast.memberIds }).toEqual({ name, ids: live.memberIds });
    expect(fast.engine).toBe('analytics');
    expect(live.engine).toBe('live');
  }
}

beforeAll(async () => {
  world = await setupWorld({ stream: true });
  Object.assign(process.env, { ANALYTICS_ENGINE: 'duckdb', ANALYTICS_STARTED_CACHE_MS: '0', ANALYTICS_THRESHOLD: '1000000' });
  clearAnalyticsCache();
  admin = (await a.login('demo-admin')).token;
  await writeGenerated(generate(N));
  // No export has started: the consumer writes no deltas for the seed.
  await drainStream();
  expect(await listObjects('analytics/')).toEqual([]);
}, 120_000);
afterAll(async () => {
  delete process.env.ANALYTICS_THRESHOLD;
  await world.close();
});

const seg = (method: string, path: string, body?: unknown) => call(segmentsHandler, { method, path, token: admin, ...(body !== undefined ? { body } : {}) });

test('the nightly export writes parts and a manifest; both paths agree for every filter kind', async () => {
  const r = await runFullExport({ runId: 'run-1', pageSize: 100 });
  expect(r.done).toBe(true);
  const m = (await readManifest(true))!;
  const everyone = await membersMatching({}, { today: TODAY, path: 'live' });
  expect(m.rowCount).toBe(everyone.memberIds.length);
  expect(m.rowCount).toBeGreaterThanOrEqual(N);
  expect(m.files.members.length).toBeGreaterThanOrEqual(N / 100);
  expect(m.files.members.every((f) => f.key.startsWith('analytics/member_facts/full/run-1/'))).toBe(true);
  await bothPathsAgree();
  // A rerun of the same night finds its manifest and writes nothing.
  expect((await runFullExport({ runId: 'run-1' })).rowCount).toBe(m.rowCount);
}, 120_000);

test('a small brand keeps the live path; from the threshold the answers come from the analytical path', async () => {
  const filter = { tiers: ['GOLD'], lifecycle: ['lost', 'dormant', 'silent'] };
  const live = await seg('POST', '/admin/segments/preview', { filter });
  expect(live.status).toBe(200);
  expect(live.body).toMatchObject({ engine: 'live', asOf: null });
  process.env.ANALYTICS_THRESHOLD = String(N);
  clearAnalyticsCache();
  const fast = await seg('POST', '/admin/segments/preview', { filter });
  expect(fast.status).toBe(200);
  expect(fast.body.engine).toBe('analytics');
  expect(Date.parse(fast.body.asOf)).toBeGreaterThan(0);
  expect(fast.body.count).toBe(live.body.count);
  expect(fast.body.sample).toEqual(live.body.sample);
  expect(fast.body.itemsRead).toBeLessThanOrEqual(20);
  // Export and bulk tag on the analytical path: the same rows, the same members tagged.
  const saved = await seg('POST', '/admin/segments', { name: '大品牌', filter });
  const exp = await seg('GET', `/admin/segments/${saved.body.id}/export`);
  expect(exp.body.engine).toBe('analytics');
  expect(exp.body.count).toBe(live.body.count);
  const tagged = await seg('POST', `/admin/segments/${saved.body.id}/tag`, { tag: '大客户' });
  expect(tagged.body).toMatchObject({ matched: live.body.count, tagged: live.body.count, engine: 'analytics' });
  process.env.ANALYTICS_THRESHOLD = '1000000';
  clearAnalyticsCache();
}, 120_000);

test('changes reach the analytical path through the stream deltas; a replayed batch writes the same object', async () => {
  await drainStream(); // the bulk tag above
  const { client, table } = db();
  const ids = ['m_an000001', 'm_an000002', 'm_an000003'];
  await client.send(new UpdateCommand({ TableName: table, Key: keys.profile(ids[0]!), UpdateExpression: 'SET tierCode = :t, memberTags = :g', ExpressionAttributeValues: { ':t': 'GOLD', ':g': ['常客', '高消费'] } }));
  // Left the member index (as a deletion or a merge leaves it).
  await client.send(new UpdateCommand({ TableName: table, Key: keys.profile(ids[1]!), UpdateExpression: 'REMOVE GSI2PK, GSI2SK' }));
  await client.send(new UpdateCommand({ TableName: table, Key: keys.points(ids[2]!), UpdateExpression: 'SET balance = :b', ExpressionAttributeValues: { ':b': 2_000 } }));
  expect(await drainStream()).toBeGreaterThanOrEqual(3);
  const deltas = await listObjects(layout.membersDelta());
  expect(deltas.length).toBeGreaterThan(0);
  await bothPathsAgree();
  const everyone = await membersMatching({}, { today: TODAY, path: 'analytics' });
  expect(everyone.memberIds).not.toContain(ids[1]);
  expect((await membersMatching({ tagsAll: ['常客', '高消费'], tiers: ['GOLD'] }, { today: TODAY, path: 'analytics' })).memberIds).toContain(ids[0]);

  const replay: StreamChange[] = [
    { eventId: 'e-replay-1', sequence: '1', kind: 'MODIFY', pk: `MEMBER#${ids[0]}`, sk: 'PROFILE', oldImage: null, newImage: null },
  ];
  await noteChangedFacts(replay);
  await noteChangedFacts(replay);
  const after = (await listObjects(layout.membersDelta())).filter((o) => o.key.endsWith(deltaName(replay)));
  expect(after).toHaveLength(1);
  // That (made-up) batch removed the member: a tombstone, newest, hides her.
  expect((await membersMatching({}, { today: TODAY, path: 'analytics' })).memberIds).not.toContain(ids[0]);
}, 120_000);

test('the export resumes from its checkpoints and sweeps the superseded generation', async () => {
  const stopped = await runFullExport({ runId: 'run-2', pageSize: 50, stopAfterPages: 3 });
  expect(stopped.done).toBe(false);
  expect((await readManifest(true))!.runId).toBe('run-1');
  const done = await runFullExport({ runId: 'run-2', pageSize: 50 });
  expect(done.done).toBe(true);
  const m = (await readManifest(true))!;
  expect(m.runId).toBe('run-2');
  expect(m.rowCount).toBe((await membersMatching({}, { today: TODAY, path: 'live' })).memberIds.length);
  expect(await listObjects(layout.membersFull('run-1'))).toEqual([]);
  await bothPathsAgree();
}, 180_000);
