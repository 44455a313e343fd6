/**
 * Member facts, RFM scores, lifecycle stages, tag rules and segment filters: pure rules, no I/O.
 * The checkout/return/scan keep the facts on the profile; segments, the till and the admin read
 * them through these functions, so a count and a test agree by construction.
 *
 * Exact definitions (all dates are local dates, Asia/Shanghai; "today" is passed in):
 * - The 12-month window is the current calendar month and the 11 before it. Orders and spend are
 *   kept in monthly buckets (`months`), so the window rolls without a job: a bucket simply leaves
 *   the window when its month is 12 months old. A return takes its refund off the spend of the
 *   order's month, and a full return also takes the order off that month's order count.
 * - Average order = spend in the window / orders in the window, rounded down (0 when no orders).
 * - R (recency) from the local date of the last purchase: on or after today minus 1 / 3 / 6 / 12
 *   calendar months -> 5 / 4 / 3 / 2; older -> 1; never bought -> 0.
 * - F (frequency) from orders in the window: 0 -> 0, else 1 + the number of `frequencyOrders`
 *   thresholds reached (defaults [2, 3]: 1 order -> 1, 2 -> 2, 3+ -> 3).
 * - M (monetary) from the average order in the window: no orders -> 0, else 1 + the number of
 *   `monetaryFen` thresholds it exceeds (defaults ¥100/¥200/¥300: <= ¥100 -> 1, up to ¥200 -> 2,
 *   up to ¥300 -> 3, above ¥300 -> 4).
 * - Lifecycle: `new` when the member never bought, or her first purchase was at most `newDays`
 *   days ago; otherwise, with d = days since the last purchase: d <= activeDays -> `active`,
 *   d <= silentDays -> `silent`, d <= dormantDays -> `dormant`, else `lost`. With the defaults
 *   (30/30/60/90) a member turns dormant on the 61st day after her last purchase.
 */
import { addDays, addMonths, monthOf } from './calendar';
import { BRAND_TIME_ZONE } from './time';

export interface MonthFacts {
  orders: number;
  spendFen: number;
  /** Product codes scanned in the month. */
  scans?: number;
}
export type FactMonths = Record<string, MonthFacts>;

/** What a segment can ask of a member: the profile's facts (and the points balance when asked for). */
export interface MemberFacts {
  memberId: string;
  tierCode: string;
  tags: string[];
  birthday: string | null;
  /** Instant of registration. */
  registeredAt: string;
  registrationStoreId: string | null;
  lastStoreId: string | null;
  firstPurchaseAt: string | null;
  lastPurchaseAt: string | null;
  months: FactMonths;
  /** Profile facts from questionnaires (issue 19: 肤质 -> 干性): segments filter on them. */
  surveyFacts?: Record<string, string>;
  /** The points balance (of the account holder); only needed by filters on points. */
  pointsBalance?: number;
}

export type LifecycleStage = 'new' | 'active' | 'silent' | 'dormant' | 'lost';
export const LIFECYCLE_STAGES: readonly LifecycleStage[] = ['new', 'active', 'silent', 'dormant', 'lost'];
export const LIFECYCLE_LABELS: Record<LifecycleStage, string> = { new: '新客', active: '活跃', silent: '沉默', dormant: '睡眠', lost: '流失' };

export interface RfmConfig {
  /** Months back for R = 5, 4, 3, 2 (ascending). */
  recencyMonths: [number, number, number, number];
  /** Orders in 12 months for F = 2, 3 (ascending). */
  frequencyOrders: [number, number];
  /** Average order (fen) thresholds for M = 2, 3, 4 (ascending). */
  monetaryFen: [number, number, number];
  lifecycle: { newDays: number; activeDays: number; silentDays: number; dormantDays: number };
}

export const DEFAULT_RFM_CONFIG: RfmConfig = {
  recencyMonths: [1, 3, 6, 12],
  frequencyOrders: [2, 3],
  monetaryFen: [10_000, 20_000, 30_000],
  lifecycle: { newDays: 30, activeDays: 30, silentDays: 60, dormantDays: 90 },
};

/** Why a config is not usable (thresholds must ascend, windows must be ordered), or null. */
export function rfmConfigProblem(c: RfmConfig): string | null {
  const asc = (xs: number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1]!);
  if (!asc(c.recencyMonths) || c.recencyMonths[0] < 1) return 'recencyMonths must ascend from at least 1';
  if (!asc(c.frequencyOrders) || c.frequencyOrders[0] < 2) return 'frequencyOrders must ascend from at least 2';
  if (!asc(c.monetaryFen) || c.monetaryFen[0] < 0) return 'monetaryFen must ascend';
  const l = c.lifecycle;
  if (!(l.activeDays >= 1 && l.silentDays > l.activeDays && l.dormantDays > l.silentDays)) return 'lifecycle windows must ascend: active < silent < dormant';
  if (l.newDays < 0) return 'newDays must not be negative';
  return null;
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
let dayFormat: Intl.DateTimeFormat | undefined;
/**
 * The local date of an instant; one formatter for all calls (a segment tests thousands of members),
 * built on first use: a formatter with a time zone takes milliseconds to build (ICU's zone data), which
 * would otherwise be paid in the module init of every function importing this module.
 */
