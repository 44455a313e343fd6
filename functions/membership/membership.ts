/**
 * The member's paid membership: her page (plans on offer, term, perks, refund), buying or renewing
 * through WeChat Pay, and the refund of her latest purchase. The term itself moves when a payment is
 * credited (./kind.ts) — never here.
 */
import { createHash } from 'node:crypto';
import type { MyMembership, PaymentStarted } from '../../shared/contract';
import { couponSummary } from '../../shared/domain';
import { getTemplate } from '../adapters/dynamo/coupon-repo';
import { getMember } from '../adapters/dynamo/member-repo';
import { getPlan, getPlus, listPlans, plusRefundTakes, type PlanRecord } from '../adapters/dynamo/membership-repo';
import { startPayment, startRefund } from '../pay/collaboration';
import { clock } from '../lib/clock';
import { AppError, fail } from '../lib/errors';
import type { Session } from '../lib/session';
import { brandOrFail, optimistic, refuseFrozen, resolveMemberId, tierOf } from '../core';
import { movedPlus, refundCheck, settlePacks, termView, type PlanSnapshot } from './term';

/** What a plan's pack holds, by its coupons' names and terms (templates read once per plan). */
async function packOf(plan: PlanRecord): Promise<{ name: string; summary: string }[]> {
  const found = await Promise.all(plan.couponTemplateIds.map((id) => getTemplate(id)));
  return found.flatMap((t) => (t ? [{ name: t.template.definition.name, summary: couponSummary(t.template.definition) }] : []));
}

export async function myMembership(session: Session): Promise<MyMembership> {
  const memberId = await resolveMemberId(session);
  const [member, brand, plans, plus0] = await Promise.all([getMember(memberId), brandOrFail(), listPlans(), getPlus(memberId)]);
  if (!member) throw fail('member_not_found', 'member not found');
  // A month's pack still due (the first month's right after paying, a month the job has not reached yet): given now.
  const plus = plus0 && (await settlePacks(memberId, plus0)) > 0 ? await getPlus(memberId) : plus0;
  const now = clock.now().toISOString();
  const offers = await Promise.all(
    plans
      .filter((p) => p.active)
      .sort((a, b) => a.priceFen - b.priceFen)
      .map(async (p) => ({ id: p.id, name: p.name, priceFen: p.priceFen, months: p.months, multiplier: p.multiplier, badge: p.badge, pack: await packOf(p) })),
  );
  return {
    plans: offers,
    current: await termView(plus, now),
    tierMultiplier: tierOf(brand, member.tier.tierCode).multiplier,
    stackPlusWithTier: !!brand.plus?.stackPlusWithTier,
  };
}

/** Buying or renewing: the plan must be on offer; the term moves when the payment is credited. */
export async function buyMembership(session: Session, req: { planId: string; requestId: string }): Promise<PaymentStarted> {
  const memberId = await resolveMemberId(session);
  const [plan, member] = await Promise.all([getPlan(req.planId), getMember(memberId)]);
  if (!member) throw fail('member_not_found', 'member not found');
  refuseFrozen(member);
  if (!plan) throw fail('plan_not_found', 'no such membership plan', [{ path: 'planId', message: 'unknown plan' }]);
  if (!plan.active) throw fail('plan_inactive', 'this plan is not on offer', [{ path: 'planId', message: 'not on offer' }]);
  const detail: PlanSnapshot = { planId: plan.id, name: plan.name, months: plan.months, multiplier: plan.multiplier, badge: plan.badge, couponTemplateIds: plan.couponTemplateIds };
  return startPayment({
    kind: 'membership',
    memberId,
    openid: session.openid,
    amountFen: plan.priceFen,
    description: `付费会员 ${plan.name}`.slice(0, 127),
    item: { id: plan.id, name: plan.name, detail: { ...detail } },
    requestId: req.requestId,
  });
}

/** A purchase's refund number: one per purchase, whatever request asks for it (a retry refunds once). */
export const refundNoOf = (outTradeNo: string) => `PR${createHash('sha256').update(outTradeNo).digest('hex').slice(0, 30)}`;

const REFUSALS = {
  no_purchase: 'there is no purchase left to refund',
  too_late: 'the purchase was more than 7 days ago',
  perk_used: 'a perk was used since the purchase (an order earned with the multiplier, or a pack coupon)',
} as const;

/**
 * The refund of her latest purchase, within 7 days and with no perk used since: in the refund's own
 * transaction the purchase's months leave the term and its unused pack coupons are voided (each only
 * while still available: a coupon used meanwhile fails it), then WeChat refunds the price.
 */
export async function refundMembership(session: Session, req: { requestId: string }) {
  void req.requestId; // one refund per purchase: its number comes from the purchase, so any retry lands on it
  const memberId = await resolveMemberId(session);
  let round = 0;
  return optimistic(async () => {
    const before = await getPlus(memberId);
    const now = clock.now().toISOString();
    if (!before) throw fail('membership_refund_not_allowed', REFUSALS.no_purchase);
    const latest = [...before.purchases].sort((a, b) => (a.at < b.at ? 1 : -1))[0];
    if (latest?.outRefundNo) {
      // Already asked: the same refund again (startRefund is idempotent on its number; nothing more is taken).
      const r = await startRefund({ outTradeNo: latest.outTradeNo, outRefundNo: latest.outRefundNo, refundFen: latest.amountFen, reason: '付费会员退款', detail: { months: latest.months, voided: [] }, takes: [] });
      return { done: { outRefundNo: r.outRefundNo, refundFen: r.refundFen, state: r.state, current: await termView(before, now) } };
    }
    const { decision, voids } = await refundCheck(before, now);
    if (!decision.ok) throw fail('membership_refund_not_allowed', REFUSALS[decision.reason]);
    const p = decision.purchase;
    const outRefundNo = refundNoOf(p.outTradeNo);
    const next = movedPlus(before, p.outTradeNo, p.months, { at: now, outRefundNo }, now);
    try {
      const r = await startRefund({
        outTradeNo: p.outTradeNo,
        outRefundNo,
        refundFen: p.amountFen,
        reason: '付费会员退款',
        detail: { months: p.months, voided: voids },
        takes: [plusRefundTakes(before, next, voids, `plusrefund:${outRefundNo}`, now)],
      });
      return { done: { outRefundNo: r.outRefundNo, refundFen: r.refundFen, state: r.state, current: await termView(next, now) } };
    } catch (e) {
      if (e instanceof AppError) throw e;
      // The takes' conditions failed (the term moved, or a pack coupon was used meanwhile): read again and decide again.
      if (round++ < 3) return 'retry';
      throw fail('busy', `the refund kept meeting other writes: ${(e as Error).message}`);
    }
  }, 6);
}
