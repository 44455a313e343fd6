/**
 * Transaction pieces for points and tiers. A use case reads an account, computes the new state
 * with the pure domain functions, and composes these pieces into one Tx; each piece carries the
 * condition that makes a concurrent or repeated write fail instead of double-counting.
 */
import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { balanceOf, nextExpiryOf, type EarnOutcome, type PointsState, type QualifyingMonths, type TierChange, type TierState } from '../../../shared/domain';
import { db } from './client';
import { indexKeys, keys, memberPk, skPrefix } from './keys';
import type { PointsRecord } from './member-repo';
import type { LedgerEntryDraft, LedgerType } from '../../../shared/domain';
import { Tx } from './tx';
import { commit, type Written } from './unit';

/** Ledger entries are drafted by the domain (shared/domain/earn.ts) and written here. */
export type { LedgerType };
export type LedgerEntryInput = LedgerEntryDraft;

export interface LedgerEntryRecord {
  entryId: string;
  type: LedgerType;
  points: number;
  balanceAfter: number;
  createdAt: string;
  description: string;
  source: { kind: string; id: string };
  storeId: string | null;
  ruleVersion: number | null;
  note: string | null;
  byMember: string | null;
}

/**
 * The points item moves from `before` to `next` (condition: the revision read), with one ledger
 * entry per movement. The entries' amounts must sum to the change in balance.
 */
export function writePoints(
  tx: Tx,
  p: { before: PointsRecord; next: PointsState; entries: LedgerEntryInput[]; at: string; earned?: number; label?: string },
): { balanceAfter: number; entryIds: string[] } {
  const { before, next, entries, at } = p;
  const l = p.label ?? '';
  const start = balanceOf(before.state);
  const end = balanceOf(next);
  const sum = entries.reduce((s, e) => s + e.points, 0);
  if (start + sum !== end) throw new Error(`ledger entries (${sum}) do not match the balance change (${start} -> ${end})`);
  if (end < 0 || next.debt < 0) throw new Error('a balance never goes negative');
  const nextExpiry = nextExpiryOf(next);
  const values: Record<string, unknown> = {
    ':b': next.buckets,
    ':d': next.debt,
    ':bal': end,
    ':rev': before.rev + 1,
    ':e': p.earned ?? 0,
    ':at': at,
    ':m': before.memberId,
  };
  let set = 'SET buckets = :b, debt = :d, balance = :bal, rev = :rev, earnedTotal = if_not_exists(earnedTotal, :zero) + :e, updatedAt = :at, memberId = :m';
  values[':zero'] = 0;
  if (nextExpiry) {
    // The expiry job finds accounts through GSI1 by their soonest expiry date (sparse: only accounts with expiring points).
    set += ', GSI1PK = :g1pk, GSI1SK = :g1sk';
    const idx = indexKeys.pointsExpiry(before.memberId, nextExpiry);
    values[':g1pk'] = idx.GSI1PK;
    values[':g1sk'] = idx.GSI1SK;
  } else {
    set += ' REMOVE GSI1PK, GSI1SK';
  }
  let condition = 'rev = :old';
  if (before.rev === 0) condition = 'attribute_not_exists(rev) OR rev = :old';
  values[':old'] = before.rev;
  tx.update(`${l}points`, keys.points(before.memberId), { set, condition, values });

  let running = start;
  const entryIds: string[] = [];
  entries.forEach((e, i) => {
    running += e.points;
    const entryId = `${i}${randomUUID().replace(/-/g, '').slice(0, 15)}`;
    entryIds.push(entryId);
    tx.put(`${l}ledger${i}`, {
      ...keys.ledger(before.memberId, at, entryId),
      entryId,
      memberId: before.memberId,
      type: e.type,
      points: e.points,
      balanceAfter: running,
      createdAt: at,
      description: e.description,
      source: e.source,
      storeId: e.storeId ?? null,
      ruleVersion: e.ruleVersion ?? null,
      note: e.note ?? null,
      byMemberId: e.byMemberId ?? null,
      byMember: e.byMember ?? null,
      ...(e.detail ?? {}),
    });
  });

  // Members who owe points after a return are listed for the admin.
  if (before.state.debt === 0 && next.debt > 0) tx.put(`${l}debt`, { ...keys.debt(before.memberId), memberId: before.memberId, debt: next.debt, since: at });
  else if (before.state.debt > 0 && next.debt === 0) tx.delete(`${l}debt`, keys.debt(before.memberId));
  else if (next.debt !== before.state.debt) tx.update(`${l}debt`, keys.debt(before.memberId), { set: 'SET debt = :d', values: { ':d': next.debt } });
  return { balanceAfter: end, entryIds };
}

