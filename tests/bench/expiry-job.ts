/**
 * `npm run bench -- expiry-job`: the points expiry job (runExpiryJob) over 20,000 points accounts
 * seeded directly, of which only a few dozen hold points whose last day is before the run day.
 * The job should read about one index item per account it expires (GSI1 PTEXP#<shard>, sorted by
 * soonest expiry), whatever the size of the membership.
 *
 * The seeded accounts, as of the run day 2026-01-01 (yearEnd policy: 2025's points end 2025-12-31):
 *   targeted   points that ended 2025-12-31 (some also 2024-12-31, a missed run), most with points
 *              ending later too ................................................ expired by the job
 *   lastDay    soonest expiry is the run day itself (still usable today) ............ untouched
 *   later      points ending 2026-12-31 / 2027-12-31 .................................. untouched
 *   never      only points that never expire (no GSI1 keys) ........................... untouched
 *   empty      no points (no GSI1 keys) ............................................... untouched
 */
import { BatchGetCommand, DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../../functions/adapters/dynamo/client';
import { EXPIRY_SHARDS, keys, memberPk, shardOf } from '../../functions/adapters/dynamo/keys';
import { setClock } from '../../functions/lib/clock';
import { runExpiryJob } from '../../functions/points/jobs';
import { NEVER, nextExpiryOf, normalize, type Bucket } from '../../shared/domain';
import { benchWorld, timed } from './harness';
import { batchWriteAll } from '../table';

const MEMBERS = Number(process.env.BENCH_MEMBERS || 20_000);
const TARGETED = Number(process.env.BENCH_TARGETED || 40);
const LAST_DAY = 20;
/** 09:00 in Shanghai on the run day. */
const NOW = new Date('2026-01-01T01:00:00.000Z');
const DAY = '2026-01-01';

type Kind = 'targeted' | 'lastDay' | 'later' | 'never' | 'empty';
interface Seeded {
  memberId: string;
  kind: Kind;
  buckets: Bucket[];
  balance: number;
  rev: number;
  /** Points whose last day is before DAY. */
  expiring: number;
}

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
const rnd = prng(20260101);
const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
const day = (y: number) => `${y}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`;

function kindOf(i: number): Kind {
  // The targeted and last-day accounts are spread evenly over the ids (and so over the shards).
  const step = Math.floor(MEMBERS / TARGETED);
  if (i % step === 0 && i / step <= TARGETED) return 'targeted';
  if (i % Math.floor(MEMBERS / LAST_DAY) === 7) return 'lastDay';
  const r = (i * 7919) % 100;
  if (r < 75) return 'later';
  if (r < 90) return 'never';
  return 'empty';
}

function seedAccount(i: number): { item: Record<string, unknown>; seeded: Seeded } {
  const memberId = `m_exp${String(i).padStart(8, '0')}`;
  const kind = kindOf(i);
  const buckets: Bucket[] = [];
  let expiring = 0;
  switch (kind) {
    case 'targeted': {
      const j = i / Math.floor(MEMBERS / TARGETED); // 1..TARGETED
      const p = int(1, 5000);
      buckets.push({ expiresOn: '2025-12-31', availableOn: day(2025), points: p });
      expiring += p;
      if (j % 5 === 0) {
        const old = int(1, 800);
        buckets.push({ expiresOn: '2024-12-31', availableOn: day(2024), points: old });
        expiring += old;
      }
      if (j % 4 !== 0) buckets.push({ expiresOn: '2026-12-31', availableOn: day(2025), points: int(1, 3000) });
      if (j % 7 === 0) buckets.push({ expiresOn: NEVER, availableOn: day(2025), points: int(1, 500) });
      break;
    }
    case 'lastDay':
      buckets.push({ expiresOn: DAY, availableOn: day(2025), points: int(1, 2000) });
      break;
    case 'later':
      buckets.push({ expiresOn: '2026-12-31', availableOn: day(2025), points: int(1, 4000) });
      if (rnd() < 0.3) buckets.push({ expiresOn: '2027-12-31', availableOn: '2026-01-01', points: int(1, 1000) });
      break;
    case 'never':
      buckets.push({ expiresOn: NEVER, availableOn: day(2025), points: int(1, 2000) });
      break;
    case 'empty':
      break;
  }
  const state = { buckets: normalize(buckets), debt: 0 };
  const balance = state.buckets.reduce((t, b) => t + b.points, 0);
  const rev = state.buckets.length ? int(1, 30) : 0;
  // As writePoints leaves it: GSI1 keys only while some bucket has an end date.
  const nextExpiry = nextExpiryOf(state);
  const item: Record<string, unknown> = {
    ...keys.points(memberId),
    memberId,
    buckets: state.buckets,
    debt: 0,
    balance,
    earnedTotal: balance + int(0, 2000),
    rev,
    updatedAt: '2025-12-20T08:00:00.000Z',
    ...(nextExpiry ? { GSI1PK: `PTEXP#${shardOf(memberId, EXPIRY_SHARDS)}`, GSI1SK: `${nextExpiry}#${memberId}` } : {}),
  };
  return { item, seeded: { memberId, kind, buckets: state.buckets, balance, rev, expiring } };
}

async function readPoints(ids: string[]): Promise<Map<string, Record<string, unknown>>> {
  const { client, table } = db();
  const out = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < ids.length; i += 100) {
    let reqKeys: Record<string, unknown>[] = ids.slice(i, i + 100).map((id) => keys.points(id));
    while (reqKeys.length) {
      const res = await client.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: reqKeys, ConsistentRead: true } } }));
      for (const it of res.Responses?.[table] ?? []) out.set(it.memberId as string, it);
      reqKeys = (res.UnprocessedKeys?.[table]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return out;
}

