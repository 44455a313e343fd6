import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CheckoutResponse, ReturnResponse } from '../../../shared/contract';
import type { EarnOutcome, PointsState, QualifyingMonths } from '../../../shared/domain';
import { writeEarning, writePoints, writeTierState, type LedgerEntryInput } from './account-repo';
import { db } from './client';
import { countRedemption, redeemCoupon, restoreCoupon, stampCard, unstampCard, voidCoupon, type MemberCouponRecord } from './coupon-repo';
import { putLastBuy } from './facts-repo';
import { notePlusPerk } from './membership-repo';
import { returnToBalance, spendAtTill, type BalanceRecord } from './balance-repo';
import { indexKeys, keys } from './keys';
import type { PointsRecord } from './member-repo';
import { Tx } from './tx';
import { commit } from './unit';

export interface OrderRecord {
  storeId: string;
  orderId: string;
  requestHash: string;
  /** Who bought (whose code was scanned). */
  memberId: string;
  /** Whose points account was credited (the family primary for a secondary card). */
  accountId: string;
  amountFen: number;
  items: { sku: string; name: string; category?: string; quantity: number; unitPriceFen: number }[];
  /** The paid amount allocated to each line. */
  lineAllocationsFen: number[];
  /** Coupons redeemed with the order and their discount per line. */
  coupons?: { couponId: string; discountFen: number; allocationsFen: number[] }[];
  /** Stamp cards this order stamped (a return may take the stamp back). */
  stamps?: string[];
  /** Points the purchase earned from spend (what returns take back in proportion). */
  spendPoints: number;
  /** The bucket those points went to. */
  bucket: { expiresOn: string; availableOn: string };
  /** Month (YYYY-MM) the purchase counted toward the tier. */
  month: string;
  createdAt: string;
  returnedFen: number;
  returnedPoints: number;
  /** Units returned per line index. */
  returnedQty: number[];
  rev: number;
  result: CheckoutResponse;
  /** What the order paid from the stored balance (issue 17): a return gives it back first, in these proportions. */
  balancePaid?: { principalFen: number; bonusFen: number };
}

export async function getOrder(storeId: string, orderId: string): Promise<OrderRecord | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.order(storeId, orderId), ConsistentRead: true }));
  return res.Item ? toOrder(res.Item) : null;
}

export function toOrder(i: Record<string, unknown>): OrderRecord {
  const items = i.items as OrderRecord['items'];
  return {
    ...(i as unknown as OrderRecord),
    returnedFen: (i.returnedFen as number | undefined) ?? 0,
    returnedPoints: (i.returnedPoints as number | undefined) ?? 0,
    returnedQty: (i.returnedQty as number[] | undefined) ?? items.map(() => 0),
    rev: (i.rev as number | undefined) ?? 0,
  };
}

/** The order, written once: a recorded order comes back with the cancellation, so a replay needs no second read. */
export function createOrder(tx: Tx, o: NewOrder) {
  tx.create(
    'order',
    {
      ...keys.order(o.storeId, o.orderId),
      ...o,
      returnedFen: 0,
      returnedPoints: 0,
      returnedQty: o.items.map(() => 0),
      rev: 0,
      ...indexKeys.storeMemberOrder(o.storeId, o.memberId, o.createdAt, o.orderId),
    },
    true,
  );
  // The buyer's pointer to it (issue 18): her orders at every store by time, one Query (campaign results).
  tx.put('orderPointer', { ...keys.memberOrder(o.memberId, o.createdAt, o.storeId, o.orderId), storeId: o.storeId, orderId: o.orderId, createdAt: o.createdAt });
}