/**
 * The write of the one earn-points recipe (`earnPoints` in shared/domain/earn.ts): the holder's points
 * and ledger entries, and, when the earning counts toward her tier, her qualifying totals and tier
 * (conditioned on `qrev`) with a tier-history item on upgrade. `holderExtra` adds profile attributes
 * to that same profile update; `wroteHolder` says whether it was made (else the caller writes them).
 *
 * @example
 * const e = earningFor(acct, brand, day, [{ points, bucket: earningBucket(rules.expiry, day), entry }]); // functions/core/earn.ts
 * const { balanceAfter } = writeEarning(tx, { holder: acct.holder, points: acct.points, earning: e, at, historySource: 'event' });
 */
export function writeEarning(
  tx: Tx,
  p: {
    holder: { memberId: string; qrev: number };
    points: PointsRecord;
    earning: EarnOutcome;
    at: string;
    historySource: string;
    holderExtra?: Record<string, unknown>;
  },
): { balanceAfter: number; wroteHolder: boolean } {
  const { balanceAfter } = writePoints(tx, { before: p.points, next: p.earning.state, entries: p.earning.entries, at: p.at, earned: p.earning.earned });
  const s = p.earning.standing;
  if (!s) return { balanceAfter, wroteHolder: false };
  writeTierState(tx, p.holder.memberId, p.holder.qrev, { qualifying: s.qualifying, tier: s.tier, ...(p.holderExtra ? { extra: p.holderExtra } : {}) });
  if (s.change) writeTierHistory(tx, p.holder.memberId, p.at, s.change, { source: p.historySource });
  return { balanceAfter, wroteHolder: true };
}

/** A movement from a deterministic source is written once: the guard item fails a repeat. */
export function guardSource(tx: Tx, memberId: string, sourceId: string, at: string, result?: unknown) {
  tx.create('guard', { ...keys.source(memberId, sourceId), at, ...(result !== undefined ? { result } : {}) }, true);
}

/** Counts an event award against its per-period limit. */
export function countLimit(tx: Tx, memberId: string, event: string, period: string, max: number, at: string) {
  tx.update('limit', keys.limit(memberId, event, period), {
    set: 'SET #c = if_not_exists(#c, :zero) + :one, updatedAt = :at, #ttl = :ttl',
    condition: 'attribute_not_exists(#c) OR #c < :max',
    names: { '#c': 'count', '#ttl': 'ttl' },
    values: { ':zero': 0, ':one': 1, ':max': max, ':at': at, ':ttl': Math.floor(Date.parse(at) / 1000) + 40 * 86_400 },
  });
}

/**
 * The account holder's tier and qualifying totals, conditioned on the revision read.
 * `extra` adds plain SETs (e.g. lastPurchaseAt).
 */
