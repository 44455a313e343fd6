import { createHash } from 'node:crypto';
import type { CheckoutPreviewRequest, CheckoutPreviewResponse, CheckoutRequest, CheckoutResponse } from '../../shared/contract';
import {
  EVENT_LABELS,
  addDays,
  addQualifying,
  credit,
  evaluatePurchase,
  expiryDateFor,
  isWellFormedMemberCode,
  maskPhone,
  monthNumberOf,
  monthOf,
  qualifyingTotal,
  stampsFor,
  tierAfterEarning,
} from '../../shared/domain';
import { writePoints, writeTierHistory, writeTierState, type LedgerEntryInput } from '../adapters/dynamo/account-repo';
import { createOrder, getOrder, spendMemberCode, type OrderRecord } from '../adapters/dynamo/checkout-repo';
import { getMemberCode, type MemberCodeRecord } from '../adapters/dynamo/member-code-repo';
import { countRedemption, listMemberCoupons, redeemCoupon, stampCard } from '../adapters/dynamo/coupon-repo';
import { settleStampReward } from '../coupons/collaboration';
import { Tx } from '../adapters/dynamo/tx';
import { couponsAtTill, netLines, refuseIfAny } from './coupons-at-till';
import { clock } from '../lib/clock';
import { AppError, conflict, forbidden, unprocessable } from '../lib/errors';
import type { Session } from '../lib/session';
import { brandOrFail, loadAccount, optimistic, rulesFor, tierOf, today } from '../core';
import { byMember } from '../core';
import { activeTagRules, purchaseFacts } from '../facts/collaboration';
import { memberInsight } from '../facts/collaboration';

/** Canonical fingerprint of a checkout request: a retry must carry exactly the same content. */
export function checkoutFingerprint(req: CheckoutRequest): string {
  const canonical = JSON.stringify([
    req.storeId,
    req.orderId,
    req.memberCode,
    req.amountFen,
    req.items.map((l) => [l.sku, l.name, l.category ?? null, l.quantity, l.unitPriceFen]),
    [...(req.coupons ?? [])],
  ]);
  return createHash('sha256').update(canonical).digest('base64url');
}

/**
 * A purchase at the till, in one transaction: the order (written once), the member code (spent
 * once), the ledger entries, the points account and the qualifying totals and tier of the account
 * holder (the family's primary for a secondary card). Points follow the earning rules in force at
 * the time of the purchase. Idempotent on (storeId, orderId): a retry with the same content answers
 * the first result (`replayed: true`); different content under the same order id gets 409.
 */
