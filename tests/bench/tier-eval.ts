/**
 * `npm run bench -- tier-eval`: the scheduled tier evaluation (runTierEvaluation, 4 parallel scan
 * segments over GSI2) over 20,000 member profiles seeded directly, against the bare DynamoDB calls
 * it cannot avoid: a plain parallel Scan of GSI2 with the same segments and page size, reading
 * every profile (no evaluation, no writes).
 *
 * The seeded mix, as of the fixed clock date (window: the 12 months up to it):
 *   entry      MEMBER, a little spend in the window ............................ unchanged
 *   retained   SILVER/GOLD still inside the retention period, little spend ...... unchanged
 *   downgrade  SILVER/GOLD whose retention ended, spend below the tier's threshold (they qualified
 *              on months now out of the window) ........... one level down (GOLD→SILVER, SILVER→MEMBER)
 *   requalify  SILVER/GOLD whose retention ended, spend meets the threshold ..... retention extended
 *   manualEnd  a hand-set GOLD whose end date passed ........................... the tier her spend earns
 *   manualOn   a hand-set GOLD still running .................................... unchanged
 */
import { BatchGetCommand, ScanCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../../functions/adapters/dynamo/client';
import { keys } from '../../functions/adapters/dynamo/keys';
import { profileAttrs, type MemberRecord } from '../../functions/adapters/dynamo/member-repo';
import { setClock } from '../../functions/lib/clock';
import { newMemberRecord } from '../../functions/core';
import { runTierEvaluation } from '../../functions/tiers/evaluate';
import { addMonths, monthOf, type ManualTier, type QualifyingMonths } from '../../shared/domain';
import { benchWorld, timed } from './harness';
import { batchWriteAll } from '../table';

const MEMBERS = Number(process.env.BENCH_MEMBERS || 20_000);
const SEGMENTS = 4;
/** runTierEvaluation's default page size; the bare scan uses the same. */
const PAGE = 200;
/** 10:00 in Shanghai on 2026-03-15: the evaluation day. */
const NOW = new Date('2026-03-15T02:00:00.000Z');
const DAY = '2026-03-15';

type Kind = 'entry' | 'retained' | 'downgrade' | 'requalify' | 'manualEnd' | 'manualOn';
interface Expect {
  tierCode: string;
  retainUntil: string | null;
  manual: boolean;
  changed: boolean;
}
interface Seeded {
  memberId: string;
  kind: Kind;
  expect: Expect;
}

/** A small deterministic PRNG so every run seeds the same members. */
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
const rnd = prng(20260315);
const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));

/** The 12 months the rolling window counts on DAY, and older months it no longer counts. */
const WINDOW = Array.from({ length: 12 }, (_, i) => monthOf(addMonths(DAY, -i)));
const OLD = Array.from({ length: 10 }, (_, i) => monthOf(addMonths(DAY, -12 - i)));

/** `total` fen spread over `n` distinct months of `months` (points: 1 per yuan). */
function spread(months: string[], total: number, n: number, into: QualifyingMonths = {}): QualifyingMonths {
  const picked = [...months].sort(() => rnd() - 0.5).slice(0, Math.max(1, Math.min(n, months.length)));
  let left = total;
  picked.forEach((m, i) => {
    const v = i === picked.length - 1 ? left : Math.floor(left / (picked.length - i));
    left -= v;
    const cur = into[m] ?? { spendFen: 0, points: 0 };
    into[m] = { spendFen: cur.spendFen + v, points: cur.points + Math.floor(v / 100) };
  });
  return into;
}

function pickKind(i: number): Kind {
  const r = (i * 7919) % 100; // spreads the kinds evenly over ids and scan segments
  if (r < 76) return 'entry';
  if (r < 82) return 'retained';
  if (r < 90) return 'downgrade';
  if (r < 96) return 'requalify';
  if (r < 99) return 'manualEnd';
  return 'manualOn';
}

