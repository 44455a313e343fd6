/**
 * `npm run bench -- segments-at-scale` (issue 18, item 7): 1,000,000 generated member facts written through
 * our Parquet writer (hyparquet-writer, functions/analytics/parquet.ts) to the local S3 (s3rver in a child
 * process) as a full export of 10 parts with its manifest, plus one delta (1,000 members changed, 100
 * deleted) and their points balances; then every filter kind through the analytical path (the one segment
 * SQL on DuckDB over the objects fetched to a local cache: count + sample of 20), several rounds each.
 * matchesBruteForce: every filter's count and sample equal a brute force in JS (the live path's `matches`)
 * over the same generated data, the delta applied. BENCH_MEMBERS sets the size.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { putObject } from '../../functions/adapters/s3/objects';
import { memberFactsParquet, pointsFactsParquet } from '../../functions/analytics/parquet';
import { segmentByAnalytics } from '../../functions/analytics/query';
import { clearAnalyticsCache, layout, writeManifest } from '../../functions/analytics/store';
import { ensureBucket, startS3LocalProcess } from '../../infra/local/s3';
import { addDays, addMonths, monthOf } from '../../shared/domain';
import { DEFAULT_RFM_CONFIG, matches, type MemberFacts, type SegmentFilterShape } from '../../shared/domain/rfm';
import { deletedFactRow, FULL_EXPORT_SEQ, memberFactRow, type PointsFactRow } from '../../shared/domain/segment-sql';
import { benchWorld, percentile, timed } from './harness';

const MEMBERS = Number(process.env.BENCH_MEMBERS || 1_000_000);
const PARTS = 10;
const ROUNDS = 5;
const TODAY = '2026-11-23';
const TAGS = ['蕾丝', '高消费', '真丝', '常客', '敏感肌'];
const TIERS = ['MEMBER', 'MEMBER', 'MEMBER', 'SILVER', 'GOLD'];
const STORES = ['S001', 'S002', 'S003', 'S004'];
const CHANGED = 1_000;
const DELETED = 100;

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

type Gen = MemberFacts & { familyRole: string; familyPrimaryId: string | null; pointsBalance: number };

/** Part `k` of the generated members: the same every time it is asked for (the brute force regenerates it). */
function part(k: number): Gen[] {
  const rnd = prng(20261123 + k);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const size = Math.ceil(MEMBERS / PARTS);
  const from = k * size;
  const to = Math.min(MEMBERS, from + size);
  const out: Gen[] = [];
  for (let i = from; i < to; i++) {
    const memberId = `m_${String(i).padStart(9, '0')}`;
    const regAgo = int(0, 900);
    const n = [0, 0, 1, 1, 2, 3, 5][int(0, 6)]!;
    const days: string[] = [];
    for (let j = 0; j < n; j++) days.push(addDays(TODAY, -int(0, Math.min(regAgo, 500))));
    days.sort();
    const months: MemberFacts['months'] = {};
    for (const d of days) {
      const b = (months[monthOf(d)] ??= { orders: 0, spendFen: 0 });
      b.orders++;
      b.spendFen += int(1_000, 60_000);
    }
    const secondary = out.length > 10 && rnd() < 0.05;
    out.push({
      memberId,
      tierCode: TIERS[int(0, 4)]!,
      tags: TAGS.filter(() => rnd() < 0.2),
      birthday: rnd() < 0.7 ? `19${80 + int(0, 19)}-${String(int(1, 12)).padStart(2, '0')}-15` : null,
      registeredAt: `${addDays(TODAY, -regAgo)}T${rnd() < 0.5 ? '17:30' : '02:00'}:00.000Z`,
      registrationStoreId: rnd() < 0.5 ? STORES[int(0, 3)]! : null,
      lastStoreId: n ? STORES[int(0, 3)]! : null,
      firstPurchaseAt: n ? `${days[0]}T03:00:00.000Z` : null,
      lastPurchaseAt: n ? `${days[n - 1]}T03:00:00.000Z` : null,
      months,
      pointsBalance: int(0, 5_000),
      familyRole: secondary ? 'secondary' : 'none',
      familyPrimaryId: secondary ? out[int(0, out.length - 1)]!.memberId : null,
    });
  }
  return out;
}

