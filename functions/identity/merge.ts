/**
 * Merging two duplicate members at the desk: read both, decide (shared/domain/merge.ts), write one unit
 * of work (functions/adapters/dynamo/merge-repo.ts), then move any coupons that did not fit in it.
 *
 * History: the merged member's orders and ledger stay under her id (her order items, returns and ledger
 * entries are the brand's books and are not rewritten); her profile keeps a `mergedInto` pointer and the
 * kept member lists her (`GET /admin/desk/members/{id}/merges`), so the desk reads both histories from the
 * kept member. Her phone then leads to the kept member; her WeChat account moves to the kept member if
 * that one has none, else it is unbound (with a notice on its next open).
 */
import type { z } from 'zod';
import type { MemberMerges, MergePreview, MergeResult, MergeSide } from '../../shared/contract';
import { balanceOf, maskPhone } from '../../shared/domain';
import { decideMerge, mergeRefusal, type MergeSideRead } from '../../shared/domain/merge';
import { listMemberCoupons, type MemberCouponRecord } from '../adapters/dynamo/coupon-repo';
import {
  COUPONS_IN_MERGE,
  COUPONS_PER_MOVE,
  getMemberForMerge,
  getMergeRecord,
  listMergedFrom,
  recordMerge,
  recordMergeCoupons,
  type MemberWithMerge,
} from '../adapters/dynamo/merge-repo';
import { getPoints, type PointsRecord } from '../adapters/dynamo/member-repo';
import { clock } from '../lib/clock';
import { fail } from '../lib/errors';
import type { Session } from '../lib/session';
import { brandOrFail, optimistic, tierOf } from '../core';
import { storedValueHeld } from '../storedvalue/collaboration';

type Out<T extends z.ZodType> = z.input<T>;

interface Side {
  member: MemberWithMerge;
  points: PointsRecord;
  coupons: MemberCouponRecord[];
}

/** Unused coupons (available and still valid) move; used, expired and voided ones stay as history. */
const movable = (coupons: MemberCouponRecord[], now: string) => coupons.filter((c) => c.state === 'available' && c.validUntil >= now);

async function readSide(memberId: string, field: string, now: string): Promise<Side> {
  const [member, points, coupons] = await Promise.all([getMemberForMerge(memberId), getPoints(memberId), listMemberCoupons(memberId)]);
  if (!member) throw fail('member_not_found', `no member ${memberId}`, [{ path: field, message: 'no such member' }]);
  return { member, points, coupons: movable(coupons, now) };
}

const sideRead = (s: Side): MergeSideRead => ({
  memberId: s.member.memberId,
  mergedInto: s.member.mergedInto,
  familyRole: s.member.familyRole,
  points: s.points.state,
  tags: s.member.tags ?? [],
  openid: s.member.openid,
  surveyFacts: s.member.surveyFacts,
});

function refuse(code: 'merge_self' | 'member_merged' | 'merge_blocked'): never {
  if (code === 'merge_self') throw fail('merge_self', 'a member cannot be merged into itself', [{ path: 'mergeId', message: 'same as keepId' }]);
  if (code === 'member_merged') throw fail('member_merged', 'a member of the pair was already merged into another member');
  throw fail('merge_blocked', 'a member of the pair is in a family card or owes points from a return');
}

export async function previewMerge(keepId: string, mergeId: string): Promise<Out<typeof MergePreview>> {
  const now = clock.now().toISOString();
  const [brand, keep, merge] = await Promise.all([brandOrFail(), readSide(keepId, 'keepId', now), readSide(mergeId, 'mergeId', now)]);
  const side = (s: Side): Out<typeof MergeSide> => ({
    id: s.member.memberId,
    name: s.member.name,
    phoneMasked: maskPhone(s.member.phone),
    tierName: tierOf(brand, s.member.tier.tierCode).name,
    registeredAt: s.member.createdAt,
    balance: balanceOf(s.points.state),
    coupons: s.coupons.length,
    tags: s.member.tags ?? [],
    wechatBound: !!s.member.openid,
    mergedInto: s.member.mergedInto,
  });
  const refusal = mergeRefusal(sideRead(keep), sideRead(merge));
  return {
    keep: side(keep),
    merge: side(merge),
    after: {
      balance: balanceOf(keep.points.state) + balanceOf(merge.points.state),
      coupons: keep.coupons.length + merge.coupons.length,
      tags: [...new Set([...(keep.member.tags ?? []), ...(merge.member.tags ?? [])])],
      wechatMoves: !!merge.member.openid && !keep.member.openid,
    },
    refusal,
  };
}

const NOTICE = '你的会员账户已由客服合并到你的另一个会员账户，本微信不再是会员账户。如有疑问，请联系客服。';

