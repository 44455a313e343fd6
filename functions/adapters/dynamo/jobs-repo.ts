/**
 * Reads for scheduled work: through indexes and resumable checkpoints, never by scanning the base
 * table. One segment-scan runner (`runSegmentScan`) serves every job that walks a whole index in
 * parallel segments with a checkpoint per segment (the tier evaluation over the profile index, the
 * points expiry over the expiry shards); the named reads below find the members of a day for the
 * care jobs and the birthday bonus.
 */
import { GetCommand, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { budgetLeftMs } from '../budget';
import { db } from './client';
import { EXPIRY_SHARDS, indexKeys, keys } from './keys';
import { toMember, toPoints, type MemberRecord, type PointsRecord } from './member-repo';
import { queryAll } from './read';

export type StartKey = Record<string, unknown> | undefined;

export interface Checkpoint {
  lastKey: StartKey;
  done: boolean;
  processed: number;
  changed: number;
  itemsRead: number;
}

export async function getCheckpoint(job: string, runId: string, segment: number): Promise<Checkpoint | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.jobSegment(job, runId, segment), ConsistentRead: true }));
  if (!res.Item) return null;
  return { lastKey: res.Item.lastKey ?? undefined, done: !!res.Item.done, processed: res.Item.processed ?? 0, changed: res.Item.changed ?? 0, itemsRead: res.Item.itemsRead ?? 0 };
}

export async function saveCheckpoint(job: string, runId: string, segment: number, c: Checkpoint, at: string) {
  const { client, table } = db();
  await client.send(
    new PutCommand({
      TableName: table,
      Item: { ...keys.jobSegment(job, runId, segment), ...c, lastKey: c.lastKey ?? null, updatedAt: at, ttl: Math.floor(Date.parse(at) / 1000) + 30 * 86_400 },
    }),
  );
}

// ---- the segment-scan runner ---------------------------------------------------------------------

/** What a job walks: `segments` independent segments, each read page by page from a start key. */
export interface SegmentSource<T> {
  segments: number;
  page(segment: number, start: StartKey, limit: number): Promise<{ items: T[]; lastKey: StartKey }>;
}

/** What the job did with one page: members processed and changed, and any items it read besides the page. */
export interface PageDone {
  processed: number;
  changed: number;
  itemsRead?: number;
}

export interface ScanTotals {
  /** False when the run stopped early (`stopAfterPages`): a later run with the same id resumes it. */
  done: boolean;
  processed: number;
  changed: number;
  itemsRead: number;
}

/**
 * Walks every segment of `source` in parallel, page after page, handing each page to `onPage` and
 * saving the segment's checkpoint (JOB#<job>#<runId> / SEG#<n>: last key, counts) after each page.
 * A run with the same job and run id resumes from the checkpoints (a finished segment is not read
 * again). The totals are this invocation's own work. `stopAfterPages` (tests) stops after that
 * many pages over all segments.
 */
/** A page and its checkpoint take well under this: a scan stops when less is left of the job's budget. */
const jobStopMarginMs = () => Number(process.env.JOB_STOP_MARGIN_MS) || 60_000;

export async function runSegmentScan<T>(p: {
  job: string;
  runId: string;
  source: SegmentSource<T>;
  pageSize: number;
  stopAfterPages?: number | undefined;
  now: () => Date;
  onPage: (items: T[]) => Promise<PageDone>;
}): Promise<ScanTotals> {
  const total: ScanTotals = { done: true, processed: 0, changed: 0, itemsRead: 0 };
  let pages = 0;
  await Promise.all(
    Array.from({ length: p.source.segments }, async (_, segment) => {
      const cp: Checkpoint = (await getCheckpoint(p.job, p.runId, segment)) ?? { lastKey: undefined, done: false, processed: 0, changed: 0, itemsRead: 0 };
      const start = { ...cp };
      while (!cp.done) {
        if (p.stopAfterPages !== undefined && pages >= p.stopAfterPages) {
          total.done = false;
          break;
        }
        // Issue 20: inside a job's time budget, stop at the last checkpoint well before the Lambda timeout.
        const left = budgetLeftMs();
        if (left !== null && left < jobStopMarginMs()) {
          total.done = false;
          break;
        }
        pages++;
        const page = await p.source.page(segment, cp.lastKey, p.pageSize);
        cp.itemsRead += page.items.length;
        const r = await p.onPage(page.items);
        cp.processed += r.processed;
        cp.changed += r.changed;
        cp.itemsRead += r.itemsRead ?? 0;
        cp.lastKey = page.lastKey;
        cp.done = !page.lastKey;
        await saveCheckpoint(p.job, p.runId, segment, cp, p.now().toISOString());
      }
      total.processed += cp.processed - start.processed;
      total.changed += cp.changed - start.changed;
      total.itemsRead += cp.itemsRead - start.itemsRead;
    }),
  );
  return total;
}

/**
 * Every member profile: a parallel scan of the profile index (GSI2 holds profiles only, so the
 * scan reads one item per member), `segments` scan segments. The tier evaluation's source.
 */
