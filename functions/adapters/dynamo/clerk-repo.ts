/**
 * Clerk attribution (issue 19, part C): clerks' registration codes, the month counters per store and
 * clerk (kept by the stream consumer functions/clerks/stats.ts, plus ratings), and service ratings.
 *
 *   CLERKCODE#<code>        CLERKCODE           {openid, storeId}: whose QR a code is (created once per code)
 *   CLERK#<openid>          CODE#<storeId>      {code}: her code at that store (created once per person and store)
 *   CLERK#<openid>          RATING              {ratingSum, ratingCount}: her ratings over all time
 *   CLERKSTAT#<YYYY-MM>     <storeId>#          the store's month: registrations, orders, salesFen, refundFen, ratingSum, ratingCount
 *   CLERKSTAT#<YYYY-MM>     <storeId>#<openid>  the same for one clerk at that store
 *   CLERKEVT#<eventId>      CLERKEVT            a stream record was counted (TTL)
 *   RATING#<store>#<order>  RATING              a member's rating of an order's service (created once per order)
 */
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { STAT_FIELDS, type StatAdd, type StatCounters } from '../../../shared/domain/clerks';
import { db } from './client';
import { isConditionFailed, pause } from './errors';
import { indexKeys, keys } from './keys';
import { batchGetAll, queryAll, type Item } from './read';
import { Tx } from './tx';
import { commit, type Written } from './unit';

type Key = { PK: string; SK: string };
const keyStr = (k: Key) => `${k.PK}\u0000${k.SK}`;

// ---- codes ----------------------------------------------------------------------------------------

export interface ClerkCodeRecord {
  code: string;
  openid: string;
  storeId: string;
}

/** Whose code this is (eventually consistent is enough: a code never changes once made). */
export async function clerkOfCode(code: string): Promise<ClerkCodeRecord | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.clerkCode(code) }));
  return res.Item ? { code, openid: String(res.Item.openid), storeId: String(res.Item.storeId) } : null;
}

/** Her code at a store, if made. */
export async function codeOfClerk(openid: string, storeId: string): Promise<string | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.clerkCodeOf(openid, storeId), ConsistentRead: true }));
  return res.Item ? String(res.Item.code) : null;
}

/**
 * Her code at a store, made once: the code item (a code names one clerk) and her item for the store (one
 * code per person and store) in one transaction. 'code_taken': draw another; 'has_code': made meanwhile.
 */
