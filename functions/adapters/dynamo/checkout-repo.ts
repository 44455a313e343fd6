import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { CheckoutResponse, ReturnResponse } from '../../../shared/contract';
import { db } from './client';
import { keys } from './keys';
import type { Tx } from './tx';

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
export function createOrder(tx: Tx, o: Omit<OrderRecord, 'returnedFen' | 'returnedPoints' | 'returnedQty' | 'rev'> & { staffOpenid: string }) {
  tx.create('order', { ...keys.order(o.storeId, o.orderId), ...o, returnedFen: 0, returnedPoints: 0, returnedQty: o.items.map(() => 0), rev: 0 }, true);
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