/** The delta: the first CHANGED members of part 0 became GOLD with the tag 常客 and 4,321 points; the next DELETED left. */
const changed = (g: Gen): Gen => ({ ...g, tierCode: 'GOLD', tags: [...new Set([...g.tags, '常客'])], pointsBalance: 4_321 });

const FILTERS: { name: string; filter: SegmentFilterShape }[] = [
  { name: 'everyone', filter: {} },
  { name: 'tiers', filter: { tiers: ['GOLD', 'SILVER'] } },
  { name: 'tagsAny', filter: { tagsAny: ['蕾丝', '真丝'] } },
  { name: 'tagsAll', filter: { tagsAll: ['高消费', '常客'] } },
  { name: 'R', filter: { rScores: [4, 5] } },
  { name: 'F', filter: { fScores: [2, 3] } },
  { name: 'M', filter: { mScores: [3, 4] } },
  { name: 'lifecycle', filter: { lifecycle: ['dormant', 'lost'] } },
  { name: 'birthday month', filter: { birthdayMonth: 12 } },
  { name: 'stores', filter: { storeIds: ['S002'] } },
  { name: 'registered', filter: { registeredFrom: addMonths(TODAY, -12), registeredTo: addMonths(TODAY, -6) } },
  { name: 'last purchase', filter: { lastPurchaseFrom: addMonths(TODAY, -3), lastPurchaseTo: addDays(TODAY, -7) } },
  { name: 'points', filter: { pointsMin: 1_000, pointsMax: 3_000 } },
  { name: 'combined', filter: { tiers: ['GOLD', 'SILVER'], lifecycle: ['dormant', 'lost'], tagsAny: ['蕾丝'], rScores: [1, 2, 3], pointsMin: 500 } },
];

