/**
 * Tiers qualify on spend (fen) accumulated by the member. The foundation keeps the
 * qualifying measure as a lifetime total; the points-and-tiers issue adds windows and retention.
 */
export interface Tier {
  code: string;
  name: string;
  /** Position in the ladder, 0 = entry tier. */
  rank: number;
  /** Qualifying spend (fen) needed to reach this tier. The entry tier needs 0. */
  thresholdFen: number;
  /** Earning multiplier, e.g. 1, 1.2, 1.5. */
  multiplier: number;
}

export function sortTiers(tiers: readonly Tier[]): Tier[] {
  return [...tiers].sort((a, b) => a.rank - b.rank);
}

/** The highest tier whose threshold the spend meets. Monotone in spend. */
export function tierForSpend(tiers: readonly Tier[], qualifyingSpendFen: number): Tier {
  const ladder = sortTiers(tiers);
  const entry = ladder[0];
  if (!entry) throw new Error('no tiers configured');
  let result = entry;
  for (const t of ladder) if (qualifyingSpendFen >= t.thresholdFen) result = t;
  return result;
}

/**
 * Upgrades happen at once when spend crosses a threshold; a purchase never lowers a tier
 * (downgrades belong to the scheduled evaluation).
 */
export function tierAfterPurchase(tiers: readonly Tier[], current: Tier, newSpendFen: number): Tier {
  const qualified = tierForSpend(tiers, newSpendFen);
  return qualified.rank > current.rank ? qualified : current;
}

export interface NextTierProgress {
  code: string;
  name: string;
  currentFen: number;
  thresholdFen: number;
  remainingFen: number;
  percent: number;
}

/** Progress from the current tier toward the next one; null at the top. */
export function nextTierProgress(
  tiers: readonly Tier[],
  current: Tier,
  qualifyingSpendFen: number,
): NextTierProgress | null {
  const next = sortTiers(tiers).find((t) => t.rank > current.rank);
  if (!next) return null;
  const remainingFen = Math.max(0, next.thresholdFen - qualifyingSpendFen);
  const percent =
    next.thresholdFen === 0 ? 100 : Math.min(100, Math.floor((qualifyingSpendFen * 100) / next.thresholdFen));
  return {
    code: next.code,
    name: next.name,
    currentFen: qualifyingSpendFen,
    thresholdFen: next.thresholdFen,
    remainingFen,
    percent,
  };
}
