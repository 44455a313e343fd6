import { createHash } from 'node:crypto';
import type { ReturnRequest, ReturnResponse } from '../../shared/contract';
import { addQualifying, balanceOf, keepsStamp, maskPhone, reverse } from '../../shared/domain';
import { writePoints, writeTierState } from '../adapters/dynamo/account-repo';
import { createReturn, getOrder, getReturn, updateOrderReturns, type OrderRecord } from '../adapters/dynamo/checkout-repo';
import { getMember, getPoints } from '../adapters/dynamo/member-repo';
import { countRedemption, listMemberCoupons, restoreCoupon, STAMPS_FULL, unstampCard, voidCoupon } from '../adapters/dynamo/coupon-repo';
import { Tx } from '../adapters/dynamo/tx';
import { clock } from '../lib/clock';
import { fail } from '../lib/errors';
import type { Session } from '../lib/session';
import { optimistic, today } from '../core';
import { returnFacts } from '../facts/collaboration';

export function returnFingerprint(req: ReturnRequest): string {
  const lines = req.lines ? [...req.lines].sort((a, b) => (a.sku < b.sku ? -1 : 1)).map((l) => [l.sku, l.quantity]) : null;
  return createHash('sha256').update(JSON.stringify([req.storeId, req.orderId, req.returnId, req.amountFen ?? null, lines])).digest('base64url');
}

/** Cumulative share, rounded down, so the parts of several partial returns add up to the whole. */
const shareOf = (total: number, part: number, whole: number) => (whole === 0 ? 0 : Math.floor((total * part) / whole));

interface Plan {
  refundFen: number;
  returnedQty: number[];
}

/** What a return gives back, in fen, and the units it returns per line. Refuses more than what is left. */
export function planReturn(order: OrderRecord, req: ReturnRequest): Plan {
  const remaining = order.amountFen - order.returnedFen;
  if (req.amountFen !== undefined) {
    if (req.amountFen > remaining) {
      throw fail('return_exceeds_order', `only ${remaining} fen of this order is left to return`, [
        { path: 'amountFen', message: `at most ${remaining}` },
      ]);
    }
    return { refundFen: req.amountFen, returnedQty: order.returnedQty };
  }
  const qty = [...order.returnedQty];
  let refundFen = 0;
  req.lines!.forEach((l, i) => {
    let want = l.quantity;
    order.items.forEach((item, j) => {
      if (item.sku !== l.sku || want === 0) return;
      const n = Math.min(want, item.quantity - qty[j]!);
      if (n <= 0) return;
      const alloc = order.lineAllocationsFen[j]!;
      refundFen += shareOf(alloc, qty[j]! + n, item.quantity) - shareOf(alloc, qty[j]!, item.quantity);
      qty[j]! += n;
      want -= n;
    });
    if (!order.items.some((it) => it.sku === l.sku)) {
      throw fail('return_line_unknown', `SKU ${l.sku} is not in order ${order.orderId}`, [{ path: `lines.${i}.sku`, message: 'not in this order' }]);
    }
    if (want > 0) {
      throw fail('return_exceeds_order', `more units of ${l.sku} than bought and not yet returned`, [
        { path: `lines.${i}.quantity`, message: `at most ${l.quantity - want}` },
      ]);
    }
  });
  return { refundFen: Math.min(refundFen, remaining), returnedQty: qty };
}

/**
 * A return at the till. Points are taken back in proportion to the refunded amount (cumulative,
 * so a full return takes back exactly what was earned). When the member already spent them the
 * balance stops at zero and the shortfall becomes debt, repaid from future earnings. The refunded
 * spend leaves the qualifying total of the purchase's month; the tier itself only moves at the
 * scheduled evaluation. Idempotent on (storeId, returnId).
 */