export async function main() {
  const world = await benchWorld();
  const s3 = await startS3LocalProcess();
  const cache = mkdtempSync(join(tmpdir(), 'huiyuan-bench-analytics-'));
  Object.assign(process.env, { S3_ENDPOINT: s3.endpoint, FILES_BUCKET: 'bench-analytics', ANALYTICS_ENGINE: 'duckdb', ANALYTICS_CACHE_DIR: cache });
  await ensureBucket(s3.endpoint, 'bench-analytics');
  clearAnalyticsCache();
  try {
    const runId = 'bench';
    const version = Date.now();
    let bytes = 0;
    let encodeMs = 0;
    let uploadMs = 0;
    const files: { members: { key: string; size: number }[]; points: { key: string; size: number }[] } = { members: [], points: [] };
    for (let k = 0; k < PARTS; k++) {
      const gs = part(k);
      let body!: Uint8Array;
      let pbody!: Uint8Array;
      encodeMs += await timed(async () => {
        body = memberFactsParquet(gs.map((g) => memberFactRow(g, TODAY, version, FULL_EXPORT_SEQ)));
        pbody = pointsFactsParquet(gs.map((g): PointsFactRow => ({ account_id: g.memberId, version, seq: FULL_EXPORT_SEQ, deleted: false, balance: g.pointsBalance })));
      });
      const key = `${layout.membersFull(runId)}part-${k}.parquet`;
      const pkey = `${layout.pointsFull(runId)}part-${k}.parquet`;
      uploadMs += await timed(() => Promise.all([putObject(key, body, 'application/vnd.apache.parquet'), putObject(pkey, pbody, 'application/vnd.apache.parquet')]));
      files.members.push({ key, size: body.byteLength });
      files.points.push({ key: pkey, size: pbody.byteLength });
      bytes += body.byteLength + pbody.byteLength;
    }
    // The delta, written after the export began (a newer version).
    const first = part(0);
    const dv = version + 1_000;
    const deltaRows = [
      ...first.slice(0, CHANGED).map((g, i) => memberFactRow(changed(g), TODAY, dv, i)),
      ...first.slice(CHANGED, CHANGED + DELETED).map((g, i) => deletedFactRow(g.memberId, dv, CHANGED + i)),
    ];
    await putObject(`${layout.membersDelta()}bench-delta.parquet`, memberFactsParquet(deltaRows), 'application/vnd.apache.parquet');
    await putObject(
      `${layout.pointsDelta()}bench-delta.parquet`,
      pointsFactsParquet(first.slice(0, CHANGED).map((g, i) => ({ account_id: g.memberId, version: dv, seq: i, deleted: false, balance: 4_321 }))),
      'application/vnd.apache.parquet',
    );
    await writeManifest({ runId, takenAt: new Date(version).toISOString(), day: TODAY, version, rowCount: MEMBERS, pointsRowCount: MEMBERS, files, bytes, finishedAt: new Date().toISOString() });
    const writeMs = Math.round(encodeMs + uploadMs);
    console.log(`wrote ${MEMBERS} member facts (+ balances) as ${PARTS * 2} Parquet parts, ${(bytes / 1e6).toFixed(1)} MB: encode ${Math.round(encodeMs)} ms, upload ${Math.round(uploadMs)} ms`);

    // The brute force: regenerate each part, apply the delta, count with the live path's rule.
    const expected = FILTERS.map(() => ({ count: 0, sample: [] as string[] }));
    for (let k = 0; k < PARTS; k++) {
      let gs = part(k);
      if (k === 0) gs = [...gs.slice(0, CHANGED).map(changed), ...gs.slice(CHANGED)];
      // A secondary card sees her primary's balance (the account stays when her primary leaves the index).
      const balance = new Map(gs.map((g) => [g.memberId, g.pointsBalance]));
      if (k === 0) gs = [...gs.slice(0, CHANGED), ...gs.slice(CHANGED + DELETED)];
      const seen = gs.map((g) => ({ ...g, pointsBalance: g.familyRole === 'secondary' && g.familyPrimaryId ? (balance.get(g.familyPrimaryId) ?? 0) : g.pointsBalance }));
      FILTERS.forEach((f, i) => {
        for (const g of seen) {
          if (!matches(f.filter, g, TODAY, DEFAULT_RFM_CONFIG)) continue;
          expected[i]!.count++;
          if (expected[i]!.sample.length < 20) expected[i]!.sample.push(g.memberId);
        }
      });
    }

    // First query: the objects fetched from S3 to the local cache, then the SQL.
    const firstQueryMs = await timed(() => segmentByAnalytics({}, { today: TODAY, config: DEFAULT_RFM_CONFIG, limit: 20 }));
    const all: number[] = [];
    const out: Record<string, unknown>[] = [];
    let agree = true;
    for (const [i, f] of FILTERS.entries()) {
      const ms: number[] = [];
      let got = { count: -1, memberIds: [] as string[] };
      for (let r = 0; r < ROUNDS; r++) ms.push(await timed(async () => (got = await segmentByAnalytics(f.filter, { today: TODAY, config: DEFAULT_RFM_CONFIG, limit: 20 }))));
      all.push(...ms);
      const e = expected[i]!;
      const ok = got.count === e.count && JSON.stringify(got.memberIds) === JSON.stringify(e.sample);
      agree &&= ok;
      const p50 = percentile(ms, 50);
      console.log(`${f.name}: ${got.count} members (brute force ${e.count}${ok ? '' : ', MISMATCH'}), p50 ${p50.toFixed(0)} ms`);
      out.push({ name: f.name, count: got.count, bruteForce: e.count, p50Ms: Math.round(p50) });
    }
    const p50Ms = Math.round(percentile(all, 50));
    console.log(`analytical path over ${MEMBERS} members: p50 ${p50Ms} ms, p95 ${Math.round(percentile(all, 95))} ms (first query with fetch ${Math.round(firstQueryMs)} ms)`);
    return { members: MEMBERS, p50Ms, p95Ms: Math.round(percentile(all, 95)), matchesBruteForce: agree, writeMs, encodeMs: Math.round(encodeMs), bytes, firstQueryMs: Math.round(firstQueryMs), engine: 'duckdb', filters: out };
  } finally {
    rmSync(cache, { recursive: true, force: true });
    await s3.stop();
    await world.dynamo.stop();
  }
}
