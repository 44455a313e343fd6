/**
 * The daily maturing job (serverless `referralMaturing`): pending referrals whose return window has ended
 * (GSI1 REFDUE#<day>, the last 31 days so a missed run is caught up) are decided again from the order as it
 * is now (`mature`, pure): returned meanwhile → waiting; the referee or referrer gone or frozen → void;
 * else the reward, in idempotent steps:
 *   1. pending → rewarding, with the referrer's cap counters for the day and month in ONE transaction
 *      (her share only within the caps; the referee is rewarded anyway);
 *   2. awardEvent('referrer' | 'referee', occurrence = the referee's id, {points}) (once per occurrence) and
 *      issueCoupon with the request id `referral-<side>-<refereeId>` (once per request id);
 *   3. rewarding → rewarded (the due marker removed).
 * A run that stops after step 1 leaves the referral `rewarding` with its marker: the next run repeats 2 and
 * 3, which give nothing twice.
 */
import { addDays } from '../../shared/domain';
import { mature, monthOf, rewardSteps, statsDelta, type OrderFacts, type Referral, type ReferralSettings } from '../../shared/domain/referral';
import { getOrder } from '../adapters/dynamo/checkout-repo';
import { capsUsed, getReferral, getReferralSettings, moveReferral, referralsDueOn, standingOf } from '../adapters/dynamo/referral-repo';
import { today } from '../core';
import { issueCoupon } from '../coupons/collaboration';
import { clock } from '../lib/clock';
import { AppError } from '../lib/errors';
import { logger } from '../lib/logger';
import { awardEvent } from '../points/collaboration';

export interface MaturingResult {
  job: 'referrals';
  day: string;
  due: number;
  rewarded: number;
  /** Rewarded with the referrer's share beyond her caps. */
  capped: number;
  returned: number;
  voided: number;
  notYet: number;
  failed: number;
}

export const LOOKBACK_DAYS = 31;

export async function runReferralMaturing(dayArg?: string): Promise<MaturingResult> {
  const day = dayArg ?? today();
  const r: MaturingResult = { job: 'referrals', day, due: 0, rewarded: 0, capped: 0, returned: 0, voided: 0, notYet: 0, failed: 0 };
  const { settings } = await getReferralSettings();
  const days = Array.from({ length: LOOKBACK_DAYS + 1 }, (_, i) => addDays(day, i - LOOKBACK_DAYS));
  const due = [...new Set((await Promise.all(days.map((d) => referralsDueOn(d)))).flat())];
  r.due = due.length;
  for (const refereeId of due) {
    try {
      const out = await matureOne(refereeId, day, settings);
      if (out === 'rewarded') r.rewarded++;
      else if (out === 'capped') {
        r.rewarded++;
        r.capped++;
      } else if (out === 'returned') r.returned++;
      else if (out === 'void') r.voided++;
      else if (out === 'not_yet') r.notYet++;
    } catch (e) {
      r.failed++;
      logger.error('referral maturing failed', { refereeId, error: e as Error });
    }
  }
  logger.info('referral maturing', { ...r });
  // A failure fails the run (Lambda retries it, then the jobs' dead-letter queue): a rerun repeats nothing.
  if (r.failed > 0) throw new Error(`referral maturing: ${r.failed} failed`);
  return r;
}

type One = 'rewarded' | 'capped' | 'returned' | 'void' | 'not_yet' | 'skip';

async function matureOne(refereeId: string, day: string, settings: ReferralSettings): Promise<One> {
  for (let attempt = 0; attempt < 6; attempt++) {
    const r = await getReferral(refereeId);
    if (!r) return 'skip';
    if (r.state === 'rewarding') return payRewards(r);
    if (r.state !== 'pending' || !r.order) return 'skip';
    const [order, standing, caps] = await Promise.all([getOrder(r.order.storeId, r.order.orderId), standingOf([r.refereeId, r.referrerId]), capsUsed(r.referrerId, day, monthOf(day))]);
    const facts: OrderFacts | null = order ? { storeId: order.storeId, orderId: order.orderId, memberId: order.memberId, createdAt: order.createdAt, amountFen: order.amountFen, returnedFen: order.returnedFen } : null;
    const m = mature(r, day, facts, { refereeOk: !!standing.get(r.refereeId)?.ok, referrerOk: !!standing.get(r.referrerId)?.ok }, caps, settings);
    if (m.step === 'not_yet') return 'not_yet';
    if (m.step === 'skip') return 'skip';
    const at = clock.now().toISOString();
    if (m.step === 'returned' || m.step === 'void') {
      const out = await moveReferral(r, m.next, { at, stats: statsDelta(r, m.next) });
      if (out.ok) return m.step;
      continue;
    }
    const out = await moveReferral(r, m.next, {
      at,
      stats: statsDelta(r, m.next),
      ...(m.referrerCounts ? { caps: { day, month: monthOf(day), perDay: settings.capPerDay, perMonth: settings.capPerMonth } } : {}),
    });
    if (out.ok) return payRewards(m.next);
    // The referral moved, or a cap filled meanwhile: read again and decide again.
  }
  throw new Error(`referral of ${refereeId}: kept moving`);
}

/** Steps 2 and 3: each reward once (by occurrence and request id), then rewarded. */
async function payRewards(r: Referral): Promise<One> {
  for (const step of rewardSteps(r)) {
    if (step.points > 0) {
      try {
        await awardEvent(step.memberId, step.side, r.refereeId, { points: step.points });
      } catch (e) {
        // A frozen account earns nothing (member_frozen): her reward is not owed later either.
        if (!(e instanceof AppError)) throw e;
        logger.warn('referral points refused', { refereeId: r.refereeId, side: step.side, code: e.code });
      }
    }
    if (step.couponTemplateId) {
      try {
        await issueCoupon(step.memberId, step.couponTemplateId, step.requestId, 'referral');
      } catch (e) {
        // Out of stock, paused or gone: the coupon is refused, the points stand (logged for the admin).
        if (!(e instanceof AppError)) throw e;
        logger.warn('referral coupon refused', { refereeId: r.refereeId, side: step.side, code: e.code });
      }
    }
  }
  const done: Referral = { ...r, state: 'rewarded', rewardedAt: clock.now().toISOString(), rev: r.rev + 1 };
  const out = await moveReferral(r, done, { at: done.rewardedAt!, stats: {} });
  if (!out.ok) {
    const now = await getReferral(r.refereeId);
    if (now?.state !== 'rewarded') throw new Error(`referral of ${r.refereeId}: could not be marked rewarded`);
  }
  return r.referrerCapped ? 'capped' : 'rewarded';
}
