/**
 * Earning rules: how many points a purchase or an event earns. One pure evaluation used by the
 * checkout, the admin page's live preview and the tests. Rules are versioned as a whole: a version
 * applies from its `effectiveFrom`, and every ledger entry records the version that made it.
 */
import type { LimitPeriod } from './calendar';

export type Rounding = 'floor' | 'round' | 'ceil';

export interface EventLimit {
  count: number;
  period: LimitPeriod;
}

export interface EventRule {
  points: number;
  /** At most `count` awards per member per period; null = no limit beyond the event's own nature. */
  limit: EventLimit | null;
}

export interface SpendRule {
  /** Points per yuan paid (up to two decimals, e.g. 1, 2, 0.5). */
  pointsPerYuan: number;
  rounding: Rounding;
  /** Orders paying less than this earn nothing from spend. */
  minOrderFen: number;
  excludedSkus: string[];
  excludedCategories: string[];
  /** A SKU multiplier wins over its category's. */
  skuMultipliers: { sku: string; multiplier: number }[];
  categoryMultipliers: { category: string; multiplier: number }[];
  applyTierMultiplier: boolean;
  /** Most points one order can earn from spend; null = no cap. */
  capPerOrder: number | null;
}

export type BirthdayRule =
  | { mode: 'none' }
  /** A bonus once a year, awarded by the birthday job on the member's birthday. */
  | { mode: 'bonus'; points: number }
  /** A multiplier on purchases during the member's birthday month. */
  | { mode: 'multiplier'; multiplier: number };

export type ExpiryPolicy = { policy: 'never' } | { policy: 'days'; days: number } | { policy: 'yearEnd' };

export interface EarningRules {
  version: number;
  /** UTC instant from which this version applies. */
  effectiveFrom: string;
  spend: SpendRule;
  events: {
    registration: EventRule;
    firstPurchase: EventRule;
    profileCompleted: EventRule;
    productScan: EventRule;
    /** Issue 19: the daily check-in (签到); absent in versions saved before it (no points). */
    checkIn?: EventRule;
  };
  birthday: BirthdayRule;
  /** Purchase points become spendable this many days after the purchase (the return window); 0 = at once. */
  holdingDays: number;
  expiry: ExpiryPolicy;
}

/**
 * Events whose points are set elsewhere than the earning rules (issue 19): a check-in streak's bonus, a
 * questionnaire's points, a referral's reward for the referrer and for the referee. `awardEvent` takes
 * their points from the caller and applies no rule limit (their own capability caps them).
 */
export type ExtraEventKind = 'checkInStreak' | 'survey' | 'referrer' | 'referee';

export type EventKind = keyof EarningRules['events'] | 'birthday' | ExtraEventKind;

/** The earning rule of an event, when the earning rules hold one. */
export function eventRuleOf(rules: Pick<EarningRules, 'events'>, event: EventKind): EventRule | null {
  return event in rules.events ? (rules.events[event as keyof EarningRules['events']] ?? null) : null;
}

/** The version in force at an instant: the highest version whose effectiveFrom is not after it. */
export function rulesAt<R extends { version: number; effectiveFrom: string }>(versions: readonly R[], at: string): R | null {
  let best: R | null = null;
  for (const v of versions) if (v.effectiveFrom <= at && (!best || v.version > best.version)) best = v;
  return best;
}

export interface PurchaseLine {
  sku: string;
  category?: string | undefined;
  quantity: number;
  unitPriceFen: number;
}

export interface PurchaseInput {
  /** What was actually paid, fen (may be less than the lines' total after discounts). */
  amountFen: number;
  lines: readonly PurchaseLine[];
  tierMultiplier: number;
  /** The purchase falls in the member's birthday month. */
  birthdayMonth: boolean;
}

export interface BreakdownStep {
  /** Machine key: base, products, tier, birthday, cap, minimum. */
  key: 'base' | 'products' | 'tier' | 'birthday' | 'cap' | 'minimum';
  label: string;
  /** Points this step adds (negative for a cap). */
  points: number;
}

export interface PurchaseEarning {
  points: number;
  /** Paid fen that counts for points (excluded lines removed). */
  eligibleFen: number;
  /** The paid amount allocated to each line (sums to amountFen). */
  lineAllocationsFen: number[];
  breakdown: BreakdownStep[];
}

const MILLI = 1000n;
const toMilli = (x: number): bigint => BigInt(Math.round(x * 1000));

function roundDiv(n: bigint, d: bigint, mode: Rounding): bigint {
  const q = n / d;
  const r = n % d;
  if (r === 0n) return q;
  if (mode === 'floor') return q;
  if (mode === 'ceil') return q + 1n;
  return r * 2n >= d ? q + 1n : q;
}

/**
 * Splits `amount` over weights in proportion, exactly (largest remainder; ties to the earlier line).
 * The parts sum to `amount`. Used for the paid amount over lines and for partial returns.
 */
export function allocate(amount: number, weights: readonly number[]): number[] {
  const total = weights.reduce((s, w) => s + w, 0);
  if (weights.length === 0) return [];
  if (total === 0) return weights.map((_, i) => (i === 0 ? amount : 0));
  const exact = weights.map((w) => (BigInt(amount) * BigInt(w)) / BigInt(total));
  const parts = exact.map(Number);
  let left = amount - parts.reduce((s, p) => s + p, 0);
  const order = weights
    .map((w, i) => ({ i, rem: (BigInt(amount) * BigInt(w)) % BigInt(total) }))
    .sort((a, b) => (a.rem === b.rem ? a.i - b.i : a.rem > b.rem ? -1 : 1));
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i]! += 1;
    left -= 1;
  }
  return parts;
}

