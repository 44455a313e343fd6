/**
 * The tier-threshold planner (issue 18, part C): pure. From the qualifying histogram of the nightly
 * snapshot (shared/domain/snapshot.ts: the tier program's qualifying total per member, in 0.5 % log
 * buckets, with the members per current tier) and target shares per tier (lowest first, percent,
 * adding up to 100), it proposes thresholds and counts the members each tier would hold and how many
 * would move up, down or stay against the tiers they hold now.
 *
 * A member qualifies for the highest tier whose threshold her total meets (total >= threshold, as
 * shared/domain/tiers.ts qualifyingTier). Thresholds are chosen at bucket boundaries, so the counts
 * are exact for the histogram; each is the boundary whose count of members at or above it is nearest
 * the target, thresholds strictly ascending. Within the chosen range of equal counts the roundest
 * amount is proposed (a multiple of ¥1,000, ¥100, ¥10, ¥1 when one fits).
 */
import { bucketLow, sortedBuckets, ZERO_BUCKET, type Histogram } from './snapshot';

export interface PlannerLadderTier {
  code: string;
  name: string;
  rank: number;
  threshold: number;
}

export interface PlannedTier {
  code: string | null;
  name: string | null;
  targetShare: number;
  thresholdFen: number;
  currentThresholdFen: number | null;
  members: number;
  share: number;
}

export interface Plan {
  members: number;
  tiers: PlannedTier[];
  movesUp: number;
  movesDown: number;
  unchanged: number;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** The roundest amount in [lo, hi] (integers, lo <= hi). */
export function roundestIn(lo: number, hi: number): number {
  for (const unit of [100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1]) {
    const v = Math.ceil(lo / unit) * unit;
    if (v <= hi) return v;
  }
  return hi;
}

/** Threshold candidates: for each non-empty positive bucket, the range of amounts giving the same count at or above. */
interface Candidate {
  /** Members whose total is >= any threshold in [lo, hi]. */
  atOrAbove: number;
  lo: number;
  hi: number;
}

function candidates(h: Histogram): Candidate[] {
  const buckets = sortedBuckets(h);
  const out: Candidate[] = [];
  let above = buckets.reduce((a, b) => a + b.n, 0);
  let prevEnd = 1; // thresholds above the entry tier are at least 1
  for (const b of buckets) {
    if (b.b === ZERO_BUCKET) {
      above -= b.n;
      continue;
    }
    // Any threshold in [prevEnd, bucketLow(b)] splits just below this bucket.
    out.push({ atOrAbove: above, lo: Math.min(prevEnd, bucketLow(b.b)), hi: bucketLow(b.b) });
    above -= b.n;
    prevEnd = bucketLow(b.b + 1);
  }
  // Above every member.
  out.push({ atOrAbove: 0, lo: prevEnd, hi: prevEnd });
  return out;
}

/**
 * Proposes thresholds for `shares` (lowest tier first) over the qualifying histogram, against the
 * current ladder (lowest first; it may have fewer or more tiers than shares).
 */
export function planThresholds(h: Histogram, shares: readonly number[], ladder: readonly PlannerLadderTier[]): Plan {
  const sorted = [...ladder].sort((a, b) => a.rank - b.rank);
  const buckets = sortedBuckets(h);
  const n = buckets.reduce((a, b) => a + b.n, 0);
  const cands = candidates(h);
  const thresholds: number[] = [0];
  let from = 0; // index of the first candidate still allowed (thresholds strictly ascend)
  for (let k = 1; k < shares.length; k++) {
    const want = (shares.slice(k).reduce((a, b) => a + b, 0) / 100) * n;
    // Leave one candidate for each higher tier still to place.
    const last = cands.length - (shares.length - 1 - k) - 1;
    if (last < from || from >= cands.length) {
      // Fewer distinct amounts than tiers: the remaining thresholds sit above everyone.
      thresholds.push(Math.max(thresholds[k - 1]! + 1, cands[cands.length - 1]!.lo));
      from = cands.length;
      continue;
    }
    let best = Math.min(from, last);
    for (let i = best; i <= last; i++) {
      if (Math.abs(cands[i]!.atOrAbove - want) < Math.abs(cands[best]!.atOrAbove - want)) best = i;
    }
    const c = cands[best]!;
    const lo = Math.max(c.lo, thresholds[k - 1]! + 1);
    thresholds.push(lo <= c.hi ? roundestIn(lo, c.hi) : Math.max(c.hi, thresholds[k - 1]! + 1));
    from = best + 1;
  }
  const tierAt = (amount: number) => {
    let t = 0;
    for (let k = 1; k < thresholds.length; k++) if (amount >= thresholds[k]!) t = k;
    return t;
  };
  const rankIndex = new Map(sorted.map((t, i) => [t.code, i]));
  const counts = thresholds.map(() => 0);
  let movesUp = 0;
  let movesDown = 0;
  let unchanged = 0;
  for (const b of buckets) {
    // Every amount of a bucket falls on the same side of each threshold (thresholds sit on boundaries).
    const k = tierAt(bucketLow(b.b));
    counts[k]! += b.n;
    const byTier = b.t ?? {};
    let known = 0;
    for (const [code, m] of Object.entries(byTier)) {
      known += m;
      const cur = rankIndex.get(code) ?? 0;
      if (k > cur) movesUp += m;
      else if (k < cur) movesDown += m;
      else unchanged += m;
    }
    unchanged += Math.max(0, b.n - known);
  }
  return {
    members: n,
    tiers: shares.map((s, k) => ({
      code: sorted[k]?.code ?? null,
      name: sorted[k]?.name ?? null,
      targetShare: s,
      thresholdFen: thresholds[k]!,
      currentThresholdFen: sorted[k]?.threshold ?? null,
      members: counts[k]!,
      share: n ? round1((counts[k]! * 100) / n) : 0,
    })),
    movesUp,
    movesDown,
    unchanged,
  };
}