export async function returnOrder(session: Session, req: ReturnRequest): Promise<ReturnResponse> {
  if (!session.storeId || session.storeId !== req.storeId) {
    throw fail('forbidden', `this clerk may handle returns only for store ${session.storeId ?? '(none)'}`);
  }
  const requestHash = returnFingerprint(req);
  const replayOf = (stored: { requestHash: string; result: ReturnResponse }) => {
    if (stored.requestHash !== requestHash) throw fail('return_conflict', `return ${req.returnId} was already recorded with different content`);
    return { ...stored.result, replayed: true };
  };
  const existing = await getReturn(req.storeId, req.returnId);
  if (existing) return replayOf(existing);

  return optimistic(async () => {
    const order = await getOrder(req.storeId, req.orderId);
    if (!order) throw fail('order_not_found', `no order ${req.orderId} at store ${req.storeId}`);
    if (order.returnedFen >= order.amountFen) {
      const again = await getReturn(req.storeId, req.returnId);
      if (again) return { done: replayOf(again) };
      throw fail('order_fully_returned', 'this order was already returned in full', [{ path: 'orderId', message: 'fully returned' }]);
    }
    const plan = planReturn(order, req);
    const returnedFen = order.returnedFen + plan.refundFen;
    const returnedPoints = shareOf(order.spendPoints, returnedFen, order.amountFen);
    const points = returnedPoints - order.returnedPoints;
    const now = clock.now();
    const at = now.toISOString();
    const day = today(now);
    const [account, holder, buyer] = await Promise.all([getPoints(order.accountId), getMember(order.accountId), getMember(order.memberId)]);
    if (!holder || !buyer) throw fail('member_not_found', 'the member of this order no longer exists');
    const r = reverse(account.state, points, order.bucket, day);
    const tx = new Tx();
    const result: ReturnResponse = {
      returnId: req.returnId,
      orderId: req.orderId,
      storeId: req.storeId,
      memberId: order.memberId,
      refundFen: plan.refundFen,
      pointsReversed: points,
      shortfall: r.shortfall,
      balance: balanceOf(r.state),
      remainingFen: order.amountFen - returnedFen,
      couponsRestored: [],
      replayed: false,
      phoneMasked: maskPhone(buyer.phone),
    };
    createReturn(tx, req.storeId, req.returnId, { requestHash, result, orderId: req.orderId, at, staffOpenid: session.openid, refundFen: plan.refundFen });
    updateOrderReturns(tx, order, { returnedFen, returnedPoints, returnedQty: plan.returnedQty });
    writePoints(tx, {
      before: account,
      next: r.state,
      at,
      entries: [
        {
          type: 'reverse',
          points: r.taken === 0 ? 0 : -r.taken,
          description: '退货扣回积分',
          source: { kind: 'return', id: `${req.storeId}#${req.returnId}` },
          storeId: req.storeId,
          note: r.shortfall > 0 ? `应扣 ${points}，余额不足，${r.shortfall} 积分将从今后积分中抵扣` : null,
          byMemberId: order.memberId !== order.accountId ? order.memberId : null,
          byMember: order.memberId !== order.accountId ? maskPhone(buyer.phone) : null,
          detail: { orderId: req.orderId, refundFen: plan.refundFen, requested: points, shortfall: r.shortfall },
        },
      ],
    });
    // The whole order came back: its coupons return to the wallet while they are still valid.
    const restored: string[] = [];
    const orderRef = `${req.storeId}#${req.orderId}`;
    const wallet = order.coupons?.length || order.stamps?.length ? await listMemberCoupons(order.memberId) : [];
    if (returnedFen === order.amountFen && order.coupons?.length) {
      order.coupons.forEach((c, i) => {
        const w = wallet.find((x) => x.couponId === c.couponId);
        if (w && w.state === 'used' && w.usedFor === orderRef && w.validUntil >= at) {
          restoreCoupon(tx, w, orderRef, `restore${i}`);
          countRedemption(tx, w.templateId, w.shard ?? 0, -1, `unredeemed${i}`);
          restored.push(c.couponId);
        }
      });
    }
    result.couponsRestored = restored;
    // Stamp cards: the order keeps its stamp only while what is left paid still reaches the card's minimum.
    const stampsRemoved: string[] = [];
    const rewardsVoided: string[] = [];
    const left = order.amountFen - returnedFen;
    const remainingPaid = order.items.map((l, j) => ({
      sku: l.sku,
      category: l.category,
      quantity: 1,
      unitPriceFen: order.amountFen === 0 ? 0 : Math.floor(((order.lineAllocationsFen[j] ?? 0) * left) / order.amountFen),
    }));
    (order.stamps ?? []).forEach((cardId, i) => {
      const card = wallet.find((x) => x.couponId === cardId);
      if (!card || !(card.stampOrders ?? []).includes(orderRef) || keepsStamp(card.terms, remainingPaid)) return;
      const reward = card.rewardCouponId ? wallet.find((x) => x.couponId === card.rewardCouponId) : undefined;
      if (card.usedFor === STAMPS_FULL && card.rewardCouponId) {
        // The reward was already used: the member keeps it and the card stays filled.
        if (!reward || reward.state !== 'available') return;
        voidCoupon(tx, order.memberId, reward.couponId, `return:${req.storeId}#${req.returnId}`, at, `void${i}`);
        rewardsVoided.push(reward.couponId);
      }
      unstampCard(tx, card, orderRef, `unstamp${i}`);
      stampsRemoved.push(cardId);
    });
    if (stampsRemoved.length) result.stampsRemoved = stampsRemoved;
    if (rewardsVoided.length) result.rewardsVoided = rewardsVoided;
    // The buyer's member facts (segments): the refund leaves the spend of the order's month; a full return the order count too.
    const buyerFacts = returnFacts(buyer, { month: order.month, refundFen: plan.refundFen, full: returnedFen === order.amountFen, day });
    writeTierState(tx, holder.memberId, holder.qrev, {
      qualifying: addQualifying(holder.qualifying, order.month, -plan.refundFen, -points, day),
      ...(holder.memberId === buyer.memberId ? { extra: buyerFacts } : {}),
    });
    if (holder.memberId !== buyer.memberId) writeTierState(tx, buyer.memberId, buyer.qrev, { extra: buyerFacts }, 'purchaser');
    const out = await tx.send();
    if (out.ok) return { done: result };
    if (out.failed.includes('return')) {
      const old = out.item('return');
      if (old) return { done: replayOf(old as unknown as { requestHash: string; result: ReturnResponse }) };
    }
    return 'retry';
  });
}
