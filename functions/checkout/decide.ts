/**
 * What a purchase at the till means, decided with no database: from the member code, the account, the
 * wallet, the earning rules, the tier program and the tag rules read by the use case, either a refusal
 * or the whole plan the unit of work writes (order, code, coupons, stamps, points, tier, facts, answer).
 * Unit-tested in tests/unit/checkout-decision.test.ts.
 */
import type { CheckoutPreviewRequest, CheckoutPreviewResponse, CheckoutRequest, CheckoutResponse, EarningRulesVersion } from '../../shared/contract';
import {
  EVENT_LABELS,
  UNKNOWN_OWNER,
  balanceOf,
  earningBucket,
  evaluateCoupons,
  evaluatePurchase,
  maskPhone,
  monthNumberOf,
  monthOf,
  stampsFor,
  type BasketLine,
  type CouponAtTill,
  type CouponEvaluation,
  type Earning,
} from '../../shared/domain';
import { purchaseFactsOf, type TagRule } from '../../shared/domain/rfm';
import type { PurchasePlan } from '../adapters/dynamo/checkout-repo';
import type { MemberCouponRecord } from '../adapters/dynamo/coupon-repo';
import type { MemberCodeRecord } from '../adapters/dynamo/member-code-repo';
import type { FieldError } from '../lib/errors';
import type { Account } from '../core/account';
import { tierOf, type BrandConfig } from '../core/brand';
import { earningFor } from '../core/earn';
import { earnMultiplier } from '../../shared/domain/membership';

/** The multiplier a purchase earns with: tier and paid plan (issue 17), the better one unless the brand stacks them. */
const multiplierOf = (brand: BrandConfig, acct: Account, plus: { multiplier: number } | null | undefined) =>
  earnMultiplier(tierOf(brand, acct.holder.tier.tierCode).multiplier, plus?.multiplier ?? null, !!brand.plus?.stackPlusWithTier);

/** Why the till refuses a purchase (or its preview); the use case raises it as an error with this code. */
export interface Refusal {
  code: 'member_code_not_found' | 'member_code_used' | 'member_code_expired' | 'coupon_used' | 'coupon_refused' | 'amount_exceeds_payable';
  message: string;
  fields?: FieldError[];
  /**
   * This very order, recorded by an earlier attempt, would cause the same refusal (its code is spent,
   * its coupons used): the use case answers the recorded order instead when there is one.
   */
  mayBeThisOrder: boolean;
}

/** The member code as read: unknown, already spent or expired is refused. */
export function memberCodeRefusal(code: MemberCodeRecord | null, now: Date): Refusal | null {
  if (!code) return { code: 'member_code_not_found', message: 'no such member code; ask the member to show the code again', fields: [{ path: 'memberCode', message: 'unknown code' }], mayBeThisOrder: true };
  if (code.usedAt) return { code: 'member_code_used', message: 'this member code was already used; ask the member to refresh it', fields: [{ path: 'memberCode', message: 'already used' }], mayBeThisOrder: true };
  if (code.expiresAt <= now.toISOString()) return { code: 'member_code_expired', message: 'this member code has expired; ask the member to refresh it', fields: [{ path: 'memberCode', message: 'expired' }], mayBeThisOrder: true };
  return null;
}

/** The request's coupon entries as the till read them: the wallet, and each entry resolved (`readTillCoupons`). */
export interface TillRead {
  wallet: MemberCouponRecord[];
  /** One per request entry: the member's coupon, another member's (by code), or an unknown one. */
  atTill: CouponAtTill[];
  /** The request's entries, resolved to coupon ids (or the entry itself when unknown). */
  resolved: string[];
}

export interface TillCoupons extends TillRead {
  evaluation: CouponEvaluation;
}

/** An entry that names no coupon of anyone: refused as unknown by the shared rules. */
export const unknownCoupon = (id: string): CouponAtTill => ({
  id,
  ownerId: UNKNOWN_OWNER,
  state: 'available',
  validFrom: '',
  validUntil: '9999',
  terms: { kind: 'amountOff', scope: { kind: 'all' }, stores: null, stackable: true },
});

/** The shared coupon rules over the basket: which coupons apply, their discounts and allocations, the refusals. */
export function evaluateTill(read: TillRead, p: { memberId: string; storeId: string; lines: BasketLine[]; now: string }): TillCoupons {
  return { ...read, evaluation: evaluateCoupons({ lines: p.lines, coupons: read.atTill, memberId: p.memberId, storeId: p.storeId, now: p.now }) };
}

/**
 * A refused coupon fails the checkout, naming each refused entry and its reason: `coupon_used` (409)
 * when one was already used (by another order), `coupon_refused` (422) for the other reasons.
 */
export function tillRefusal(t: TillCoupons): Refusal | null {
  const refusals = t.evaluation.refusals;
  if (refusals.length === 0) return null;
  const used = refusals.some((r) => r.reason === 'used');
  return {
    code: used ? 'coupon_used' : 'coupon_refused',
    message: `coupon refused: ${refusals.map((r) => `${r.couponId} ${r.reason}`).join('; ')}`,
    fields: refusals.map((r) => ({ path: `coupons.${t.resolved.indexOf(r.couponId)}`, message: `${r.reason}: ${r.message}` })),
    mayBeThisOrder: true,
  };
}

