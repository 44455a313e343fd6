import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CouponTemplateInput, WalletCoupon } from '../../../shared/contract';
import { type CouponTerms, type PointsState } from '../../../shared/domain';
import type { IssueFailure } from '../../../shared/domain/coupon-claim';
import { guardSource, writeAudit, writePoints, type AuditEntry, type LedgerEntryInput } from './account-repo';
import { db } from './client';
import { indexKeys, keys, memberPk, skPrefix } from './keys';
import type { PointsRecord } from './member-repo';
import { queryAll } from './read';
import { Tx } from './tx';
import { commit, type Written } from './unit';

export interface TemplateRecord {
  id: string;
  state: 'active' | 'paused';
  definition: CouponTemplateInput;
  shards: number;
  createdAt: string;
  createdBy: string;
  rev: number;
}

export interface ShardRecord {
  shard: number;
  issued: number;
  /** Coupons of this shard redeemed (net of coupons restored by returns). */
  redeemed: number;
  /** null when the stock is unlimited. */
  remaining: number | null;
}

/** Shards a template's stock is spread over: enough that a flash claim does not queue on one item. */
export function shardsFor(stock: number | null): number {
  if (stock === null) return 8;
  return Math.max(1, Math.min(16, Math.ceil(stock / 25)));
}

export function createTemplate(tx: Tx, t: TemplateRecord) {
  tx.create('template', { ...keys.couponTemplate(t.id), ...t, ...indexKeys.couponTemplate(t.createdAt, t.id) });
  const stock = t.definition.stock;
  for (let i = 0; i < t.shards; i++) {
    const remaining = stock === null ? null : Math.floor(stock / t.shards) + (i < stock % t.shards ? 1 : 0);
    tx.create(`shard${i}`, { ...keys.couponShard(t.id, i), shard: i, issued: 0, redeemed: 0, remaining });
  }
}