export const localDayOf = (instant: string) =>
  (dayFormat ??= new Intl.DateTimeFormat('en-CA', { timeZone: BRAND_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })).format(new Date(instant));

/** Months (YYYY-MM) of the 12-month window ending with today's month. */
let windowMemo: { today: string; months: string[] } | null = null;
export function windowMonths(today: string): string[] {
  if (windowMemo?.today !== today) windowMemo = { today, months: Array.from({ length: 12 }, (_, i) => monthOf(addMonths(`${monthOf(today)}-01`, -i))) };
  return windowMemo.months;
}

export interface WindowTotals {
  orders12m: number;
  spend12mFen: number;
  averageOrderFen: number;
  scans12m: number;
}

export function windowTotals(months: FactMonths, today: string): WindowTotals {
  let orders = 0;
  let spend = 0;
  let scans = 0;
  for (const m of windowMonths(today)) {
    const b = months[m];
    if (!b) continue;
    orders += Math.max(0, b.orders);
    spend += Math.max(0, b.spendFen);
    scans += Math.max(0, b.scans ?? 0);
  }
  return { orders12m: orders, spend12mFen: spend, averageOrderFen: orders ? Math.floor(spend / orders) : 0, scans12m: scans };
}

export interface Rfm {
  r: number;
  f: number;
  m: number;
}

let boundsMemo: { key: string; bounds: string[] } | null = null;
/** The first local day counting for R = 5, 4, 3, 2 (today minus 1, 3, 6, 12 months by default). */
function recencyBounds(today: string, c: RfmConfig): string[] {
  const key = `${today}|${c.recencyMonths.join(',')}`;
  if (boundsMemo?.key !== key) boundsMemo = { key, bounds: c.recencyMonths.map((m) => addMonths(today, -m)) };
  return boundsMemo.bounds;
}

export function rfmScores(f: Pick<MemberFacts, 'lastPurchaseAt' | 'months'>, today: string, c: RfmConfig = DEFAULT_RFM_CONFIG): Rfm {
  const t = windowTotals(f.months, today);
  let r = 0;
  if (f.lastPurchaseAt) {
    const last = localDayOf(f.lastPurchaseAt);
    r = 1;
    const bounds = recencyBounds(today, c);
    for (let i = bounds.length - 1; i >= 0; i--) {
      if (last >= bounds[i]!) r = 5 - i;
    }
  }
  const fs = t.orders12m === 0 ? 0 : 1 + c.frequencyOrders.filter((n) => t.orders12m >= n).length;
  const ms = t.orders12m === 0 ? 0 : 1 + c.monetaryFen.filter((n) => t.averageOrderFen > n).length;
  return { r, f: fs, m: ms };
}

export function lifecycleStage(f: Pick<MemberFacts, 'firstPurchaseAt' | 'lastPurchaseAt'>, today: string, c: RfmConfig = DEFAULT_RFM_CONFIG): LifecycleStage {
  if (!f.lastPurchaseAt) return 'new';
  const first = localDayOf(f.firstPurchaseAt ?? f.lastPurchaseAt);
  if (daysBetween(first, today) <= c.lifecycle.newDays) return 'new';
  const d = daysBetween(localDayOf(f.lastPurchaseAt), today);
  if (d <= c.lifecycle.activeDays) return 'active';
  if (d <= c.lifecycle.silentDays) return 'silent';
  if (d <= c.lifecycle.dormantDays) return 'dormant';
  return 'lost';
}

/**
 * The local day whose last purchasers turn dormant today (for win-back): the day after it
 * they were still `silent`. Members who first bought within the `new` window are not dormant.
 */
export function lastPurchaseDayTurningDormant(today: string, c: RfmConfig = DEFAULT_RFM_CONFIG): string {
  return addDays(today, -(c.lifecycle.silentDays + 1));
}

// ---------------------------------------------------------------------------------------------
// Keeping the facts: pure updates applied by the checkout, the return and the scan.

/** Buckets older than this many months are dropped when the facts are written. */
export const KEEP_MONTHS = 24;

function pruned(months: FactMonths, today: string): FactMonths {
  const oldest = monthOf(addMonths(`${monthOf(today)}-01`, -(KEEP_MONTHS - 1)));
  const out: FactMonths = {};
  for (const [k, v] of Object.entries(months)) if (k >= oldest) out[k] = v;
  return out;
}