export async function saveClerkCode(r: ClerkCodeRecord, at: string): Promise<Written<'code_taken' | 'has_code'>> {
  const tx = new Tx();
  tx.create('code', { ...keys.clerkCode(r.code), openid: r.openid, storeId: r.storeId, createdAt: at });
  tx.create('mine', { ...keys.clerkCodeOf(r.openid, r.storeId), code: r.code, openid: r.openid, storeId: r.storeId, createdAt: at });
  const out = await commit(
    tx,
    [
      ['mine', 'has_code'],
      ['code', 'code_taken'],
    ],
    'code_taken',
  );
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

// ---- counters kept from the stream ----------------------------------------------------------------

/** What a registration, order or return is credited to: its buyer's profile, as far as attribution goes. */
export async function attributionProfiles(memberIds: readonly string[]): Promise<Map<string, Item>> {
  const items = await batchGetAll(
    [...new Set(memberIds)].map((id) => keys.profile(id)),
    { projection: 'memberId, registrationStoreId, registrationClerk, #s', names: { '#s': 'source' } },
  );
  return new Map(items.map((i) => [String(i.memberId), i]));
}

/** One stream record's adds. */
export interface CountedStat {
  eventId: string;
  adds: StatAdd[];
}

const GUARD_TTL_S = 4 * 24 * 3600;
/** Changes per transaction: each writes its guard and touches at most two rows, so 30 stay within 100 items. */
const GROUP = 30;

async function existingGuards(eventIds: readonly string[]): Promise<Set<string>> {
  const found = new Set((await batchGetAll(eventIds.map(keys.clerkStatGuard), { projection: 'PK, SK', consistent: true })).map((it) => keyStr(it as Key)));
  return new Set(eventIds.filter((id) => found.has(keyStr(keys.clerkStatGuard(id)))));
}

function addToRow(tx: Tx, label: string, row: StatAdd) {
  const names: Record<string, string> = { '#m': 'month', '#s': 'storeId', '#c': 'clerk' };
  const values: Record<string, unknown> = { ':m': row.month, ':s': row.storeId, ':c': row.clerk ?? '' };
  const adds: string[] = [];
  STAT_FIELDS.forEach((f, n) => {
    const v = row.add[f];
    if (!v) return;
    names[`#a${n}`] = f;
    values[`:a${n}`] = v;
    adds.push(`#a${n} :a${n}`);
  });
  if (adds.length === 0) return;
  tx.update(label, keys.clerkStat(row.month, row.storeId, row.clerk), { set: `SET #m = :m, #s = :s, #c = :c ADD ${adds.join(', ')}`, names, values });
}

/**
 * Counts each record once: records whose guard exists are skipped; each group of up to 30 records is one
 * transaction (their guards, `attribute_not_exists`, and one ADD per row touched, the group's sums). A group
 * that meets a guard written meanwhile (a concurrent or repeated delivery) is read again and sent again.
 */
export async function countStats(changes: readonly CountedStat[], nowEpochS: number, sumAdds: (adds: StatAdd[]) => StatAdd[]): Promise<void> {
  // A record met twice in one call (a re-delivery in the same batch) is one record: a transaction may not name an item twice.
  let pending = [...new Map(changes.filter((c) => c.adds.length > 0).map((c) => [c.eventId, c])).values()];
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt >= 8) throw new Error('clerk counters: records keep meeting concurrent counts');
    if (attempt > 0) await pause(attempt);
    const done = await existingGuards(pending.map((c) => c.eventId));
    const todo = pending.filter((c) => !done.has(c.eventId));
    const retry: CountedStat[] = [];
    for (let i = 0; i < todo.length; i += GROUP) {
      const group = todo.slice(i, i + GROUP);
      const tx = new Tx();
      group.forEach((c, n) => tx.create(`guard${n}`, { ...keys.clerkStatGuard(c.eventId), ttl: nowEpochS + GUARD_TTL_S }));
      sumAdds(group.flatMap((c) => c.adds)).forEach((row, n) => addToRow(tx, `row${n}`, row));
      const out = await tx.send();
      if (!out.ok) retry.push(...group);
    }
    pending = retry;
  }
}

export interface StatRow extends StatCounters {
  month: string;
  storeId: string;
  /** The clerk's openid; null on the store's row. */
  clerk: string | null;
}

const toRow = (i: Item): StatRow => {
  const sk = String(i.SK);
  const cut = sk.indexOf('#');
  const clerk = sk.slice(cut + 1);
  const n = (v: unknown) => (typeof v === 'number' ? v : 0);
  return {
    month: String(i.PK).slice('CLERKSTAT#'.length),
    storeId: sk.slice(0, cut),
    clerk: clerk || null,
    registrations: n(i.registrations),
    orders: n(i.orders),
    salesFen: n(i.salesFen),
    refundFen: n(i.refundFen),
    ratingSum: n(i.ratingSum),
    ratingCount: n(i.ratingCount),
  };
};

/** A month's rows: one store's (its row and its clerks') or, without a store, every store's and clerk's. One Query. */
export async function statRowsOf(month: string, storeId?: string): Promise<StatRow[]> {
  const pk = keys.clerkStat(month, 'x', null).PK;
  const items = storeId
    ? await queryAll({ KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)', ExpressionAttributeValues: { ':pk': pk, ':p': `${storeId}#` } })
    : await queryAll({ KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': pk } });
  return items.map(toRow).filter((r) => !storeId || r.storeId === storeId);
}

/** One clerk's row of a month at a store (zeros when nothing was counted). */
export async function statRowOf(month: string, storeId: string, clerk: string): Promise<StatRow> {
  const { client, table } = db();
  const k = keys.clerkStat(month, storeId, clerk);
  const res = await client.send(new GetCommand({ TableName: table, Key: k }));
  return toRow(res.Item ?? k);
}

/** Her ratings over all time. */
export async function clerkRatingOf(openid: string): Promise<{ ratingSum: number; ratingCount: number }> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.clerkRating(openid) }));
  return { ratingSum: Number(res.Item?.ratingSum ?? 0), ratingCount: Number(res.Item?.ratingCount ?? 0) };
}