/** Lines priced at what remains after the coupons' allocations (for points on the amount paid). */
export function netLines(lines: BasketLine[], e: CouponEvaluation): BasketLine[] {
  return lines.map((l, i) => {
    const off = e.applied.reduce((s, a) => s + (a.allocationsFen[i] ?? 0), 0);
    return { sku: l.sku, category: l.category, quantity: 1, unitPriceFen: l.quantity * l.unitPriceFen - off };
  });
}

const couponName = (t: TillRead, couponId: string) => t.wallet.find((c) => c.couponId === couponId)?.name ?? '';
const inBirthdayMonth = (acct: Account, day: string) => !!acct.member.birthday && monthNumberOf(acct.member.birthday) === monthNumberOf(day);

export interface CheckoutInput {
  req: CheckoutRequest;
  requestHash: string;
  staffOpenid: string;
  now: Date;
  /** The brand's calendar day of `now`. */
  day: string;
  account: Account;
  brand: BrandConfig;
  /** The earning rules in force at `now`. */
  rules: EarningRulesVersion;
  till: TillRead;
  tagRules: readonly TagRule[];
  /** The buyer's running paid plan (issue 17), if any. */
  plus?: { multiplier: number } | null;
}

export type CheckoutDecision = { ok: true; plan: PurchasePlan; result: CheckoutResponse } | { ok: false; refusal: Refusal };

/**
 * A purchase: coupons checked and applied, points on what was paid (tier and birthday multipliers, the
 * first-purchase bonus), stamps, the holder's qualifying totals and tier, the buyer's facts and the answer.
 */
export function decideCheckout(input: CheckoutInput): CheckoutDecision {
  const { req, account: acct, brand, rules, day } = input;
  const at = input.now.toISOString();
  const memberId = acct.member.memberId;
  const till = evaluateTill(input.till, { memberId, storeId: req.storeId, lines: req.items, now: at });
  const refused = tillRefusal(till);
  if (refused) return { ok: false, refusal: refused };
  const e = till.evaluation;
  if (req.amountFen > e.payableFen) {
    return {
      ok: false,
      refusal: {
        code: 'amount_exceeds_payable',
        message: `amount paid (${req.amountFen}) exceeds what is payable after coupons (${e.payableFen})`,
        fields: [{ path: 'amountFen', message: `at most ${e.payableFen}` }],
        mayBeThisOrder: false,
      },
    };
  }

  const paidLines = netLines(req.items, e);
  const multiplier = multiplierOf(brand, acct, input.plus);
  const spend = evaluatePurchase(rules, { amountFen: req.amountFen, lines: paidLines, tierMultiplier: multiplier.multiplier, birthdayMonth: inBirthdayMonth(acct, day) });
  const bonus = !acct.member.firstPurchaseAt ? rules.events.firstPurchase.points : 0;
  const cards = till.wallet.filter((c) => c.terms.kind === 'stampCard');
  const stamps = stampsFor({
    cards: cards.map((c) => ({ id: c.couponId, state: c.state, validFrom: c.validFrom, validUntil: c.validUntil, terms: c.terms, stamps: c.stamps ?? 0 })),
    paidLines,
    storeId: req.storeId,
    now: at,
  });

  const orderRef = `${req.storeId}#${req.orderId}`;
  const bucket = earningBucket(rules.expiry, day, rules.holdingDays);
  const earnings: Earning[] = [
    {
      points: spend.points,
      bucket,
      entry: {
        description: '门店消费积分',
        source: { kind: 'order', id: orderRef },
        storeId: req.storeId,
        ruleVersion: rules.version,
        detail: { amountFen: req.amountFen, availableOn: bucket.availableOn },
      },
    },
  ];
  if (bonus > 0) {
    earnings.push({
      points: bonus,
      bucket: { expiresOn: bucket.expiresOn, availableOn: day },
      entry: { description: EVENT_LABELS.firstPurchase, source: { kind: 'event', id: `event#firstPurchase#${memberId}` }, storeId: req.storeId, ruleVersion: rules.version },
      explainDebt: false,
    });
  }
  const month = monthOf(day);
  const earning = earningFor(acct, brand, day, earnings, { spendFen: req.amountFen, month });
  const nextTier = tierOf(brand, earning.standing!.tier.tierCode);
  const facts = purchaseFactsOf(acct.member, { at, day, amountFen: req.amountFen, storeId: req.storeId, lines: req.items }, input.tagRules);

  const result: CheckoutResponse = {
    memberId,
    orderId: req.orderId,
    storeId: req.storeId,
    pointsEarned: earning.earned,
    breakdown: spend.breakdown,
    bonuses: bonus > 0 ? [{ label: EVENT_LABELS.firstPurchase, points: bonus }] : [],
    availableOn: rules.holdingDays > 0 ? bucket.availableOn : null,
    ruleVersion: rules.version,
    balance: earning.state.buckets.reduce((s, b) => s + b.points, 0),
    toFamily: acct.holder.memberId !== memberId,
    tier: { code: nextTier.code, name: nextTier.name },
    upgraded: !!earning.standing!.change,
    coupons: e.applied.map((a) => ({ couponId: a.couponId, name: couponName(till, a.couponId), discountFen: a.discountFen })),
    discountFen: e.discountFen,
    stamps: stamps.map((st) => {
      const card = cards.find((c) => c.couponId === st.couponId)!;
      return { couponId: st.couponId, name: card.name, stamps: st.stampsAfter, needed: card.terms.stampCard!.purchasesNeeded, completed: st.completes };
    }),
    replayed: false,
    phoneMasked: maskPhone(acct.member.phone),
  };

  const plan: PurchasePlan = {
    order: {
      storeId: req.storeId,
      orderId: req.orderId,
      requestHash: input.requestHash,
      memberId,
      accountId: acct.holder.memberId,
      amountFen: req.amountFen,
      items: req.items,
      lineAllocationsFen: spend.lineAllocationsFen,
      coupons: e.applied.map((a) => ({ couponId: a.couponId, discountFen: a.discountFen, allocationsFen: a.allocationsFen })),
      stamps: stamps.map((st) => st.couponId),
      spendPoints: spend.points,
      bucket,
      month,
      createdAt: at,
      staffOpenid: input.staffOpenid,
      result,
    },
    orderRef,
    at,
    day,
    memberCode: req.memberCode,
    redemptions: e.applied.map((a) => {
      const c = till.wallet.find((w) => w.couponId === a.couponId);
      return { couponId: a.couponId, templateId: c ? c.templateId : null, shard: c?.shard ?? 0 };
    }),
    stamps: stamps.map((st) => ({ couponId: st.couponId, before: st.stampsBefore, completes: st.completes })),
    holder: { memberId: acct.holder.memberId, qrev: acct.holder.qrev },
    points: acct.points,
    earning,
    buyer: { memberId, qrev: acct.member.qrev, facts: facts.attributes, movesLastBuy: facts.movesLastBuy },
    // The plan's multiplier made a difference: a perk used (the paid membership's refund then closes).
    ...(multiplier.planUsed && spend.points > 0 ? { plusPerk: memberId } : {}),
  };
  return { ok: true, plan, result };
}

