/**
 * Tiers: an ordered ladder qualifying on spend (fen) or on points earned (never the spendable
 * balance) within a rolling window of months or the calendar year. Upgrades happen at once; a
 * downgrade happens only at the scheduled evaluation, after the current tier's retention period
 * (保级) has ended, by one level or to the qualifying level. A tier set by hand carries an end
 * date; when it ends the member goes to the tier her own record earns, never kept as a floor.
 */
import { addMonths, monthOf, monthsBetween } from './calendar';

export interface TierDef {
  code: string;
  name: string;
  /** Position in the ladder, 0 = entry tier. */
  rank: number;
  /** Qualifying total needed: fen of spend or points earned, per the program's basis. Entry tier: 0. */
  threshold: number;
  /** Earning multiplier, e.g. 1, 1.2, 1.5. */
  multiplier: number;
  /** Months the tier is kept once reached or renewed. */
  retentionMonths: number;
  /** Coupon template given on the member's birthday (issued by the care job), or null. */
  birthdayGift: { couponTemplateId: string | null; description: string } | null;
  perks: string[];
}

export type TierWindow = { kind: 'rolling'; months: number } | { kind: 'calendarYear' };

export interface TierProgram {
  basis: 'spend' | 'points';
  window: TierWindow;
  downgrade: 'oneLevel' | 'toQualifying';
  tiers: TierDef[];
}

/** Qualifying amounts per month (YYYY-MM), kept on the account holder's profile. */
export type QualifyingMonths = Record<string, { spendFen: number; points: number }>;

export interface ManualTier {
  code: string;
  /** Last local date of the hand-set tier. */
  until: string;
  by: string;
  reason: string;
}

export interface TierState {
  tierCode: string;
  /** Local date the current tier started. */
  since: string;
  /** Last local date the current tier is kept without requalifying; null for the entry tier. */
  retainUntil: string | null;
  manual: ManualTier | null;
}

export type TierChangeReason = 'purchase' | 'qualified' | 'downgrade' | 'manual' | 'manual_ended';

export interface TierChange {
  from: string;
  to: string;
  reason: TierChangeReason;
}

export const ladder = (p: Pick<TierProgram, 'tiers'>): TierDef[] => [...p.tiers].sort((a, b) => a.rank - b.rank);
export const entryTier = (p: Pick<TierProgram, 'tiers'>): TierDef => {
  const t = ladder(p)[0];
  if (!t) throw new Error('no tiers configured');
  return t;
};
export const tierByCode = (p: Pick<TierProgram, 'tiers'>, code: string): TierDef | undefined => p.tiers.find((t) => t.code === code);

/** The months counted by the window as of `today`. */
export function windowMonths(window: TierWindow, today: string): string[] {
  if (window.kind === 'calendarYear') return monthsBetween(`${today.slice(0, 4)}-01`, monthOf(today));
  return monthsBetween(monthOf(addMonths(today, -(window.months - 1))), monthOf(today));
}

/** The qualifying total (fen or points, per the basis) inside the window as of `asOf`. */
export function qualifyingTotal(p: Pick<TierProgram, 'basis' | 'window'>, months: QualifyingMonths, asOf: string): number {
  let total = 0;
  for (const m of windowMonths(p.window, asOf)) {
    const v = months[m];
    if (v) total += p.basis === 'spend' ? v.spendFen : v.points;
  }
  return Math.max(0, total);
}

/** The highest tier whose threshold the total meets. Monotone in the total. */
export function qualifyingTier(p: Pick<TierProgram, 'tiers'>, total: number): TierDef {
  let result = entryTier(p);
  for (const t of ladder(p)) if (total >= t.threshold) result = t;
  return result;
}

const retainFrom = (t: TierDef, entry: TierDef, today: string) => (t.code === entry.code ? null : addMonths(today, t.retentionMonths));

const current = (p: TierProgram, s: TierState) => tierByCode(p, s.tierCode) ?? entryTier(p);

/** A purchase (or any earning) upgrades at once when the total crosses a threshold; it never lowers a tier. */
export function tierAfterEarning(p: TierProgram, s: TierState, total: number, today: string): { state: TierState; change: TierChange | null } {
  const cur = current(p, s);
  const q = qualifyingTier(p, total);
  if (q.rank > cur.rank || (s.manual && q.rank >= cur.rank)) {
    const state: TierState = { tierCode: q.code, since: q.code === cur.code ? s.since : today, retainUntil: retainFrom(q, entryTier(p), today), manual: null };
    return { state, change: q.code === cur.code ? null : { from: cur.code, to: q.code, reason: 'purchase' } };
  }
  return { state: s, change: null };
}