export function writeTierState(
  tx: Tx,
  memberId: string,
  qrev: number,
  next: { qualifying?: QualifyingMonths; tier?: TierState; extra?: Record<string, unknown>; remove?: string[] },
  label = 'profile',
) {
  const sets: string[] = ['qrev = :nrev'];
  const values: Record<string, unknown> = { ':nrev': qrev + 1, ':rev': qrev };
  const removes: string[] = [...(next.remove ?? [])];
  if (next.qualifying) {
    sets.push('qualifying = :q');
    values[':q'] = next.qualifying;
  }
  if (next.tier) {
    sets.push('tierCode = :tc', 'tierSince = :ts');
    values[':tc'] = next.tier.tierCode;
    values[':ts'] = next.tier.since;
    if (next.tier.retainUntil) {
      sets.push('tierRetainUntil = :tr');
      values[':tr'] = next.tier.retainUntil;
    } else removes.push('tierRetainUntil');
    if (next.tier.manual) {
      sets.push('manualTier = :mt');
      values[':mt'] = next.tier.manual;
    } else removes.push('manualTier');
  }
  for (const [k, v] of Object.entries(next.extra ?? {})) {
    sets.push(`${k} = :x_${k}`);
    values[`:x_${k}`] = v;
  }
  tx.update(label, keys.profile(memberId), {
    set: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${[...new Set(removes)].join(', ')}` : ''}`,
    condition: qrev === 0 ? 'attribute_exists(PK) AND (attribute_not_exists(qrev) OR qrev = :rev)' : 'qrev = :rev',
    values,
  });
}

export function writeTierHistory(tx: Tx, memberId: string, at: string, change: TierChange, p: { source?: string; note?: string | null; by?: string | null } = {}) {
  tx.put('tierHistory', {
    ...keys.tierHistory(memberId, `${at}#${randomUUID().slice(0, 8)}`),
    memberId,
    from: change.from,
    to: change.to,
    reason: change.reason,
    source: p.source ?? null,
    note: p.note ?? null,
    by: p.by ?? null,
    createdAt: at,
    // Tier reached or lost, by day (Asia/Shanghai): the care job reads one day's changes.
    ...indexKeys.tierEvent(at, memberId),
  });
}

/**
 * An audit entry: the AUDIT row (GSI1 by target) and its actor's copy (AUDITBY#<actor>), in the caller's
 * transaction, so the audit log page filters by date, target (member) or actor with a key query.
 */
export function writeAudit(tx: Tx, a: { at: string; actor: string; action: string; target: string; before: unknown; after: unknown }) {
  const id = randomUUID().slice(0, 8);
  const entry = { ...a, before: a.before ?? null, after: a.after ?? null };
  tx.put('audit', { ...keys.audit(a.at, id), ...entry, ...indexKeys.audit(a.target, a.at) });
  tx.put('audit-actor', { ...keys.auditByActor(a.actor, a.at, id), ...entry });
}

export async function listLedger(
  memberId: string,
  p: { limit: number; afterSk: string | null; type?: LedgerType | undefined },
): Promise<{ entries: LedgerEntryRecord[]; lastSk: string | null }> {
  const { client, table } = db();
  const entries: LedgerEntryRecord[] = [];
  let start: Record<string, unknown> | undefined = p.afterSk ? { PK: memberPk(memberId), SK: p.afterSk } : undefined;
  let lastSk: string | null = null;
  // A type filter may need more than one page to fill `limit`; stop after a few rounds.
  for (let round = 0; round < 5; round++) {
    const res = await client.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
        ...(p.type ? { FilterExpression: '#t = :t', ExpressionAttributeNames: { '#t': 'type' } } : {}),
        ExpressionAttributeValues: { ':pk': memberPk(memberId), ':p': skPrefix.ledger, ...(p.type ? { ':t': p.type } : {}) },
        ScanIndexForward: false,
        Limit: p.limit - entries.length,
        ExclusiveStartKey: start,
      }),
    );
    for (const i of res.Items ?? []) {
      entries.push({
        entryId: i.entryId,
        type: i.type,
        points: i.points,
        balanceAfter: i.balanceAfter,
        createdAt: i.createdAt,
        description: i.description,
        source: i.source,
        storeId: i.storeId ?? null,
        ruleVersion: i.ruleVersion ?? null,
        note: i.note ?? null,
        byMember: i.byMember ?? null,
      });
    }
    start = res.LastEvaluatedKey;
    lastSk = (start?.SK as string | undefined) ?? null;
    if (!start || entries.length >= p.limit) break;
  }
  return { entries, lastSk };
}

