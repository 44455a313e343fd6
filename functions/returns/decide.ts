/**
 * What a return at the till means, decided with no database: from the order, the account holder's
 * points, the holder and the buyer, and the buyer's wallet, either a refusal or the whole plan the unit
 * of work writes (the return, the order's returned totals, the points taken back and any debt, coupons
 * restored, stamps and rewards taken back, qualifying totals and facts, the answer).
 * Unit-tested in tests/unit/return-decision.test.ts.
 */
import type { ReturnRequest, ReturnResponse } from '../../shared/contract';
import { addQualifying, balanceOf, keepsStamp, maskPhone, reverse } from '../../shared/domain';
import { balanceBack } from '../../shared/domain/stored-value';
import type { OrderRecord, ReturnPlan } from '../adapters/dynamo/checkout-repo';
import { STAMPS_FULL, type MemberCouponRecord } from '../adapters/dynamo/coupon-repo';
import type { MemberRecord, PointsRecord } from '../adapters/dynamo/member-repo';
import type { FieldError } from '../lib/errors';
import { returnFacts } from '../facts/collaboration';

/** Cumulative share, rounded down, so the parts of several partial returns add up to the whole. */
export const shareOf = (total: number, part: number, whole: number) => (whole === 0 ? 0 : Math.floor((total * part) / whole));

/** Why a return is refused; the use case raises it as an error with this code. */
export interface ReturnRefusal {
  code: 'order_fully_returned' | 'return_exceeds_order' | 'return_line_unknown' | 'member_not_found';
  message: string;
  fields?: FieldError[];
}

export interface ReturnedPart {
  refundFen: number;
  /** Units returned per order line after this return. */
  returnedQty: number[];
}

/** What a return gives back, in fen, and the units it returns per line. Refuses more than what is left. */
export function planReturn(order: OrderRecord, req: ReturnRequest): ReturnedPart | ReturnRefusal {
  const remaining = order.amountFen - order.returnedFen;
  if (req.amountFen !== undefined) {
    if (req.amountFen > remaining) {
      return { code: 'return_exceeds_order', message: `only ${remaining} fen of this order is left to return`, fields: [{ path: 'amountFen', message: `at most ${remaining}`, limit: remaining }] };
    }
    return { refundFen: req.amountFen, returnedQty: order.returnedQty };
  }
  const qty = [...order.returnedQty];
  let refundFen = 0;
  for (const [i, l] of req.lines!.entries()) {
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
      return { code: 'return_line_unknown', message: `SKU ${l.sku} is not in order ${order.orderId}`, fields: [{ path: `lines.${i}.sku`, message: 'not in this order' }] };
    }
    if (want > 0) {
      return { code: 'return_exceeds_order', message: `more units of ${l.sku} than bought and not yet returned`, fields: [{ path: `lines.${i}.quantity`, message: `at most ${l.quantity - want}`, limit: l.quantity - want }] };
    }
  }
  return { refundFen: Math.min(refundFen, remaining), returnedQty: qty };
}

export interface ReturnInput {
  req: ReturnRequest;
  requestHash: string;
  staffOpenid: string;
  now: Date;
  /** The brand's calendar day of `now`. */
  day: string;
  order: OrderRecord;
  /** The points of the account the order credited (`order.accountId`). */
  points: PointsRecord;
  /** The account holder and the buyer as read (null: no longer exists). */
  holder: MemberRecord | null;
  buyer: MemberRecord | null;
  /** The buyer's coupons (read when the order redeemed coupons or stamped cards). */
  wallet: MemberCouponRecord[];
}

export type ReturnDecision = { ok: true; plan: ReturnPlan; result: ReturnResponse } | { ok: false; refusal: ReturnRefusal };

/**
 * A return: points back in proportion to the refund (cumulatively, so partial returns add up to what
 * was earned), taken first from the order's own bucket; what the balance cannot cover becomes debt.
 * The refund leaves the qualifying total of the purchase's month (the tier moves only at the scheduled
 * evaluation). A whole order returned gives back its still-valid coupons; a stamp card keeps the
 * order's stamp only while what is left paid still reaches the card's minimum.
 */
