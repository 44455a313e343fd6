/**
 * Payments (issue 17): WeChat Pay orders, refunds, notification nonces and reconciliation exceptions.
 *
 * - `PAYORDER#<no>/ORDER`: the order (state created → paid | closed; paid → refunded when wholly refunded),
 *   `rev`, shipping flags. GSI1 while created: PAYPENDING (the reconciliation job); once paid and until its
 *   shipping information is uploaded: PAYSHIP. `PAYORDER#<no>/LIST`: the admin list copy (GSI1 PAYORDERS),
 *   written once. `MEMBER#<id>/PAY#<createdAt>#<no>`: the member's copy (kind), read by `memberPayments`.
 * - `PAYREQ#<member>#<requestId>`: a start is answered once per request id.
 * - `PAYNONCE#<nonce>` (ttl 1 day, body hash): a notification's nonce is taken once.
 * - `PAYREFUND#<no>/REFUND` (GSI1 PAYREFUNDS) and, while requested, `PAYREFUND#<no>/PENDING` (GSI1 PAYREFUNDPENDING).
 * - `PAYEXC#<day>/<at>#<no>` with a guard `PAYORDER#<no>/EXC#<reason>` (recorded once).
 *
 * Crediting and refunding are transactions that also carry other capabilities' writes (`TxPart`s, built by
 * their repositories and passed through unopened).
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { localDate } from '../../../shared/domain/time';
import { db } from './client';
import { isConditionFailed } from './errors';
import { indexKeys, keys, memberPk, partitions, skPrefix } from './keys';
import { batchGetAll, queryAll, type Item } from './read';
import { commit } from './unit';
import { Tx, type TxPart } from './tx';

export type PayKind = 'recharge' | 'membership';
export type PayOrderState = 'created' | 'paid' | 'closed' | 'refunded';
export type PayRefundState = 'requested' | 'success' | 'failed';

/** The order as kept (the fields of `PaymentOrder` in functions/pay/collaboration.ts, plus bookkeeping). */
export interface PayOrderRecord {
  outTradeNo: string;
  kind: PayKind;
  memberId: string;
  openid: string;
  amountFen: number;
  item: { id: string; name: string; detail: Record<string, unknown> };
  state: PayOrderState;
  createdAt: string;
  expiresAt: string;
  paidAt: string | null;
  transactionId: string | null;
  refundedFen: number;
  refundCount: number;
  description: string;
  requestId: string;
  prepayId: string | null;
  closedAt: string | null;
  /** Shipping information (订单发货管理) uploaded after the credit; the job retries while null. */
  shippingUploadedAt: string | null;
  shippingError: string | null;
  rev: number;
}

export interface PayRefundRecord {
  outRefundNo: string;
  outTradeNo: string;
  kind: PayKind;
  memberId: string;
  refundFen: number;
  reason: string;
  state: PayRefundState;
  detail: Record<string, unknown>;
  createdAt: string;
  refundId: string | null;
  settledAt: string | null;
  /** WeChat's status when it was settled (SUCCESS, ABNORMAL, CLOSED), or the last send error. */
  wechatStatus: string | null;
  lastSentAt: string | null;
}

export interface PayExceptionRecord {
  at: string;
  outTradeNo: string;
  reason: string;
  /** What WeChat said and what we expected (amounts in fen, ids): for the desk. */
  detail: Record<string, unknown>;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0) || 0);

export function toPayOrder(i: Item): PayOrderRecord {
  return {
    outTradeNo: String(i.outTradeNo),
    kind: i.kind as PayKind,
    memberId: String(i.memberId),
    openid: String(i.openid),
    amountFen: num(i.amountFen),
    item: (i.item as PayOrderRecord['item']) ?? { id: '', name: '', detail: {} },
    state: i.state as PayOrderState,
    createdAt: String(i.createdAt),
    expiresAt: String(i.expiresAt),
    paidAt: str(i.paidAt),
    transactionId: str(i.transactionId),
    refundedFen: num(i.refundedFen),
    refundCount: num(i.refundCount),
    description: String(i.description ?? ''),
    requestId: String(i.requestId ?? ''),
    prepayId: str(i.prepayId),
    closedAt: str(i.closedAt),
    shippingUploadedAt: str(i.shippingUploadedAt),
    shippingError: str(i.shippingError),
    rev: num(i.rev),
  };
}

