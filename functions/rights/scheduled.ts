/**
 * The erasure job (serverless.yml `memberErasure`, hourly): every deletion request whose grace period
 * has ended is erased. What goes and what stays:
 * - erased: phone, WeChat binding (openid), name, gender, birthday, tags, questionnaire facts, card number,
 *   agreement consents on the profile; her care acceptances and preferences; the last-purchase marker; the
 *   callback phone on her complaints; her questionnaire choices and text answers (the results' sums stay);
 *   her comments on the service (the stars stay in the clerk's sums); the phone and openid lookups (so the
 *   phone can register again as a new member with 0 points);
 * - forfeited: her points, through the ledger (one movement of −balance), so ledger = balance holds and
 *   the brand's sums add up; usable coupons are voided;
 * - kept, anonymised: the profile item under its opaque member id (tier history, purchase totals), her
 *   ledger rows and orders (the brand's books, returns and tax records), complaints' text and history, her
 *   check-in days, referrals and the fact that she answered a questionnaire (no words of hers).
 * Idempotent: a run that died part-way resumes (the request stays `erasing` and is read again).
 */
import type { ScheduledEvent } from 'aws-lambda';
import { balanceOf, emptyPoints } from '../../shared/domain';
import { listMemberComplaints } from '../adapters/dynamo/complaint-repo';
import { listMemberCoupons } from '../adapters/dynamo/coupon-repo';
import { getMember, getPoints } from '../adapters/dynamo/member-repo';
import { deletionsDueBy, memberOrders, recordErasure, removeContactData, startErasure, voidCouponForErasure } from '../adapters/dynamo/rights-repo';
import { clock } from '../lib/clock';
import { logger } from '../lib/logger';
import { optimistic } from '../core';
import { storedValueHeld } from '../storedvalue/collaboration';
import { forgetRatingComments } from '../clerks/collaboration';
import { forgetSurveyAnswers } from '../surveys/collaboration';

export const ERASURE_ACTOR = 'system:erasure';

/** Erases one member whose request is due; false when it was cancelled or is not due. */
export async function eraseMember(memberId: string): Promise<boolean> {
  // A stored balance is money owed to her: the erasure waits (the desk sees the request pending) until it is refunded.
  if ((await storedValueHeld(memberId)) > 0) {
    logger.warn('erasure held back: the member still holds a stored balance', { memberId });
    return false;
  }
  const started = await startErasure(memberId, clock.now().toISOString());
  if (!started.ok) return false;
  const member = await getMember(memberId);
  if (!member) return false;
  const at = clock.now().toISOString();
  const [coupons, complaints] = await Promise.all([listMemberCoupons(memberId), listMemberComplaints(memberId)]);
  for (const c of coupons) if (c.state === 'available') await voidCouponForErasure(memberId, c.couponId, at);
  await removeContactData(memberId, complaints.map((c) => c.id));
  // What she wrote or chose for growth (issue 19): her questionnaire answers and her comments on the service.
  await forgetSurveyAnswers(memberId, at);
  await forgetRatingComments((await memberOrders(memberId)).orders);
  return optimistic(async () => {
    const now = clock.now().toISOString();
    // Her own points account (a secondary card's points live on the primary and are not hers to forfeit).
    const points = await getPoints(memberId);
    const balance = balanceOf(points.state);
    const changes = balance > 0 || points.state.debt > 0;
    const out = await recordErasure({
      memberId,
      phone: member.phone,
      openid: member.openid,
      movement: changes
        ? {
            before: points,
            next: emptyPoints(),
            entries: balance > 0 ? [{ type: 'adjust', points: -balance, description: '注销账号，积分作废', source: { kind: 'erasure', id: `erasure#${memberId}` }, note: '会员注销账号' }] : [],
          }
        : null,
      at: now,
      audit: { at: now, actor: ERASURE_ACTOR, action: 'member.erased', target: `member:${memberId}`, before: { points: balance, coupons: coupons.filter((c) => c.state === 'available').length }, after: { points: 0 } },
    });
    if (out.ok || out.failed === 'already_applied') return { done: true };
    return 'retry';
  });
}

/** Hourly: every request due by now. */
export async function erase(_event?: ScheduledEvent): Promise<{ due: number; erased: number }> {
  const due = await deletionsDueBy(clock.now().toISOString());
  let erased = 0;
  for (const d of due) {
    try {
      if (await eraseMember(d.memberId)) erased++;
    } catch (e) {
      // One member's failure does not stop the others; her request stays due and is tried next hour.
      logger.error('erasure failed', { memberId: d.memberId, error: e as Error });
    }
  }
  logger.info('erasure', { due: due.length, erased });
  return { due: due.length, erased };
}
