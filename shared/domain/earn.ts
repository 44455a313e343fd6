/**
 * The one earn-points recipe, shared by the checkout, event awards and product scans: each earning
 * is credited to the account holder (repaying return debt first), becomes one ledger entry saying how
 * much landed in the balance, and counts toward the holder's tier (a purchase always, with its spend;
 * other earnings only when the program qualifies on points). A threshold crossed upgrades at once.
 *
 * Pure: the caller reads the account, calls `earnPoints`, and writes the outcome in one unit of work
 * (`writeEarning` in the adapters). Invariants (tests/unit/checkout-decision.test.ts): the entries
 * sum to the change in balance; `earned` = credited + debt repaid; the debt never grows.
 */
import { addDays, monthOf } from './calendar';
import { credit, type PointsState } from './points';
import { expiryDateFor, type ExpiryPolicy } from './rules';
import { addQualifying, qualifyingTotal, tierAfterEarning, type QualifyingMonths, type TierChange, type TierProgram, type TierState } from './tiers';

export type LedgerType = 'earn' | 'spend' | 'expire' | 'reverse' | 'adjust' | 'transfer';

/** A ledger entry as it is written with a points movement (`points` is what landed in the balance). */
export interface LedgerEntryDraft {
  type: LedgerType;
  points: number;
  description: string;
  source: { kind: string; id: string };
  storeId?: string | null;
  ruleVersion?: number | null;
  note?: string | null;
  byMemberId?: string | null;
  byMember?: string | null;
  /** Other facts kept on the entry (amountFen, shortfall, debtRepaid…); the earn recipe adds grossPoints and debtRepaid. */
  detail?: Record<string, unknown>;
}

/** A ledger entry of an earning. */
export type EarnedEntry = LedgerEntryDraft & { type: 'earn' };

/** One earning: its gross points, the bucket they land in, and its ledger entry without the amount. */
export interface Earning {
  points: number;
  bucket: { expiresOn: string; availableOn: string };
  entry: Omit<EarnedEntry, 'type' | 'points'>;
  /**
   * Name the debt it repaid on the entry (note "其中 N 积分抵扣退货欠分", detail grossPoints and
   * debtRepaid). Default true; the checkout's first-purchase bonus entry carries neither.
   */
  explainDebt?: boolean;
}

/** The account holder's standing toward her tier, as read. */
export interface HolderStanding {
  qualifying: QualifyingMonths;
  tier: TierState;
}

export interface EarnOutcome {
  /** The holder's points after all earnings. */
  state: PointsState;
  entries: EarnedEntry[];
  /** Gross points earned (the account's earned total and the tier's points). */
  earned: number;
  debtRepaid: number;
  /** Qualifying totals and tier after earning; null when this earning does not count toward the tier. */
  standing: (HolderStanding & { change: TierChange | null }) | null;
}

/** The bucket earned points land in: expiring by the rules, spendable after `holdingDays` (0 for events). */
export function earningBucket(expiry: ExpiryPolicy, day: string, holdingDays = 0): { expiresOn: string; availableOn: string } {
  return { expiresOn: expiryDateFor(expiry, day), availableOn: holdingDays === 0 ? day : addDays(day, holdingDays) };
}

export const debtRepaidNote = (debtRepaid: number) => `其中 ${debtRepaid} 积分抵扣退货欠分`;

/**
 * Credits `earnings` in order to the holder's points and counts them toward her tier.
 * `purchase` (spend and the month it counts in) makes the earning a purchase: its spend and points
 * always count; without it the points count only when the program qualifies on points.
 *
 * @example
 * const e = earnPoints({ points: acct.points.state, standing, program: brand.tiers, day,
 *   earnings: [{ points: 50, bucket: earningBucket(rules.expiry, day), entry: { description: '完善资料奖励', source } }] });
 */
export function earnPoints(input: {
  points: PointsState;
  earnings: readonly Earning[];
  standing: HolderStanding;
  program: TierProgram;
  day: string;
  purchase?: { spendFen: number; month?: string };
}): EarnOutcome {
  let state = input.points;
  let earned = 0;
  let debtRepaid = 0;
  const entries: EarnedEntry[] = [];
  for (const e of input.earnings) {
    const c = credit(state, e.points, e.bucket.expiresOn, e.bucket.availableOn);
    state = c.state;
    earned += e.points;
    debtRepaid += c.debtRepaid;
    const explain = e.explainDebt ?? true;
    entries.push({
      type: 'earn',
      points: c.credited,
      ...e.entry,
      ...(explain ? { note: c.debtRepaid ? debtRepaidNote(c.debtRepaid) : null, detail: { ...e.entry.detail, grossPoints: e.points, debtRepaid: c.debtRepaid } } : {}),
    });
  }
  const counts = input.purchase !== undefined || input.program.basis === 'points';
  if (!counts) return { state, entries, earned, debtRepaid, standing: null };
  const month = input.purchase?.month ?? monthOf(input.day);
  const qualifying = addQualifying(input.standing.qualifying, month, input.purchase?.spendFen ?? 0, earned, input.day);
  const t = tierAfterEarning(input.program, input.standing.tier, qualifyingTotal(input.program, qualifying, input.day), input.day);
  return { state, entries, earned, debtRepaid, standing: { qualifying, tier: t.state, change: t.change } };
}
