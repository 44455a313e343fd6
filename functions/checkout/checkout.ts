/**
 * The till's purchase and its preview: read (code, account, wallet, coupons), decide with no database
 * (./decide.ts), write one unit of work (`recordPurchase`), and map its typed failure.
 */
import { createHash } from 'node:crypto';
import type { CheckoutPreviewRequest, CheckoutPreviewResponse, CheckoutRequest, CheckoutResponse } from '../../shared/contract';
import { isWellFormedMemberCode } from '../../shared/domain';
import { getOrder, recordPurchase, type OrderRecord } from '../adapters/dynamo/checkout-repo';
import { getMemberCode } from '../adapters/dynamo/member-code-repo';
import { getStore, type StoreRecord } from '../adapters/dynamo/brand-repo';
import { listMemberCoupons } from '../adapters/dynamo/coupon-repo';
import { settleStampReward } from '../coupons/collaboration';
import { readTillCoupons } from './coupons-at-till';
import { decideCheckout, decidePreview, memberCodeRefusal, type Refusal } from './decide';
import { clock } from '../lib/clock';
import { countMetric } from '../lib/metrics';
import { fail } from '../lib/errors';
import type { Session } from '../lib/session';
import { brandOrFail, loadAccount, optimistic, refuseFrozen, rulesFor, today } from '../core';
import { activeTagRules, memberInsight } from '../facts/collaboration';
import { plusAtTill } from '../membership/collaboration';

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

/** A closed store's till records nothing (issue 16); a store with no record yet stays usable. */
function refuseClosed(store: StoreRecord | null) {
  if (store && !store.open) throw fail('store_closed', `store ${store.storeId} is closed`, [{ path: 'storeId', message: 'closed' }]);
}

/** A refusal of the till's decision, raised with the catalogue's status for its code. */
const refusalError = (r: Refusal) => fail(r.code, r.message, r.fields);

/**
 * A purchase at the till, in one transaction: the order (written once), the member code (spent
 * once), the ledger entries, the points account and the qualifying totals and tier of the account
 * holder (the family's primary for a secondary card). Points follow the earning rules in force at
 * the time of the purchase. Idempotent on (storeId, orderId): a retry with the same content answers
 * the first result (`replayed: true`); different content under the same order id gets 409.
 */
export async function checkout(session: Session, req: CheckoutRequest): Promise<CheckoutResponse> {
  if (!session.storeId || session.storeId !== req.storeId) {
    throw fail('forbidden', `this clerk may record purchases only for store ${session.storeId ?? '(none)'}`);
  }
  const requestHash = checkoutFingerprint(req);
  // The store's open/closed state is read beside the member's account (no extra round trip); awaited below.
  const storeRead = getStore(req.storeId);
  storeRead.catch(() => undefined); // a failure surfaces where it is awaited
  const [brand, tagRules] = await Promise.all([brandOrFail(), activeTagRules()]);
  /** A refusal this very order may have caused (a retry after success) answers the recorded order instead. */
  const replayOr = async (r: Refusal) => {
    const replay = r.mayBeThisOrder ? await replayIfRecorded(req, requestHash) : null;
    if (replay) return { done: replay };
    throw refusalError(r);
  };
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
    const codeRefused = memberCodeRefusal(code, now);
    if (codeRefused) return replayOr(codeRefused);
    // The account and the wallet (for coupons and stamp cards) are independent reads.
    const [account, wallet, store, plus] = await Promise.all([loadAccount(code!.memberId), listMemberCoupons(code!.memberId), storeRead, plusAtTill(code!.memberId, now.toISOString())]);
    refuseClosed(store);
    // A frozen member's code is refused at the till (no earning, no spending).
    refuseFrozen(account.member);
    const rules = rulesFor(brand, now.toISOString());
    const till = await readTillCoupons({ memberId: account.member.memberId, refs: req.coupons ?? [], wallet });
    const d = decideCheckout({ req, requestHash, staffOpenid: session.openid, now, day: today(now), account, brand, rules, till, tagRules, plus });
    if (!d.ok) return replayOr(d.refusal);

    const w = await recordPurchase(d.plan);
    if (w.ok) {
      countMetric('Checkouts');
      countMetric('PointsIssued', d.result.pointsEarned);
      // A filled stamp card's reward coupon: issued once, right after the purchase that filled it.
      for (const st of d.plan.stamps) if (st.completes) await settleStampReward(account.member.memberId, st.couponId);
      return { done: d.result };
    }
    switch (w.failed) {
      case 'order_recorded':
        return { done: replayOf(w.existing, requestHash, req) };
      case 'coupon_taken': {
        // Another order redeemed it meanwhile: unless that order is this one, the coupon is gone.
        const replay = await replayIfRecorded(req, requestHash);
        if (replay) return { done: replay };
        throw fail('coupon_used', 'a coupon in this order was just used by another order', [{ path: 'coupons', message: 'already used' }]);
      }
      case 'code_spent': // the next round explains
      case 'revision_moved': // a concurrent writer: read again
        return 'retry';
    }
  });
}

async function replayIfRecorded(req: CheckoutRequest, requestHash: string): Promise<CheckoutResponse | null> {
  const order = await getOrder(req.storeId, req.orderId);
  return order ? replayOf(order, requestHash, req) : null;
}

function replayOf(order: Pick<OrderRecord, 'requestHash' | 'result'>, requestHash: string, req: CheckoutRequest): CheckoutResponse {
  if (order.requestHash !== requestHash) {
    throw fail('order_conflict', `order ${req.orderId} was already recorded at store ${req.storeId} with different content`);
  }
  return { ...order.result, replayed: true };
}

/**
 * What the till shows before confirming: the member behind the code, her usable coupons, the
 * discount of the ticked ones (or why each cannot be used), what is payable and the points it
 * earns. Reads only: the code is not spent.
 */
export async function previewCheckout(session: Session, req: CheckoutPreviewRequest): Promise<CheckoutPreviewResponse> {
  if (!session.storeId || session.storeId !== req.storeId) {
    throw fail('forbidden', `this clerk may record purchases only for store ${session.storeId ?? '(none)'}`);
  }
  const [code, store] = await Promise.all([isWellFormedMemberCode(req.memberCode) ? getMemberCode(req.memberCode) : null, getStore(req.storeId)]);
  refuseClosed(store);
  const now = clock.now();
  const refused = memberCodeRefusal(code, now);
  if (refused) throw refusalError(refused);
  const [account, brand, wallet, plus] = await Promise.all([loadAccount(code!.memberId), brandOrFail(), listMemberCoupons(code!.memberId), plusAtTill(code!.memberId, now.toISOString())]);
  refuseFrozen(account.member);
  const till = await readTillCoupons({ memberId: account.member.memberId, refs: req.coupons ?? [], wallet });
  const preview = decidePreview({ req, now, day: today(now), account, brand, rules: rulesFor(brand, now.toISOString()), till, plus });
  return { ...preview, insight: await memberInsight(account.member) };
}