function seedMember(i: number): { item: Record<string, unknown>; seeded: Seeded } {
  const memberId = `m_tier${String(i).padStart(8, '0')}`;
  const kind = pickKind(i);
  const createdAt = new Date(Date.parse('2023-01-01T02:00:00.000Z') + int(0, 800) * 86_400_000).toISOString();
  const base = newMemberRecord({
    memberId, phone: `137${String(i).padStart(8, '0')}`, openid: `o-tier-${i}`, name: null, entryTierCode: 'MEMBER', at: createdAt, source: 'bench',
  });
  const gold = rnd() < 0.5;
  let m: MemberRecord = base;
  let manual: ManualTier | null = null;
  let expect: Expect;
  switch (kind) {
    case 'entry': {
      const q = int(0, 4) ? spread(WINDOW, int(1, 4) * int(0, 12_000), int(1, 4)) : {};
      if (rnd() < 0.3) spread(OLD, int(100, 30_000), 2, q);
      m = { ...base, qualifying: q, qrev: Object.keys(q).length };
      expect = { tierCode: 'MEMBER', retainUntil: null, manual: false, changed: false };
      break;
    }
    case 'retained': {
      // Reached the tier last autumn: kept until next autumn whatever she spends meanwhile.
      const since = `2025-${String(int(7, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`;
      const q = spread(WINDOW, int(0, 40_000), 3);
      m = { ...base, tier: { tierCode: gold ? 'GOLD' : 'SILVER', since, retainUntil: addMonths(since, 12), manual: null }, qualifying: q, qrev: 5 };
      expect = { tierCode: m.tier.tierCode, retainUntil: m.tier.retainUntil, manual: false, changed: false };
      break;
    }
    case 'downgrade': {
      // Qualified in early 2025 (months now outside the window); retention ended before DAY.
      const since = `2025-0${int(1, 3)}-${String(int(1, 14)).padStart(2, '0')}`;
      const q = spread(OLD.slice(0, 3), gold ? 160_000 + int(0, 50_000) : 55_000 + int(0, 20_000), 2);
      const inWindow = gold ? (rnd() < 0.5 ? int(0, 49_999) : int(50_000, 149_999)) : int(0, 49_999);
      if (inWindow > 0) spread(WINDOW, inWindow, int(1, 5), q);
      m = { ...base, tier: { tierCode: gold ? 'GOLD' : 'SILVER', since, retainUntil: addMonths(since, 12), manual: null }, qualifying: q, qrev: 7 };
      // oneLevel: GOLD steps to SILVER (kept 12 months from DAY), SILVER to the entry tier.
      expect = gold
        ? { tierCode: 'SILVER', retainUntil: addMonths(DAY, 12), manual: false, changed: true }
        : { tierCode: 'MEMBER', retainUntil: null, manual: false, changed: true };
      break;
    }
    case 'requalify': {
      const retainUntil = `2026-0${int(1, 2)}-${String(int(1, 28)).padStart(2, '0')}`;
      const q = spread(WINDOW, (gold ? 150_000 : 50_000) + int(0, 60_000), int(2, 6));
      m = { ...base, tier: { tierCode: gold ? 'GOLD' : 'SILVER', since: addMonths(retainUntil, -12), retainUntil, manual: null }, qualifying: q, qrev: 9 };
      expect = { tierCode: m.tier.tierCode, retainUntil: addMonths(retainUntil, 12), manual: false, changed: true };
      break;
    }
    case 'manualEnd':
    case 'manualOn': {
      // A hand-set GOLD (e.g. a VIP trial); her own spend earns SILVER or nothing.
      const silver = rnd() < 0.4;
      const q = spread(WINDOW, silver ? int(50_000, 149_999) : int(0, 49_999), int(1, 4));
      const until = kind === 'manualEnd' ? `2026-0${int(1, 2)}-${String(int(1, 28)).padStart(2, '0')}` : `2026-0${int(4, 9)}-${String(int(1, 28)).padStart(2, '0')}`;
      manual = { code: 'GOLD', until, by: 'demo-admin', reason: 'VIP 试用' };
      m = { ...base, tier: { tierCode: 'GOLD', since: addMonths(until, -3), retainUntil: null, manual }, qualifying: q, qrev: 4 };
      expect =
        kind === 'manualOn'
          ? { tierCode: 'GOLD', retainUntil: null, manual: true, changed: false }
          : silver
            ? { tierCode: 'SILVER', retainUntil: addMonths(DAY, 12), manual: false, changed: true }
            : { tierCode: 'MEMBER', retainUntil: null, manual: false, changed: true };
      break;
    }
  }
  // profileAttrs writes no manualTier (a new member has none): the item carries it as the tier writes would.
  const item = { ...keys.profile(memberId), ...profileAttrs(m), ...(manual ? { manualTier: manual } : {}) };
  return { item, seeded: { memberId, kind, expect } };
}

/** The bare calls: a parallel Scan of GSI2 reading every item, nothing else. */
async function bareScan(): Promise<number[]> {
  const { client, table } = db();
  return Promise.all(
    Array.from({ length: SEGMENTS }, async (_, segment) => {
      let n = 0;
      let start: Record<string, unknown> | undefined;
      do {
        const res = await client.send(new ScanCommand({ TableName: table, IndexName: 'GSI2', Segment: segment, TotalSegments: SEGMENTS, ExclusiveStartKey: start, Limit: PAGE }));
        n += res.Items?.length ?? 0;
        start = res.LastEvaluatedKey;
      } while (start);
      return n;
    }),
  );
}

