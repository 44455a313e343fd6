/**
 * Product-code batches, the "used" marks of scanned codes, the member's products and the scan
 * abuse signals. No item per code is ever written at generation: a code exists as (batch, serial)
 * plus its signature, and gets an item only when it is scanned.
 */
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BatchState, ProductBatchInput } from '../../../shared/contract';
import { balanceOf } from '../../../shared/domain';
import type { ScanFailure, ScanPlan, ScanResult } from '../../../shared/domain/product-scan';
import { countLimit, writeAudit, writeEarning, writeTierState, type AuditEntry } from './account-repo';
import { db } from './client';
import { countClaim, putMemberCoupon, takeFromShard } from './coupon-repo';
import { isConditionFailed } from './errors';
import { indexKeys, keys, memberPk, skPrefix } from './keys';
import type { PointsRecord } from './member-repo';
import { queryAll } from './read';
import { Tx } from './tx';
import { commit, type Written } from './unit';

export interface BatchRecord {
  batchNo: number;
  state: BatchState;
  definition: ProductBatchInput;
  /** Scan counters are spread over this many shard items (a code counts on shard serial % shards). */
  shards: number;
  createdAt: string;
  createdBy: string;
  rev: number;
}

export interface BatchShard {
  shard: number;
  scanned: number;
  state: BatchState;
}

/** Enough shards that a popular product's scans do not queue on one item (about 1,000 writes/s each). */
export function shardsForBatch(count: number): number {
  return Math.max(1, Math.min(16, Math.ceil(count / 1_000)));
}