export async function checkout(session: Session, req: CheckoutRequest): Promise<CheckoutResponse> {
  if (!session.storeId || session.storeId !== req.storeId) {
    throw forbidden(`this clerk may record purchases only for store ${session.storeId ?? '(none)'}`);
  }
  const requestHash = checkoutFingerprint(req);
  const [brand, tagRules] = await Promise.all([brandOrFail(), activeTagRules()]);
  let firstRound = true;

  return optimistic(async () => {
    // The happy path reads no order: the order item's condition detects a recorded order.
    if (!firstRound) {
      const replay = await replayIfRecorded(req, requestHash);
      if (replay) return { done: replay };
    }
    firstRound = false;
    const code = isWellFormedMemberCode(req.memberCode) ? await getMemberCode(req.memberCode) : null;
    const now = clock.now();
    const refusal = refusalFor(code, now);
    if (refusal) {
      // The code may have been spent by this very order (a retry after success): answer that.
      const replay = await replayIfRecorded(req, requestHash);
      if (replay) return { done: replay };
      throw refusal;
    }
    // The account and the wallet (for coupons and stamp cards) are independent reads.
    const [acct, wallet] = await Promise.all([loadAccount(code!.memberId), listMemberCoupons(code!.memberId)]);
    const at = now.toISOString();
    const day = today(now);
    const rules = rulesFor(brand, at);
    const holderTier = tierOf(brand, acct.holder.tier.tierCode);
    const till = await couponsAtTill({ memberId: acct.member.memberId, storeId: req.storeId, lines: req.items, refs: req.coupons ?? [], now: at, wallet });
    try {
      refuseIfAny(till);
    } catch (e) {
      // A coupon used by this very order (a concurrent retry that committed first) is a replay, not a refusal.
      const replay = await replayIfRecorded(req, requestHash);
      if (replay) return { done: replay };
      throw e;
    }
    if (req.amountFen > till.evaluation.payableFen) {
      throw unprocessable('amount_exceeds_payable', `amount paid (${req.amountFen}) exceeds what is payable after coupons (${till.evaluation.payableFen})`, [
        { path: 'amountFen', message: `at most ${till.evaluation.payableFen}` },
      ]);
    }
    const paidLines = netLines(req.items, till.evaluation);
    const earning = evaluatePurchase(rules, {
      amountFen: req.amountFen,
      lines: paidLines,
      tierMultiplier: holderTier.multiplier,
      birthdayMonth: !!acct.member.birthday && monthNumberOf(acct.member.birthday) === monthNumberOf(day),
    });
    const bonus = !acct.member.firstPurchaseAt ? rules.events.firstPurchase.points : 0;
    const cards = till.wallet.filter((c) => c.terms.kind === 'stampCard');
    const stamps = stampsFor({
      cards: cards.map((c) => ({ id: c.couponId, state: c.state, validFrom: c.validFrom, validUntil: c.validUntil, terms: c.terms, stamps: c.stamps ?? 0 })),
      paidLines,
      storeId: req.storeId,
      now: at,
    });

    const bucket = { expiresOn: expiryDateFor(rules.expiry, day), availableOn: addDays(day, rules.holdingDays) };
    const c1 = credit(acct.points.state, earning.points, bucket.expiresOn, bucket.availableOn);
    const c2 = credit(c1.state, bonus, bucket.expiresOn, day);
    const who = byMember(acct);
    const orderRef = `${req.storeId}#${req.orderId}`;
    const entries: LedgerEntryInput[] = [
      {
        type: 'earn',
        points: c1.credited,
        description: '门店消费积分',
        source: { kind: 'order', id: orderRef },
        storeId: req.storeId,
        ruleVersion: rules.version,
        note: c1.debtRepaid ? `其中 ${c1.debtRepaid} 积分抵扣退货欠分` : null,
        ...who,
        detail: { amountFen: req.amountFen, grossPoints: earning.points, debtRepaid: c1.debtRepaid, availableOn: bucket.availableOn },
      },
    ];
    if (bonus > 0) {
      entries.push({
        type: 'earn',
        points: c2.credited,
        description: EVENT_LABELS.firstPurchase,
        source: { kind: 'event', id: `event#firstPurchase#${acct.member.memberId}` },
        storeId: req.storeId,
        ruleVersion: rules.version,
        ...who,
      });
    }

    const month = monthOf(day);
    const qualifying = addQualifying(acct.holder.qualifying, month, req.amountFen, earning.points + bonus, day);
    const t = tierAfterEarning(brand.tiers, acct.holder.tier, qualifyingTotal(brand.tiers, qualifying, day), day);
    const nextTier = tierOf(brand, t.state.tierCode);
    const balance = c2.state.buckets.reduce((s, b) => s + b.points, 0);
    const result: CheckoutResponse = {
      memberId: acct.member.memberId,
      orderId: req.orderId,
      storeId: req.storeId,
      pointsEarned: earning.points + bonus,
      breakdown: earning.breakdown,
      bonuses: bonus > 0 ? [{ label: EVENT_LABELS.firstPurchase, points: bonus }] : [],
      availableOn: rules.holdingDays > 0 ? bucket.availableOn : null,
      ruleVersion: rules.version,
      balance,
      toFamily: acct.holder.memberId !== acct.member.memberId,
      tier: { code: nextTier.code, name: nextTier.name },
      upgraded: !!t.change,
      coupons: till.evaluation.applied.map((a) => ({ couponId: a.couponId, name: till.wallet.find((c) => c.couponId === a.couponId)?.name ?? '', discountFen: a.discountFen })),
      discountFen: till.evaluation.discountFen,
      stamps: stamps.map((st) => {
        const card = cards.find((c) => c.couponId === st.couponId)!;
        return { couponId: st.couponId, name: card.name, stamps: st.stampsAfter, needed: card.terms.stampCard!.purchasesNeeded, completed: st.completes };
      }),
      replayed: false,
      phoneMasked: maskPhone(acct.member.phone),
    };

    const tx = new Tx();
    createOrder(tx, {
      storeId: req.storeId,
      orderId: req.orderId,
      requestHash,
      memberId: acct.member.memberId,
      accountId: acct.holder.memberId,
      amountFen: req.amountFen,
      items: req.items,
      lineAllocationsFen: earning.lineAllocationsFen,
      coupons: till.evaluation.applied.map((a) => ({ couponId: a.couponId, discountFen: a.discountFen, allocationsFen: a.allocationsFen })),
      stamps: stamps.map((st) => st.couponId),
      spendPoints: earning.points,
      bucket,
      month,
      createdAt: at,
      staffOpenid: session.openid,
      result,
    });
    spendMemberCode(tx, req.memberCode, acct.member.memberId, orderRef, at);
    till.evaluation.applied.forEach((a, i) => {
      redeemCoupon(tx, acct.member.memberId, a.couponId, orderRef, at, `coupon${i}`);
      const c = till.wallet.find((w) => w.couponId === a.couponId);
      if (c) countRedemption(tx, c.templateId, c.shard ?? 0, 1, `redeemed${i}`);
    });
    stamps.forEach((st, i) => stampCard(tx, { memberId: acct.member.memberId, couponId: st.couponId }, { before: st.stampsBefore, orderRef, completes: st.completes, at, label: `stamp${i}` }));
    writePoints(tx, { before: acct.points, next: c2.state, entries, at, earned: earning.points + bonus });
    // Member facts (segments, RFM, lifecycle) and rule tags, in the same transaction as the order.
    const purchaserFacts = purchaseFacts(tx, acct.member, { at, day, amountFen: req.amountFen, storeId: req.storeId, lines: req.items }, tagRules).extra;
    if (acct.holder.memberId === acct.member.memberId) {
      writeTierState(tx, acct.holder.memberId, acct.holder.qrev, { qualifying, tier: t.state, extra: purchaserFacts });
    } else {
      writeTierState(tx, acct.holder.memberId, acct.holder.qrev, { qualifying, tier: t.state });
      writeTierState(tx, acct.member.memberId, acct.member.qrev, { extra: purchaserFacts }, 'purchaser');
    }
    if (t.change) writeTierHistory(tx, acct.holder.memberId, at, t.change, { source: orderRef });

    const out = await tx.send();
    if (out.ok) {
      // A filled stamp card's reward coupon: issued once, right after the purchase that filled it.
      for (const st of stamps) if (st.completes) await settleStampReward(acct.member.memberId, st.couponId);
      return { done: result };
    }
    if (out.failed.includes('order')) {
      const old = out.item('order');
      if (old) return { done: replayOf(old as unknown as OrderRecord, requestHash, req) };
    }
    if (out.failed.some((l) => l.startsWith('coupon'))) {
      // Another order redeemed it meanwhile: unless that order is this one, the coupon is gone.
      const replay = await replayIfRecorded(req, requestHash);
      if (replay) return { done: replay };
      throw new AppError(409, 'coupon_used', 'a coupon in this order was just used by another order', [{ path: 'coupons', message: 'already used' }]);
    }
    // code: the next round explains; points/profile: a concurrent writer; read again.
    return 'retry';
  });
}

