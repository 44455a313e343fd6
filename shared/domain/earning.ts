/**
 * The spend earning rule, first version: `pointsPerYuan` points per whole yuan paid
 * (rounded down), times the member's tier multiplier, rounded down.
 */
export interface SpendEarningRule {
  id: string;
  version: number;
  pointsPerYuan: number;
}

export function pointsForPurchase(rule: SpendEarningRule, amountFen: number, tierMultiplier: number): number {
  if (!Number.isInteger(amountFen) || amountFen < 0) throw new RangeError('amountFen must be a non-negative integer');
  const wholeYuan = Math.floor(amountFen / 100);
  const base = wholeYuan * rule.pointsPerYuan;
  // Multipliers like 1.2 are not exact in binary; scale to thousandths first so 100 x 1.2 = 120, not 119.
  const scaled = Math.round(tierMultiplier * 1000);
  return Math.floor((base * scaled) / 1000);
}