export interface PurchaseFactsInput {
  at: string;
  day: string;
  amountFen: number;
  storeId: string;
}
export interface KeptFacts {
  firstPurchaseAt: string | null;
  lastPurchaseAt: string | null;
  lastStoreId: string | null;
  months: FactMonths;
}

export function factsAfterPurchase(before: KeptFacts, p: PurchaseFactsInput): KeptFacts {
  const m = monthOf(p.day);
  const b = before.months[m] ?? { orders: 0, spendFen: 0 };
  const later = !before.lastPurchaseAt || p.at >= before.lastPurchaseAt;
  return {
    firstPurchaseAt: before.firstPurchaseAt && before.firstPurchaseAt <= p.at ? before.firstPurchaseAt : p.at,
    lastPurchaseAt: later ? p.at : before.lastPurchaseAt,
    lastStoreId: later ? p.storeId : before.lastStoreId,
    months: pruned({ ...before.months, [m]: { ...b, orders: b.orders + 1, spendFen: b.spendFen + p.amountFen } }, p.day),
  };
}

/** A return of `refundFen` of an order counted in `month`; `full` when nothing of the order is left. */
export function factsAfterReturn(before: KeptFacts, p: { month: string; refundFen: number; full: boolean; day: string }): KeptFacts {
  const b = before.months[p.month];
  if (!b) return before; // the order's month already left the kept buckets
  return {
    ...before,
    months: pruned({ ...before.months, [p.month]: { ...b, orders: Math.max(0, b.orders - (p.full ? 1 : 0)), spendFen: Math.max(0, b.spendFen - p.refundFen) } }, p.day),
  };
}

export function monthsAfterScan(months: FactMonths, day: string): FactMonths {
  const m = monthOf(day);
  const b = months[m] ?? { orders: 0, spendFen: 0 };
  return pruned({ ...months, [m]: { ...b, scans: (b.scans ?? 0) + 1 } }, day);
}

// ---------------------------------------------------------------------------------------------
// Tags and tag rules.

export type TagRule =
  | { id: string; kind: 'skuNameContains'; text: string; tag: string; enabled?: boolean }
  | { id: string; kind: 'spend12mAtLeast'; fen: number; tag: string; enabled?: boolean }
  | { id: string; kind: 'orders12mAtLeast'; orders: number; tag: string; enabled?: boolean };

export interface TagRuleContext {
  /** The lines of the order (or the scanned product). */
  lines: { sku: string; name: string }[];
  /** The member's monthly buckets after the order. */
  months: FactMonths;
  today: string;
}

/** Tags the rules give for an order: each enabled rule that holds gives its tag once. */
export function tagsFromRules(rules: readonly TagRule[], ctx: TagRuleContext): string[] {
  const totals = windowTotals(ctx.months, ctx.today);
  const out = new Set<string>();
  for (const r of rules) {
    if (r.enabled === false) continue;
    if (r.kind === 'skuNameContains') {
      const needle = r.text.toLowerCase();
      if (needle && ctx.lines.some((l) => l.name.toLowerCase().includes(needle) || l.sku.toLowerCase().includes(needle))) out.add(r.tag);
    } else if (r.kind === 'spend12mAtLeast') {
      if (totals.spend12mFen >= r.fen) out.add(r.tag);
    } else if (r.kind === 'orders12mAtLeast') {
      if (totals.orders12m >= r.orders) out.add(r.tag);
    }
  }
  return [...out];
}

/** The member's tags with some added and some removed: unique, sorted, stable. */
export function withTags(tags: readonly string[], add: readonly string[], remove: readonly string[] = []): string[] {
  const s = new Set(tags);
  for (const t of add) s.add(t);
  for (const t of remove) s.delete(t);
  return [...s].sort();
}

export const sameTags = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().every((t, i) => t === [...b].sort()[i]);

/** A member's kept facts as her profile stores them. */
export interface ProfileFacts {
  firstPurchaseAt: string | null;
  lastPurchaseAt: string | null;
  lastStoreId?: string | null | undefined;
  factMonths?: FactMonths | undefined;
  tags?: string[] | undefined;
}

/**
 * The purchaser's facts after an order and the tags the rules give for it: the profile attributes to
 * SET in the order's profile update, the tags added, and whether the LASTBUY marker moves to `p.day`.
 */
export function purchaseFactsOf(
  member: ProfileFacts,
  p: PurchaseFactsInput & { lines: { sku: string; name: string }[] },
  rules: readonly TagRule[],
): { attributes: Record<string, unknown>; tagsAdded: string[]; movesLastBuy: boolean } {
  const next = factsAfterPurchase(
    { firstPurchaseAt: member.firstPurchaseAt, lastPurchaseAt: member.lastPurchaseAt, lastStoreId: member.lastStoreId ?? null, months: member.factMonths ?? {} },
    p,
  );
  const given = tagsFromRules(rules, { lines: p.lines, months: next.months, today: p.day });
  const before = member.tags ?? [];
  const tags = withTags(before, given);
  const attributes: Record<string, unknown> = {
    lastPurchaseAt: next.lastPurchaseAt,
    firstPurchaseAt: next.firstPurchaseAt,
    lastStoreId: next.lastStoreId,
    factMonths: next.months,
  };
  if (!sameTags(tags, before)) attributes.memberTags = tags;
  return { attributes, tagsAdded: tags.filter((t) => !before.includes(t)), movesLastBuy: next.lastPurchaseAt === p.at };
}