function toRefund(i: Item): PayRefundRecord {
  return {
    outRefundNo: String(i.outRefundNo),
    outTradeNo: String(i.outTradeNo),
    kind: i.kind as PayKind,
    memberId: String(i.memberId),
    refundFen: num(i.refundFen),
    reason: String(i.reason ?? ''),
    state: i.state as PayRefundState,
    detail: (i.detail as Record<string, unknown>) ?? {},
    createdAt: String(i.createdAt),
    refundId: str(i.refundId),
    settledAt: str(i.settledAt),
    wechatStatus: str(i.wechatStatus),
    lastSentAt: str(i.lastSentAt),
  };
}

const ORDER_FIELDS = (o: PayOrderRecord) => {
  const { rev: _r, ...rest } = o;
  return rest;
};

// ---- orders ----

export type CreateOrderFailure = 'request_used';

/**
 * The order, its list and member copies and the request guard, in one transaction. A request id already
 * used answers `request_used` with the order it made.
 */
export async function createPayOrder(o: PayOrderRecord): Promise<{ ok: true } | { ok: false; failed: CreateOrderFailure; outTradeNo: string | null }> {
  const tx = new Tx();
  tx.create('request', { ...keys.payRequest(o.memberId, o.requestId), outTradeNo: o.outTradeNo, createdAt: o.createdAt }, true);
  tx.create('order', { ...keys.payOrder(o.outTradeNo), ...indexKeys.payPending(o.createdAt, o.outTradeNo), ...ORDER_FIELDS(o), rev: 1 });
  tx.put('list', { ...keys.payOrderList(o.outTradeNo), ...indexKeys.payOrderEntry(o.createdAt, o.outTradeNo), outTradeNo: o.outTradeNo, kind: o.kind, memberId: o.memberId, amountFen: o.amountFen, createdAt: o.createdAt });
  tx.put('member', { ...keys.memberPayment(o.memberId, o.createdAt, o.outTradeNo), outTradeNo: o.outTradeNo, kind: o.kind, createdAt: o.createdAt });
  const out = await commit(tx, [['request', 'request_used']] as const, 'request_used');
  if (out.ok) return { ok: true };
  return { ok: false, failed: out.failed, outTradeNo: str(out.old('request')?.outTradeNo) };
}

/** The order a member's request made (a retried start). */
export async function payRequestOrder(memberId: string, requestId: string): Promise<string | null> {
  const { client, table } = db();
  const r = await client.send(new GetCommand({ TableName: table, Key: keys.payRequest(memberId, requestId), ConsistentRead: true }));
  return str(r.Item?.outTradeNo);
}

export async function getPayOrder(outTradeNo: string): Promise<PayOrderRecord | null> {
  const { client, table } = db();
  const r = await client.send(new GetCommand({ TableName: table, Key: keys.payOrder(outTradeNo), ConsistentRead: true }));
  return r.Item ? toPayOrder(r.Item) : null;
}

export async function getPayOrders(outTradeNos: string[]): Promise<PayOrderRecord[]> {
  if (!outTradeNos.length) return [];
  const items = await batchGetAll(outTradeNos.map((n) => keys.payOrder(n)));
  const byNo = new Map(items.map((i) => [String(i.outTradeNo), toPayOrder(i)]));
  return outTradeNos.flatMap((n) => (byNo.has(n) ? [byNo.get(n)!] : []));
}

/** WeChat's prepay id, kept so that a retried start answers new pay parameters for the same prepay. */
export async function savePrepayId(outTradeNo: string, prepayId: string): Promise<void> {
  const { client, table } = db();
  await client.send(new UpdateCommand({ TableName: table, Key: keys.payOrder(outTradeNo), UpdateExpression: 'SET prepayId = :p', ExpressionAttributeValues: { ':p': prepayId } }));
}

export type CreditFailure = 'not_created' | 'conflict';

/**
 * Marks the order paid (condition: still created) with the kind's parts, in one transaction: the pending
 * index entry becomes the shipping one. `not_created` comes with the order as it is (paid already, closed).
 */
