/**
 * The nightly snapshot's aggregation (issue 18, part C): pure, mergeable per scan segment. A segment
 * adds its members to a `SnapshotPartial`; partials of all segments merge (order does not matter) and
 * `finishSnapshot` turns the sum into the distributions, grids and the contribution pyramid.
 *
 * Definitions:
 * - tiers: members by the tier code on the profile (every profile, secondary family cards included).
 * - lifecycle and R/F/M: shared/domain/rfm.ts with the brand's RFM settings. The grids count members
 *   with r >= 1 and f >= 1 (bought within 12 months): rf[r-1][f-1], rm[r-1][m-1].
 * - spend histogram (`spend`): 12-month spend from the profile's facts (windowTotals) in log buckets
 *   0.5 % wide (see `bucketOf`), each with members, spend and orders. The pyramid ranks members by it.
 * - qualifying histogram (`qualifying`): the tier program's qualifying total (the very number compared
 *   with thresholds: qualifyingTotal with the program's basis and window) in the same buckets, with the
 *   members per current tier; secondary family cards are left out (their tier is the primary's).
 */
import { LIFECYCLE_STAGES, lifecycleStage, rfmScores, windowTotals, type LifecycleStage, type MemberFacts, type RfmConfig } from './rfm';

/** Bucket width: each log bucket spans a factor of 1.005 (0.5 %). */
export const BUCKET_RATIO = 1.005;
const LN = Math.log(BUCKET_RATIO);
/** The bucket of a zero (or negative) amount. */
export const ZERO_BUCKET = -1;

/** Smallest integer amount of bucket b (b >= 0); bucket -1 holds 0. Non-decreasing in b. */
export function bucketLow(b: number): number {
  if (b < 0) return 0;
  return Math.ceil(Math.exp(b * LN) - 1e-9);
}

/** The bucket of an integer amount: the largest b with bucketLow(b) <= amount. */
export function bucketOf(amount: number): number {
  if (amount <= 0) return ZERO_BUCKET;
  let b = Math.max(0, Math.floor(Math.log(amount) / LN));
  while (bucketLow(b + 1) <= amount) b++;
  while (b > 0 && bucketLow(b) > amount) b--;
  return b;
}

export interface HistBucket {
  /** Bucket index (ZERO_BUCKET for 0). */
  b: number;
  /** Members. */
  n: number;
  /** Sum of the amounts (fen or points). */
  s: number;
  /** Orders in 12 months (spend histogram only). */
  o: number;
  /** Members per current tier code (qualifying histogram only). */
  t?: Record<string, number>;
}
/** Buckets by index (as a string key): sparse. */
export type Histogram = Record<string, HistBucket>;

export function addToHistogram(h: Histogram, amount: number, orders = 0, tierCode?: string): void {
  const b = bucketOf(amount);
  const k = String(b);
  const cur = (h[k] ??= { b, n: 0, s: 0, o: 0 });
  cur.n++;
  cur.s += Math.max(0, amount);
  cur.o += orders;
  if (tierCode !== undefined) {
    cur.t ??= {};
    cur.t[tierCode] = (cur.t[tierCode] ?? 0) + 1;
  }
}

export function mergeHistograms(a: Histogram, b: Histogram): Histogram {
  const out: Histogram = {};
  for (const h of [a, b]) {
    for (const [k, v] of Object.entries(h)) {
      const cur = (out[k] ??= { b: v.b, n: 0, s: 0, o: 0 });
      cur.n += v.n;
      cur.s += v.s;
      cur.o += v.o;
      if (v.t) {
        cur.t ??= {};
        for (const [code, n] of Object.entries(v.t)) cur.t[code] = (cur.t[code] ?? 0) + n;
      }
    }
  }
  return out;
}

/** Buckets in ascending order of amount. */
export const sortedBuckets = (h: Histogram): HistBucket[] => Object.values(h).sort((x, y) => x.b - y.b);

export const R_SCORES = 5;
export const F_SCORES = 3;
export const M_SCORES = 4;
const grid = (rows: number, cols: number) => Array.from({ length: rows }, () => Array.from({ length: cols }, () => 0));

export interface SnapshotPartial {
  members: number;
  tiers: Record<string, number>;
  lifecycle: Record<LifecycleStage, number>;
  rf: number[][];
  rm: number[][];
  spend: Histogram;
  qualifying: Histogram;
}

export function emptyPartial(c?: RfmConfig): SnapshotPartial {
  const f = c ? c.frequencyOrders.length + 1 : F_SCORES;
  const m = c ? c.monetaryFen.length + 1 : M_SCORES;
  return {
    members: 0,
    tiers: {},
    lifecycle: Object.fromEntries(LIFECYCLE_STAGES.map((s) => [s, 0])) as Record<LifecycleStage, number>,
    rf: grid(R_SCORES, f),
    rm: grid(R_SCORES, m),
    spend: {},
    qualifying: {},
  };
}

export interface SnapshotMember {
  facts: Pick<MemberFacts, 'tierCode' | 'firstPurchaseAt' | 'lastPurchaseAt' | 'months'>;
  /** The tier program's qualifying total; null for a secondary family card (left out of the planner). */
  qualifying: number | null;
}

