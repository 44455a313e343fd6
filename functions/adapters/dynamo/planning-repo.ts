/**
 * Planning (issue 18, part C): the nightly snapshot (its per-segment checkpoints carrying the partial
 * aggregate, the SNAPSHOT items), repeat-interval counters and last purchases per SKU, the day index of
 * consumables coming round, and the repurchase settings. See infra/table.yml "Planning".
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Histogram, SnapshotPartial } from '../../../shared/domain/snapshot';
import { DEFAULT_REPURCHASE_SETTINGS, type RepurchaseSettings } from '../../../shared/domain/repurchase';
import { readSettings, saveSettings, type SettingsAudit } from './settings-repo';
import { db } from './client';
import type { StartKey } from './jobs-repo';
import { indexKeys, keys, partitions } from './keys';
import { queryAll } from './read';
import { Tx } from './tx';
import { commit, type Written } from './unit';

export const SNAPSHOT_JOB = 'planning-snapshot';

/**
 * Histograms and partial aggregates are kept gzipped (a binary attribute): their size grows with the
 * buckets in use (a few thousand at most, 0.5 % wide from ¥0.01 up), never with members, and compressed
 * they stay far below DynamoDB's 400 KB item limit.
 */
const pack = (v: unknown) => gzipSync(Buffer.from(JSON.stringify(v)));
const unpack = <T>(b: unknown): T => JSON.parse(gunzipSync(Buffer.from(b as Uint8Array)).toString('utf8')) as T;

// ---- the snapshot job's checkpoints ------------------------------------------------------------

export interface SnapshotSegment {
  lastKey: StartKey;
  done: boolean;
  processed: number;
  itemsRead: number;
  partial: SnapshotPartial | null;
}

export async function getSnapshotSegment(runId: string, segment: number): Promise<SnapshotSegment | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.jobSegment(SNAPSHOT_JOB, runId, segment), ConsistentRead: true }));
  const i = res.Item;
  if (!i) return null;
  return { lastKey: (i.lastKey as StartKey | null) ?? undefined, done: !!i.done, processed: Number(i.processed ?? 0), itemsRead: Number(i.itemsRead ?? 0), partial: i.partialZ ? unpack<SnapshotPartial>(i.partialZ) : null };
}

/** The segment's position and its partial aggregate in ONE put: a resumed run never counts a page twice. */
export async function saveSnapshotSegment(runId: string, segment: number, s: SnapshotSegment, at: string): Promise<void> {
  const { client, table } = db();
  await client.send(
    new PutCommand({
      TableName: table,
      Item: { ...keys.jobSegment(SNAPSHOT_JOB, runId, segment), lastKey: s.lastKey ?? null, done: s.done, processed: s.processed, itemsRead: s.itemsRead, partialZ: s.partial ? pack(s.partial) : null, updatedAt: at, ttl: Math.floor(Date.parse(at) / 1000) + 30 * 86_400 },
    }),
  );
}

// ---- snapshots ---------------------------------------------------------------------------------

export interface StoredSnapshot {
  day: string;
  takenAt: string;
  members: number;
  tiers: Record<string, number>;
  tierMoves: { month: string; ups: number; downs: number }[];
  lifecycle: Record<string, number>;
  rf: number[][];
  rm: number[][];
  pyramid: Record<string, unknown>[];
  itemsRead: number;
}

export async function putSnapshot(s: StoredSnapshot, h: { spend: Histogram; qualifying: Histogram }): Promise<void> {
  const { client, table } = db();
  await client.send(new PutCommand({ TableName: table, Item: { ...keys.snapshotHistograms(s.day), day: s.day, spendZ: pack(h.spend), qualifyingZ: pack(h.qualifying) } }));
  await client.send(new PutCommand({ TableName: table, Item: { ...keys.snapshot(s.day), ...s } }));
}

export async function newestSnapshot(): Promise<StoredSnapshot | null> {
  const { client, table } = db();
  const res = await client.send(
    new QueryCommand({ TableName: table, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': partitions.snapshots() }, ScanIndexForward: false, Limit: 1 }),
  );
  const i = res.Items?.[0];
  if (!i) return null;
  const { PK: _pk, SK: _sk, ...rest } = i;
  return rest as unknown as StoredSnapshot;
}

export async function snapshotHistograms(day: string): Promise<{ spend: Histogram; qualifying: Histogram } | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.snapshotHistograms(day) }));
  if (!res.Item) return null;
  return { spend: res.Item.spendZ ? unpack<Histogram>(res.Item.spendZ) : {}, qualifying: res.Item.qualifyingZ ? unpack<Histogram>(res.Item.qualifyingZ) : {} };
}

// ---- repurchase cycles -------------------------------------------------------------------------

export interface CycleCounters {
  /** sku -> days -> count; category -> days -> count. */
  sku: Map<string, Record<string, number>>;
  category: Map<string, Record<string, number>>;
  meta: Map<string, { name: string | null; category: string | null }>;
  itemsRead: number;
}