// ---------------------------------------------------------------------------------------------
// Segment filters.

export interface SegmentFilterShape {
  tiers?: string[] | undefined;
  tagsAny?: string[] | undefined;
  tagsAll?: string[] | undefined;
  rScores?: number[] | undefined;
  fScores?: number[] | undefined;
  mScores?: number[] | undefined;
  lifecycle?: LifecycleStage[] | undefined;
  /** 1..12 */
  birthdayMonth?: number | undefined;
  storeIds?: string[] | undefined;
  registeredFrom?: string | undefined;
  registeredTo?: string | undefined;
  lastPurchaseFrom?: string | undefined;
  lastPurchaseTo?: string | undefined;
  pointsMin?: number | undefined;
  pointsMax?: number | undefined;
  /** Issue 19: questionnaire facts: each entry holds when her fact `key` is one of `values` (all entries must hold). */
  facts?: { key: string; values: string[] }[] | undefined;
}

/** A questionnaire fact as one string (`肤质=干性`): the analytical tables' `facts` column holds these. */
export const factToken = (key: string, value: string) => `${key}=${value}`;

const set = <T>(xs: T[] | undefined): T[] | null => (xs && xs.length ? xs : null);

/** Whether the filter needs the points balance (read from the points account). */
export const needsPoints = (f: SegmentFilterShape) => f.pointsMin !== undefined || f.pointsMax !== undefined;

/**
 * Whether a member is in a segment. Every given criterion must hold (AND); within a list any value
 * may match (OR), except `tagsAll`. An empty list is no criterion. Dates are inclusive local dates.
 * `storeIds` matches the store of the last purchase or of registration. A member who never bought
 * fails any last-purchase bound.
 */
export function matches(filter: SegmentFilterShape, m: MemberFacts, today: string, c: RfmConfig = DEFAULT_RFM_CONFIG): boolean {
  const tiers = set(filter.tiers);
  if (tiers && !tiers.includes(m.tierCode)) return false;
  const any = set(filter.tagsAny);
  if (any && !any.some((t) => m.tags.includes(t))) return false;
  const all = set(filter.tagsAll);
  if (all && !all.every((t) => m.tags.includes(t))) return false;
  const stores = set(filter.storeIds);
  if (stores && !((m.lastStoreId && stores.includes(m.lastStoreId)) || (m.registrationStoreId && stores.includes(m.registrationStoreId)))) return false;
  if (filter.birthdayMonth !== undefined && (!m.birthday || Number(m.birthday.slice(5, 7)) !== filter.birthdayMonth)) return false;
  if (filter.registeredFrom !== undefined || filter.registeredTo !== undefined) {
    const d = localDayOf(m.registeredAt);
    if (filter.registeredFrom !== undefined && d < filter.registeredFrom) return false;
    if (filter.registeredTo !== undefined && d > filter.registeredTo) return false;
  }
  if (filter.lastPurchaseFrom !== undefined || filter.lastPurchaseTo !== undefined) {
    if (!m.lastPurchaseAt) return false;
    const d = localDayOf(m.lastPurchaseAt);
    if (filter.lastPurchaseFrom !== undefined && d < filter.lastPurchaseFrom) return false;
    if (filter.lastPurchaseTo !== undefined && d > filter.lastPurchaseTo) return false;
  }
  const rs = set(filter.rScores);
  const fs = set(filter.fScores);
  const ms = set(filter.mScores);
  if (rs || fs || ms) {
    const s = rfmScores(m, today, c);
    if (rs && !rs.includes(s.r)) return false;
    if (fs && !fs.includes(s.f)) return false;
    if (ms && !ms.includes(s.m)) return false;
  }
  const stages = set(filter.lifecycle);
  if (stages && !stages.includes(lifecycleStage(m, today, c))) return false;
  for (const f of filter.facts ?? []) {
    if (f.values.length === 0) continue;
    const v = m.surveyFacts?.[f.key];
    if (v === undefined || !f.values.includes(v)) return false;
  }
  if (needsPoints(filter)) {
    const p = m.pointsBalance ?? 0;
    if (filter.pointsMin !== undefined && p < filter.pointsMin) return false;
    if (filter.pointsMax !== undefined && p > filter.pointsMax) return false;
  }
  return true;
}