/**
 * The bare calls including the writes no evaluation can avoid: the same scan, and for each member
 * that must change a two-item transaction (profile update conditioned on it existing + one history
 * item), 16 at a time per segment as the job does. Written to a bench-only attribute and SK so the
 * checked data stays as the job left it.
 */
async function bareScanAndWrite(mustChange: Set<string>): Promise<number> {
  const { client, table } = db();
  const writes = await Promise.all(
    Array.from({ length: SEGMENTS }, async (_, segment) => {
      let n = 0;
      let start: Record<string, unknown> | undefined;
      do {
        const res = await client.send(new ScanCommand({ TableName: table, IndexName: 'GSI2', Segment: segment, TotalSegments: SEGMENTS, ExclusiveStartKey: start, Limit: PAGE }));
        const ids = (res.Items ?? []).map((i) => i.memberId as string).filter((id) => mustChange.has(id));
        for (let i = 0; i < ids.length; i += 16) {
          await Promise.all(
            ids.slice(i, i + 16).map((id) =>
              client.send(
                new TransactWriteCommand({
                  TransactItems: [
                    { Update: { TableName: table, Key: keys.profile(id), UpdateExpression: 'SET benchTouched = :d', ConditionExpression: 'attribute_exists(PK)', ExpressionAttributeValues: { ':d': DAY } } },
                    { Put: { TableName: table, Item: { PK: `MEMBER#${id}`, SK: `BENCH#${DAY}`, from: 'X', to: 'Y', reason: 'downgrade', createdAt: NOW.toISOString() } } },
                  ],
                }),
              ),
            ),
          );
          n += Math.min(16, ids.length - i);
        }
        start = res.LastEvaluatedKey;
      } while (start);
      return n;
    }),
  );
  return writes.reduce((a, b) => a + b, 0);
}

async function readProfiles(ids: string[]): Promise<Map<string, Record<string, unknown>>> {
  const { client, table } = db();
  const out = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < ids.length; i += 100) {
    let reqKeys: Record<string, unknown>[] = ids.slice(i, i + 100).map((id) => keys.profile(id));
    while (reqKeys.length) {
      const res = await client.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: reqKeys, ConsistentRead: true } } }));
      for (const it of res.Responses?.[table] ?? []) out.set(it.memberId as string, it);
      reqKeys = (res.UnprocessedKeys?.[table]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return out;
}

