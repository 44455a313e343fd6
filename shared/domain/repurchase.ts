/**
 * Repurchase cycles (issue 18, part C): pure rules. The stream consumer keeps, per member and SKU,
 * the local day of her last purchase; buying the SKU again on a later day records one repeat interval
 * (days between the two purchase days) for the SKU and for its category (the order line's category,
 * when the till sent one). Intervals are kept as counts per number of days, so the median is read from
 * a small histogram.
 */
import { addDays } from './calendar';

export const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** The repeat interval a purchase on `day` records after a last purchase on `lastDay`, or null (first purchase, same day, or an older order arriving late). */
export function repeatInterval(lastDay: string | null, day: string): number | null {
  if (!lastDay) return null;
  const d = daysBetween(lastDay, day);
  return d >= 1 ? d : null;
}

/** Intervals: days -> how many times observed. */
export type IntervalCounts = Record<string, number>;

export const intervalTotal = (c: IntervalCounts) => Object.values(c).reduce((a, b) => a + b, 0);

/** The median of the observed intervals (the mean of the two middle ones for an even count), or null when none. */
export function medianDays(c: IntervalCounts): number | null {
  const entries = Object.entries(c)
    .map(([d, n]) => [Number(d), n] as const)
    .filter(([, n]) => n > 0)
    .sort((a, b) => a[0] - b[0]);
  const total = entries.reduce((a, [, n]) => a + n, 0);
  if (total === 0) return null;
  const at = (i: number) => {
    let seen = 0;
    for (const [d, n] of entries) {
      seen += n;
      if (i < seen) return d;
    }
    return entries[entries.length - 1]![0];
  };
  const mid = Math.floor(total / 2);
  return total % 2 === 1 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
}

export interface RepurchaseSettings {
  /** SKUs and categories whose buyers get "time to buy again". */
  consumableSkus: string[];
  consumableCategories: string[];
  /** Intervals needed before a cycle is trusted for reminders. */
  minIntervals: number;
  /** The care job runs. */
  careEnabled: boolean;
}

export const DEFAULT_REPURCHASE_SETTINGS: RepurchaseSettings = { consumableSkus: [], consumableCategories: [], minIntervals: 3, careEnabled: true };

export const isConsumable = (s: Pick<RepurchaseSettings, 'consumableSkus' | 'consumableCategories'>, sku: string, category: string | null) =>
  s.consumableSkus.includes(sku) || (category !== null && s.consumableCategories.includes(category));

/**
 * The day a consumable buyer is reminded: her purchase day plus the cycle (the SKU's median, else its
 * category's), rounded to whole days; null when neither has `minIntervals` intervals yet.
 */
export function dueDayOf(day: string, sku: { counts: IntervalCounts }, category: { counts: IntervalCounts } | null, minIntervals: number): string | null {
  for (const c of [sku.counts, category?.counts ?? {}]) {
    if (intervalTotal(c) >= Math.max(1, minIntervals)) {
      const m = medianDays(c);
      if (m !== null) return addDays(day, Math.max(1, Math.round(m)));
    }
  }
  return null;
}
