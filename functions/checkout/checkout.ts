import { createHash, randomUUID } from 'node:crypto';
import type { CheckoutRequest, CheckoutResponse } from '../../shared/contract';
import { isWellFormedMemberCode, maskPhone, pointsForPurchase, tierAfterPurchase, tierForSpend } from '../../shared/domain';
import { commitCheckout, getOrder, type CheckoutOutcome, type StoredOrder } from '../adapters/dynamo/checkout-repo';
import { isRetryableConflict, pause } from '../adapters/dynamo/errors';
import { getMemberCode, type MemberCodeRecord } from '../adapters/dynamo/member-code-repo';
import { getMemberWithPoints } from '../adapters/dynamo/member-repo';
import { clock } from '../lib/clock';
import { AppError, conflict, forbidden, notFound, unprocessable } from '../lib/errors';
import type { Session } from '../lib/session';
import { brandOrFail } from '../members/members';

const MAX_ATTEMPTS = 8;

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
 * A purchase at the till: spends the member code, writes the order, earns points and updates the
 * qualifying spend (and tier) in one transaction. Idempotent on (storeId, orderId): a retry with the
 * same content answers the first result (`replayed: true`); different content under the same order id
 * is refused with 409. Concurrent writers are serialised by the transaction's conditions.
 */
export async function checkout(session: Session, req: CheckoutRequest): Promise<CheckoutResponse> {
  if (!session.storeId || session.storeId !== req.storeId) {
    throw forbidden(`this clerk may record purchases only for store ${session.storeId ?? '(none)'}`);
  }
  const requestHash = checkoutFingerprint(req);

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    // The happy path reads no order: the transaction's condition on the order item detects a
    // recorded order, and only then (a retry, a race, a reused id) is the stored result read.
    if (attempt > 0) {
      const replay = await replayIfRecorded(req, requestHash);
      if (replay) return replay;
    }
    const code = isWellFormedMemberCode(req.memberCode) ? await getMemberCode(req.memberCode) : null;
    const now = clock.now();
    const refusal = refusalFor(code, now);
    if (refusal) {
      // The code may have been spent by this very order (a retry after success, or a concurrent
      // identical request that committed first): answer the recorded result rather than refuse.
      const replay = await replayIfRecorded(req, requestHash);
      if (replay) return replay;
      throw refusal;
    }
    if (!code) throw codeNotFound();

    const [m, brand] = await Promise.all([getMemberWithPoints(code.memberId), brandOrFail()]);
    if (!m) throw notFound('member_not_found', 'the member behind this code no longer exists');

    const current = brand.tiers.find((t) => t.code === m.member.tierCode) ?? tierForSpend(brand.tiers, 0);
    const points = pointsForPurchase(brand.spendRule, req.amountFen, current.multiplier);
    const newSpend = m.member.qualifyingSpendFen + req.amountFen;
    const next = tierAfterPurchase(brand.tiers, current, newSpend);
    const at = now.toISOString();
    const result: CheckoutResponse = {
      memberId: m.member.memberId,
      orderId: req.orderId,
      storeId: req.storeId,
      pointsEarned: points,
      balance: m.points.balance + points,
      tier: { code: next.code, name: next.name },
      upgraded: next.code !== current.code,
      replayed: false,
      phoneMasked: maskPhone(m.member.phone),
    };
    let outcome: CheckoutOutcome;
    try {
      outcome = await commitCheckout({
        storeId: req.storeId,
        orderId: req.orderId,
        requestHash,
        staffOpenid: session.openid,
        memberCode: req.memberCode,
        memberId: m.member.memberId,
        amountFen: req.amountFen,
        items: req.items,
        at,
        entryId: randomUUID(),
        points,
        ruleVersion: brand.spendRule.version,
        expected: { balance: m.points.balance, qualifyingSpendFen: m.member.qualifyingSpendFen },
        newQualifyingSpendFen: newSpend,
        tierChange: result.upgraded ? { from: current.code, to: next.code } : null,
        result,
      });
    } catch (e) {
      if (!isRetryableConflict(e)) throw e;
      outcome = { kind: 'conflict' };
    }
    if (outcome.kind === 'committed') return result;
    if (outcome.kind === 'order_exists' && outcome.existing) return replayOf(outcome.existing, requestHash, req);
    // code_unusable: the next round explains; stale_read / conflict: re-read and try again.
    await pause(attempt);
  }
  throw new AppError(503, 'busy', 'the member account is busy; retry the same request');
}

async function replayIfRecorded(req: CheckoutRequest, requestHash: string): Promise<CheckoutResponse | null> {
  const order = await getOrder(req.storeId, req.orderId);
  return order ? replayOf(order, requestHash, req) : null;
}

function replayOf(order: StoredOrder, requestHash: string, req: CheckoutRequest): CheckoutResponse {
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
