import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CouponTemplateInput, WalletCoupon } from '../../../shared/contract';
import type { CouponTerms } from '../../../shared/domain';
import { db } from './client';
import { keys, memberPk } from './keys';
import type { Tx } from './tx';

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
  /** null when the stock is unlimited. */
  remaining: number | null;
}

/** Shards a template's stock is spread over: enough that a flash claim does not queue on one item. */
export function shardsFor(stock: number | null): number {
  if (stock === null) return 8;
  return Math.max(1, Math.min(16, Math.ceil(stock / 25)));
}

export function createTemplate(tx: Tx, t: TemplateRecord) {
  tx.create('template', { ...keys.couponTemplate(t.id), ...t, GSI1PK: 'COUPONTPLS', GSI1SK: `${t.createdAt}#${t.id}` });
  const stock = t.definition.stock;
  for (let i = 0; i < t.shards; i++) {
    const remaining = stock === null ? null : Math.floor(stock / t.shards) + (i < stock % t.shards ? 1 : 0);
    tx.create(`shard${i}`, { ...keys.couponShard(t.id, i), shard: i, issued: 0, remaining });
  }
}

export async function getTemplate(id: string): Promise<{ template: TemplateRecord; shards: ShardRecord[] } | null> {
  const { client, table } = db();
  const res = await client.send(
    new QueryCommand({ TableName: table, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': `COUPONTPL#${id}` }, ConsistentRead: true }),
  );
  const items = res.Items ?? [];
  const t = items.find((i) => i.SK === 'TEMPLATE');
  if (!t) return null;
  const shards = items.filter((i) => String(i.SK).startsWith('SHARD#')).map((i) => ({ shard: i.shard, issued: i.issued, remaining: i.remaining ?? null }));
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
    new QueryCommand({ TableName: table, IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': 'COUPONTPLS' }, ScanIndexForward: false }),
  );
  return (res.Items ?? []).map(toTemplate);
}

export function setTemplateState(tx: Tx, id: string, state: 'active' | 'paused', rev: number) {
  tx.update('template', keys.couponTemplate(id), { set: 'SET #s = :s, rev = :n', condition: 'rev = :r', names: { '#s': 'state' }, values: { ':s': state, ':n': rev + 1, ':r': rev } });
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
}

export function putMemberCoupon(tx: Tx, c: MemberCouponRecord) {
  tx.create('coupon', { ...keys.memberCoupon(c.memberId, c.couponId), ...c });
  tx.create('code', { ...keys.couponCode(c.code), memberId: c.memberId, couponId: c.couponId });
}

export async function listMemberCoupons(memberId: string): Promise<MemberCouponRecord[]> {
  const { client, table } = db();
  const out: MemberCouponRecord[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await client.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
        ExpressionAttributeValues: { ':pk': memberPk(memberId), ':p': 'COUPON#' },
        ExclusiveStartKey: start,
      }),
    );
    out.push(...((res.Items ?? []) as unknown as MemberCouponRecord[]));
    start = res.LastEvaluatedKey;
  } while (start);
  return out;
}

export async function getClaimCount(memberId: string, templateId: string): Promise<number> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.memberClaims(memberId, templateId) }));
  return (res.Item?.count as number | undefined) ?? 0;
}

export const toWallet = (c: MemberCouponRecord, now: string): WalletCoupon => ({
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
    set: 'SET #s = :used, usedAt = :at, usedFor = :ref',
    condition: '#s = :available AND validUntil >= :at',
    names: { '#s': 'state' },
    values: { ':used': 'used', ':available': 'available', ':at': at, ':ref': ref },
  });
}

/** A whole order came back: its coupons return to the wallet if still valid. */
export function restoreCoupon(tx: Tx, memberId: string, couponId: string, ref: string, label: string) {
  tx.update(label, keys.memberCoupon(memberId, couponId), {
    set: 'SET #s = :available REMOVE usedAt, usedFor',
    condition: '#s = :used AND usedFor = :ref',
    names: { '#s': 'state' },
    values: { ':used': 'used', ':available': 'available', ':ref': ref },
  });
}