export async function recordPaid(
  order: PayOrderRecord,
  p: { transactionId: string | null; paidAt: string; parts: TxPart[] },
): Promise<{ ok: true } | { ok: false; failed: CreditFailure; current: PayOrderRecord | null }> {
  const tx = new Tx();
  tx.update('order', keys.payOrder(order.outTradeNo), {
    set: 'SET #s = :paid, paidAt = :at, transactionId = :tid, #rev = #rev + :one, GSI1PK = :gpk, GSI1SK = :gsk',
    condition: '#s = :created',
    names: { '#s': 'state', '#rev': 'rev' },
    values: { ':paid': 'paid', ':created': 'created', ':at': p.paidAt, ':tid': p.transactionId, ':one': 1, ':gpk': indexKeys.payShippingPk(), ':gsk': indexKeys.payShipping(p.paidAt, order.outTradeNo).GSI1SK },
    returnOld: true,
  });
  for (const part of p.parts) part.apply(tx);
  const out = await commit(tx, [['order', 'not_created']] as const, 'conflict');
  if (out.ok) return { ok: true };
  const old = out.old('order');
  return { ok: false, failed: out.failed, current: old ? toPayOrder(old) : null };
}

/** An unpaid order that expired (or that WeChat reports closed): created → closed, out of the pending index. */
export async function recordClosed(outTradeNo: string, at: string): Promise<boolean> {
  const { client, table } = db();
  try {
    await client.send(
      new UpdateCommand({
        TableName: table,
        Key: keys.payOrder(outTradeNo),
        UpdateExpression: 'SET #s = :closed, closedAt = :at, #rev = #rev + :one REMOVE GSI1PK, GSI1SK',
        ConditionExpression: '#s = :created',
        ExpressionAttributeNames: { '#s': 'state', '#rev': 'rev' },
        ExpressionAttributeValues: { ':closed': 'closed', ':created': 'created', ':at': at, ':one': 1 },
      }),
    );
    return true;
  } catch (e) {
    if (isConditionFailed(e)) return false;
    throw e;
  }
}

/** Shipping information uploaded: out of the PAYSHIP index. */
export async function recordShippingUploaded(outTradeNo: string, at: string): Promise<void> {
  const { client, table } = db();
  await client.send(
    new UpdateCommand({
      TableName: table,
      Key: keys.payOrder(outTradeNo),
      UpdateExpression: 'SET shippingUploadedAt = :at REMOVE GSI1PK, GSI1SK, shippingError',
      ConditionExpression: 'attribute_exists(PK) AND #s <> :created',
      ExpressionAttributeNames: { '#s': 'state' },
      ExpressionAttributeValues: { ':at': at, ':created': 'created' },
    }),
  ).catch((e) => {
    if (!isConditionFailed(e)) throw e;
  });
}

/** A failed upload, kept for the admin; the order stays in the PAYSHIP index for the job. */
export async function recordShippingFailure(outTradeNo: string, message: string): Promise<void> {
  const { client, table } = db();
  await client.send(
    new UpdateCommand({
      TableName: table,
      Key: keys.payOrder(outTradeNo),
      UpdateExpression: 'SET shippingError = :m',
      // Still waiting in the PAYSHIP index (not uploaded meanwhile by another caller).
      ConditionExpression: 'GSI1PK = :ship',
      ExpressionAttributeValues: { ':m': message.slice(0, 300), ':ship': indexKeys.payShippingPk() },
    }),
  ).catch((e) => {
    if (!isConditionFailed(e)) throw e;
  });
}



/** One page of the admin's payments, newest first (list copies, then the orders by key for their state). */
export async function listPayments(p: { kind?: PayKind | undefined; state?: PayOrderState | undefined; limit: number; cursor: string | null }): Promise<{ orders: PayOrderRecord[]; cursor: string | null }> {
  const { client, table } = db();
  if (p.state === 'created') {
    // The pending index is exactly the created orders.
    const res = await client.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': indexKeys.payPendingPk(), ...(p.kind ? { ':k': p.kind } : {}) },
        ...(p.kind ? { FilterExpression: 'kind = :k' } : {}),
        ScanIndexForward: false,
        Limit: p.limit,
        ...(p.cursor ? { ExclusiveStartKey: decodeCursor(p.cursor) } : {}),
      }),
    );
    return { orders: (res.Items ?? []).map(toPayOrder), cursor: res.LastEvaluatedKey ? encodeCursor(res.LastEvaluatedKey) : null };
  }
  const res = await client.send(
    new QueryCommand({
      TableName: table,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': indexKeys.payOrdersPk(), ...(p.kind ? { ':k': p.kind } : {}) },
      ...(p.kind ? { FilterExpression: 'kind = :k' } : {}),
      ScanIndexForward: false,
      Limit: p.limit,
      ...(p.cursor ? { ExclusiveStartKey: decodeCursor(p.cursor) } : {}),
    }),
  );
  const orders = await getPayOrders((res.Items ?? []).map((i) => String(i.outTradeNo)));
  return { orders: p.state ? orders.filter((o) => o.state === p.state) : orders, cursor: res.LastEvaluatedKey ? encodeCursor(res.LastEvaluatedKey) : null };
}