export async function getTemplate(id: string): Promise<{ template: TemplateRecord; shards: ShardRecord[] } | null> {
  const { client, table } = db();
  const res = await client.send(
    new QueryCommand({ TableName: table, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': keys.couponTemplate(id).PK }, ConsistentRead: true }),
  );
  const items = res.Items ?? [];
  const t = items.find((i) => i.SK === keys.couponTemplate(id).SK);
  if (!t) return null;
  const shards = items.filter((i) => String(i.SK).startsWith(skPrefix.shard)).map((i) => ({ shard: i.shard, issued: i.issued, redeemed: i.redeemed ?? 0, remaining: i.remaining ?? null }));
  return { template: toTemplate(t), shards };
}

const toTemplate = (t: Record<string, unknown>): TemplateRecord => ({
  id: t.id as string,
  state: t.state as TemplateRecord['state'],
  definition: t.definition as CouponTemplateInput,
  shards: t.shards as number,
  createdAt: t.createdAt as string,
  createdBy: t.createdBy as string,
  rev: t.rev as number,
});

export async function listTemplates(): Promise<TemplateRecord[]> {
  const { client, table } = db();
  const res = await client.send(
    new QueryCommand({ TableName: table, IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': indexKeys.couponTemplatesPk() }, ScanIndexForward: false }),
  );
  return (res.Items ?? []).map(toTemplate);
}

export function setTemplateState(tx: Tx, id: string, state: 'active' | 'paused', rev: number) {
  tx.update('template', keys.couponTemplate(id), { set: 'SET #s = :s, rev = :n', condition: 'rev = :r', names: { '#s': 'state' }, values: { ':s': state, ':n': rev + 1, ':r': rev } });
}

/** A new definition, only over the revision it was read at. */
export function editTemplate(tx: Tx, id: string, definition: CouponTemplateInput, rev: number) {
  tx.update('template', keys.couponTemplate(id), {
    set: 'SET #d = :d, rev = :n',
    condition: 'rev = :r',
    names: { '#d': 'definition' },
    values: { ':d': definition, ':n': rev + 1, ':r': rev },
  });
}

/** A shard's stock set anew, only if no coupon was issued from it since it was read. */
export function restockShard(tx: Tx, templateId: string, s: ShardRecord, remaining: number | null) {
  tx.update(`restock${s.shard}`, keys.couponShard(templateId, s.shard), {
    set: 'SET remaining = :rem',
    condition: 'issued = :issued',
    values: { ':rem': remaining, ':issued': s.issued },
  });
}

/** Splits `total` left to issue over shards, as evenly as it goes. */
export function splitStock(total: number, shards: number): number[] {
  return Array.from({ length: shards }, (_, i) => Math.floor(total / shards) + (i < total % shards ? 1 : 0));
}

/** One issue taken from a shard: the issued count grows; a limited stock must still have one left. */
export function takeFromShard(tx: Tx, templateId: string, shard: number, limited: boolean) {
  tx.update('shard', keys.couponShard(templateId, shard), {
    set: limited ? 'SET issued = issued + :one, remaining = remaining - :one' : 'SET issued = issued + :one',
    condition: limited ? 'remaining > :zero' : 'attribute_exists(PK)',
    values: limited ? { ':one': 1, ':zero': 0 } : { ':one': 1 },
  });
}

/** The member's count for a template, within its per-member limit. */
export function countClaim(tx: Tx, memberId: string, templateId: string, limit: number | null, at: string) {
  tx.update('claims', keys.memberClaims(memberId, templateId), {
    set: 'SET #c = if_not_exists(#c, :zero) + :one, updatedAt = :at',
    ...(limit !== null ? { condition: 'attribute_not_exists(#c) OR #c < :max' } : {}),
    names: { '#c': 'count' },
    values: { ':zero': 0, ':one': 1, ':at': at, ...(limit !== null ? { ':max': limit } : {}) },
  });
}

export interface MemberCouponRecord {
  memberId: string;
  couponId: string;
  templateId: string;
  name: string;
  summary: string;
  code: string;
  terms: CouponTerms;
  state: 'available' | 'used' | 'expired' | 'voided';
  validFrom: string;
  validUntil: string;
  issuedAt: string;
  source: string;
  /** The stock shard it was issued from (its redemption is counted there). */
  shard?: number;
  /** Stamp cards: stamps collected, the orders that stamped it, the reward issued when full. */
  stamps?: number;
  stampOrders?: string[];
  rewardCouponId?: string;
  usedFor?: string;
  usedAt?: string;
}

/**
 * The coupon-expiry index (GSI1): an available coupon sits under CPEXP#<its last day, Asia/Shanghai>,
 * so the "coupon expiring in N days" care job reads exactly the coupons due. Using it removes it.
 */
export const couponExpiryIndex = indexKeys.couponExpiry;

export function putMemberCoupon(tx: Tx, c: MemberCouponRecord) {
  tx.create('coupon', { ...keys.memberCoupon(c.memberId, c.couponId), ...c, ...couponExpiryIndex(c) });
  tx.create('code', { ...keys.couponCode(c.code), memberId: c.memberId, couponId: c.couponId });
}

export async function listMemberCoupons(memberId: string): Promise<MemberCouponRecord[]> {
  const items = await queryAll({ KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)', ExpressionAttributeValues: { ':pk': memberPk(memberId), ':p': skPrefix.memberCoupon } });
  return items as unknown as MemberCouponRecord[];
}

export async function getClaimCount(memberId: string, templateId: string): Promise<number> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.memberClaims(memberId, templateId) }));
  return (res.Item?.count as number | undefined) ?? 0;
}

export const toWallet = (c: MemberCouponRecord, now: string): WalletCoupon => ({
  kind: c.terms.kind,
  ...(c.terms.kind === 'stampCard' && c.terms.stampCard
    ? { stamps: { collected: c.stamps ?? 0, needed: c.terms.stampCard.purchasesNeeded, minOrderFen: c.terms.stampCard.minOrderFen, rewardCouponId: c.rewardCouponId ?? null } }
    : {}),
  id: c.couponId,
  templateId: c.templateId,
  name: c.name,
  summary: c.summary,
  code: c.code,
  state: c.state === 'available' && c.validUntil < now ? 'expired' : c.state,
  validFrom: c.validFrom,
  validUntil: c.validUntil,
  issuedAt: c.issuedAt,
  source: c.source,
});

export async function findCouponByCode(code: string): Promise<{ memberId: string; couponId: string } | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.couponCode(code), ConsistentRead: true }));
  return res.Item ? { memberId: res.Item.memberId, couponId: res.Item.couponId } : null;
}

/** Redeems a coupon with an order: only if it is still available (a second order using it fails). */
export function redeemCoupon(tx: Tx, memberId: string, couponId: string, ref: string, at: string, label: string) {
  tx.update(label, keys.memberCoupon(memberId, couponId), {
    set: 'SET #s = :used, usedAt = :at, usedFor = :ref REMOVE GSI1PK, GSI1SK',
    condition: '#s = :available AND validUntil >= :at',
    names: { '#s': 'state' },
    values: { ':used': 'used', ':available': 'available', ':at': at, ':ref': ref },
  });
}

/** A whole order came back: its coupons return to the wallet if still valid. */
export function restoreCoupon(tx: Tx, c: { memberId: string; couponId: string; validUntil: string }, ref: string, label: string) {
  const idx = couponExpiryIndex(c);
  tx.update(label, keys.memberCoupon(c.memberId, c.couponId), {
    set: 'SET #s = :available, GSI1PK = :g1pk, GSI1SK = :g1sk REMOVE usedAt, usedFor',
    condition: '#s = :used AND usedFor = :ref',
    names: { '#s': 'state' },
    values: { ':used': 'used', ':available': 'available', ':ref': ref, ':g1pk': idx.GSI1PK, ':g1sk': idx.GSI1SK },
  });
}

