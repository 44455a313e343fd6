/**
 * Repurchase cycles (issue 18, part C). `noteRepurchases` is the stream consumer's part: for every new
 * ORDER item (INSERT image: buyer, createdAt, lines with sku/name/category) and each distinct SKU of it,
 * her REPBUY item moves to the order's day and the interval since her previous purchase of that SKU is
 * counted, in one transaction conditioned on the item being older (a redelivered record or a replayed
 * order changes nothing: idempotent per order). A consumable with a known cycle puts her on the GSI1
 * day index REPDUE#<purchase day + median days>, which the "time to buy again" care job reads.
 */
import { localDate, occasions } from '../../shared/domain';
import { dueDayOf, isConsumable, repeatInterval } from '../../shared/domain/repurchase';
import type { StreamChange } from '../adapters/dynamo/stream';
import { getRepurchaseSettings, intervalCounts, lastPurchaseOfSku, recordPurchaseOfSku, repurchasesDueOn } from '../adapters/dynamo/planning-repo';
import { deliverCare, type CareRequest } from '../care/collaboration';
import { clock } from '../lib/clock';
import { logger } from '../lib/logger';

interface OrderImage {
  memberId?: string;
  orderId?: string;
  createdAt?: string;
  items?: { sku: string; name: string; category?: string | null }[];
}

export async function noteRepurchases(changes: readonly StreamChange[]): Promise<void> {
  const orders = changes.filter((c) => c.kind === 'INSERT' && c.pk.startsWith('ORDER#') && c.sk === 'ORDER' && c.newImage);
  if (orders.length === 0) return;
  const { settings } = await getRepurchaseSettings();
  // Interval counts of the consumables met in this batch, read once each (only consumables need a cycle).
  const counters: Counters = { sku: new Map(), category: new Map() };
  for (const c of orders) {
    const o = c.newImage as OrderImage;
    if (!o.memberId || !o.createdAt || !o.orderId || !Array.isArray(o.items)) continue;
    const day = localDate(new Date(o.createdAt));
    const seen = new Set<string>();
    for (const line of o.items) {
      if (!line?.sku || seen.has(line.sku)) continue;
      seen.add(line.sku);
      await noteOne({ memberId: o.memberId, orderId: o.orderId, day, sku: line.sku, name: line.name ?? line.sku, category: line.category ?? null }, settings, counters);
    }
  }
}

interface Counters {
  sku: Map<string, Record<string, number>>;
  category: Map<string, Record<string, number>>;
}

async function countsOf(counters: Counters, kind: 'sku' | 'category', key: string): Promise<Record<string, number>> {
  const map = counters[kind];
  if (!map.has(key)) map.set(key, await intervalCounts(kind === 'sku' ? 'SKU' : 'CAT', key));
  return map.get(key)!;
}

async function noteOne(p: { memberId: string; orderId: string; day: string; sku: string; name: string; category: string | null }, settings: Awaited<ReturnType<typeof getRepurchaseSettings>>['settings'], counters: Counters) {
  const consumable = isConsumable(settings, p.sku, p.category);
  for (let attempt = 0; attempt < 10; attempt++) {
    const last = await lastPurchaseOfSku(p.memberId, p.sku);
    if (last && last.lastDay >= p.day) return; // this order (or a later one) is already counted
    const interval = repeatInterval(last?.lastDay ?? null, p.day);
    let due: string | null = null;
    let skuCounts: Record<string, number> | null = null;
    let catCounts: Record<string, number> | null = null;
    if (consumable) {
      // The cycle including this interval.
      skuCounts = { ...(await countsOf(counters, 'sku', p.sku)) };
      catCounts = p.category ? { ...(await countsOf(counters, 'category', p.category)) } : null;
      if (interval !== null) {
        skuCounts[interval] = (skuCounts[interval] ?? 0) + 1;
        if (catCounts) catCounts[interval] = (catCounts[interval] ?? 0) + 1;
      }
      due = dueDayOf(p.day, { counts: skuCounts }, catCounts ? { counts: catCounts } : null, settings.minIntervals);
    }
    const out = await recordPurchaseOfSku({ ...p, interval, due, at: clock.now().toISOString() });
    if (out.ok) {
      // Later orders of this batch see the interval too.
      if (skuCounts) counters.sku.set(p.sku, skuCounts);
      if (p.category && catCounts) counters.category.set(p.category, catCounts);
      if (!consumable && interval !== null && p.category) {
        const cached = counters.category.get(p.category);
        if (cached) cached[interval] = (cached[interval] ?? 0) + 1;
      }
      return;
    }
    if (out.failed === 'not_newer') return;
  }
  throw new Error(`repurchase of ${p.sku} by ${p.memberId}: kept conflicting`);
}

export interface RepurchaseCareResult {
  job: 'repurchase';
  day: string;
  enabled: boolean;
  targeted: number;
  sent: number;
  noConsent: number;
  optedOut: number;
  quietHours: number;
  capped: number;
  duplicate: number;
  wechatError: number;
  itemsRead: number;
}

const fmtDate = (d: string) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

/**
 * "Time to buy again": members whose consumable's cycle comes round today (GSI1 REPDUE#<day>, never a
 * scan), one message per member and day through deliverCare (consent, opt-out, weekly cap, quiet hours;
 * the occasion repurchase-<her last purchase day>-<sku> is claimed once, so a rerun sends nothing twice).
 */
export async function runRepurchaseCare(dayArg?: string): Promise<RepurchaseCareResult> {
  const day = dayArg ?? localDate(clock.now());
  const r: RepurchaseCareResult = { job: 'repurchase', day, enabled: true, targeted: 0, sent: 0, noConsent: 0, optedOut: 0, quietHours: 0, capped: 0, duplicate: 0, wechatError: 0, itemsRead: 0 };
  const { settings } = await getRepurchaseSettings();
  if (!settings.careEnabled) return { ...r, enabled: false };
  const found = await repurchasesDueOn(day);
  r.itemsRead = found.itemsRead;
  const byMember = new Map<string, typeof found.due>();
  for (const d of found.due) byMember.set(d.memberId, [...(byMember.get(d.memberId) ?? []), d]);
  const targets: CareRequest[] = [...byMember].map(([memberId, due]) => {
    const first = [...due].sort((a, b) => (a.sku < b.sku ? -1 : 1))[0]!;
    return {
      memberId,
      kind: 'repurchase',
      occasion: occasions.repurchase(first.lastDay, first.sku),
      data: { product: due.length > 1 ? `${first.name}等${due.length}件` : first.name, lastDay: fmtDate(first.lastDay), tip: '差不多该补货啦' },
    };
  });
  r.targeted = targets.length;
  for (const t of targets) {
    try {
      const out = await deliverCare(t);
      const field = ({ sent: 'sent', no_consent: 'noConsent', opted_out: 'optedOut', quiet_hours: 'quietHours', capped: 'capped', duplicate: 'duplicate', wechat_error: 'wechatError' } as const)[out.outcome];
      r[field]++;
    } catch (e) {
      logger.error('repurchase care failed', { memberId: t.memberId, error: e as Error });
      r.wechatError++;
    }
  }
  logger.info('repurchase care', { ...r });
  return r;
}
