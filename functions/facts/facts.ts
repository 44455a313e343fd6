/**
 * Member facts kept current by the checkout, the return and the product scan, inside their own
 * transactions: these helpers compute the profile attributes to set (through the profile update
 * the use case already makes) and the LASTBUY marker to move. Tag rules and RFM settings are cached
 * for a few seconds per warm Lambda; a write in this process clears the cache at once.
 */
import {
  DEFAULT_RFM_CONFIG,
  factsAfterReturn,
  monthsAfterScan,
  purchaseFactsOf,
  sameTags,
  tagsFromRules,
  withTags,
  type FactMonths,
  type KeptFacts,
  type RfmConfig,
  type TagRule,
} from '../../shared/domain/rfm';
import { getRfmSettings, listTagRules, putLastBuy, type StoredTagRule } from '../adapters/dynamo/facts-repo';
import type { MemberRecord } from '../adapters/dynamo/member-repo';
import type { Tx } from '../adapters/dynamo/tx';

const TTL_MS = 5_000;
let rulesCache: { at: number; rules: StoredTagRule[] } | null = null;
let configCache: { at: number; config: RfmConfig } | null = null;

export async function activeTagRules(): Promise<TagRule[]> {
  if (!rulesCache || Date.now() - rulesCache.at > TTL_MS) rulesCache = { at: Date.now(), rules: await listTagRules() };
  return rulesCache.rules.filter((r) => r.enabled).map(toRule);
}

export async function rfmConfig(): Promise<RfmConfig> {
  if (!configCache || Date.now() - configCache.at > TTL_MS) configCache = { at: Date.now(), config: (await getRfmSettings()) ?? DEFAULT_RFM_CONFIG };
  return configCache.config;
}

export function clearFactsCache() {
  rulesCache = null;
  configCache = null;
}

export function toRule(r: StoredTagRule): TagRule {
  if (r.kind === 'skuNameContains') return { id: r.id, kind: r.kind, text: r.text ?? '', tag: r.tag, enabled: r.enabled };
  if (r.kind === 'spend12mAtLeast') return { id: r.id, kind: r.kind, fen: r.fen ?? 0, tag: r.tag, enabled: r.enabled };
  return { id: r.id, kind: r.kind, orders: r.orders ?? 0, tag: r.tag, enabled: r.enabled };
}

const kept = (m: MemberRecord): KeptFacts => ({
  firstPurchaseAt: m.firstPurchaseAt,
  lastPurchaseAt: m.lastPurchaseAt,
  lastStoreId: m.lastStoreId ?? null,
  months: m.factMonths ?? {},
});

/**
 * The purchaser's facts after an order, and the tags the rules give for it: profile attributes to
 * SET in the checkout's profile update, plus the LASTBUY marker moved in the same transaction.
 */
export function purchaseFacts(
  tx: Tx,
  member: MemberRecord,
  p: { at: string; day: string; amountFen: number; storeId: string; lines: { sku: string; name: string }[] },
  rules: readonly TagRule[],
): { extra: Record<string, unknown>; tagsAdded: string[] } {
  const f = purchaseFactsOf(member, p, rules);
  if (f.movesLastBuy) putLastBuy(tx, member.memberId, p.day, p.at);
  return { extra: f.attributes, tagsAdded: f.tagsAdded };
}

/** The buyer's facts after a return of part or all of an order counted in `month`. */
export function returnFacts(member: MemberRecord, p: { month: string; refundFen: number; full: boolean; day: string }): Record<string, unknown> {
  return { factMonths: factsAfterReturn(kept(member), p).months };
}

/** The scanner's facts after a product scan; skuNameContains rules see the scanned product. */
export function scanFacts(member: MemberRecord, p: { at: string; day: string; sku: string; name: string }, rules: readonly TagRule[]): Record<string, unknown> {
  const months: FactMonths = monthsAfterScan(member.factMonths ?? {}, p.day);
  const given = tagsFromRules(
    rules.filter((r) => r.kind === 'skuNameContains'),
    { lines: [{ sku: p.sku, name: p.name }], months, today: p.day },
  );
  const before = member.tags ?? [];
  const tags = withTags(before, given);
  return { factMonths: months, lastScanAt: p.at, ...(sameTags(tags, before) ? {} : { memberTags: tags }) };
}