/** Redemption figures per template: counted on the shard the coupon came from (+1 redeemed, -1 restored). */
export function countRedemption(tx: Tx, templateId: string, shard: number, delta: 1 | -1, label: string) {
  tx.update(label, keys.couponShard(templateId, shard), {
    set: 'SET redeemed = if_not_exists(redeemed, :zero) + :d',
    condition: 'attribute_exists(PK)',
    values: { ':zero': 0, ':d': delta },
  });
}

/**
 * One stamp on a stamp card from an order: only if nobody stamped it meanwhile (stamps as read) and
 * this order has not stamped it yet. The stamp that fills it closes the card (state used).
 */
export function stampCard(tx: Tx, c: { memberId: string; couponId: string }, p: { before: number; orderRef: string; completes: boolean; at: string; label: string }) {
  tx.update(p.label, keys.memberCoupon(c.memberId, c.couponId), {
    set: p.completes
      ? 'SET stamps = :after, stampOrders = list_append(if_not_exists(stampOrders, :empty), :ref), #s = :used, usedAt = :at, usedFor = :full REMOVE GSI1PK, GSI1SK'
      : 'SET stamps = :after, stampOrders = list_append(if_not_exists(stampOrders, :empty), :ref)',
    condition: '#s = :available AND (attribute_not_exists(stamps) OR stamps = :before)' + (p.before === 0 ? '' : ' AND NOT contains(stampOrders, :one)'),
    names: { '#s': 'state' },
    values: {
      ':after': p.before + 1,
      ':empty': [],
      ':ref': [p.orderRef],
      ':available': 'available',
      ':before': p.before,
      ...(p.completes ? { ':used': 'used', ':at': p.at, ':full': STAMPS_FULL } : {}),
      ...(p.before === 0 ? {} : { ':one': p.orderRef }),
    },
  });
}

/** usedFor of a stamp card that was filled (its reward is then issued). */
export const STAMPS_FULL = 'stamps#full';

/**
 * A returned order gives back its stamp: stamps - 1 and the order leaves the card's list, only if it
 * is on it (so a repeated return changes nothing). A filled card opens again.
 */
export function unstampCard(tx: Tx, c: MemberCouponRecord, orderRef: string, label: string) {
  const orders = (c.stampOrders ?? []).filter((o) => o !== orderRef);
  const reopen = c.state === 'used' && c.usedFor === STAMPS_FULL;
  const idx = couponExpiryIndex(c);
  tx.update(label, keys.memberCoupon(c.memberId, c.couponId), {
    set: reopen
      ? 'SET stamps = :after, stampOrders = :orders, #s = :available, GSI1PK = :g1pk, GSI1SK = :g1sk REMOVE usedAt, usedFor, rewardCouponId'
      : 'SET stamps = :after, stampOrders = :orders',
    condition: 'stamps = :before AND contains(stampOrders, :ref)',
    ...(reopen ? { names: { '#s': 'state' } } : {}),
    values: {
      ':after': Math.max(0, (c.stamps ?? 0) - 1),
      ':orders': orders,
      ':before': c.stamps ?? 0,
      ':ref': orderRef,
      ...(reopen ? { ':available': 'available', ':g1pk': idx.GSI1PK, ':g1sk': idx.GSI1SK } : {}),
    },
  });
}

/** A coupon taken back (a stamp card's reward after its order was returned): only while unused. */
export function voidCoupon(tx: Tx, memberId: string, couponId: string, reason: string, at: string, label: string) {
  tx.update(label, keys.memberCoupon(memberId, couponId), {
    set: 'SET #s = :voided, voidedAt = :at, voidReason = :why REMOVE GSI1PK, GSI1SK',
    condition: '#s = :available',
    names: { '#s': 'state' },
    values: { ':voided': 'voided', ':available': 'available', ':at': at, ':why': reason },
  });
}

/** Records the reward coupon a filled stamp card gave (once). */
export function setStampReward(tx: Tx, memberId: string, cardId: string, rewardCouponId: string) {
  tx.update('card', keys.memberCoupon(memberId, cardId), {
    set: 'SET rewardCouponId = :r',
    condition: 'attribute_not_exists(rewardCouponId) AND usedFor = :full',
    values: { ':r': rewardCouponId, ':full': STAMPS_FULL },
  });
}

// ---- Units of work: each builds one transaction and answers what failed as a typed value. ----