export async function main() {
  const { dynamo } = await benchWorld();
  try {
    setClock({ now: () => NOW });
    // The demo brand's own members (the imported one) are in GSI2 too.
    const before = (await bareScan()).reduce((a, b) => a + b, 0);
    const total = before + MEMBERS;
    const seeded: Seeded[] = [];
    const items: Record<string, unknown>[] = [];
    for (let i = 1; i <= MEMBERS; i++) {
      const s = seedMember(i);
      items.push(s.item);
      seeded.push(s.seeded);
    }
    const seedMs = await timed(() => batchWriteAll(items));
    const byKind = seeded.reduce<Record<string, number>>((t, s) => ({ ...t, [s.kind]: (t[s.kind] ?? 0) + 1 }), {});
    const expectedChanged = seeded.filter((s) => s.expect.changed).length;
    console.log(`seeded ${MEMBERS} profiles in ${(seedMs / 1000).toFixed(1)} s: ${JSON.stringify(byKind)} (+${before} demo); evaluation day ${DAY}`);

    // Warm-up (JIT of DynamoDB Local, SDK connections): one bare scan, not counted.
    const warm = await bareScan();
    if (warm.reduce((a, b) => a + b, 0) !== total) throw new Error(`GSI2 holds ${warm.reduce((a, b) => a + b, 0)} items, expected ${total}`);

    // Warm-up of the transaction path too (bench-only attribute and SK; tier data untouched), so
    // the evaluation, timed first, does not pay DynamoDB Local's cold start alone.
    const mustChange = new Set(seeded.filter((s) => s.expect.changed).map((s) => s.memberId));
    await bareScanAndWrite(mustChange);

    let result!: Awaited<ReturnType<typeof runTierEvaluation>>;
    const ms = await timed(async () => {
      result = await runTierEvaluation({ segments: SEGMENTS });
    });
    let perSegment: number[] = [];
    const bareMs = await timed(async () => {
      perSegment = await bareScan();
    });

    // The same day evaluated again (a fresh run id, so no checkpoint short-cuts it): reads and
    // evaluates everyone, changes no one. Its time is the evaluation without writes.
    let again!: Awaited<ReturnType<typeof runTierEvaluation>>;
    const againMs = await timed(async () => {
      again = await runTierEvaluation({ segments: SEGMENTS, runId: `${DAY}-again` });
    });

    // Checks: every member was seen, the expected members changed, and a sample reads back as expected.
    const problems: string[] = [];
    if (!result.done) problems.push('the run did not finish (done=false)');
    if (result.processed !== total) problems.push(`processed ${result.processed}, expected ${total}`);
    if (result.changed !== expectedChanged) problems.push(`changed ${result.changed}, expected ${expectedChanged}`);
    if (again.processed !== total || again.changed !== 0) problems.push(`a second evaluation on ${DAY} processed ${again.processed} and changed ${again.changed} (expected ${total} and 0)`);
    const sample: Seeded[] = [];
    for (const kind of ['downgrade', 'requalify', 'manualEnd', 'entry', 'retained', 'manualOn'] as Kind[]) {
      const ofKind = seeded.filter((s) => s.kind === kind);
      const n = kind === 'downgrade' ? 60 : 15;
      for (let j = 0; j < n && j < ofKind.length; j++) sample.push(ofKind[Math.floor((j * ofKind.length) / n)]!);
    }
    const back = await readProfiles(sample.map((s) => s.memberId));
    for (const s of sample) {
      const p = back.get(s.memberId);
      const got = p && { tierCode: p.tierCode, retainUntil: p.tierRetainUntil ?? null, manual: !!p.manualTier };
      const want = { tierCode: s.expect.tierCode, retainUntil: s.expect.retainUntil, manual: s.expect.manual };
      if (!got || JSON.stringify(got) !== JSON.stringify(want)) problems.push(`${s.memberId} (${s.kind}): got ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
      else if (s.expect.changed && p!.tierEvaluatedOn !== DAY) problems.push(`${s.memberId} (${s.kind}): tierEvaluatedOn ${String(p!.tierEvaluatedOn)}`);
    }
    if (problems.length) throw new Error(`tier evaluation is wrong:\n  ${problems.slice(0, 30).join('\n  ')}${problems.length > 30 ? `\n  … ${problems.length - 30} more` : ''}`);

    let bareWrites = 0;
    const bareWritesMs = await timed(async () => {
      bareWrites = await bareScanAndWrite(mustChange);
    });
    if (bareWrites !== expectedChanged) throw new Error(`bare writes ${bareWrites}, expected ${expectedChanged}`);

    const seconds = Number((ms / 1000).toFixed(2));
    const bareSeconds = Number((bareMs / 1000).toFixed(2));
    const figures = {
      bench: 'tier-eval',
      members: result.processed,
      seconds,
      membersPerSec: Math.round(result.processed / (ms / 1000)),
      itemsReadPerMember: Number((result.itemsRead / result.processed).toFixed(3)),
      itemsRead: result.itemsRead,
      changed: result.changed,
      expectedChanged,
      sampleChecked: sample.length,
      rerunSeconds: Number((againMs / 1000).toFixed(2)),
      rerunChanged: again.changed,
      bareSeconds,
      bareSegmentItems: perSegment,
      ratio: Number((ms / bareMs).toFixed(2)),
      bareWithWritesSeconds: Number((bareWritesMs / 1000).toFixed(2)),
      ratioWithWrites: Number((ms / bareWritesMs).toFixed(2)),
    };
    console.log(`tier evaluation (${SEGMENTS} segments)  ${figures.members} members in ${seconds} s = ${figures.membersPerSec}/s, ${figures.itemsReadPerMember} items read per member, ${figures.changed} changed (expected ${expectedChanged})`);
    console.log(`same day again (no writes)      ${figures.rerunSeconds} s, ${again.changed} changed`);
    console.log(`bare GSI2 scan (${SEGMENTS} segments)   ${bareSeconds} s (items per segment ${perSegment.join(', ')})`);
    console.log(`bare scan + ${expectedChanged} bare 2-item txns  ${figures.bareWithWritesSeconds} s`);
    console.log(`ratio (ours / bare scan)        ${figures.ratio}; ours / bare scan+writes ${figures.ratioWithWrites}`);
    console.log(`sample read back                ${sample.length} profiles as expected (${sample.filter((s) => s.kind === 'downgrade').length} downgrades)`);
    return figures;
  } finally {
    setClock(null);
    await dynamo.stop();
  }
}