export function memberProfiles(segments: number): SegmentSource<MemberRecord> {
  return {
    segments,
    async page(segment, start, limit) {
      const { client, table } = db();
      const res = await client.send(new ScanCommand({ TableName: table, IndexName: 'GSI2', Segment: segment, TotalSegments: segments, ExclusiveStartKey: start, Limit: limit }));
      return { items: (res.Items ?? []).map(toMember), lastKey: res.LastEvaluatedKey };
    },
  };
}

/**
 * Points accounts whose soonest expiry is before `day`: one segment per expiry shard, each a GSI1
 * query of PTEXP#<shard> (sparse: only accounts with points to expire). The expiry job's source.
 */
export function accountsExpiringBefore(day: string): SegmentSource<PointsRecord> {
  return {
    segments: EXPIRY_SHARDS,
    async page(shard, start, limit) {
      const { client, table } = db();
      const res = await client.send(
        new QueryCommand({
          TableName: table,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK < :day',
          ExpressionAttributeValues: { ':pk': indexKeys.pointsExpiryPk(shard), ':day': day },
          ExclusiveStartKey: start,
          Limit: limit,
        }),
      );
      return { items: (res.Items ?? []).map((i) => toPoints(i.memberId as string, i)), lastKey: res.LastEvaluatedKey };
    },
  };
}

// ---- named reads of a day, for the care jobs and the birthday bonus --------------------------------

const onGsi1 = (pk: string, range?: { from: string; to: string }) =>
  queryAll({
    IndexName: 'GSI1',
    KeyConditionExpression: range ? 'GSI1PK = :pk AND GSI1SK BETWEEN :a AND :b' : 'GSI1PK = :pk',
    ExpressionAttributeValues: range ? { ':pk': pk, ':a': range.from, ':b': range.to } : { ':pk': pk },
  });

/** Members born on a month-day (MMDD): GSI1 BIRTHDAY#<MMDD>. */
export async function membersBornOn(mmdd: string): Promise<{ memberIds: string[]; itemsRead: number }> {
  const items = await onGsi1(indexKeys.birthdayPk(mmdd));
  return { memberIds: items.map((i) => i.memberId as string), itemsRead: items.length };
}

/** Accounts with points whose soonest expiry falls within [from, to]: every expiry shard's GSI1 range. */
export async function accountsExpiringBetween(from: string, to: string): Promise<{ accounts: { memberId: string; soonest: string; buckets: { expiresOn: string; points: number }[] }[]; itemsRead: number }> {
  const accounts: { memberId: string; soonest: string; buckets: { expiresOn: string; points: number }[] }[] = [];
  let itemsRead = 0;
  for (let shard = 0; shard < EXPIRY_SHARDS; shard++) {
    const items = await onGsi1(indexKeys.pointsExpiryPk(shard), { from, to: `${to}#~` });
    itemsRead += items.length;
    for (const i of items) {
      accounts.push({ memberId: i.memberId as string, soonest: String(i.GSI1SK).slice(0, 10), buckets: (i.buckets as { expiresOn: string; points: number }[] | undefined) ?? [] });
    }
  }
  return { accounts, itemsRead };
}

/** Tier changes (history items) of a local day: GSI1 TIEREVT#<day>. */
export async function tierEventsOn(day: string): Promise<{ events: { memberId: string; from: string; to: string; at: string }[]; itemsRead: number }> {
  const items = await onGsi1(indexKeys.tierEventPk(day));
  return {
    events: items.map((i) => ({ memberId: i.memberId as string, from: i.from as string, to: i.to as string, at: (i.createdAt as string | undefined) ?? String(i.GSI1SK).split('#')[0]! })),
    itemsRead: items.length,
  };
}

/** Available coupons whose last day is `day`: GSI1 CPEXP#<day>. */
export async function couponsExpiringOn(day: string): Promise<{ coupons: { memberId: string; name: string }[]; itemsRead: number }> {
  const items = await onGsi1(indexKeys.couponExpiryPk(day));
  return { coupons: items.map((i) => ({ memberId: i.memberId as string, name: String(i.name ?? '优惠券') })), itemsRead: items.length };
}

/** Member ids of one tier: a filtered parallel scan of the profile index (an admin action, not a hot path). */
export async function memberIdsInTier(tierCode: string, segments = 4): Promise<string[]> {
  const { client, table } = db();
  const ids: string[] = [];
  await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      let start: StartKey;
      do {
        const res = await client.send(
          new ScanCommand({
            TableName: table,
            IndexName: 'GSI2',
            Segment: segment,
            TotalSegments: segments,
            ExclusiveStartKey: start,
            FilterExpression: 'tierCode = :t AND (attribute_not_exists(familyRole) OR familyRole <> :sec)',
            ExpressionAttributeValues: { ':t': tierCode, ':sec': 'secondary' },
            ProjectionExpression: 'memberId',
          }),
        );
        for (const i of res.Items ?? []) ids.push(i.memberId as string);
        start = res.LastEvaluatedKey;
      } while (start);
    }),
  );
  return ids;
}