/** Sums a member's whole ledger: the invariant checks compare it with the balance. */
export async function sumLedger(memberId: string): Promise<{ sum: number; count: number }> {
  let sum = 0;
  let count = 0;
  let sk: string | null = null;
  do {
    const page = await listLedger(memberId, { limit: 100, afterSk: sk });
    for (const e of page.entries) {
      sum += e.points;
      count++;
    }
    sk = page.lastSk;
  } while (sk);
  return { sum, count };
}

export async function listTierHistory(memberId: string, limit = 50) {
  const { client, table } = db();
  const res = await client.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
      ExpressionAttributeValues: { ':pk': memberPk(memberId), ':p': skPrefix.tierHistory },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (res.Items ?? []).map((i) => ({
    at: i.createdAt as string,
    from: i.from as string,
    to: i.to as string,
    reason: i.reason as string,
    note: (i.note as string | null) ?? null,
    by: (i.by as string | null) ?? null,
  }));
}

// ---- units of work: one transaction each, failures named for the caller ----------------------

export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  target: string;
  before: unknown;
  after: unknown;
}

/** A points movement as the use case decided it: the account read, its next state, the entries. */
export interface Movement {
  before: PointsRecord;
  next: PointsState;
  entries: LedgerEntryInput[];
  earned?: number;
}

/** The account holder's tier and qualifying totals as decided (condition: the revision read). */
export interface TierWrite {
  memberId: string;
  qrev: number;
  qualifying?: QualifyingMonths;
  tier?: TierState;
  change?: TierChange | null;
  history?: { source?: string; note?: string | null; by?: string | null };
  extra?: Record<string, unknown>;
}

function writeTier(tx: Tx, t: TierWrite, at: string) {
  writeTierState(tx, t.memberId, t.qrev, { ...(t.qualifying ? { qualifying: t.qualifying } : {}), ...(t.tier ? { tier: t.tier } : {}), ...(t.extra ? { extra: t.extra } : {}) });
  if (t.change) writeTierHistory(tx, t.memberId, at, t.change, t.history ?? {});
}

/**
 * An event's points (registration, first purchase, scan, birthday…): the guard of its occurrence,
 * its per-period counter, the movement and, when tiers qualify on points, the holder's tier.
 */
export async function recordEventAward(p: {
  memberId: string;
  sourceId: string;
  at: string;
  limit?: { event: string; period: string; max: number } | null;
  movement: Movement;
  tier?: TierWrite | null;
}): Promise<Written<'already_applied' | 'limit_reached' | 'revision_moved', { balanceAfter: number }>> {
  const tx = new Tx();
  guardSource(tx, p.memberId, p.sourceId, p.at);
  if (p.limit) countLimit(tx, p.memberId, p.limit.event, p.limit.period, p.limit.max, p.at);
  const w = writePoints(tx, { ...p.movement, at: p.at });
  if (p.tier) writeTier(tx, p.tier, p.at);
  const out = await commit(tx, [['guard', 'already_applied'], ['limit', 'limit_reached']], 'revision_moved');
  return out.ok ? { ok: true, balanceAfter: w.balanceAfter } : { ok: false, failed: out.failed };
}

/** Points spent once per source (`spend#<id>`, the guard keeps the points spent). */
export async function recordSpend(p: { memberId: string; sourceId: string; at: string; points: number; movement: Movement }): Promise<Written<'already_applied' | 'revision_moved', { balanceAfter: number }>> {
  const tx = new Tx();
  guardSource(tx, p.memberId, p.sourceId, p.at, { points: p.points });
  const w = writePoints(tx, { ...p.movement, at: p.at });
  const out = await commit(tx, [['guard', 'already_applied']], 'revision_moved');
  return out.ok ? { ok: true, balanceAfter: w.balanceAfter } : { ok: false, failed: out.failed };
}

export interface AdjustmentRecord {
  entryId: string;
  balance: number;
  at: string;
  points: number;
  reason: string;
}