async function replayIfRecorded(req: CheckoutRequest, requestHash: string): Promise<CheckoutResponse | null> {
  const order = await getOrder(req.storeId, req.orderId);
  return order ? replayOf(order, requestHash, req) : null;
}

function replayOf(order: Pick<OrderRecord, 'requestHash' | 'result'>, requestHash: string, req: CheckoutRequest): CheckoutResponse {
  if (order.requestHash !== requestHash) {
    throw conflict('order_conflict', `order ${req.orderId} was already recorded at store ${req.storeId} with different content`);
  }
  return { ...order.result, replayed: true };
}

const codeNotFound = () =>
  new AppError(404, 'member_code_not_found', 'no such member code; ask the member to show the code again', [
    { path: 'memberCode', message: 'unknown code' },
  ]);

function refusalFor(code: MemberCodeRecord | null, now: Date): AppError | null {
  if (!code) return codeNotFound();
  if (code.usedAt) {
    return new AppError(409, 'member_code_used', 'this member code was already used; ask the member to refresh it', [
      { path: 'memberCode', message: 'already used' },
    ]);
  }
  if (code.expiresAt <= now.toISOString()) {
    return unprocessable('member_code_expired', 'this member code has expired; ask the member to refresh it', [
      { path: 'memberCode', message: 'expired' },
    ]);
  }
  return null;
}

