/**
 * The member's paid membership as the rules and the screens see it: the PLUS item as a term, what
 * crediting a paid order and refunding a purchase make of it (decided with the pure rules of
 * shared/domain/membership.ts), and the coupon packs of its months.
 */
import type { MembershipTerm } from '../../shared/contract';
import { beijingDate, extendTerm, isActive, lastDayOf, packsDue, refundEligibility, shortenTerm, termEndOf, type RefundDecision, type Term } from '../../shared/domain/membership';
import { listMemberCoupons } from '../adapters/dynamo/coupon-repo';
import { getPlus, recordPacks, voidPackCoupons, type PackCoupon, type PlusRecord } from '../adapters/dynamo/membership-repo';
import { issueCoupon } from '../coupons/collaboration';
import { clock } from '../lib/clock';
import { AppError } from '../lib/errors';
import { logger } from '../lib/logger';

export const termOf = (p: Pick<PlusRecord, 'startDate' | 'months'>): Term => ({ startDate: p.startDate, months: p.months });

/** What a plan sold in a payment order carries (the order item's detail: the plan as it was sold). */
export interface PlanSnapshot {
  planId: string;
  name: string;
  months: number;
  multiplier: number;
  badge: string;
  couponTemplateIds: string[];
}

const DAY_MS = 86_400_000;
/** Pack coupons are remembered on the PLUS item this long (a refund within 7 days voids them). */
const PACK_MEMORY_DAYS = 8;

/** The PLUS item after a paid order of `plan` credited at `at`: the term extended, the purchase listed. */
export function creditedPlus(before: PlusRecord | null, plan: PlanSnapshot, order: { outTradeNo: string; amountFen: number }, at: string): PlusRecord {
  const { term, renewed } = extendTerm(before ? termOf(before) : null, plan.months, at);
  const keepSince = new Date(Date.parse(at) - PACK_MEMORY_DAYS * DAY_MS).toISOString();
  return {
    memberId: before?.memberId ?? '',
    planId: plan.planId,
    planName: plan.name,
    badge: plan.badge,
    multiplier: plan.multiplier,
    couponTemplateIds: plan.couponTemplateIds,
    termId: renewed ? before!.termId : order.outTradeNo,
    startDate: term.startDate,
    months: term.months,
    termEnd: termEndOf(term),
    state: 'active',
    purchases: [...(before?.purchases ?? []), { outTradeNo: order.outTradeNo, planId: plan.planId, months: plan.months, at, amountFen: order.amountFen, refundedAt: null }].slice(-20),
    packsIssued: renewed ? before!.packsIssued : 0,
    packCoupons: (before?.packCoupons ?? []).filter((c) => c.at >= keepSince),
    lastPerkAt: before?.lastPerkAt ?? null,
    rev: (before?.rev ?? -1) + 1,
    updatedAt: at,
  };
}

/** The PLUS item with a purchase's months taken back (refund) or given back (a failed refund). */
export function movedPlus(before: PlusRecord, outTradeNo: string, months: number, refund: { at: string; outRefundNo: string } | null, now: string): PlusRecord {
  const term = refund ? shortenTerm(termOf(before), months) : { startDate: before.startDate, months: before.months + months };
  return {
    ...before,
    months: term.months,
    termEnd: termEndOf(term),
    state: isActive(term, now) ? 'active' : 'ended',
    purchases: before.purchases.map((p) => (p.outTradeNo === outTradeNo ? { ...p, refundedAt: refund?.at ?? null, outRefundNo: refund?.outRefundNo ?? null } : p)),
    rev: before.rev + 1,
    updatedAt: now,
  };
}