/**
 * An admin's adjustment, once per adjustment id: the movement, a guard keeping what it did (a retry
 * answers it), the audit. 'already_applied' carries the first adjustment's record.
 */
export async function recordAdjustment(p: {
  memberId: string;
  adjustmentId: string;
  actor: string;
  at: string;
  points: number;
  reason: string;
  movement: Movement;
}): Promise<{ ok: true; entryId: string; balance: number } | { ok: false; failed: 'already_applied'; previous: AdjustmentRecord | null } | { ok: false; failed: 'revision_moved' }> {
  const tx = new Tx();
  const w = writePoints(tx, { ...p.movement, at: p.at });
  const entryId = w.entryIds[0]!;
  guardSource(tx, p.memberId, `adjust#${p.adjustmentId}`, p.at, { entryId, balance: w.balanceAfter, at: p.at, points: p.points, reason: p.reason });
  writeAudit(tx, {
    at: p.at,
    actor: p.actor,
    action: 'points.adjust',
    target: `member:${p.memberId}`,
    before: { balance: balanceOf(p.movement.before.state) },
    after: { balance: w.balanceAfter, points: p.points, reason: p.reason, adjustmentId: p.adjustmentId },
  });
  const out = await commit(tx, [['guard', 'already_applied']], 'revision_moved');
  if (out.ok) return { ok: true, entryId, balance: w.balanceAfter };
  if (out.failed === 'already_applied') return { ok: false, failed: 'already_applied', previous: (out.old('guard')?.result as AdjustmentRecord | undefined) ?? null };
  return { ok: false, failed: 'revision_moved' };
}

/** Expired points of one account for a run day (one guard per day and dates: a rerun expires nothing twice). */
export async function recordExpiry(p: { memberId: string; guardId: string; at: string; movement: Movement }): Promise<Written<'already_applied' | 'revision_moved'>> {
  const tx = new Tx();
  writePoints(tx, { ...p.movement, at: p.at });
  guardSource(tx, p.memberId, p.guardId, p.at);
  const out = await commit(tx, [['guard', 'already_applied']], 'revision_moved');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

/** The scheduled evaluation's result for one member: tier state (and the day evaluated), its history item. */
export async function recordTierEvaluation(p: { memberId: string; qrev: number; tier: TierState; change: TierChange | null; day: string; at: string }): Promise<Written<'revision_moved'>> {
  const tx = new Tx();
  writeTier(
    tx,
    {
      memberId: p.memberId,
      qrev: p.qrev,
      tier: p.tier,
      change: p.change,
      extra: { tierEvaluatedOn: p.day },
      history: { source: `evaluation#${p.day}`, note: p.change?.reason === 'manual_ended' ? '手动等级到期' : null },
    },
    p.at,
  );
  const out = await commit(tx, [], 'revision_moved');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

/** A tier set by hand: the state, its history item, the audit. */
export async function recordManualTier(p: { tier: TierWrite; audit: AuditEntry }): Promise<Written<'revision_moved'>> {
  const tx = new Tx();
  writeTier(tx, p.tier, p.audit.at);
  writeAudit(tx, p.audit);
  const out = await commit(tx, [], 'revision_moved');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

/** Profile fields kept under the tier revision (tags, family fields), with an optional audit. */
export async function recordProfileChange(p: { memberId: string; qrev: number; extra: Record<string, unknown>; remove?: string[]; audit?: AuditEntry | null }): Promise<Written<'revision_moved'>> {
  const tx = new Tx();
  writeTierState(tx, p.memberId, p.qrev, { extra: p.extra, ...(p.remove ? { remove: p.remove } : {}) });
  if (p.audit) writeAudit(tx, p.audit);
  const out = await commit(tx, [], 'revision_moved');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

/** An audit entry on its own (exports, deletions, bulk actions). */
export async function recordAudit(a: AuditEntry): Promise<void> {
  const tx = new Tx();
  writeAudit(tx, a);
  await tx.send();
}