/**
 * What the till shows before confirming: the member behind the code, her usable coupons, the
 * discount of the ticked ones (or why each cannot be used), what is payable and the points it
 * earns. Reads only: the code is not spent.
 */
export async function previewCheckout(session: Session, req: CheckoutPreviewRequest): Promise<CheckoutPreviewResponse> {
  if (!session.storeId || session.storeId !== req.storeId) {
    throw forbidden(`this clerk may record purchases only for store ${session.storeId ?? '(none)'}`);
  }
  const code = isWellFormedMemberCode(req.memberCode) ? await getMemberCode(req.memberCode) : null;
  const now = clock.now();
  const refusal = refusalFor(code, now);
  if (refusal) throw refusal;
  const [acct, brand, wallet] = await Promise.all([loadAccount(code!.memberId), brandOrFail(), listMemberCoupons(code!.memberId)]);
  const at = now.toISOString();
  const day = today(now);
  const till = await couponsAtTill({ memberId: acct.member.memberId, storeId: req.storeId, lines: req.items, refs: req.coupons ?? [], now: at, wallet });
  const e = till.evaluation;
  const earning = evaluatePurchase(rulesFor(brand, at), {
    amountFen: e.payableFen,
    lines: netLines(req.items, e),
    tierMultiplier: tierOf(brand, acct.holder.tier.tierCode).multiplier,
    birthdayMonth: !!acct.member.birthday && monthNumberOf(acct.member.birthday) === monthNumberOf(day),
  });
  return {
    memberId: acct.member.memberId,
    phoneMasked: maskPhone(acct.member.phone),
    linesTotalFen: e.linesTotalFen,
    discountFen: e.discountFen,
    payableFen: e.payableFen,
    applied: e.applied.map((a) => ({ couponId: a.couponId, name: till.wallet.find((c) => c.couponId === a.couponId)?.name ?? '', discountFen: a.discountFen })),
    refusals: e.refusals.map((r) => ({ coupon: req.coupons?.[till.resolved.indexOf(r.couponId)] ?? r.couponId, reason: r.reason, message: r.message })),
    pointsPreview: earning.points,
    memberCoupons: till.wallet
      .filter((c) => c.state === 'available' && c.validFrom <= at && c.validUntil >= at && (!c.terms.stores || c.terms.stores.includes(req.storeId)) && c.terms.kind !== 'stampCard')
      .map((c) => ({ id: c.couponId, name: c.name, summary: c.summary, validUntil: c.validUntil })),
    insight: await memberInsight(acct.member),
  };
}