export interface PreviewInput {
  req: CheckoutPreviewRequest;
  now: Date;
  day: string;
  account: Account;
  brand: BrandConfig;
  rules: EarningRulesVersion;
  till: TillRead;
  plus?: { multiplier: number } | null;
}

/**
 * What the till shows before confirming: the discount of the ticked coupons (or why each cannot be
 * used), what is payable, the points it earns, and the member's usable coupons. The member's insight
 * is added by the use case.
 */
export function decidePreview(input: PreviewInput): Omit<CheckoutPreviewResponse, 'insight'> {
  const { req, account: acct, brand, day } = input;
  const at = input.now.toISOString();
  const till = evaluateTill(input.till, { memberId: acct.member.memberId, storeId: req.storeId, lines: req.items, now: at });
  const e = till.evaluation;
  const earning = evaluatePurchase(input.rules, {
    amountFen: e.payableFen,
    lines: netLines(req.items, e),
    tierMultiplier: multiplierOf(brand, acct, input.plus).multiplier,
    birthdayMonth: inBirthdayMonth(acct, day),
  });
  return {
    memberId: acct.member.memberId,
    phoneMasked: maskPhone(acct.member.phone),
    linesTotalFen: e.linesTotalFen,
    discountFen: e.discountFen,
    payableFen: e.payableFen,
    applied: e.applied.map((a) => ({ couponId: a.couponId, name: couponName(till, a.couponId), discountFen: a.discountFen })),
    refusals: e.refusals.map((r) => ({ coupon: req.coupons?.[till.resolved.indexOf(r.couponId)] ?? r.couponId, reason: r.reason, message: r.message })),
    pointsPreview: earning.points,
    memberCoupons: till.wallet
      .filter((c) => c.state === 'available' && c.validFrom <= at && c.validUntil >= at && (!c.terms.stores || c.terms.stores.includes(req.storeId)) && c.terms.kind !== 'stampCard')
      .map((c) => ({
        id: c.couponId,
        name: c.name,
        summary: c.summary,
        validUntil: c.validUntil,
        stackable: c.terms.stackable,
        // What it alone takes off this basket: the till proposes the better of two that do not combine.
        aloneFen: evaluateCoupons({
          lines: req.items,
          coupons: [{ id: c.couponId, ownerId: c.memberId, state: c.state, validFrom: c.validFrom, validUntil: c.validUntil, terms: c.terms }],
          memberId: acct.member.memberId,
          storeId: req.storeId,
          now: at,
        }).discountFen,
      })),
    standing: { tierName: tierOf(brand, acct.holder.tier.tierCode).name, balance: balanceOf(acct.points.state) },
  };
}