export function decideReturn(input: ReturnInput): ReturnDecision {
  const { req, order, day } = input;
  if (order.returnedFen >= order.amountFen) {
    return { ok: false, refusal: { code: 'order_fully_returned', message: 'this order was already returned in full', fields: [{ path: 'orderId', message: 'fully returned' }] } };
  }
  const part = planReturn(order, req);
  if ('code' in part) return { ok: false, refusal: part };
  const { holder, buyer } = input;
  if (!holder || !buyer) return { ok: false, refusal: { code: 'member_not_found', message: 'the member of this order no longer exists' } };

  const at = input.now.toISOString();
  const returnedFen = order.returnedFen + part.refundFen;
  const returnedPoints = shareOf(order.spendPoints, returnedFen, order.amountFen);
  const points = returnedPoints - order.returnedPoints;
  const r = reverse(input.points.state, points, order.bucket, day);
  const orderRef = `${req.storeId}#${req.orderId}`;
  const full = returnedFen === order.amountFen;
  const bySecondary = order.memberId !== order.accountId;

  // The whole order came back: its coupons return to the wallet while they are still valid.
  const restores = full
    ? (order.coupons ?? []).flatMap((c) => {
        const w = input.wallet.find((x) => x.couponId === c.couponId);
        return w && w.state === 'used' && w.usedFor === orderRef && w.validUntil >= at ? [w] : [];
      })
    : [];
  // Stamp cards: the order keeps its stamp only while what is left paid still reaches the card's minimum.
  const left = order.amountFen - returnedFen;
  const remainingPaid = order.items.map((l, j) => ({
    sku: l.sku,
    category: l.category,
    quantity: 1,
    unitPriceFen: order.amountFen === 0 ? 0 : Math.floor(((order.lineAllocationsFen[j] ?? 0) * left) / order.amountFen),
  }));
  const unstamps: ReturnPlan['unstamps'] = [];
  for (const cardId of order.stamps ?? []) {
    const card = input.wallet.find((x) => x.couponId === cardId);
    if (!card || !(card.stampOrders ?? []).includes(orderRef) || keepsStamp(card.terms, remainingPaid)) continue;
    const reward = card.rewardCouponId ? input.wallet.find((x) => x.couponId === card.rewardCouponId) : undefined;
    if (card.usedFor === STAMPS_FULL && card.rewardCouponId) {
      // The reward was already used: the member keeps it and the card stays filled.
      if (!reward || reward.state !== 'available') continue;
      unstamps.push({ card, voidReward: reward.couponId });
    } else unstamps.push({ card, voidReward: null });
  }

  const result: ReturnResponse = {
    returnId: req.returnId,
    orderId: req.orderId,
    storeId: req.storeId,
    memberId: order.memberId,
    refundFen: part.refundFen,
    pointsReversed: points,
    shortfall: r.shortfall,
    balance: balanceOf(r.state),
    remainingFen: order.amountFen - returnedFen,
    couponsRestored: restores.map((w) => w.couponId),
    replayed: false,
    phoneMasked: maskPhone(buyer.phone),
  };
  // Stored value (issue 17): the refund goes back to the balance first, up to what the order paid from it.
  const back = order.balancePaid ? balanceBack(order.balancePaid, order.returnedFen, returnedFen) : null;
  if (back) result.toBalance = { backFen: back.principalFen + back.bonusFen, principalFen: back.principalFen, bonusFen: back.bonusFen };
  if (unstamps.length) result.stampsRemoved = unstamps.map((u) => u.card.couponId);
  const voided = unstamps.flatMap((u) => (u.voidReward ? [u.voidReward] : []));
  if (voided.length) result.rewardsVoided = voided;

  // The buyer's member facts (segments): the refund leaves the spend of the order's month; a full return the order count too.
  const facts = returnFacts(buyer, { month: order.month, refundFen: part.refundFen, full, day });
  const plan: ReturnPlan = {
    storeId: req.storeId,
    returnId: req.returnId,
    at,
    record: { requestHash: input.requestHash, result, orderId: req.orderId, at, staffOpenid: input.staffOpenid, refundFen: part.refundFen },
    order,
    orderRef,
    returned: { returnedFen, returnedPoints, returnedQty: part.returnedQty },
    movement: {
      before: input.points,
      next: r.state,
      entries: [
        {
          type: 'reverse',
          points: r.taken === 0 ? 0 : -r.taken,
          description: '退货扣回积分',
          source: { kind: 'return', id: `${req.storeId}#${req.returnId}` },
          storeId: req.storeId,
          note: r.shortfall > 0 ? `应扣 ${points}，余额不足，${r.shortfall} 积分将从今后积分中抵扣` : null,
          byMemberId: bySecondary ? order.memberId : null,
          byMember: bySecondary ? maskPhone(buyer.phone) : null,
          detail: { orderId: req.orderId, refundFen: part.refundFen, requested: points, shortfall: r.shortfall },
        },
      ],
    },
    restores,
    unstamps,
    holder: { memberId: holder.memberId, qrev: holder.qrev, qualifying: addQualifying(holder.qualifying, order.month, -part.refundFen, -points, day) },
    buyer: { memberId: buyer.memberId, qrev: buyer.qrev, facts },
    ...(back ? { toBalance: { memberId: order.memberId, ...back } } : {}),
  };
  return { ok: true, plan, result };
}
