/**
 * Paid membership (issue 17): plans, the brand's membership settings, the member's PLUS item (the term,
 * its purchases, the packs given, the last perk used) with its running-term index (GSI1 PLUSEND#<shard>),
 * and the transaction parts that crediting, refunding and a failed refund write.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { MembershipPlanInput } from '../../../shared/contract';
import type { PurchaseFact } from '../../../shared/domain/membership';
import { writeAudit, type AuditEntry } from './account-repo';
import { clearBrandCache } from './brand-repo';
import { db } from './client';
import { voidCoupon } from './coupon-repo';
import { indexKeys, keys, PLUS_SHARDS } from './keys';
import type { SegmentSource } from './jobs-repo';
import { queryAll } from './read';
import { Tx, type TxPart } from './tx';
import { commit, type Written } from './unit';

export interface PlanRecord extends Omit<MembershipPlanInput, 'priceFen'> {
  id: string;
  priceFen: number;
  rev: number;
  createdAt: string;
  updatedAt: string;
}

export interface PlusPurchase extends PurchaseFact {
  planId: string;
  /** The refund accepted for it (its out_refund_no), once asked. */
  outRefundNo?: string | null;
}

/** A pack coupon given in a term: voided by a refund of the purchase it came after, while unused. */
export interface PackCoupon {
  couponId: string;
  templateId: string;
  month: number;
  at: string;
}

export interface PlusRecord {
  memberId: string;
  /** The plan of the latest purchase, as sold (name, badge, multiplier, pack). */
  planId: string;
  planName: string;
  badge: string;
  multiplier: number;
  couponTemplateIds: string[];
  /** The current term: the order that opened it (names its pack coupons), first Beijing date and months (shared/domain/membership.ts). */
  termId: string;
  startDate: string;
  months: number;
  termEnd: string;
  state: 'active' | 'ended';
  purchases: PlusPurchase[];
  /** Months of the pack given in the current term. */
  packsIssued: number;
  /** Pack coupons given lately (the last 8 days' are kept: a refund voids them). */
  packCoupons: PackCoupon[];
  /** The last time a perk was used (an order earned with the plan's multiplier). */
  lastPerkAt: string | null;
  rev: number;
  updatedAt: string;
}

const strip = <T>(i: Record<string, unknown>): T => {
  const { PK: _pk, SK: _sk, GSI1PK: _g1, GSI1SK: _g2, ...rest } = i;
  return rest as T;
};

// ---- plans ----

export async function getPlan(planId: string): Promise<PlanRecord | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.membershipPlan(planId), ConsistentRead: true }));
  return res.Item ? strip<PlanRecord>(res.Item) : null;
}

/** Every plan, newest first (GSI1 PLANS). */
export async function listPlans(): Promise<PlanRecord[]> {
  const items = await queryAll({ IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': indexKeys.plansPk() }, ScanIndexForward: false });
  return items.map((i) => strip<PlanRecord>(i));
}

/** A new plan with its audit entry. */
export async function insertPlan(p: PlanRecord, audit: AuditEntry): Promise<Written<'conflict'>> {
  const tx = new Tx();
  tx.create('plan', { ...keys.membershipPlan(p.id), ...p, ...indexKeys.plan(p.createdAt, p.id) });
  writeAudit(tx, audit);
  const out = await commit(tx, [], 'conflict');
  return out.ok ? out : { ok: false, failed: out.failed };
}

/** A plan's new definition over the revision read, audited. */
export async function savePlanEdit(p: PlanRecord, expectedRev: number, audit: AuditEntry): Promise<Written<'revision_moved'>> {
  const tx = new Tx();
  tx.put('plan', { ...keys.membershipPlan(p.id), ...p, ...indexKeys.plan(p.createdAt, p.id) }, { expr: 'rev = :r', values: { ':r': expectedRev } });
  writeAudit(tx, audit);
  const out = await commit(tx, [], 'revision_moved');
  return out.ok ? out : { ok: false, failed: out.failed };
}

// ---- settings (in the BRAND partition: loadBrandConfig reads them with the program) ----

export interface PlusSettingsRecord {
  stackPlusWithTier: boolean;
  rev: number;
}

export async function getPlusSettings(): Promise<PlusSettingsRecord> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.plusSettings(), ConsistentRead: true }));
  return { stackPlusWithTier: !!res.Item?.stackPlusWithTier, rev: (res.Item?.rev as number | undefined) ?? 0 };
}

