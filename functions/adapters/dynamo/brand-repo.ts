import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { EarningRulesVersion } from '../../../shared/contract';
import type { TierProgram } from '../../../shared/domain';
import { db } from './client';
import { writeAudit, type AuditEntry } from './account-repo';
import { indexKeys, keys, partitions, skPrefix } from './keys';
import { queryAll } from './read';
import { Tx } from './tx';
import { commit, type Written } from './unit';

export interface StoredTierProgram extends TierProgram {
  rev: number;
  updatedAt: string | null;
  updatedBy: string | null;
}

export interface BrandConfig {
  /** Every earning-rules version, oldest first. */
  rules: EarningRulesVersion[];
  tiers: StoredTierProgram;
  /** Paid membership (issue 17): the plan's multiplier multiplies the tier's (else the better applies). */
  plus?: { stackPlusWithTier: boolean };
}

/** Brand configuration changes rarely; a warm Lambda keeps it for a short while (and drops it on its own writes). */
const CACHE_MS = 30_000;
let cached: { table: string; at: number; value: BrandConfig } | null = null;

export async function loadBrandConfig(now = Date.now()): Promise<BrandConfig | null> {
  const { client, table } = db();
  if (cached && cached.table === table && now - cached.at < CACHE_MS) return cached.value;
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await client.send(
      new QueryCommand({ TableName: table, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': partitions.brand() }, ExclusiveStartKey: start, ConsistentRead: true }),
    );
    items.push(...(res.Items ?? []));
    start = res.LastEvaluatedKey;
  } while (start);
  const rules = items
    .filter((i) => String(i.SK).startsWith(skPrefix.rulesVersion))
    .map(({ PK: _pk, SK: _sk, ...r }) => r as unknown as EarningRulesVersion)
    .sort((a, b) => a.version - b.version);
  const program = items.find((i) => i.SK === keys.tierProgram().SK);
  if (!program || rules.length === 0) return null;
  const { PK: _pk, SK: _sk, ...p } = program;
  const plus = items.find((i) => i.SK === keys.plusSettings().SK);
  const value: BrandConfig = { rules, tiers: p as unknown as StoredTierProgram, plus: { stackPlusWithTier: !!plus?.stackPlusWithTier } };
  cached = { table, at: now, value };
  return value;
}

export function clearBrandCache() {
  cached = null;
}

export function putRulesVersion(tx: Tx, v: EarningRulesVersion) {
  tx.create('rules', { ...keys.rulesVersion(v.version), ...v });
}

export function putTierProgram(tx: Tx, p: TierProgram, expectedRev: number | null, at: string, by: string) {
  const item = { ...keys.tierProgram(), ...p, rev: (expectedRev ?? -1) + 1, updatedAt: at, updatedBy: by };
  if (expectedRev === null) tx.create('tiers', item);
  else tx.put('tiers', item, { expr: 'rev = :r', values: { ':r': expectedRev } });
}

/** A new rules version (created once: a concurrent change took the number) with its audit; drops the cache. */
export async function saveRulesVersion(v: EarningRulesVersion, audit: AuditEntry): Promise<Written<'revision_moved'>> {
  const tx = new Tx();
  putRulesVersion(tx, v);
  writeAudit(tx, audit);
  const out = await commit(tx, [], 'revision_moved');
  cached = null;
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

/** The tier program as a whole, over the revision read, with its audit; drops the cache. */
export async function saveTierProgram(p: TierProgram, expectedRev: number | null, audit: AuditEntry): Promise<Written<'revision_moved'>> {
  const tx = new Tx();
  putTierProgram(tx, p, expectedRev, audit.at, audit.actor);
  writeAudit(tx, audit);
  const out = await commit(tx, [], 'revision_moved');
  cached = null;
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

export interface StoreRecord {
  storeId: string;
  name: string;
  city: string | null;
  /** Issue 16: the address and open/closed (an item without `storeOpen` is open: the seed's, older ones). */
  address: string | null;
  open: boolean;
  updatedAt: string | null;
}

export function toStore(i: Record<string, unknown>): StoreRecord {
  return {
    storeId: String(i.storeId),
    name: String(i.name ?? i.storeId),
    city: typeof i.city === 'string' ? i.city : null,
    address: typeof i.address === 'string' ? i.address : null,
    open: i.storeOpen !== false,
    updatedAt: typeof i.updatedAt === 'string' ? i.updatedAt : null,
  };
}

/** Every store, by id, open or closed (a brand has tens to a few thousand: one index partition). */
export async function listStores(): Promise<StoreRecord[]> {
  const items = await queryAll({ IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': indexKeys.storesPk() } });
  return items.map(toStore);
}

/** One store (consistent read: an admin's change is seen at once), or null. */
export async function getStore(storeId: string): Promise<StoreRecord | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.store(storeId), ConsistentRead: true }));
  return res.Item ? toStore(res.Item) : null;
}

export async function storeExists(storeId: string): Promise<boolean> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.store(storeId), ProjectionExpression: 'PK' }));
  return !!res.Item;
}

/** A store's name (null when there is no such store). */
export async function getStoreName(storeId: string): Promise<string | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.store(storeId), ProjectionExpression: '#n', ExpressionAttributeNames: { '#n': 'name' } }));
  return res.Item ? ((res.Item.name as string | undefined) ?? null) : null;
}
