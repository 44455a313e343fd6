import { createHash } from 'node:crypto';
import type { CheckoutRequest, CheckoutResponse } from '../../shared/contract';
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
  tierAfterEarning,
} from '../../shared/domain';
import { writePoints, writeTierHistory, writeTierState, type LedgerEntryInput } from '../adapters/dynamo/account-repo';
import { createOrder, getOrder, spendMemberCode, type OrderRecord } from '../adapters/dynamo/checkout-repo';
import { getMemberCode, type MemberCodeRecord } from '../adapters/dynamo/member-code-repo';
import { Tx } from '../adapters/dynamo/tx';
import { clock } from '../lib/clock';
import { AppError, conflict, forbidden, unprocessable } from '../lib/errors';
import type { Session } from '../lib/session';
import { brandOrFail, loadAccount, optimistic, rulesFor, tierOf, today } from '../points/context';
import { byMember } from '../points/movements';

/** Canonical fingerprint of a checkout request: a retry must carry exactly the same content. */
export function checkoutFingerprint(req: CheckoutRequest): string {
  const canonical = JSON.stringify([
    req.storeId,
    req.orderId,
    req.memberCode,
    req.amountFen,
    req.items.map((l) => [l.sku, l.name, l.category ?? null, l.quantity, l.unitPriceFen]),
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
  const brand = await brandOrFail();
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
    const acct = await loadAccount(code!.memberId);
    const at = now.toISOString();
    const day = today(now);
    const rules = rulesFor(brand, at);
    const holderTier = tierOf(brand, acct.holder.tier.tierCode);
    const earning = evaluatePurchase(rules, {
      amountFen: req.amountFen,
      lines: req.items,
      tierMultiplier: holderTier.multiplier,
      birthdayMonth: !!acct.member.birthday && monthNumberOf(acct.member.birthday) === monthNumberOf(day),
    });
    const bonus = !acct.member.firstPurchaseAt ? rules.events.firstPurchase.points : 0;

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
      spendPoints: earning.points,
      bucket,
      month,
      createdAt: at,
      staffOpenid: session.openid,
      result,
    });
    spendMemberCode(tx, req.memberCode, acct.member.memberId, orderRef, at);
    writePoints(tx, { before: acct.points, next: c2.state, entries, at, earned: earning.points + bonus });
    const purchaserFacts = { lastPurchaseAt: at, ...(acct.member.firstPurchaseAt ? {} : { firstPurchaseAt: at }) };
    if (acct.holder.memberId === acct.member.memberId) {
      writeTierState(tx, acct.holder.memberId, acct.holder.qrev, { qualifying, tier: t.state, extra: purchaserFacts });
    } else {
      writeTierState(tx, acct.holder.memberId, acct.holder.qrev, { qualifying, tier: t.state });
      writeTierState(tx, acct.member.memberId, acct.member.qrev, { extra: purchaserFacts }, 'purchaser');
    }
    if (t.change) writeTierHistory(tx, acct.holder.memberId, at, t.change, { source: orderRef });

    const out = await tx.send();
    if (out.ok) return { done: result };
    if (out.failed.includes('order')) {
      const old = out.item('order');
      if (old) return { done: replayOf(old as unknown as OrderRecord, requestHash, req) };
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