/** The settings over the revision read (0 when never saved), audited; drops the brand cache. */
export async function savePlusSettings(next: { stackPlusWithTier: boolean }, expectedRev: number, audit: AuditEntry): Promise<Written<'revision_moved'>> {
  const tx = new Tx();
  tx.put(
    'settings',
    { ...keys.plusSettings(), stackPlusWithTier: next.stackPlusWithTier, rev: expectedRev + 1, updatedAt: audit.at, updatedBy: audit.actor },
    { expr: expectedRev === 0 ? 'attribute_not_exists(PK) OR rev = :r' : 'rev = :r', values: { ':r': expectedRev } },
  );
  writeAudit(tx, audit);
  const out = await commit(tx, [], 'revision_moved');
  clearBrandCache();
  return out.ok ? out : { ok: false, failed: out.failed };
}

// ---- the member's PLUS item ----

export async function getPlus(memberId: string, consistent = true): Promise<PlusRecord | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.plus(memberId), ConsistentRead: consistent }));
  return res.Item ? toPlus(res.Item) : null;
}

const toPlus = (i: Record<string, unknown>): PlusRecord => {
  const r = strip<PlusRecord>(i);
  return { ...r, purchases: r.purchases ?? [], packCoupons: r.packCoupons ?? [], packsIssued: r.packsIssued ?? 0, lastPerkAt: r.lastPerkAt ?? null };
};

/** The PLUS item as a whole, over the revision read (absent when `before` is null); indexed while its term runs. */
function putPlus(tx: Tx, before: PlusRecord | null, next: PlusRecord, label = 'plus') {
  const item = { ...keys.plus(next.memberId), ...next, ...(next.state === 'active' ? indexKeys.plusEnd(next.memberId, next.termEnd) : {}) };
  if (!before) tx.create(label, item);
  else tx.put(label, item, { expr: 'rev = :r', values: { ':r': before.rev } });
}

/**
 * What crediting a paid membership order writes: the guard (this order extends a term once) and the PLUS
 * item over the revision read. A moved revision fails the payment's transaction, which reads again.
 */
export function plusCreditPart(before: PlusRecord | null, next: PlusRecord, outTradeNo: string, at: string): TxPart {
  return {
    apply(tx) {
      tx.create('plusCredit', { ...keys.plusCredit(next.memberId, outTradeNo), at });
      putPlus(tx, before, next);
    },
  };
}

/** Whether a paid order already extended the term (its guard is there). */
export async function plusCredited(memberId: string, outTradeNo: string): Promise<boolean> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.plusCredit(memberId, outTradeNo), ConsistentRead: true }));
  return !!res.Item;
}

/**
 * What a refund takes on our side, in the refund's own transaction: the PLUS item (the purchase's months
 * gone, the purchase marked) over the revision read, and its pack coupons voided — each only while still
 * available, so a coupon used meanwhile fails the refund.
 */
export function plusRefundTakes(before: PlusRecord, next: PlusRecord, voids: string[], ref: string, at: string): TxPart {
  return {
    apply(tx) {
      putPlus(tx, before, next);
      voids.forEach((couponId, i) => voidCoupon(tx, next.memberId, couponId, ref, at, `plusVoid${i}`));
    },
  };
}

/**
 * A refund WeChat did not complete: the months come back (PLUS over the revision read) and the coupons it
 * voided return to the wallet (only those voided by this refund).
 */
export function plusRefundFailedPart(before: PlusRecord, next: PlusRecord, restores: { couponId: string }[], ref: string): TxPart {
  return {
    apply(tx) {
      putPlus(tx, before, next);
      restores.forEach((c, i) =>
        tx.update(`plusRestore${i}`, keys.memberCoupon(next.memberId, c.couponId), {
          set: 'SET #s = :available REMOVE voidedAt, voidReason',
          condition: '#s = :voided AND voidReason = :ref',
          names: { '#s': 'state' },
          values: { ':available': 'available', ':voided': 'voided', ':ref': ref },
        }),
      );
    },
  };
}

/**
 * In the checkout's transaction: the purchase earned with the plan's multiplier (a perk used), only while
 * the term still runs (a refund that moved it back fails the checkout, which reads again).
 */
export function notePlusPerk(tx: Tx, memberId: string, at: string) {
  tx.update('plusPerk', keys.plus(memberId), {
    set: 'SET lastPerkAt = :at, rev = rev + :one',
    condition: 'attribute_exists(PK) AND termEnd > :at',
    values: { ':at': at, ':one': 1 },
  });
}

