/**
 * Merging duplicate members (issue 16, service desk): reads and units of work. The merge is one
 * transaction (the merged member's merge record, created once; both profiles, conditioned on their
 * revisions and on neither being merged; the points as two transfer movements; the phone and WeChat
 * lookups; the first coupons; the audit). Coupons beyond what fits in it move in further transactions,
 * each conditioned on the merge record; the record says 'done' when the last one moved.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { MemberCouponRecord } from './coupon-repo';
import { couponExpiryIndex } from './coupon-repo';
import { writeAudit, writePoints, type AuditEntry, type Movement } from './account-repo';
import { db } from './client';
import { keys, memberPk, skPrefix } from './keys';
import { toMember, type MemberRecord } from './member-repo';
import { putNotice } from './rebind-repo';
import { Tx } from './tx';
import { commit, type Written } from './unit';

/** Coupons moved in the merge's own transaction, and in each later one. */
export const COUPONS_IN_MERGE = 20;
export const COUPONS_PER_MOVE = 30;

export interface MergeRecordResult {
  pointsMoved: number;
  couponsMoved: number;
  tags: string[];
  at: string;
}

export interface MergeRecord extends MergeRecordResult {
  keptId: string;
  state: 'moving' | 'done';
}

export type MemberWithMerge = MemberRecord & { mergedInto: string | null; surveyFacts: Record<string, string> };

/** A profile with its merge pointer. */
export async function getMemberForMerge(memberId: string): Promise<MemberWithMerge | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.profile(memberId), ConsistentRead: true }));
  return res.Item
    ? { ...toMember(res.Item), mergedInto: (res.Item.mergedInto as string | undefined) ?? null, surveyFacts: (res.Item.surveyFacts as Record<string, string> | undefined) ?? {} }
    : null;
}

export async function getMergeRecord(mergedId: string): Promise<MergeRecord | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.memberMerged(mergedId), ConsistentRead: true }));
  const i = res.Item;
  return i
    ? { keptId: i.keptId, state: i.state, pointsMoved: i.pointsMoved, couponsMoved: i.couponsMoved, tags: i.tags ?? [], at: i.at }
    : null;
}

export async function listMergedFrom(keptId: string): Promise<{ memberId: string; at: string; pointsMoved: number; couponsMoved: number }[]> {
  const { client, table } = db();
  const res = await client.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
      ExpressionAttributeValues: { ':pk': memberPk(keptId), ':p': skPrefix.mergedFrom },
      ConsistentRead: true,
    }),
  );
  return (res.Items ?? []).map((i) => ({ memberId: i.memberId, at: i.at, pointsMoved: i.pointsMoved, couponsMoved: i.couponsMoved }));
}

/** One coupon from the merged member's wallet to the kept member's: still available, its code follows. */
function moveCoupon(tx: Tx, c: MemberCouponRecord, keptId: string, n: number) {
  tx.delete(`cfrom${n}`, keys.memberCoupon(c.memberId, c.couponId), '#s = :available', { ':available': 'available' }, { '#s': 'state' });
  const moved = { ...c, memberId: keptId, mergedFrom: c.memberId };
  // (the record read carries its old keys: the kept member's key and expiry index come last)
  tx.create(`cto${n}`, { ...moved, ...keys.memberCoupon(keptId, c.couponId), ...couponExpiryIndex(moved) });
  tx.update(`ccode${n}`, keys.couponCode(c.code), { set: 'SET memberId = :k', condition: 'memberId = :m', values: { ':k': keptId, ':m': c.memberId } });
}

export interface MergeWrite {
  keep: { memberId: string; qrev: number; tags: string[]; surveyFacts: Record<string, string>; takesOpenid: string | null };
  merge: { memberId: string; qrev: number; phone: string; openid: string | null; openidFate: 'move' | 'end' | 'none' };
  movement: { keep: Movement; merge: Movement } | null;
  coupons: MemberCouponRecord[];
  /** Coupons left to move after this transaction. */
  more: boolean;
  result: MergeRecordResult;
  audit: AuditEntry;
  notice: string;
}

/**
 * The merge. 'already_merged': the merged member has a merge record (this merge done by a concurrent
 * call, or another); 'revision_moved': a profile, account or coupon changed since it was read.
 */
