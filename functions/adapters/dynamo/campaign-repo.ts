/**
 * Campaigns: the campaign item (with its approval trail), a due marker per approved campaign (the
 * scheduler reads `CAMPAIGNDUE` up to now instead of scanning campaigns), a run item per occurrence
 * and one recipient item per member and run (what happened to her: outcome, coupon).
 */
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CampaignInput } from '../../../shared/contract/campaigns';
import type { CampaignOutcome, CampaignState, RunTally } from '../../../shared/domain/campaigns';
import { writeAudit, type AuditEntry } from './account-repo';
import { db } from './client';
import { isConditionFailed } from './errors';
import { indexKeys, keys, partitions, skPrefix } from './keys';
import { batchGetAll, queryAll } from './read';
import { Tx } from './tx';
import { commit, type Written } from './unit';

export interface CampaignRecord {
  id: string;
  state: CampaignState;
  definition: CampaignInput;
  segmentName: string | null;
  couponName: string | null;
  createdBy: string;
  createdAt: string;
  submittedBy: string | null;
  submittedAt: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  rejectedBy: string | null;
  rejectedAt: string | null;
  rejectReason: string | null;
  cancelledBy: string | null;
  cancelledAt: string | null;
  /** The occurrence to run next (approved or running). */
  nextRunAt: string | null;
  nextRunId: string | null;
  lastRunId: string | null;
  runs: number;
  /** While running: the run holds the campaign until then (a crashed run is resumed after it). */
  leaseUntil: string | null;
  rev: number;
}

export interface RunRecord {
  runId: string;
  scheduledAt: string;
  startedAt: string;
  finishedAt: string | null;
  tally: RunTally | null;
}

export interface RecipientRecord {
  memberId: string;
  outcome: CampaignOutcome;
  errcode: number | null;
  couponId: string | null;
  couponError: string | null;
  at: string;
}

const strip = <T>(i: Record<string, unknown>): T => {
  const { PK: _pk, SK: _sk, GSI1PK: _g1, GSI1SK: _g2, ...rest } = i;
  return rest as T;
};

export const toCampaign = (i: Record<string, unknown>): CampaignRecord => strip<CampaignRecord>(i);

export function createCampaign(tx: Tx, c: CampaignRecord) {
  tx.create('campaign', { ...keys.campaign(c.id), ...c, ...indexKeys.campaign(c.createdAt, c.id) });
}

/** Writes the campaign's changed fields, only over the revision it was read at. */
export function updateCampaign(tx: Tx, before: CampaignRecord, next: CampaignRecord, label = 'campaign') {
  const changed = Object.keys(next).filter((k) => k !== 'rev' && k !== 'id' && JSON.stringify((next as never)[k]) !== JSON.stringify((before as never)[k]));
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':read': before.rev, ':next': before.rev + 1 };
  const sets = changed.map((k, i) => {
    names[`#f${i}`] = k;
    values[`:v${i}`] = (next as never)[k];
    return `#f${i} = :v${i}`;
  });
  tx.update(label, keys.campaign(before.id), {
    set: `SET ${[...sets, 'rev = :next'].join(', ')}`,
    condition: 'rev = :read',
    ...(changed.length ? { names } : {}),
    values,
  });
}

/** The scheduler's index: one marker per campaign with a run to come, keyed by when it is due. */
export function putDue(tx: Tx, at: string, id: string) {
  tx.put('due', { ...keys.campaignDue(at, id), campaignId: id, at });
}
export function deleteDue(tx: Tx, at: string, id: string) {
  tx.delete('undue', keys.campaignDue(at, id));
}

export async function getCampaign(id: string): Promise<CampaignRecord | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.campaign(id), ConsistentRead: true }));
  return res.Item ? toCampaign(res.Item) : null;
}

