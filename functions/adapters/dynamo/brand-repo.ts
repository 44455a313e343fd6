import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { SpendEarningRule, Tier } from '../../../shared/domain';
import { db } from './client';
import { keys } from './keys';

export interface BrandConfig {
  tiers: Tier[];
  spendRule: SpendEarningRule;
}

/** Brand configuration changes rarely; a warm Lambda keeps it for a short while. */
const CACHE_MS = 30_000;
let cached: { table: string; at: number; value: BrandConfig } | null = null;

export async function loadBrandConfig(now = Date.now()): Promise<BrandConfig | null> {
  const { client, table } = db();
  if (cached && cached.table === table && now - cached.at < CACHE_MS) return cached.value;
  const res = await client.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': 'BRAND' } }));
  const items = res.Items ?? [];
  const tiers = items
    .filter((i) => String(i.SK).startsWith('TIER#'))
    .map((i) => ({ code: i.code, name: i.name, rank: i.rank, thresholdFen: i.thresholdFen, multiplier: i.multiplier }) as Tier);
  const rule = items.find((i) => i.SK === 'RULE#spend');
  if (!rule || tiers.length === 0) return null;
  const value: BrandConfig = {
    tiers,
    spendRule: { id: 'spend', version: rule.version, pointsPerYuan: rule.pointsPerYuan },
  };
  cached = { table, at: now, value };
  return value;
}

export function clearBrandCache() {
  cached = null;
}

export async function storeExists(storeId: string): Promise<boolean> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.store(storeId), ProjectionExpression: 'PK' }));
  return !!res.Item;
}