function lineMultiplier(rule: SpendRule, line: PurchaseLine): number | null {
  if (rule.excludedSkus.includes(line.sku)) return null;
  if (line.category && rule.excludedCategories.includes(line.category)) return null;
  const bySku = rule.skuMultipliers.find((m) => m.sku === line.sku);
  if (bySku) return bySku.multiplier;
  const byCat = line.category ? rule.categoryMultipliers.find((m) => m.category === line.category) : undefined;
  return byCat ? byCat.multiplier : 1;
}

const fmtMult = (x: number) => `×${Number(x.toFixed(3))}`;

/**
 * Points a purchase earns under a rule version. Exact integer arithmetic (multipliers in
 * thousandths, BigInt), one rounding per step in the rule's mode, then the cap. The breakdown
 * explains every step to the member and the marketer.
 */
export function evaluatePurchase(rules: Pick<EarningRules, 'spend' | 'birthday'>, input: PurchaseInput): PurchaseEarning {
  const { spend } = rules;
  if (!Number.isInteger(input.amountFen) || input.amountFen < 0) throw new RangeError('amountFen must be a non-negative integer');
  const lines = input.lines.length > 0 ? input.lines : [{ sku: '', quantity: 1, unitPriceFen: input.amountFen }];
  const lineAllocationsFen = allocate(
    input.amountFen,
    lines.map((l) => l.quantity * l.unitPriceFen),
  );
  const multipliers = lines.map((l) => lineMultiplier(spend, l));
  const eligibleFen = lineAllocationsFen.reduce((s, fen, i) => s + (multipliers[i] === null ? 0 : fen), 0);

  if (input.amountFen < spend.minOrderFen) {
    return {
      points: 0,
      eligibleFen,
      lineAllocationsFen,
      breakdown: [{ key: 'minimum', label: `订单未满 ¥${(spend.minOrderFen / 100).toFixed(2)}，不计积分`, points: 0 }],
    };
  }

  // Numerators are in fen × milli-points-per-yuan × milli-multipliers; the denominator divides it back.
  const ppy = toMilli(spend.pointsPerYuan);
  const baseNum = BigInt(eligibleFen) * ppy;
  const baseDen = 100n * MILLI;
  const productNum = lineAllocationsFen.reduce(
    (s, fen, i) => (multipliers[i] === null ? s : s + BigInt(fen) * ppy * toMilli(multipliers[i]!)),
    0n,
  );
  const productDen = baseDen * MILLI;
  const tierM = spend.applyTierMultiplier ? toMilli(input.tierMultiplier) : MILLI;
  const bdayM = rules.birthday.mode === 'multiplier' && input.birthdayMonth ? toMilli(rules.birthday.multiplier) : MILLI;

  const base = Number(roundDiv(baseNum, baseDen, spend.rounding));
  const withProducts = Number(roundDiv(productNum, productDen, spend.rounding));
  const withTier = Number(roundDiv(productNum * tierM, productDen * MILLI, spend.rounding));
  const withBirthday = Number(roundDiv(productNum * tierM * bdayM, productDen * MILLI * MILLI, spend.rounding));
  const capped = spend.capPerOrder !== null ? Math.min(withBirthday, spend.capPerOrder) : withBirthday;

  const breakdown: BreakdownStep[] = [
    { key: 'base', label: `消费 ¥${(eligibleFen / 100).toFixed(2)} × ${spend.pointsPerYuan} 积分/元`, points: base },
  ];
  if (withProducts !== base) breakdown.push({ key: 'products', label: '指定商品倍数', points: withProducts - base });
  if (withTier !== withProducts) breakdown.push({ key: 'tier', label: `会员等级 ${fmtMult(input.tierMultiplier)}`, points: withTier - withProducts });
  if (withBirthday !== withTier && rules.birthday.mode === 'multiplier') {
    breakdown.push({ key: 'birthday', label: `生日月 ${fmtMult(rules.birthday.multiplier)}`, points: withBirthday - withTier });
  }
  if (capped !== withBirthday) breakdown.push({ key: 'cap', label: `单笔上限 ${spend.capPerOrder} 积分`, points: capped - withBirthday });
  return { points: capped, eligibleFen, lineAllocationsFen, breakdown };
}

/** The local date on which points earned on `earnedOn` expire (the last day they can be used). */
export function expiryDateFor(policy: ExpiryPolicy, earnedOn: string): string {
  if (policy.policy === 'never') return '9999-12-31';
  if (policy.policy === 'yearEnd') return `${Number(earnedOn.slice(0, 4)) + 1}-12-31`;
  const t = new Date(`${earnedOn}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + policy.days);
  return t.toISOString().slice(0, 10);
}

export const EVENT_LABELS: Record<EventKind, string> = {
  registration: '注册有礼',
  firstPurchase: '首次消费奖励',
  profileCompleted: '完善资料奖励',
  productScan: '扫码积分',
  birthday: '生日积分',
  checkIn: '每日签到',
  checkInStreak: '连续签到奖励',
  survey: '问卷奖励',
  referrer: '邀请好友奖励',
  referee: '受邀注册奖励',
};