async function ledgerSum(memberId: string): Promise<{ sum: number; types: string[] }> {
  const { client, table } = db();
  const res = await client.send(
    new QueryCommand({ TableName: table, KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)', ExpressionAttributeValues: { ':pk': memberPk(memberId), ':p': 'LEDGER#' }, ConsistentRead: true }),
  );
  const items = res.Items ?? [];
  return { sum: items.reduce((t, i) => t + (i.points as number), 0), types: items.map((i) => i.type as string) };
}

/** What the index holds below the run day, per shard (the items the job cannot avoid reading). */
async function bareQuery(): Promise<number> {
  const { client, table } = db();
  const n = await Promise.all(
    Array.from({ length: EXPIRY_SHARDS }, async (_, shard) => {
      let c = 0;
      let start: Record<string, unknown> | undefined;
      do {
        const res = await client.send(
          new QueryCommand({ TableName: table, IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK < :day', ExpressionAttributeValues: { ':pk': `PTEXP#${shard}`, ':day': DAY }, ExclusiveStartKey: start }),
        );
        c += res.Items?.length ?? 0;
        start = res.LastEvaluatedKey;
      } while (start);
      return c;
    }),
  );
  return n.reduce((a, b) => a + b, 0);
}

export async function main() {
  const { dynamo } = await benchWorld();
  try {
    setClock({ now: () => NOW });
    const seeded: Seeded[] = [];
    const items: Record<string, unknown>[] = [];
    for (let i = 1; i <= MEMBERS; i++) {
      const s = seedAccount(i);
      items.push(s.item);
      seeded.push(s.seeded);
    }
    const seedMs = await timed(() => batchWriteAll(items));
    const byKind = seeded.reduce<Record<string, number>>((t, s) => ({ ...t, [s.kind]: (t[s.kind] ?? 0) + 1 }), {});
    const targets = seeded.filter((s) => s.kind === 'targeted');
    const expiringTotal = targets.reduce((t, s) => t + s.expiring, 0);
    console.log(`seeded ${MEMBERS} points accounts in ${(seedMs / 1000).toFixed(1)} s: ${JSON.stringify(byKind)}; run day ${DAY}, ${expiringTotal} points to expire`);

    // The index below the run day holds exactly the targeted accounts (also a warm-up, not timed).
    const below = await bareQuery();
    if (below !== targets.length) throw new Error(`GSI1 holds ${below} accounts expiring before ${DAY}, expected ${targets.length}`);

    let result!: Awaited<ReturnType<typeof runExpiryJob>>;
    const ms = await timed(async () => {
      result = await runExpiryJob({ day: DAY });
    });

    const problems: string[] = [];
    if (!result.done) problems.push('the run did not finish (done=false)');
    if (result.changed !== targets.length) problems.push(`changed ${result.changed}, expected ${targets.length}`);
    if (result.itemsRead !== targets.length) problems.push(`itemsRead ${result.itemsRead} for ${targets.length} accounts expiring`);

    // Each targeted account: the balance dropped by exactly the expiring points, which left the buckets and the index.
    const after = await readPoints(targets.map((s) => s.memberId));
    for (const s of targets) {
      const p = after.get(s.memberId);
      if (!p) {
        problems.push(`${s.memberId}: points item missing`);
        continue;
      }
      const buckets = (p.buckets as Bucket[]) ?? [];
      const sum = buckets.reduce((t, b) => t + b.points, 0);
      const left = s.buckets.filter((b) => b.expiresOn >= DAY);
      const nextExpiry = nextExpiryOf({ buckets: left, debt: 0 });
      const want = { balance: s.balance - s.expiring, bucketSum: s.balance - s.expiring, rev: s.rev + 1, GSI1SK: nextExpiry ? `${nextExpiry}#${s.memberId}` : null };
      const got = { balance: p.balance, bucketSum: sum, rev: p.rev, GSI1SK: p.GSI1SK ?? null };
      if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`${s.memberId}: got ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
      if (buckets.some((b) => b.expiresOn < DAY)) problems.push(`${s.memberId}: still holds buckets ending before ${DAY}`);
      const l = await ledgerSum(s.memberId);
      if (l.sum !== -s.expiring || l.types.some((t) => t !== 'expire')) problems.push(`${s.memberId}: ledger ${JSON.stringify(l)}, expected expire entries summing to ${-s.expiring}`);
    }
    // The others (a sample, with every last-day account) are untouched.
    const others = seeded.filter((s) => s.kind !== 'targeted');
    const sample = others.filter((s, j) => s.kind === 'lastDay' || j % 200 === 0);
    const otherAfter = await readPoints(sample.map((s) => s.memberId));
    for (const s of sample) {
      const p = otherAfter.get(s.memberId);
      if (!p || p.balance !== s.balance || p.rev !== s.rev) problems.push(`${s.memberId} (${s.kind}): changed (balance ${String(p?.balance)}, rev ${String(p?.rev)}; was ${s.balance}, ${s.rev})`);
    }

    // Rerun on the same day: the checkpoints say done. Then again without them (as if they were
    // lost): the index no longer lists anyone before the day, so nothing is read or expired.
    const rerun = await runExpiryJob({ day: DAY });
    const { client, table } = db();
    for (let shard = 0; shard < EXPIRY_SHARDS; shard++) await client.send(new DeleteCommand({ TableName: table, Key: keys.jobSegment('expiry', DAY, shard) }));
    const fresh = await runExpiryJob({ day: DAY });
    if (rerun.changed !== 0) problems.push(`a rerun changed ${rerun.changed}`);
    if (fresh.changed !== 0 || fresh.itemsRead !== 0) problems.push(`a rerun without checkpoints changed ${fresh.changed} and read ${fresh.itemsRead}`);
    if (problems.length) throw new Error(`expiry job is wrong:\n  ${problems.slice(0, 30).join('\n  ')}${problems.length > 30 ? `\n  … ${problems.length - 30} more` : ''}`);

    const figures = {
      bench: 'expiry-job',
      members: MEMBERS,
      targeted: result.changed,
      processed: result.processed,
      itemsRead: result.itemsRead,
      ratio: Number((result.itemsRead / Math.max(1, result.changed)).toFixed(2)),
      seconds: Number((ms / 1000).toFixed(3)),
      pointsExpired: expiringTotal,
      rerunChanged: rerun.changed,
      rerunWithoutCheckpointsChanged: fresh.changed,
      rerunWithoutCheckpointsItemsRead: fresh.itemsRead,
    };
    console.log(`expiry job  ${figures.members} accounts, ${figures.targeted} expired (${expiringTotal} points) in ${figures.seconds} s, ${figures.itemsRead} items read, ratio ${figures.ratio}`);
    console.log(`rerun       changed ${rerun.changed}; without checkpoints changed ${fresh.changed}, read ${fresh.itemsRead}`);
    console.log(`checked     ${targets.length} expired accounts (balance, buckets, index key, ledger) and ${sample.length} others untouched`);
    return figures;
  } finally {
    setClock(null);
    await dynamo.stop();
  }
}