/** The next batch number: a counter item, incremented atomically (a failed creation leaves a gap). */
export async function allocateBatchNo(): Promise<number> {
  const { client, table } = db();
  const res = await client.send(
    new UpdateCommand({
      TableName: table,
      Key: keys.productBatchSeq(),
      UpdateExpression: 'SET #n = if_not_exists(#n, :zero) + :one',
      ExpressionAttributeNames: { '#n': 'next' },
      ExpressionAttributeValues: { ':zero': 0, ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return res.Attributes!.next as number;
}

export function createBatch(tx: Tx, b: BatchRecord) {
  tx.create('batch', {
    ...keys.productBatch(b.batchNo),
    ...b,
    ...indexKeys.productBatch(b.createdAt, b.batchNo),
  });
  for (let i = 0; i < b.shards; i++) tx.create(`shard${i}`, { ...keys.productBatchShard(b.batchNo, i), shard: i, scanned: 0, state: b.state });
}

const toBatch = (i: Record<string, unknown>): BatchRecord => ({
  batchNo: i.batchNo as number,
  state: i.state as BatchState,
  definition: i.definition as ProductBatchInput,
  shards: i.shards as number,
  createdAt: i.createdAt as string,
  createdBy: i.createdBy as string,
  rev: i.rev as number,
});

/** A batch and its shards (one query on the batch's partition). */
export async function getBatch(batchNo: number, consistent = true): Promise<{ batch: BatchRecord; shards: BatchShard[] } | null> {
  const { client, table } = db();
  const res = await client.send(
    new QueryCommand({ TableName: table, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': keys.productBatch(batchNo).PK }, ConsistentRead: consistent }),
  );
  const items = res.Items ?? [];
  const b = items.find((i) => i.SK === keys.productBatch(batchNo).SK);
  if (!b) return null;
  const shards = items
    .filter((i) => String(i.SK).startsWith(skPrefix.shard))
    .map((i) => ({ shard: i.shard as number, scanned: i.scanned as number, state: i.state as BatchState }));
  return { batch: toBatch(b), shards };
}

/** Just the batch item (its definition never changes after creation). */
export async function getBatchItem(batchNo: number): Promise<BatchRecord | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.productBatch(batchNo) }));
  return res.Item ? toBatch(res.Item) : null;
}

export async function listBatches(): Promise<BatchRecord[]> {
  const items = await queryAll({ IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': indexKeys.productBatchesPk() }, ScanIndexForward: false });
  return items.map(toBatch);
}

/**
 * A new state on the batch (condition: the revision read) and on every shard, in one transaction:
 * scans check the state on their shard, so a pause takes effect at once without a hot item.
 */
export function setBatchState(tx: Tx, b: BatchRecord, state: BatchState, at: string) {
  tx.update('batch', keys.productBatch(b.batchNo), {
    set: 'SET #s = :s, rev = :n, stateChangedAt = :at',
    condition: 'rev = :r',
    names: { '#s': 'state' },
    values: { ':s': state, ':n': b.rev + 1, ':r': b.rev, ':at': at },
  });
  for (let i = 0; i < b.shards; i++) {
    tx.update(`shard${i}`, keys.productBatchShard(b.batchNo, i), { set: 'SET #s = :s', condition: 'attribute_exists(PK)', names: { '#s': 'state' }, values: { ':s': state } });
  }
}

export interface UsedMark {
  memberId: string;
  at: string;
  /** What the scan gave, so a retry by the same member answers the same. */
  result: Record<string, unknown>;
}

/** The code's "used" mark: only if no scan wrote it before (the old item comes back on failure). */
export function markUsed(tx: Tx, batchNo: number, serial: number, mark: UsedMark) {
  tx.create('used', { ...keys.productCodeUsed(batchNo, serial), batchNo, serial, ...mark }, true);
}

/** One more scan counted on the code's shard, only while the batch is active there. */
export function countScan(tx: Tx, batchNo: number, shard: number) {
  tx.update('scanshard', keys.productBatchShard(batchNo, shard), {
    set: 'SET scanned = scanned + :one',
    condition: '#s = :active',
    names: { '#s': 'state' },
    values: { ':one': 1, ':active': 'active' },
  });
}

/** The member's scans of one batch in a day, within the batch's own limit. */
export function countBatchScan(tx: Tx, memberId: string, batchNo: number, day: string, max: number, at: string) {
  tx.update('batchlimit', keys.limit(memberId, `productScan-${batchNo}`, day), {
    set: 'SET #c = if_not_exists(#c, :zero) + :one, updatedAt = :at, #ttl = :ttl',
    condition: 'attribute_not_exists(#c) OR #c < :max',
    names: { '#c': 'count', '#ttl': 'ttl' },
    values: { ':zero': 0, ':one': 1, ':max': max, ':at': at, ':ttl': Math.floor(Date.parse(at) / 1000) + 40 * 86_400 },
  });
}

export interface MemberProductRecord {
  memberId: string;
  productId: string;
  sku: string;
  name: string;
  batchNo: number;
  serial: number;
  scannedAt: string;
  points: number;
  warrantyMonths: number | null;
  warrantyUntil: string | null;
}

export function putMemberProduct(tx: Tx, p: MemberProductRecord) {
  tx.create('product', { ...keys.memberProduct(p.memberId, p.scannedAt, p.batchNo, p.serial), ...p });
}

export async function listMemberProducts(memberId: string): Promise<MemberProductRecord[]> {
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
    ExpressionAttributeValues: { ':pk': memberPk(memberId), ':p': skPrefix.memberProduct },
    ScanIndexForward: false,
  });
  return items as unknown as MemberProductRecord[];
}

/**
 * Counts a failed code against the member, in place on her profile (no new item): the day's
 * count, reset on a new day. Answers the count after this failure.
 */
export async function countFailedScan(memberId: string, day: string): Promise<number> {
  const { client, table } = db();
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const res = await client.send(
        new UpdateCommand({
          TableName: table,
          Key: keys.profile(memberId),
          UpdateExpression: 'SET scanFailCount = scanFailCount + :one',
          ConditionExpression: 'scanFailDay = :day',
          ExpressionAttributeValues: { ':one': 1, ':day': day },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return res.Attributes!.scanFailCount as number;
    } catch (e) {
      if (!isConditionFailed(e)) throw e;
    }
    try {
      await client.send(
        new UpdateCommand({
          TableName: table,
          Key: keys.profile(memberId),
          UpdateExpression: 'SET scanFailDay = :day, scanFailCount = :one',
          ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(scanFailDay) OR scanFailDay <> :day)',
          ExpressionAttributeValues: { ':one': 1, ':day': day },
        }),
      );
      return 1;
    } catch (e) {
      if (!isConditionFailed(e)) throw e;
      // Another failure started the day meanwhile (or there is no profile): count on it.
    }
  }
  return 0;
}

export interface ScanRiskRecord {
  memberId: string;
  date: string;
  failedCodes: number;
  limitHits: number;
  lastAt: string;
  lastReason: string;
}

/**
 * The member's abuse signal for a day, listed for the admin through GSI1 SCANRISK#<date>.
 * `failedCodes` is set to the day's count; a daily-limit hit adds one to `limitHits`.
 */
export async function recordScanRisk(memberId: string, date: string, at: string, r: { failedCodes?: number; limitHit?: boolean; reason: string }) {
  const { client, table } = db();
  const sets = ['memberId = :m', '#d = :date', 'lastAt = :at', 'lastReason = :why', 'GSI1PK = :g1pk', 'GSI1SK = :m'];
  const values: Record<string, unknown> = { ':m': memberId, ':date': date, ':at': at, ':why': r.reason, ':g1pk': indexKeys.scanRiskPk(date), ':zero': 0 };
  if (r.failedCodes !== undefined) {
    sets.push('failedCodes = :f');
    values[':f'] = r.failedCodes;
  } else sets.push('failedCodes = if_not_exists(failedCodes, :zero)');
  if (r.limitHit) {
    sets.push('limitHits = if_not_exists(limitHits, :zero) + :one');
    values[':one'] = 1;
  } else sets.push('limitHits = if_not_exists(limitHits, :zero)');
  await client.send(
    new UpdateCommand({
      TableName: table,
      Key: keys.scanRisk(memberId, date),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ExpressionAttributeNames: { '#d': 'date' },
      ExpressionAttributeValues: values,
    }),
  );
}

export async function listScanRisks(date: string): Promise<ScanRiskRecord[]> {
  const items = await queryAll({ IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': indexKeys.scanRiskPk(date) } });
  return items.map((i) => ({
    memberId: i.memberId as string,
    date: i.date as string,
    failedCodes: (i.failedCodes as number | undefined) ?? 0,
    limitHits: (i.limitHits as number | undefined) ?? 0,
    lastAt: i.lastAt as string,
    lastReason: i.lastReason as string,
  }));
}

// ---- Units of work: each builds one transaction and answers what failed as a typed value. ----

/** A new batch with its scan shards, audited. */
export async function insertBatch(b: BatchRecord, audit: AuditEntry): Promise<Written<'conflict'>> {
  const tx = new Tx();
  createBatch(tx, b);
  writeAudit(tx, audit);
  const out = await commit(tx, [], 'conflict');
  return out.ok ? out : { ok: false, failed: out.failed };
}

/** A batch's new state (on the batch over its revision, and on every shard), audited. */
export async function changeBatchState(b: BatchRecord, state: BatchState, at: string, audit: AuditEntry): Promise<Written<'revision_moved'>> {
  const tx = new Tx();
  setBatchState(tx, b, state, at);
  writeAudit(tx, audit);
  const out = await commit(tx, [], 'revision_moved');
  return out.ok ? out : { ok: false, failed: out.failed };
}

/**
 * One scan in one transaction: the member's scan limits, the earning (points, ledger entry and, when
 * it counts toward the tier, the holder's qualifying totals with the facts when she is the holder),
 * the facts on her profile otherwise, the coupon (stock shard, claim counter, coupon, code), the
 * member's product, the batch's scan counter (only while active) and the code's used mark (only the
 * first scan writes it; its old item comes back on failure).
 * A failure names what failed, by precedence: code_spent, batch_inactive, limit_reached,
 * coupon_limit_reached, stock_out, revision_moved.
 */
export async function writeScan(
  plan: ScanPlan,
  acct: { member: { memberId: string; qrev: number }; holder: { memberId: string; qrev: number }; points: PointsRecord },
): Promise<{ ok: true; balance: number } | { ok: false; failure: ScanFailure }> {
  const { memberId, at } = plan;
  const tx = new Tx();
  countLimit(tx, memberId, 'productScan', plan.limit.key, plan.limit.count, at);
  if (plan.batchDayLimit) countBatchScan(tx, memberId, plan.batchNo, plan.batchDayLimit.day, plan.batchDayLimit.count, at);
  const own = acct.holder.memberId === acct.member.memberId;
  let balance = balanceOf(acct.points.state);
  let wroteHolder = false;
  if (plan.earning) {
    const w = writeEarning(tx, { holder: acct.holder, points: acct.points, earning: plan.earning, at, historySource: 'event', ...(own ? { holderExtra: plan.facts } : {}) });
    balance = w.balanceAfter;
    wroteHolder = w.wroteHolder;
  }
  if (!own || !wroteHolder) writeTierState(tx, acct.member.memberId, acct.member.qrev, { extra: plan.facts }, own ? 'profile' : 'purchaser');
  if (plan.coupon) {
    const c = plan.coupon.coupon;
    takeFromShard(tx, c.templateId, c.shard, plan.coupon.limited);
    countClaim(tx, memberId, c.templateId, plan.coupon.perMemberLimit, at);
    putMemberCoupon(tx, c);
  }
  putMemberProduct(tx, { memberId, batchNo: plan.batchNo, serial: plan.serial, scannedAt: at, ...plan.product });
  countScan(tx, plan.batchNo, plan.scanShard);
  markUsed(tx, plan.batchNo, plan.serial, { memberId, at, result: { ...plan.result } });
  const out = await tx.send();
  if (out.ok) return { ok: true, balance };
  if (out.failed.includes('used')) {
    const old = out.item('used');
    return { ok: false, failure: { kind: 'code_spent', mark: old ? { memberId: old.memberId as string, at: old.at as string, result: old.result as ScanResult } : null } };
  }
  if (out.failed.includes('scanshard')) return { ok: false, failure: { kind: 'batch_inactive' } };
  if (out.failed.includes('limit')) return { ok: false, failure: { kind: 'limit_reached', which: 'period' } };
  if (out.failed.includes('batchlimit')) return { ok: false, failure: { kind: 'limit_reached', which: 'batch_day' } };
  if (out.failed.includes('claims')) return { ok: false, failure: { kind: 'coupon_limit_reached' } };
  if (out.failed.includes('shard')) return { ok: false, failure: { kind: 'stock_out' } };
  return { ok: false, failure: { kind: 'revision_moved' } };
}