/** Whether the latest purchase may be refunded now, and the pack coupons a refund would void. */
export async function refundCheck(plus: PlusRecord, now: string): Promise<{ decision: RefundDecision; voids: string[] }> {
  const latest = [...plus.purchases].sort((a, b) => (a.at < b.at ? 1 : -1))[0];
  const recent = latest && !latest.refundedAt && Date.parse(now) - Date.parse(latest.at) <= 7 * DAY_MS;
  const packs = latest ? plus.packCoupons.filter((c) => c.at >= latest.at) : [];
  // The wallet is read only when a refund is possible at all (a recent purchase with pack coupons since).
  const wallet = recent && packs.length > 0 ? await listMemberCoupons(plus.memberId) : [];
  const stateOf = (id: string) => wallet.find((c) => c.couponId === id)?.state;
  const packCouponUsed = packs.some((c) => stateOf(c.couponId) === 'used');
  const decision = refundEligibility({ purchases: plus.purchases, lastPerkAt: plus.lastPerkAt, packCouponUsed, now });
  return { decision, voids: packs.filter((c) => stateOf(c.couponId) === 'available').map((c) => c.couponId) };
}

/** The term as the member's page shows it. */
export async function termView(plus: PlusRecord | null, now: string): Promise<MembershipTerm | null> {
  if (!plus || plus.months <= 0) return null;
  const term = termOf(plus);
  const { decision } = await refundCheck(plus, now);
  const latest = [...plus.purchases].sort((a, b) => (a.at < b.at ? 1 : -1))[0];
  return {
    planId: plus.planId,
    planName: plus.planName,
    badge: plus.badge,
    multiplier: plus.multiplier,
    active: isActive(term, now),
    startDate: plus.startDate,
    lastDay: lastDayOf(term),
    termEnd: plus.termEnd,
    packsIssued: plus.packsIssued,
    refund: {
      allowed: decision.ok,
      until: decision.ok ? new Date(Date.parse(decision.purchase.at) + 7 * DAY_MS).toISOString() : null,
      amountFen: decision.ok ? decision.purchase.amountFen : (latest?.amountFen ?? 0),
      reason: decision.ok ? null : decision.reason,
    },
  };
}

/**
 * Gives the member the coupon packs due and not given yet (the months of the term up to today), once per
 * term, month and template: each coupon is issued with a request id of the term and month (a repeat
 * answers the first coupon), then the count is recorded over the PLUS item's revision. Called by the
 * daily job, by the member's page and right after a purchase is seen paid. Answers the coupons given.
 */
export async function settlePacks(memberId: string, read?: PlusRecord | null): Promise<number> {
  let plus = read === undefined ? await getPlus(memberId) : read;
  for (let attempt = 0; attempt < 5 && plus; attempt++) {
    const now = clock.now().toISOString();
    if (!isActive(termOf(plus), now)) return 0;
    const due = packsDue(termOf(plus), plus.packsIssued, beijingDate(now));
    if (due.length === 0) return 0;
    const coupons: PackCoupon[] = [];
    for (const month of due) {
      for (const templateId of plus.couponTemplateIds) {
        try {
          const r = await issueCoupon(memberId, templateId, `plus-${plus.termId}-${month}`, 'membership');
          coupons.push({ couponId: r.coupon.id, templateId, month, at: r.coupon.issuedAt });
        } catch (e) {
          // Sold out, paused or ended meanwhile: that coupon of the pack is skipped (the month still counts).
          if (!(e instanceof AppError) || e.status >= 500) throw e;
          logger.warn('membership pack coupon not issued', { memberId, templateId, month, code: e.code });
        }
      }
    }
    const keepSince = new Date(Date.parse(now) - PACK_MEMORY_DAYS * DAY_MS).toISOString();
    const w = await recordPacks(plus, due.at(-1)! + 1, coupons, keepSince);
    if (w.ok) return coupons.length;
    plus = await getPlus(memberId);
    // A refund ended the term meanwhile (its transaction voided only the coupons it knew of): void these too.
    if (!plus || !isActive(termOf(plus), clock.now().toISOString())) {
      await voidPackCoupons(memberId, coupons.map((c) => c.couponId), `plusrefund:${plus?.termId ?? 'none'}`, clock.now().toISOString());
      return 0;
    }
  }
  return 0;
}