/** Clerks as a leaderboard names them: the name on her role item or her member profile, her phone (to be masked), where she works now. */
export interface ClerkPerson {
  openid: string;
  name: string | null;
  phone: string | null;
  worksAt: string | null;
}

export async function clerkPeople(openids: readonly string[]): Promise<Map<string, ClerkPerson>> {
  const ids = [...new Set(openids)];
  const out = new Map<string, ClerkPerson>(ids.map((o) => [o, { openid: o, name: null, phone: null, worksAt: null }]));
  if (ids.length === 0) return out;
  const first = await batchGetAll(ids.flatMap((o) => [keys.openidRole(o, 'staff'), keys.openidMember(o)]));
  const memberOf = new Map<string, string>();
  for (const i of first) {
    const openid = String(i.PK).slice('OPENID#'.length);
    const p = out.get(openid);
    if (!p) continue;
    if (i.SK === 'ROLE#staff') {
      p.worksAt = typeof i.storeId === 'string' ? i.storeId : null;
      if (typeof i.name === 'string' && i.name) p.name = i.name;
    } else if (i.SK === 'MEMBER' && typeof i.memberId === 'string') memberOf.set(i.memberId, openid);
  }
  const profiles = await batchGetAll(
    [...memberOf.keys()].map((m) => keys.profile(m)),
    { projection: 'memberId, #n, phone', names: { '#n': 'name' } },
  );
  for (const pr of profiles) {
    const p = out.get(memberOf.get(String(pr.memberId)) ?? '');
    if (!p) continue;
    if (!p.name && typeof pr.name === 'string' && pr.name) p.name = pr.name;
    if (typeof pr.phone === 'string') p.phone = pr.phone;
  }
  return out;
}

// ---- service ratings ------------------------------------------------------------------------------

export interface RatedOrder {
  storeId: string;
  orderId: string;
  memberId: string;
  createdAt: string;
  amountFen: number;
  staffOpenid: string | null;
}

const toRated = (i: Item): RatedOrder => ({
  storeId: String(i.storeId),
  orderId: String(i.orderId),
  memberId: String(i.memberId),
  createdAt: String(i.createdAt),
  amountFen: Number(i.amountFen ?? 0),
  staffOpenid: typeof i.staffOpenid === 'string' && i.staffOpenid ? i.staffOpenid : null,
});

const ORDER_PROJECTION = { projection: 'storeId, orderId, memberId, createdAt, amountFen, staffOpenid' };

/** Her orders from `from` on, newest first (her BUY# pointers, then the orders by key), each with whether it was rated. */
export async function ordersToRate(memberId: string, from: string, limit = 20): Promise<(RatedOrder & { rated: boolean })[]> {
  const { client, table } = db();
  const lo = keys.memberOrderBound(memberId, from);
  const hi = keys.memberOrderBound(memberId, '9999'); // after every instant: her BUY# pointers only
  const res = await client.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': lo.PK, ':from': lo.SK, ':to': hi.SK },
      ProjectionExpression: 'storeId, orderId',
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  const pointers = (res.Items ?? []).map((i) => ({ storeId: String(i.storeId), orderId: String(i.orderId) }));
  if (pointers.length === 0) return [];
  const [orders, ratings] = await Promise.all([
    batchGetAll(pointers.map((p) => keys.order(p.storeId, p.orderId)), ORDER_PROJECTION),
    batchGetAll(pointers.map((p) => keys.serviceRating(p.storeId, p.orderId)), { projection: 'PK' }),
  ]);
  const rated = new Set(ratings.map((r) => String(r.PK)));
  return orders.map(toRated).map((o) => ({ ...o, rated: rated.has(keys.serviceRating(o.storeId, o.orderId).PK) }));
}