/** Adds one member to a partial (mutates it: a segment's page adds member after member). */
export function addMember(p: SnapshotPartial, m: SnapshotMember, day: string, c: RfmConfig): void {
  p.members++;
  p.tiers[m.facts.tierCode] = (p.tiers[m.facts.tierCode] ?? 0) + 1;
  p.lifecycle[lifecycleStage(m.facts, day, c)]++;
  const s = rfmScores(m.facts, day, c);
  if (s.r >= 1 && s.f >= 1) {
    p.rf[s.r - 1]![s.f - 1]!++;
    p.rm[s.r - 1]![s.m - 1]!++;
  }
  const t = windowTotals(m.facts.months, day);
  addToHistogram(p.spend, t.spend12mFen, t.orders12m);
  if (m.qualifying !== null) addToHistogram(p.qualifying, m.qualifying, 0, m.facts.tierCode);
}

const addGrid = (a: number[][], b: number[][]) => a.map((row, i) => row.map((v, j) => v + (b[i]?.[j] ?? 0)));

export function mergePartials(a: SnapshotPartial, b: SnapshotPartial): SnapshotPartial {
  const tiers = { ...a.tiers };
  for (const [k, v] of Object.entries(b.tiers)) tiers[k] = (tiers[k] ?? 0) + v;
  return {
    members: a.members + b.members,
    tiers,
    lifecycle: Object.fromEntries(LIFECYCLE_STAGES.map((s) => [s, a.lifecycle[s] + b.lifecycle[s]])) as Record<LifecycleStage, number>,
    rf: addGrid(a.rf, b.rf),
    rm: addGrid(a.rm, b.rm),
    spend: mergeHistograms(a.spend, b.spend),
    qualifying: mergeHistograms(a.qualifying, b.qualifying),
  };
}

// ---- the contribution pyramid -------------------------------------------------------------------

export const PYRAMID = [
  { band: 'top10', percent: 10 },
  { band: 'next20', percent: 20 },
  { band: 'next30', percent: 30 },
  { band: 'bottom40', percent: 40 },
] as const;
export type PyramidBandName = (typeof PYRAMID)[number]['band'];

export interface PyramidBandFigures {
  band: PyramidBandName;
  members: number;
  spendFen: number;
  orders: number;
  spendShare: number;
  ordersPerMember: number;
  averageOrderFen: number;
  minSpendFen: number;
}

/**
 * Band sizes by rank: the top round(10 % of n) members, then up to round(30 %), round(60 %), and the
 * rest; they always add up to n.
 */
export function bandSizes(n: number): number[] {
  let cum = 0;
  let prev = 0;
  return PYRAMID.map((p, i) => {
    cum += p.percent;
    const upTo = i === PYRAMID.length - 1 ? n : Math.round((n * cum) / 100);
    const size = upTo - prev;
    prev = upTo;
    return size;
  });
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * The pyramid from the spend histogram: members ranked by 12-month spend, highest first. A band
 * boundary inside a bucket takes that bucket's spend and orders pro rata (the bucket is 0.5 % wide,
 * so the band's spend is within that of the exact ranking); member counts are exact.
 */
export function pyramidOf(spend: Histogram): PyramidBandFigures[] {
  const buckets = sortedBuckets(spend).reverse();
  const n = buckets.reduce((a, b) => a + b.n, 0);
  const total = buckets.reduce((a, b) => a + b.s, 0);
  const sizes = bandSizes(n);
  let bi = 0;
  let left = buckets[0]?.n ?? 0;
  return PYRAMID.map((p, i) => {
    let need = sizes[i]!;
    const members = need;
    let s = 0;
    let o = 0;
    let minSpend = 0;
    while (need > 0 && bi < buckets.length) {
      const b = buckets[bi]!;
      const take = Math.min(need, left);
      s += (b.s * take) / b.n;
      o += (b.o * take) / b.n;
      minSpend = bucketLow(b.b);
      need -= take;
      left -= take;
      if (left === 0) {
        bi++;
        left = buckets[bi]?.n ?? 0;
      }
    }
    const spendFen = Math.round(s);
    const orders = Math.round(o);
    return {
      band: p.band,
      members,
      spendFen,
      orders,
      spendShare: total ? round1((s * 100) / total) : 0,
      ordersPerMember: members ? round2(o / members) : 0,
      averageOrderFen: o >= 1 ? Math.floor(s / o) : 0,
      minSpendFen: members ? minSpend : 0,
    };
  });
}

// ---- tier moves per month -----------------------------------------------------------------------

export interface TierEvent {
  from: string;
  to: string;
  /** Local day of the change. */
  day: string;
}

/** Ups and downs per month (YYYY-MM) by the ranks of the program's tiers; unknown tiers are skipped. */
export function tierMovesByMonth(events: readonly TierEvent[], rankOf: (code: string) => number | undefined): Record<string, { ups: number; downs: number }> {
  const out: Record<string, { ups: number; downs: number }> = {};
  for (const e of events) {
    const from = rankOf(e.from);
    const to = rankOf(e.to);
    if (from === undefined || to === undefined || from === to) continue;
    const m = (out[e.day.slice(0, 7)] ??= { ups: 0, downs: 0 });
    if (to > from) m.ups++;
    else m.downs++;
  }
  return out;
}