export async function mergeMembers(session: Session, body: { keepId: string; mergeId: string; reason: string }): Promise<Out<typeof MergeResult>> {
  const { keepId, mergeId } = body;
  if (keepId === mergeId) refuse('merge_self');
  return optimistic<Out<typeof MergeResult>>(async () => {
    // The same merge already made (by an earlier or a concurrent call): finish its coupons, answer it.
    const record = await getMergeRecord(mergeId);
    if (record) {
      if (record.keptId !== keepId) refuse('member_merged');
      if (record.state === 'moving') await moveRest(keepId, mergeId);
      const [done, points] = await Promise.all([getMergeRecord(mergeId), getPoints(keepId)]);
      return { done: { keepId, mergedId: mergeId, pointsMoved: done!.pointsMoved, couponsMoved: done!.couponsMoved, tags: done!.tags, at: done!.at, balance: balanceOf(points.state), replayed: true } };
    }
    const now = clock.now().toISOString();
    const [keep, merge, mergeBalance] = await Promise.all([readSide(keepId, 'keepId', now), readSide(mergeId, 'mergeId', now), storedValueHeld(mergeId)]);
    // Stored value is money: it is refunded to the merged member first, never moved between accounts silently.
    if (mergeBalance > 0) throw fail('balance_outstanding', 'the member to merge still holds a stored balance', [{ path: 'mergeId', message: 'holds a stored balance' }]);
    // This very merge committed by a concurrent call after the record was read above: the next round answers it.
    if (merge.member.mergedInto === keepId) return 'retry';
    const plan = decideMerge(sideRead(keep), sideRead(merge), `${mergeId}>${keepId}`);
    if (!plan.ok) refuse(plan.refusal);
    const first = merge.coupons.slice(0, COUPONS_IN_MERGE);
    const more = merge.coupons.length > first.length;
    const result = { pointsMoved: plan.moved, couponsMoved: first.length, tags: plan.tags, at: now };
    const out = await recordMerge({
      keep: { memberId: keepId, qrev: keep.member.qrev, tags: plan.tags, surveyFacts: plan.surveyFacts, takesOpenid: plan.openid === 'move' ? merge.member.openid : null },
      merge: { memberId: mergeId, qrev: merge.member.qrev, phone: merge.member.phone, openid: merge.member.openid, openidFate: plan.openid },
      movement:
        plan.moved > 0
          ? { keep: { before: keep.points, next: plan.keep.next, entries: plan.keep.entries }, merge: { before: merge.points, next: plan.merge.next, entries: plan.merge.entries } }
          : null,
      coupons: first,
      more,
      result,
      notice: NOTICE,
      audit: {
        at: now,
        actor: session.openid,
        action: 'member.merge',
        target: `member:${keepId}`,
        before: { keep: { balance: balanceOf(keep.points.state), tags: keep.member.tags ?? [] }, merge: { id: mergeId, balance: balanceOf(merge.points.state), coupons: merge.coupons.length } },
        after: { ...result, couponsToMove: merge.coupons.length, wechat: plan.openid, reason: body.reason },
      },
    });
    if (!out.ok) return 'retry'; // merged meanwhile (the next round answers it) or something changed: read again
    if (more) await moveRest(keepId, mergeId);
    const [done, points] = await Promise.all([getMergeRecord(mergeId), getPoints(keepId)]);
    return { done: { keepId, mergedId: mergeId, pointsMoved: plan.moved, couponsMoved: done?.couponsMoved ?? first.length, tags: plan.tags, at: now, balance: balanceOf(points.state), replayed: false } };
  });
}

/** Moves the merged member's remaining unused coupons in batches; the last batch closes the merge record. */
async function moveRest(keepId: string, mergeId: string): Promise<void> {
  await optimistic(async () => {
    const rec = await getMergeRecord(mergeId);
    if (!rec || rec.state !== 'moving') return { done: true };
    const left = movable(await listMemberCoupons(mergeId), clock.now().toISOString());
    const batch = left.slice(0, COUPONS_PER_MOVE);
    const out = await recordMergeCoupons({ keptId: keepId, mergedId: mergeId, coupons: batch, last: batch.length === left.length });
    if (out.ok) return batch.length === left.length ? { done: true } : 'retry';
    return out.failed === 'not_moving' ? { done: true } : 'retry';
  });
}

export async function memberMerges(memberId: string): Promise<Out<typeof MemberMerges>> {
  const m = await getMemberForMerge(memberId);
  if (!m) throw fail('member_not_found', 'member not found');
  return { mergedInto: m.mergedInto, mergedFrom: await listMergedFrom(memberId) };
}