/** One coupon by key (a replayed request answers the coupon it issued first). */
export async function getMemberCoupon(memberId: string, couponId: string): Promise<MemberCouponRecord | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.memberCoupon(memberId, couponId), ConsistentRead: true }));
  return (res.Item as MemberCouponRecord | undefined) ?? null;
}

/**
 * Issues one coupon in one transaction: one taken from the stock shard (a limited stock must have
 * one left there), the member's claim counter (her limit), the coupon and its code (both new), the
 * once-only key of the request (its old item comes back on failure, naming the first coupon) and,
 * for an exchange, the points spent (conditioned on the account's revision).
 * A failure names what failed, by precedence: request_replayed, limit_reached, stock_out, revision_moved, conflict.
 */
export async function writeIssue(u: {
  coupon: MemberCouponRecord & { shard: number };
  limited: boolean;
  perMemberLimit: number | null;
  onceKey: string;
  payment?: { before: PointsRecord; next: PointsState; entries: LedgerEntryInput[] };
}): Promise<{ ok: true; balance: number | null } | { ok: false; failure: IssueFailure }> {
  const { coupon: c } = u;
  const at = c.issuedAt;
  const tx = new Tx();
  const balance = u.payment ? writePoints(tx, { before: u.payment.before, next: u.payment.next, entries: u.payment.entries, at }).balanceAfter : null;
  takeFromShard(tx, c.templateId, c.shard, u.limited);
  countClaim(tx, c.memberId, c.templateId, u.perMemberLimit, at);
  putMemberCoupon(tx, c);
  guardSource(tx, c.memberId, u.onceKey, at, { couponId: c.couponId });
  const out = await tx.send();
  if (out.ok) return { ok: true, balance };
  if (out.failed.includes('guard')) {
    const first = out.item('guard')?.result as { couponId?: string } | undefined;
    return { ok: false, failure: { kind: 'request_replayed', couponId: first?.couponId ?? null } };
  }
  if (out.failed.includes('claims')) return { ok: false, failure: { kind: 'limit_reached' } };
  if (out.failed.includes('shard')) return { ok: false, failure: { kind: 'stock_out' } };
  if (out.failed.includes('points')) return { ok: false, failure: { kind: 'revision_moved' } };
  return { ok: false, failure: { kind: 'conflict' } };
}

/** A new template with its stock shards, audited. */
export async function insertTemplate(t: TemplateRecord, audit: AuditEntry): Promise<Written<'conflict'>> {
  const tx = new Tx();
  createTemplate(tx, t);
  writeAudit(tx, audit);
  const out = await commit(tx, [], 'conflict');
  return out.ok ? out : { ok: false, failed: out.failed };
}

/** Pauses or resumes a template over the revision it was read at, audited. */
export async function changeTemplateState(id: string, state: 'active' | 'paused', rev: number, audit: AuditEntry): Promise<Written<'revision_moved'>> {
  const tx = new Tx();
  setTemplateState(tx, id, state, rev);
  writeAudit(tx, audit);
  const out = await commit(tx, [], 'revision_moved');
  return out.ok ? out : { ok: false, failed: out.failed };
}

/**
 * A template's new definition over the revision it was read at, with its stock spread anew when
 * `restock` is given (each shard only if no coupon was issued from it since it was read), audited.
 */
export async function saveTemplateEdit(
  id: string,
  rev: number,
  definition: CouponTemplateInput,
  restock: { shard: ShardRecord; remaining: number | null }[] | null,
  audit: AuditEntry,
): Promise<Written<'revision_moved'>> {
  const tx = new Tx();
  editTemplate(tx, id, definition, rev);
  for (const r of restock ?? []) restockShard(tx, id, r.shard, r.remaining);
  writeAudit(tx, audit);
  const out = await commit(tx, [], 'revision_moved');
  return out.ok ? out : { ok: false, failed: out.failed };
}

/** A gift coupon redeemed at a store without a purchase: only while available; counted on its shard. */
export async function redeemStandalone(c: { memberId: string; couponId: string; templateId: string; shard: number }, ref: string, at: string): Promise<Written<'coupon_taken'>> {
  const tx = new Tx();
  redeemCoupon(tx, c.memberId, c.couponId, ref, at, 'coupon');
  countRedemption(tx, c.templateId, c.shard, 1, 'redeemed');
  const out = await commit(tx, [['coupon', 'coupon_taken']], 'coupon_taken');
  return out.ok ? out : { ok: false, failed: out.failed };
}

/** Notes the reward coupon a filled stamp card gave (once). */
export async function noteStampReward(memberId: string, cardId: string, rewardCouponId: string): Promise<Written<'already_noted'>> {
  const tx = new Tx();
  setStampReward(tx, memberId, cardId, rewardCouponId);
  const out = await commit(tx, [], 'already_noted');
  return out.ok ? out : { ok: false, failed: out.failed };
}