/** The buyer's orders at one store, newest first (the return desk finds what she can bring back). */
export async function recentOrdersAt(storeId: string, memberId: string, limit: number): Promise<OrderRecord[]> {
  const { client, table } = db();
  const res = await client.send(
    new QueryCommand({
      TableName: table,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': indexKeys.storeMemberOrdersPk(storeId, memberId) },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (res.Items ?? []).map(toOrder);
}

/** The next number of the store's order sequence of `day` (1, 2, …): the till proposes an order number from it. */
export async function nextOrderSequence(storeId: string, day: string): Promise<number> {
  const { client, table } = db();
  const res = await client.send(
    new UpdateCommand({
      TableName: table,
      Key: keys.orderSeq(storeId, day),
      UpdateExpression: 'SET #n = if_not_exists(#n, :zero) + :one',
      ExpressionAttributeNames: { '#n': 'next' },
      ExpressionAttributeValues: { ':zero': 0, ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return res.Attributes!.next as number;
}

/** The member code is spent by this order: unused, unexpired and the member's. */
export function spendMemberCode(tx: Tx, code: string, memberId: string, ref: string, at: string) {
  tx.update('code', keys.memberCode(code), {
    set: 'SET usedAt = :at, usedFor = :ref',
    condition: 'attribute_exists(PK) AND attribute_not_exists(usedAt) AND expiresAt > :at AND memberId = :m',
    values: { ':at': at, ':ref': ref, ':m': memberId },
  });
}

export interface StoredReturn {
  requestHash: string;
  result: ReturnResponse;
}

export function createReturn(tx: Tx, storeId: string, returnId: string, r: StoredReturn & { orderId: string; at: string; staffOpenid: string; refundFen: number }) {
  tx.create('return', { ...keys.orderReturn(storeId, returnId), ...r }, true);
}

export async function getReturn(storeId: string, returnId: string): Promise<StoredReturn | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.orderReturn(storeId, returnId), ConsistentRead: true }));
  return res.Item ? { requestHash: res.Item.requestHash, result: res.Item.result } : null;
}

/** The order's returned totals move on, conditioned on the revision read. */
export function updateOrderReturns(tx: Tx, o: OrderRecord, next: { returnedFen: number; returnedPoints: number; returnedQty: number[] }) {
  tx.update('orderReturns', keys.order(o.storeId, o.orderId), {
    set: 'SET returnedFen = :f, returnedPoints = :p, returnedQty = :q, rev = :nrev',
    condition: o.rev === 0 ? 'attribute_not_exists(rev) OR rev = :rev' : 'rev = :rev',
    values: { ':f': next.returnedFen, ':p': next.returnedPoints, ':q': next.returnedQty, ':nrev': o.rev + 1, ':rev': o.rev },
  });
}

/**
 * Everything a purchase writes, decided beforehand with no database (functions/checkout/decide.ts):
 * recorded by `recordPurchase` as one transaction.
 */
export interface PurchasePlan {
  /** The order item, holding the request's fingerprint and the answer (replayed on a retry). */
  order: NewOrder;
  orderRef: string;
  at: string;
  day: string;
  /** The member code spent by this order (unused, unexpired, the buyer's). */
  memberCode: string;
  /** Coupons redeemed (condition: still available); `templateId` names the shard that counts the redemption. */
  redemptions: { couponId: string; templateId: string | null; shard: number }[];
  /** Stamp cards stamped (condition: stamps as read). */
  stamps: { couponId: string; before: number; completes: boolean }[];
  /** The account holder (the family primary for a secondary card): her points and tier standing. */
  holder: { memberId: string; qrev: number };
  points: PointsRecord;
  earning: EarnOutcome;
  /** The buyer's member facts (profile attributes) and whether the LASTBUY marker moves to `day`. */
  buyer: { memberId: string; qrev: number; facts: Record<string, unknown>; movesLastBuy: boolean };
  /** The buyer whose paid plan's multiplier made a difference (issue 17): her PLUS item notes a perk used. */
  plusPerk?: string;
  /** Paid partly from the buyer's stored balance (issue 17): debited over the revision read. */
  storedValue?: { before: BalanceRecord; principalFen: number; bonusFen: number };
}

export type NewOrder = Omit<OrderRecord, 'returnedFen' | 'returnedPoints' | 'returnedQty' | 'rev'> & { staffOpenid: string };

/** How a purchase's transaction failed, by what it means rather than which item. */
export type PurchaseWrite =
  | { ok: true }
  /** The order id is recorded at this store already (by a retry of this request or by other content). */
  | { ok: false; failed: 'order_recorded'; existing: Pick<OrderRecord, 'requestHash' | 'result'> }
  /** A coupon of this order was redeemed meanwhile (by another order, or by this one's earlier attempt). */
  | { ok: false; failed: 'coupon_taken' }
  /** The member code was spent or expired meanwhile. */
  | { ok: false; failed: 'code_spent' }
  /** The points account, a profile or a stamp card moved since it was read: read again. */
  | { ok: false; failed: 'revision_moved' };

/**
 * A purchase in one transaction: the order (written once per store), the member code (spent once),
 * the coupons (redeemed once) and their shards' redemption counts, the stamp cards, the earning
 * (points, ledger, the holder's qualifying totals and tier, tier history on upgrade) and the buyer's
 * member facts with the LASTBUY marker.
 */
export async function recordPurchase(plan: PurchasePlan): Promise<PurchaseWrite> {
  const { at, orderRef, buyer } = plan;
  const tx = new Tx();
  createOrder(tx, plan.order);
  spendMemberCode(tx, plan.memberCode, buyer.memberId, orderRef, at);
  plan.redemptions.forEach((r, i) => {
    redeemCoupon(tx, buyer.memberId, r.couponId, orderRef, at, `coupon${i}`);
    if (r.templateId !== null) countRedemption(tx, r.templateId, r.shard, 1, `redeemed${i}`);
  });
  plan.stamps.forEach((st, i) => stampCard(tx, { memberId: buyer.memberId, couponId: st.couponId }, { before: st.before, orderRef, completes: st.completes, at, label: `stamp${i}` }));
  if (buyer.movesLastBuy) putLastBuy(tx, buyer.memberId, plan.day, at);
  const own = plan.holder.memberId === buyer.memberId;
  writeEarning(tx, { holder: plan.holder, points: plan.points, earning: plan.earning, at, historySource: orderRef, ...(own ? { holderExtra: buyer.facts } : {}) });
  if (!own) writeTierState(tx, buyer.memberId, buyer.qrev, { extra: buyer.facts }, 'purchaser');
  if (plan.plusPerk) notePlusPerk(tx, plan.plusPerk, at);
  if (plan.storedValue) spendAtTill(tx, plan.storedValue.before, { principalFen: plan.storedValue.principalFen, bonusFen: plan.storedValue.bonusFen, orderRef, storeId: plan.order.storeId, at });

  const out = await commit(
    tx,
    [['order', 'order_recorded'], ...plan.redemptions.map((_, i) => [`coupon${i}`, 'coupon_taken'] as const), ['code', 'code_spent']],
    'revision_moved',
  );
  if (out.ok) return { ok: true };
  if (out.failed !== 'order_recorded') return { ok: false, failed: out.failed };
  // The recorded order comes back with the cancellation (ALL_OLD): a replay needs no second read.
  const existing = out.old('order');
  return existing ? { ok: false, failed: 'order_recorded', existing: existing as unknown as OrderRecord } : { ok: false, failed: 'revision_moved' };
}

/** Everything a return writes, decided beforehand with no database (functions/returns/decide.ts). */
export interface ReturnPlan {
  storeId: string;
  returnId: string;
  at: string;
  /** The return item (written once per store), holding the request's fingerprint and the answer. */
  record: StoredReturn & { orderId: string; at: string; staffOpenid: string; refundFen: number };
  /** The order as read: its returned totals move on conditioned on its revision. */
  order: OrderRecord;
  orderRef: string;
  returned: { returnedFen: number; returnedPoints: number; returnedQty: number[] };
  /** The points taken back (and any debt) on the account the order credited. */
  movement: { before: PointsRecord; next: PointsState; entries: LedgerEntryInput[] };
  /** Coupons of a whole order returned, back to the wallet (and their shards' redemption counts down). */
  restores: MemberCouponRecord[];
  /** Stamp cards losing this order's stamp, and the unused reward coupon voided with it. */
  unstamps: { card: MemberCouponRecord; voidReward: string | null }[];
  /** The holder's qualifying totals and the buyer's facts, each conditioned on its revision. */
  holder: { memberId: string; qrev: number; qualifying: QualifyingMonths };
  buyer: { memberId: string; qrev: number; facts: Record<string, unknown> };
  /** The balance-paid part given back to the buyer's stored balance (issue 17), once (guarded by the return). */
  toBalance?: { memberId: string; principalFen: number; bonusFen: number };
}

/** How a return's transaction failed: the return id is recorded already, or something read moved. */
export type ReturnWrite =
  | { ok: true }
  | { ok: false; failed: 'return_recorded'; existing: StoredReturn }
  | { ok: false; failed: 'revision_moved' };

/**
 * A return in one transaction: the return (written once per store), the order's returned totals (its
 * revision), the points taken back (the account's revision) with the debt item, restored coupons,
 * stamps and rewards taken back, the holder's qualifying totals and the buyer's facts.
 */
export async function recordReturn(plan: ReturnPlan): Promise<ReturnWrite> {
  const { at, orderRef, order } = plan;
  const tx = new Tx();
  createReturn(tx, plan.storeId, plan.returnId, plan.record);
  updateOrderReturns(tx, order, plan.returned);
  writePoints(tx, { ...plan.movement, at });
  plan.restores.forEach((w, i) => {
    restoreCoupon(tx, w, orderRef, `restore${i}`);
    countRedemption(tx, w.templateId, w.shard ?? 0, -1, `unredeemed${i}`);
  });
  plan.unstamps.forEach(({ card, voidReward }, i) => {
    if (voidReward) voidCoupon(tx, order.memberId, voidReward, `return:${plan.storeId}#${plan.returnId}`, at, `void${i}`);
    unstampCard(tx, card, orderRef, `unstamp${i}`);
  });
  const own = plan.holder.memberId === plan.buyer.memberId;
  writeTierState(tx, plan.holder.memberId, plan.holder.qrev, { qualifying: plan.holder.qualifying, ...(own ? { extra: plan.buyer.facts } : {}) });
  if (!own) writeTierState(tx, plan.buyer.memberId, plan.buyer.qrev, { extra: plan.buyer.facts }, 'purchaser');
  const back = plan.toBalance;
  if (back && back.principalFen + back.bonusFen > 0) returnToBalance(tx, { ...back, returnRef: `${plan.storeId}#${plan.returnId}`, storeId: plan.storeId, at });

  const out = await commit(tx, [['return', 'return_recorded']], 'revision_moved');
  if (out.ok) return { ok: true };
  const old = out.failed === 'return_recorded' ? out.old('return') : null;
  if (old) return { ok: false, failed: 'return_recorded', existing: { requestHash: old.requestHash as string, result: old.result as ReturnResponse } };
  return { ok: false, failed: 'revision_moved' };
}