/** Every repeat-interval counter and SKU name: one partition. */
export async function repurchaseCounters(): Promise<CycleCounters> {
  const items = await queryAll({ KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': partitions.repurchaseCycles() } });
  const out: CycleCounters = { sku: new Map(), category: new Map(), meta: new Map(), itemsRead: items.length };
  for (const i of items) {
    const sk = String(i.SK);
    if (sk.startsWith('META#')) {
      out.meta.set(sk.slice(5), { name: (i.name as string | undefined) ?? null, category: (i.category as string | undefined) ?? null });
      continue;
    }
    const kind = sk.slice(0, 3);
    const days = String(Number(sk.slice(sk.lastIndexOf('#') + 1)));
    const key = sk.slice(4, sk.lastIndexOf('#'));
    const map = kind === 'SKU' ? out.sku : out.category;
    const c = map.get(key) ?? {};
    c[days] = (c[days] ?? 0) + Number(i.n ?? 0);
    map.set(key, c);
  }
  return out;
}

/** The interval counts of one SKU or category (days -> count): a begins_with query of the REPCYCLE partition. */
export async function intervalCounts(kind: 'SKU' | 'CAT', key: string): Promise<Record<string, number>> {
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
    ExpressionAttributeValues: { ':pk': partitions.repurchaseCycles(), ':p': `${kind}#${key}#` },
  });
  const out: Record<string, number> = {};
  for (const i of items) {
    const sk = String(i.SK);
    out[String(Number(sk.slice(sk.lastIndexOf('#') + 1)))] = Number(i.n ?? 0);
  }
  return out;
}

/**
 * One purchase of a SKU by a member on `day`: her REPBUY item moves to this day only if it is absent
 * or older (a replayed or late order changes nothing), and, with it in one transaction, the interval
 * since her previous purchase is counted for the SKU and its category. `due` puts the item on the
 * GSI1 day index of the care job (or takes it off).
 */
export async function recordPurchaseOfSku(p: {
  memberId: string;
  sku: string;
  name: string;
  category: string | null;
  day: string;
  orderId: string;
  interval: number | null;
  due: string | null;
  at: string;
}): Promise<Written<'not_newer' | 'conflict'>> {
  const tx = new Tx();
  const values: Record<string, unknown> = { ':day': p.day, ':oid': p.orderId, ':cat': p.category, ':name': p.name, ':at': p.at, ':mid': p.memberId, ':sku': p.sku };
  let set = 'SET lastDay = :day, orderId = :oid, category = :cat, #n = :name, updatedAt = :at, memberId = :mid, sku = :sku';
  if (p.due) {
    const g = indexKeys.repurchaseDue(p.due, p.memberId, p.sku);
    set += ', GSI1PK = :g1, GSI1SK = :g2, dueDay = :due';
    Object.assign(values, { ':g1': g.GSI1PK, ':g2': g.GSI1SK, ':due': p.due });
  } else set += ' REMOVE GSI1PK, GSI1SK, dueDay';
  tx.update('last', keys.repurchaseLast(p.memberId, p.sku), { set, condition: 'attribute_not_exists(PK) OR lastDay < :day', values, names: { '#n': 'name' } });
  if (p.interval !== null) {
    tx.update('sku', keys.repurchaseInterval('SKU', p.sku, p.interval), { set: 'ADD n :one', values: { ':one': 1 } });
    if (p.category) tx.update('cat', keys.repurchaseInterval('CAT', p.category, p.interval), { set: 'ADD n :one', values: { ':one': 1 } });
  }
  tx.put('meta', { ...keys.repurchaseSku(p.sku), name: p.name, category: p.category });
  const out = await commit(tx, [['last', 'not_newer']], 'conflict');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

export async function lastPurchaseOfSku(memberId: string, sku: string): Promise<{ lastDay: string } | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.repurchaseLast(memberId, sku), ConsistentRead: true }));
  return res.Item ? { lastDay: String(res.Item.lastDay) } : null;
}

/** Consumables whose cycle comes round on `day`: GSI1 REPDUE#<day>. */
export async function repurchasesDueOn(day: string): Promise<{ due: { memberId: string; sku: string; name: string; lastDay: string }[]; itemsRead: number }> {
  const items = await queryAll({ IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': indexKeys.repurchaseDuePk(day) } });
  return { due: items.map((i) => ({ memberId: String(i.memberId), sku: String(i.sku), name: String(i.name ?? i.sku), lastDay: String(i.lastDay) })), itemsRead: items.length };
}

// ---- settings ----------------------------------------------------------------------------------

export async function getRepurchaseSettings(): Promise<{ settings: RepurchaseSettings; rev: number }> {
  return readSettings(keys.repurchaseSettings(), DEFAULT_REPURCHASE_SETTINGS);
}

export async function saveRepurchaseSettings(settings: RepurchaseSettings, rev: number, audit: SettingsAudit): Promise<Written<'revision_moved'>> {
  return saveSettings(keys.repurchaseSettings(), settings, rev, audit);
}