/**
 * The scheduled evaluation of one member on `today`. Pure and idempotent: evaluating the result
 * again on the same day changes nothing. Never demotes a member whose total grew.
 */
export function evaluateTier(p: TierProgram, s: TierState, total: number, today: string): { state: TierState; change: TierChange | null } {
  const entry = entryTier(p);
  const cur = current(p, s);
  const q = qualifyingTier(p, total);
  const move = (to: TierDef, reason: TierChangeReason) => ({
    state: { tierCode: to.code, since: to.code === cur.code ? s.since : today, retainUntil: retainFrom(to, entry, today), manual: null },
    change: to.code === cur.code ? null : { from: cur.code, to: to.code, reason },
  });

  if (s.manual) {
    if (s.manual.until >= today) return q.rank > cur.rank ? move(q, 'qualified') : { state: s, change: null };
    return move(q, 'manual_ended');
  }
  if (q.rank > cur.rank) return move(q, 'qualified');
  if (cur.code === entry.code || !s.retainUntil || today <= s.retainUntil) return { state: s, change: null };
  // Retention ended: requalified members keep the tier for another period, others step down.
  if (q.rank >= cur.rank) {
    let until = s.retainUntil;
    while (until <= today) until = addMonths(until, Math.max(1, cur.retentionMonths));
    return { state: { ...s, retainUntil: until }, change: null };
  }
  // q is below the current tier here, so one level down is never below q.
  const oneDown = ladder(p).filter((t) => t.rank < cur.rank).pop() ?? entry;
  const target = p.downgrade === 'toQualifying' ? q : oneDown;
  return move(target, 'downgrade');
}

/** A tier set by hand, with its end date. */
export function setManualTier(p: TierProgram, s: TierState, manual: ManualTier, today: string): { state: TierState; change: TierChange | null } {
  const cur = current(p, s);
  const to = tierByCode(p, manual.code);
  if (!to) throw new RangeError(`unknown tier ${manual.code}`);
  return {
    state: { tierCode: to.code, since: to.code === cur.code ? s.since : today, retainUntil: s.retainUntil, manual },
    change: { from: cur.code, to: to.code, reason: 'manual' },
  };
}

export interface TierProgress {
  next: { code: string; name: string; threshold: number; remaining: number; percent: number } | null;
  /** What keeps the current tier at the end of its retention period; null for the entry tier or a hand-set tier. */
  retention: { until: string; threshold: number; countedByThen: number; remaining: number } | null;
}

/** Progress to the next tier and what keeps the current one, as the member sees it. */
export function tierProgress(p: TierProgram, s: TierState, months: QualifyingMonths, today: string): TierProgress {
  const cur = current(p, s);
  const total = qualifyingTotal(p, months, today);
  const nextDef = ladder(p).find((t) => t.rank > cur.rank);
  const next = nextDef
    ? {
        code: nextDef.code,
        name: nextDef.name,
        threshold: nextDef.threshold,
        remaining: Math.max(0, nextDef.threshold - total),
        percent: nextDef.threshold === 0 ? 100 : Math.min(100, Math.floor((total * 100) / nextDef.threshold)),
      }
    : null;
  let retention: TierProgress['retention'] = null;
  if (!s.manual && s.retainUntil && cur.code !== entryTier(p).code) {
    // Only what has happened so far and still falls in the window on that date counts.
    const countedByThen = qualifyingTotal(p, months, s.retainUntil);
    retention = { until: s.retainUntil, threshold: cur.threshold, countedByThen, remaining: Math.max(0, cur.threshold - countedByThen) };
  }
  return { next, retention };
}

/** Adds to a month's qualifying amounts (negative for returns) and forgets months older than two years. */
export function addQualifying(months: QualifyingMonths, month: string, spendFen: number, points: number, today: string): QualifyingMonths {
  const out: QualifyingMonths = {};
  const oldest = monthOf(addMonths(today, -24));
  for (const [m, v] of Object.entries(months)) if (m >= oldest) out[m] = { ...v };
  const cur = out[month] ?? { spendFen: 0, points: 0 };
  out[month] = { spendFen: Math.max(0, cur.spendFen + spendFen), points: Math.max(0, cur.points + points) };
  return out;
}