export async function recordMerge(w: MergeWrite): Promise<Written<'already_merged' | 'revision_moved'>> {
  const at = w.result.at;
  const tx = new Tx();
  tx.create('record', { ...keys.memberMerged(w.merge.memberId), keptId: w.keep.memberId, state: w.more ? 'moving' : 'done', ...w.result });
  tx.put('mergedFrom', { ...keys.memberMergedFrom(w.keep.memberId, w.merge.memberId), memberId: w.merge.memberId, at, pointsMoved: w.result.pointsMoved, couponsMoved: w.result.couponsMoved });
  tx.update('keep', keys.profile(w.keep.memberId), {
    set: `SET memberTags = :tags, surveyFacts = :facts, qrev = :nrev, updatedAt = :at${w.keep.takesOpenid ? ', openid = :o' : ''}`,
    condition: `qrev = :rev AND attribute_not_exists(mergedInto)${w.keep.takesOpenid ? ' AND attribute_not_exists(openid)' : ''}`,
    values: { ':tags': w.keep.tags, ':facts': w.keep.surveyFacts, ':nrev': w.keep.qrev + 1, ':rev': w.keep.qrev, ':at': at, ...(w.keep.takesOpenid ? { ':o': w.keep.takesOpenid } : {}) },
  });
  // The merged member leaves the member index (jobs, segments) and the birthday index; her WeChat binding moves or ends.
  tx.update('merge', keys.profile(w.merge.memberId), {
    set: `SET mergedInto = :k, mergedAt = :at, qrev = :nrev, updatedAt = :at REMOVE GSI1PK, GSI1SK, GSI2PK, GSI2SK${w.merge.openidFate !== 'none' ? ', openid' : ''}`,
    condition: 'qrev = :rev AND attribute_not_exists(mergedInto)',
    values: { ':k': w.keep.memberId, ':at': at, ':nrev': w.merge.qrev + 1, ':rev': w.merge.qrev },
  });
  if (w.movement) {
    writePoints(tx, { ...w.movement.merge, at, label: 'from' });
    writePoints(tx, { ...w.movement.keep, at, label: 'to' });
  }
  tx.update('phone', keys.phone(w.merge.phone), { set: 'SET memberId = :k, mergedFrom = :m', condition: 'memberId = :m', values: { ':k': w.keep.memberId, ':m': w.merge.memberId } });
  if (w.merge.openid && w.merge.openidFate === 'move') {
    tx.update('openid', keys.openidMember(w.merge.openid), { set: 'SET memberId = :k, mergedFrom = :m', condition: 'memberId = :m', values: { ':k': w.keep.memberId, ':m': w.merge.memberId } });
  } else if (w.merge.openid && w.merge.openidFate === 'end') {
    tx.delete('openid', keys.openidMember(w.merge.openid), 'memberId = :m', { ':m': w.merge.memberId });
    putNotice(tx, w.merge.openid, { kind: 'merged', text: w.notice, at });
  }
  w.coupons.forEach((c, n) => moveCoupon(tx, c, w.keep.memberId, n));
  writeAudit(tx, w.audit);
  const out = await commit(tx, [['record', 'already_merged']], 'revision_moved');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

/** More coupons of a merge move (condition: the merge record, still moving, is this pair's); the last batch closes it. */
export async function recordMergeCoupons(p: { keptId: string; mergedId: string; coupons: MemberCouponRecord[]; last: boolean }): Promise<Written<'not_moving' | 'revision_moved'>> {
  const tx = new Tx();
  tx.update('record', keys.memberMerged(p.mergedId), {
    set: `SET couponsMoved = couponsMoved + :n${p.last ? ', #s = :done' : ''}`,
    condition: 'keptId = :k AND #s = :moving',
    names: { '#s': 'state' },
    values: { ':n': p.coupons.length, ':k': p.keptId, ':moving': 'moving', ...(p.last ? { ':done': 'done' } : {}) },
  });
  p.coupons.forEach((c, n) => moveCoupon(tx, c, p.keptId, n));
  const out = await commit(tx, [['record', 'not_moving']], 'revision_moved');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}