export async function orderToRate(storeId: string, orderId: string): Promise<RatedOrder | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.order(storeId, orderId), ProjectionExpression: 'storeId, orderId, memberId, createdAt, amountFen, staffOpenid', ConsistentRead: true }));
  return res.Item ? toRated(res.Item) : null;
}

/**
 * The rating, once per order, and the clerk's sums in the same transaction: the rating item
 * (`attribute_not_exists`), the order still hers, ADDs to the clerk's and the store's rows of the month
 * and to her all-time rating. 'rated': the order was rated already (or meanwhile); 'conflict': another
 * transaction on the same items was in flight (read again and retry).
 */
export async function recordRating(p: { order: RatedOrder & { staffOpenid: string }; stars: number; comment: string | null; at: string; month: string }): Promise<Written<'rated' | 'order_changed' | 'conflict'>> {
  const { order, stars } = p;
  const tx = new Tx();
  tx.create('rating', {
    ...keys.serviceRating(order.storeId, order.orderId),
    ...indexKeys.storeRating(order.storeId, p.at, order.orderId),
    storeId: order.storeId,
    orderId: order.orderId,
    memberId: order.memberId,
    clerk: order.staffOpenid,
    stars,
    ...(p.comment ? { comment: p.comment } : {}),
    at: p.at,
  });
  tx.check('order', keys.order(order.storeId, order.orderId), 'memberId = :m AND staffOpenid = :s', { ':m': order.memberId, ':s': order.staffOpenid });
  const add: StatAdd['add'] = { ratingSum: stars, ratingCount: 1 };
  addToRow(tx, 'clerkMonth', { month: p.month, storeId: order.storeId, clerk: order.staffOpenid, add });
  addToRow(tx, 'storeMonth', { month: p.month, storeId: order.storeId, clerk: null, add });
  tx.update('clerkAll', keys.clerkRating(order.staffOpenid), { set: 'SET openid = :o ADD ratingSum :s, ratingCount :one', values: { ':o': order.staffOpenid, ':s': stars, ':one': 1 } });
  const out = await commit(
    tx,
    [
      ['rating', 'rated'],
      ['order', 'order_changed'],
    ],
    'conflict',
  );
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

export interface StoredRating {
  orderId: string;
  clerk: string;
  stars: number;
  comment: string | null;
  at: string;
}

/** A store's latest ratings, newest first (GSI1 SRATINGS#<storeId>): what its manager reads. */
export async function recentRatingsAt(storeId: string, limit = 20): Promise<StoredRating[]> {
  const { client, table } = db();
  const res = await client.send(
    new QueryCommand({
      TableName: table,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': indexKeys.storeRatingsPk(storeId) },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (res.Items ?? []).map((i) => ({
    orderId: String(i.orderId),
    clerk: String(i.clerk),
    stars: Number(i.stars),
    comment: typeof i.comment === 'string' ? i.comment : null,
    at: String(i.at),
  }));
}

/** Her ratings of these orders of hers (her data copy, her erasure). */
export async function ratingsOfOrders(orders: readonly { storeId: string; orderId: string }[]): Promise<(StoredRating & { storeId: string })[]> {
  if (orders.length === 0) return [];
  const items = await batchGetAll(orders.map((o) => keys.serviceRating(o.storeId, o.orderId)));
  return items.map((i) => ({ storeId: String(i.storeId), orderId: String(i.orderId), clerk: String(i.clerk), stars: Number(i.stars), comment: (i.comment as string | undefined) ?? null, at: String(i.at) }));
}

/** A rating's comment removed (her account erased): the stars stay in the clerk's sums. */
export async function removeRatingComment(storeId: string, orderId: string): Promise<void> {
  const { client, table } = db();
  await client.send(new UpdateCommand({ TableName: table, Key: keys.serviceRating(storeId, orderId), UpdateExpression: 'REMOVE #c', ConditionExpression: 'attribute_exists(PK)', ExpressionAttributeNames: { '#c': 'comment' } })).catch((e) => {
    if (!isConditionFailed(e)) throw e;
  });
}