export async function listCampaigns(): Promise<CampaignRecord[]> {
  const items = await queryAll({ IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': indexKeys.campaignsPk() }, ScanIndexForward: false });
  return items.map(toCampaign);
}

/** Campaigns due at or before `now`: a range read of the due markers, never a scan. */
export async function dueCampaigns(now: string): Promise<{ campaignId: string; at: string }[]> {
  const items = await queryAll({ KeyConditionExpression: 'PK = :pk AND SK <= :to', ExpressionAttributeValues: { ':pk': partitions.campaignDue(), ':to': `${now}#~` }, ConsistentRead: true });
  return items.map((i) => ({ campaignId: i.campaignId as string, at: i.at as string }));
}

/** The run item, created once (a resumed run keeps its first start). */
export async function startRun(id: string, r: { runId: string; scheduledAt: string; startedAt: string }): Promise<void> {
  const { client, table } = db();
  try {
    await client.send(new PutCommand({ TableName: table, Item: { ...keys.campaignRun(id, r.runId), ...r, finishedAt: null, tally: null }, ConditionExpression: 'attribute_not_exists(PK)' }));
  } catch (e) {
    if (!isConditionFailed(e)) throw e;
  }
}

export function finishRun(tx: Tx, id: string, runId: string, finishedAt: string, tally: RunTally) {
  tx.update('run', keys.campaignRun(id, runId), { set: 'SET finishedAt = :f, tally = :t', condition: 'attribute_exists(PK)', values: { ':f': finishedAt, ':t': tally } });
}

export async function listRuns(id: string): Promise<RunRecord[]> {
  const { client, table } = db();
  const res = await client.send(
    new QueryCommand({ TableName: table, KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)', ExpressionAttributeValues: { ':pk': keys.campaign(id).PK, ':p': skPrefix.campaignRun }, ConsistentRead: true }),
  );
  return (res.Items ?? []).map((i) => strip<RunRecord>(i));
}

/** One member's record in a run, written once: the first outcome stands. Answers false when it was there already. */
export async function putRecipient(id: string, runId: string, r: RecipientRecord): Promise<boolean> {
  const { client, table } = db();
  try {
    await client.send(new PutCommand({ TableName: table, Item: { ...keys.campaignRecipient(id, runId, r.memberId), ...r }, ConditionExpression: 'attribute_not_exists(PK)' }));
    return true;
  } catch (e) {
    if (isConditionFailed(e)) return false;
    throw e;
  }
}

export async function listRecipients(id: string, runId: string): Promise<RecipientRecord[]> {
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
    ExpressionAttributeValues: { ':pk': keys.campaign(id).PK, ':p': skPrefix.campaignRecipients(runId) },
    ConsistentRead: true,
  });
  return items.map((i) => strip<RecipientRecord>(i));
}

/**
 * The state of the coupons a run issued, read by key from the recipients' wallets (no index needed);
 * `usedFor` names the order that redeemed one (`<storeId>#<orderId>`).
 */
export async function couponStates(list: { memberId: string; couponId: string }[]): Promise<Map<string, { state: string; validUntil: string; usedFor: string | null }>> {
  const items = await batchGetAll(
    list.map((c) => keys.memberCoupon(c.memberId, c.couponId)),
    { projection: 'couponId, #s, validUntil, usedFor', names: { '#s': 'state' } },
  );
  return new Map(items.map((i) => [i.couponId as string, { state: i.state as string, validUntil: i.validUntil as string, usedFor: (i.usedFor as string | undefined) ?? null }]));
}

/** An order as a campaign's results read it: what was paid, what was returned, the coupons it redeemed. */
export interface MeasuredOrder {
  storeId: string;
  orderId: string;
  memberId: string;
  createdAt: string;
  amountFen: number;
  returnedFen: number;
  coupons: { couponId: string; discountFen: number }[];
}

/**
 * A member's orders at every store created in [from, to): one Query of her order pointers
 * (MEMBER#<id> / BUY#<createdAt>#..., written by the checkout since issue 18). Answers the keys.
 */
export async function memberOrdersBetween(memberId: string, from: string, to: string): Promise<{ storeId: string; orderId: string; createdAt: string }[]> {
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': keys.memberOrderBound(memberId, from).PK, ':from': keys.memberOrderBound(memberId, from).SK, ':to': keys.memberOrderBound(memberId, to).SK },
    ProjectionExpression: 'storeId, orderId, createdAt',
  });
  return items.map((i) => ({ storeId: i.storeId as string, orderId: i.orderId as string, createdAt: i.createdAt as string })).filter((o) => o.createdAt >= from && o.createdAt < to);
}