/** A member's orders of one kind, newest first (her copies, then the orders by key). */
export async function memberPayments(memberId: string, kind: PayKind, limit = 100): Promise<PayOrderRecord[]> {
  const items = await queryAll(
    {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
      FilterExpression: 'kind = :k',
      ExpressionAttributeValues: { ':pk': memberPk(memberId), ':p': skPrefix.memberPayment, ':k': kind },
      ScanIndexForward: false,
    },
    limit,
  );
  return getPayOrders(items.map((i) => String(i.outTradeNo)));
}

const encodeCursor = (k: Record<string, unknown>) => Buffer.from(JSON.stringify(k)).toString('base64url');
function decodeCursor(c: string): Record<string, unknown> {
  try {
    const v = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new Error('invalid cursor');
}
/** A cursor one of the admin lists gave (its index partition `pk`): anything else would reach DynamoDB malformed. */
export function isPayCursor(c: string, pk: string): boolean {
  try {
    const k = decodeCursor(c);
    const names = Object.keys(k).sort().join(',');
    return names === 'GSI1PK,GSI1SK,PK,SK' && k.GSI1PK === pk && typeof k.PK === 'string' && typeof k.SK === 'string' && typeof k.GSI1SK === 'string' && /^PAY(ORDER|REFUND)#/.test(k.PK);
  } catch {
    return false;
  }
}

// ---- notification nonces ----

/**
 * Takes a notification's nonce once (kept a day; DynamoDB's TTL removes it). `new`: first time;
 * `same_body`: this nonce came before with this very body (the same delivery again); `other_body`: a replay.
 */
export async function claimNonce(nonce: string, bodyHash: string, at: string, ttlSeconds: number): Promise<'new' | 'same_body' | 'other_body'> {
  const { client, table } = db();
  try {
    await client.send(
      new PutCommand({
        TableName: table,
        Item: { ...keys.payNonce(nonce), bodyHash, at, ttl: ttlSeconds },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    return 'new';
  } catch (e) {
    if (!isConditionFailed(e)) throw e;
  }
  const r = await client.send(new GetCommand({ TableName: table, Key: keys.payNonce(nonce), ConsistentRead: true }));
  return r.Item?.bodyHash === bodyHash ? 'same_body' : 'other_body';
}

// ---- exceptions ----

/** Records an exception once per order and reason (a retried notification adds nothing). */
export async function recordPayException(e: PayExceptionRecord): Promise<boolean> {
  const tx = new Tx();
  tx.create('guard', { ...keys.payExceptionGuard(e.outTradeNo, e.reason), at: e.at });
  tx.put('exception', { ...keys.payException(localDate(new Date(e.at)), e.at, e.outTradeNo), ...e });
  const out = await tx.send();
  return out.ok;
}

/** Exceptions of the last `days` Beijing days, newest first. */
export async function listPaymentExceptions(today: Date, days = 30, limit = 200): Promise<PayExceptionRecord[]> {
  const out: PayExceptionRecord[] = [];
  for (let d = 0; d < days && out.length < limit; d++) {
    const day = localDate(new Date(today.getTime() - d * 86_400_000));
    const items = await queryAll({ KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': partitions.payExceptions(day) }, ScanIndexForward: false }, limit - out.length);
    out.push(...items.map((i) => ({ at: String(i.at), outTradeNo: String(i.outTradeNo), reason: String(i.reason), detail: (i.detail as Record<string, unknown>) ?? {} })));
  }
  return out;
}

// ---- refunds ----

export type RefundFailure = 'refund_exists' | 'order_refused' | 'conflict';

/**
 * The refund item, its pending marker, the order's refunded total and count (conditions: paid, refunded +
 * this ≤ amount, fewer than `maxCount` refunds so far) and the caller's `takes`, in one transaction.
 */
export async function recordRefundRequested(r: PayRefundRecord, order: PayOrderRecord, takes: TxPart[], maxCount: number): Promise<{ ok: true } | { ok: false; failed: RefundFailure; existing: PayRefundRecord | null }> {
  const tx = new Tx();
  tx.create('refund', { ...keys.payRefund(r.outRefundNo), ...indexKeys.payRefund(r.createdAt, r.outRefundNo), ...r }, true);
  tx.put('pending', { ...keys.payRefundPending(r.outRefundNo), ...indexKeys.payRefundPending(r.createdAt, r.outRefundNo), outRefundNo: r.outRefundNo, createdAt: r.createdAt });
  tx.update('order', keys.payOrder(order.outTradeNo), {
    set: 'SET refundedFen = refundedFen + :f, refundCount = refundCount + :one, #rev = #rev + :one',
    condition: '#s = :paid AND refundedFen <= :most AND refundCount < :max',
    names: { '#s': 'state', '#rev': 'rev' },
    values: { ':f': r.refundFen, ':one': 1, ':paid': 'paid', ':most': order.amountFen - r.refundFen, ':max': maxCount },
  });
  for (const t of takes) t.apply(tx);
  const out = await commit(tx, [['refund', 'refund_exists'], ['order', 'order_refused']] as const, 'conflict');
  if (out.ok) return { ok: true };
  const old = out.old('refund');
  return { ok: false, failed: out.failed, existing: old ? toRefund(old) : null };
}

export async function getPayRefund(outRefundNo: string): Promise<PayRefundRecord | null> {
  const { client, table } = db();
  const r = await client.send(new GetCommand({ TableName: table, Key: keys.payRefund(outRefundNo), ConsistentRead: true }));
  return r.Item ? toRefund(r.Item) : null;
}

/** What the last send to WeChat said (refund id when accepted; the error otherwise), while still requested. */
export async function recordRefundSent(outRefundNo: string, p: { at: string; refundId: string | null; status: string | null }): Promise<void> {
  const { client, table } = db();
  await client.send(
    new UpdateCommand({
      TableName: table,
      Key: keys.payRefund(outRefundNo),
      UpdateExpression: `SET lastSentAt = :at, wechatStatus = :st${p.refundId ? ', refundId = :rid' : ''}`,
      ConditionExpression: '#s = :req',
      ExpressionAttributeNames: { '#s': 'state' },
      ExpressionAttributeValues: { ':at': p.at, ':st': p.status, ':req': 'requested', ...(p.refundId ? { ':rid': p.refundId } : {}) },
    }),
  ).catch((e) => {
    if (!isConditionFailed(e)) throw e;
  });
}

/**
 * Settles a requested refund once (condition: still requested): success, or failed with the order's
 * refunded total given back and `parts` (what the refund took, given back by its kind).
 */
export async function recordRefundSettled(
  r: PayRefundRecord,
  p: { state: 'success' | 'failed'; at: string; refundId: string | null; wechatStatus: string; parts: TxPart[] },
): Promise<{ ok: true } | { ok: false; failed: 'settled' | 'conflict' }> {
  const tx = new Tx();
  tx.update('refund', keys.payRefund(r.outRefundNo), {
    set: `SET #s = :st, settledAt = :at, wechatStatus = :ws${p.refundId ? ', refundId = :rid' : ''}`,
    condition: '#s = :req',
    names: { '#s': 'state' },
    values: { ':st': p.state, ':at': p.at, ':ws': p.wechatStatus, ':req': 'requested', ...(p.refundId ? { ':rid': p.refundId } : {}) },
  });
  tx.delete('pending', keys.payRefundPending(r.outRefundNo));
  if (p.state === 'failed') {
    tx.update('order', keys.payOrder(r.outTradeNo), {
      set: 'SET refundedFen = refundedFen - :f, #rev = #rev + :one',
      condition: 'refundedFen >= :f',
      names: { '#rev': 'rev' },
      values: { ':f': r.refundFen, ':one': 1 },
    });
  }
  for (const part of p.parts) part.apply(tx);
  const out = await commit(tx, [['refund', 'settled']] as const, 'conflict');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

/** After a successful refund: the order becomes `refunded` when refunds have taken all of it. */
export async function markWhollyRefunded(outTradeNo: string): Promise<void> {
  const { client, table } = db();
  await client.send(
    new UpdateCommand({
      TableName: table,
      Key: keys.payOrder(outTradeNo),
      UpdateExpression: 'SET #s = :refunded, #rev = #rev + :one',
      ConditionExpression: '#s = :paid AND refundedFen = amountFen',
      ExpressionAttributeNames: { '#s': 'state', '#rev': 'rev' },
      ExpressionAttributeValues: { ':refunded': 'refunded', ':paid': 'paid', ':one': 1 },
    }),
  ).catch((e) => {
    if (!isConditionFailed(e)) throw e;
  });
}


/** One page of the admin's refunds, newest first. */
export async function listRefunds(p: { limit: number; cursor: string | null }): Promise<{ refunds: PayRefundRecord[]; cursor: string | null }> {
  const { client, table } = db();
  const res = await client.send(
    new QueryCommand({
      TableName: table,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': indexKeys.payRefundsPk() },
      ScanIndexForward: false,
      Limit: p.limit,
      ...(p.cursor ? { ExclusiveStartKey: decodeCursor(p.cursor) } : {}),
    }),
  );
  return { refunds: (res.Items ?? []).map(toRefund), cursor: res.LastEvaluatedKey ? encodeCursor(res.LastEvaluatedKey) : null };
}

// ---- the reconciliation job's paged reads (a checkpoint keeps `lastKey`) ----

export type PayJobList = 'pending' | 'shipping' | 'refunds';
const JOB_LIST_PK: Record<PayJobList, () => string> = {
  pending: indexKeys.payPendingPk,
  shipping: indexKeys.payShippingPk,
  refunds: indexKeys.payRefundPendingPk,
};

/**
 * One page of a job list (oldest first, entries before `before`): orders still created, paid orders
 * awaiting their shipping upload, or requested refunds (with their refund items).
 */
export async function payJobPage(
  list: PayJobList,
  before: string,
  startKey: Record<string, unknown> | undefined,
  limit: number,
): Promise<{ orders: PayOrderRecord[]; refunds: PayRefundRecord[]; lastKey: Record<string, unknown> | undefined; itemsRead: number }> {
  const { client, table } = db();
  const res = await client.send(
    new QueryCommand({
      TableName: table,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK < :b',
      ExpressionAttributeValues: { ':pk': JOB_LIST_PK[list](), ':b': before },
      ScanIndexForward: true,
      Limit: limit,
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    }),
  );
  const items = res.Items ?? [];
  const lastKey = res.LastEvaluatedKey as Record<string, unknown> | undefined;
  if (list !== 'refunds') return { orders: items.map(toPayOrder), refunds: [], lastKey, itemsRead: items.length };
  const refunds = items.length ? await batchGetAll(items.map((m) => keys.payRefund(String(m.outRefundNo)))) : [];
  const byNo = new Map(refunds.map((r) => [String(r.outRefundNo), toRefund(r)]));
  return { orders: [], refunds: items.flatMap((m) => (byNo.has(String(m.outRefundNo)) ? [byNo.get(String(m.outRefundNo))!] : [])), lastKey, itemsRead: items.length + refunds.length };
}

/** The index key of a job list entry, so a checkpoint can resume right after it. */
export function payJobKey(list: PayJobList, entry: PayOrderRecord | PayRefundRecord): Record<string, unknown> {
  if (list === 'refunds') {
    const r = entry as PayRefundRecord;
    return { ...keys.payRefundPending(r.outRefundNo), ...indexKeys.payRefundPending(r.createdAt, r.outRefundNo) };
  }
  const o = entry as PayOrderRecord;
  return { ...keys.payOrder(o.outTradeNo), ...(list === 'pending' ? indexKeys.payPending(o.createdAt, o.outTradeNo) : indexKeys.payShipping(o.paidAt ?? '', o.outTradeNo)) };
}