/** Months of the pack given (and their coupons), only over the term and count read. */
export async function recordPacks(before: PlusRecord, packsIssued: number, coupons: PackCoupon[], keepSince: string): Promise<Written<'revision_moved'>> {
  const next: PlusRecord = {
    ...before,
    packsIssued,
    packCoupons: [...before.packCoupons.filter((c) => c.at >= keepSince), ...coupons],
    rev: before.rev + 1,
  };
  const tx = new Tx();
  putPlus(tx, before, next);
  const out = await commit(tx, [], 'revision_moved');
  return out.ok ? out : { ok: false, failed: out.failed };
}

/** Pack coupons given for a term that a refund ended meanwhile: voided while unused (one transaction each). */
export async function voidPackCoupons(memberId: string, couponIds: string[], reason: string, at: string): Promise<number> {
  let voided = 0;
  for (const couponId of couponIds) {
    const tx = new Tx();
    voidCoupon(tx, memberId, couponId, reason, at, 'coupon');
    if ((await tx.send()).ok) voided++;
  }
  return voided;
}

/** A term whose end has passed: ended, out of the running-term index (only as read). */
export async function endTerm(before: PlusRecord, at: string): Promise<Written<'revision_moved'>> {
  const tx = new Tx();
  putPlus(tx, before, { ...before, state: 'ended', rev: before.rev + 1, updatedAt: at });
  const out = await commit(tx, [], 'revision_moved');
  return out.ok ? out : { ok: false, failed: out.failed };
}

// ---- the running-term index (GSI1 PLUSEND#<shard>) ----

function shardQuery(shard: number, cond: 'ended' | 'running', now: string, start: Record<string, unknown> | undefined, limit: number) {
  const { client, table } = db();
  return client.send(
    new QueryCommand({
      TableName: table,
      IndexName: 'GSI1',
      KeyConditionExpression: cond === 'ended' ? 'GSI1PK = :pk AND GSI1SK < :now' : 'GSI1PK = :pk AND GSI1SK > :now',
      ExpressionAttributeValues: { ':pk': indexKeys.plusEndPk(shard), ':now': now },
      ExclusiveStartKey: start,
      Limit: limit,
    }),
  );
}

/** Terms whose end is before `now` and still marked running: one segment per shard (the term-end job). */
export function termsEndedBy(now: string): SegmentSource<PlusRecord> {
  return {
    segments: PLUS_SHARDS,
    async page(shard, start, limit) {
      const res = await shardQuery(shard, 'ended', now, start, limit);
      return { items: (res.Items ?? []).map(toPlus), lastKey: res.LastEvaluatedKey };
    },
  };
}

/** Terms still running at `now`: one segment per shard (the monthly pack job). */
export function runningTerms(now: string): SegmentSource<PlusRecord> {
  return {
    segments: PLUS_SHARDS,
    async page(shard, start, limit) {
      const res = await shardQuery(shard, 'running', now, start, limit);
      return { items: (res.Items ?? []).map(toPlus), lastKey: res.LastEvaluatedKey };
    },
  };
}

/** How many terms run at `now` (a count per shard, no items read back). */
export async function countRunningTerms(now: string): Promise<number> {
  const { client, table } = db();
  let total = 0;
  await Promise.all(
    Array.from({ length: PLUS_SHARDS }, async (_, shard) => {
      let start: Record<string, unknown> | undefined;
      do {
        const res = await client.send(
          new QueryCommand({
            TableName: table,
            IndexName: 'GSI1',
            KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK > :now',
            ExpressionAttributeValues: { ':pk': indexKeys.plusEndPk(shard), ':now': now },
            Select: 'COUNT',
            ExclusiveStartKey: start,
          }),
        );
        total += res.Count ?? 0;
        start = res.LastEvaluatedKey;
      } while (start);
    }),
  );
  return total;
}

/** Running terms ending between `from` and `to`, soonest first, at most `max`. */
export async function termsEndingBetween(from: string, to: string, max: number): Promise<PlusRecord[]> {
  const all = await Promise.all(
    Array.from({ length: PLUS_SHARDS }, (_, shard) =>
      queryAll({
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :a AND :b',
        ExpressionAttributeValues: { ':pk': indexKeys.plusEndPk(shard), ':a': from, ':b': `${to}#~` },
      }, max),
    ),
  );
  return all
    .flat()
    .map(toPlus)
    .sort((a, b) => (a.termEnd < b.termEnd ? -1 : 1))
    .slice(0, max);
}