/** Orders by key (one BatchGet per 100), with only what the results need. */
export async function measuredOrders(list: { storeId: string; orderId: string }[]): Promise<MeasuredOrder[]> {
  const items = await batchGetAll(
    list.map((o) => keys.order(o.storeId, o.orderId)),
    { projection: 'storeId, orderId, memberId, createdAt, amountFen, returnedFen, coupons' },
  );
  return items.map((i) => ({
    storeId: i.storeId as string,
    orderId: i.orderId as string,
    memberId: i.memberId as string,
    createdAt: i.createdAt as string,
    amountFen: i.amountFen as number,
    returnedFen: (i.returnedFen as number | undefined) ?? 0,
    coupons: ((i.coupons as { couponId: string; discountFen: number }[] | undefined) ?? []).map((c) => ({ couponId: c.couponId, discountFen: c.discountFen })),
  }));
}

/** Name and tier of members, for the message fields (one BatchGet per 100 recipients). */
export async function profilesFor(memberIds: string[]): Promise<Map<string, { name: string | null; tierCode: string | null }>> {
  const items = await batchGetAll(memberIds.map((m) => keys.profile(m)));
  return new Map(items.map((i) => [i.memberId as string, { name: (i.name as string | undefined) ?? null, tierCode: ((i.tier as { tierCode?: string } | undefined)?.tierCode as string | undefined) ?? null }]));
}

// ---- units of work -------------------------------------------------------------------------------

/** A new campaign (draft) with its audit ('id_taken': the generated id exists). */
export async function saveNewCampaign(c: CampaignRecord, audit: AuditEntry): Promise<Written<'id_taken'>> {
  const tx = new Tx();
  createCampaign(tx, c);
  writeAudit(tx, audit);
  const out = await commit(tx, [], 'id_taken');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

/**
 * An approval-flow move (over the revision read) with its due marker put (approve) or removed
 * (cancel) and its audit. 'state_changed': the campaign moved meanwhile.
 */
export async function recordCampaignMove(p: { before: CampaignRecord; next: CampaignRecord; due: { put?: string; remove?: string }; audit: AuditEntry }): Promise<Written<'state_changed'>> {
  const tx = new Tx();
  if (p.due.put) putDue(tx, p.due.put, p.before.id);
  if (p.due.remove) deleteDue(tx, p.due.remove, p.before.id);
  updateCampaign(tx, p.before, p.next);
  writeAudit(tx, p.audit);
  const out = await commit(tx, [], 'state_changed');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

/** A run's claim of its campaign (state running, the lease), only over the revision read; audited when an admin runs it. */
export async function claimCampaignRun(p: { before: CampaignRecord; claimed: CampaignRecord; audit?: AuditEntry | null }): Promise<Written<'state_changed'>> {
  const tx = new Tx();
  updateCampaign(tx, p.before, p.claimed);
  if (p.audit) writeAudit(tx, p.audit);
  const out = await commit(tx, [], 'state_changed');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

/**
 * A run closed: its tally, the due marker moved to the next occurrence (or removed), the campaign
 * as decided (over the revision the run holds). 'state_changed': cancelled or taken over meanwhile.
 */
export async function closeCampaignRun(p: { held: CampaignRecord; next: CampaignRecord; runId: string; dueAt: string; upcomingAt: string | null; at: string; tally: RunTally }): Promise<Written<'state_changed'>> {
  const tx = new Tx();
  finishRun(tx, p.held.id, p.runId, p.at, p.tally);
  deleteDue(tx, p.dueAt, p.held.id);
  if (p.upcomingAt) putDue(tx, p.upcomingAt, p.held.id);
  updateCampaign(tx, p.held, p.next);
  const out = await commit(tx, [], 'state_changed');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}
