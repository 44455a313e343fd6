/**
 * Paid membership (付费会员, issue 17): the term, its months, the multiplier at the till and the refund rule.
 * Pure: no I/O, no clock (instants come in as ISO strings).
 *
 * A term is counted in Beijing calendar dates (Asia/Shanghai has no daylight saving: UTC+8): a term that
 * starts on `startDate` and lasts `months` months covers the dates from startDate up to the day before
 * `addMonths(startDate, months)`, and ends at that date's Beijing midnight. Bought on 2026-01-15 for one
 * month: valid through 2026-02-14, ended at 2026-02-15T00:00+08:00. Buying again while active adds the
 * plan's months to the same term (no drift from month-end clamping); buying after it ended starts a new
 * term today.
 */
import { addDays, addMonths } from './calendar';

/** How long after a purchase its refund may be asked, if no perk was used since. */
export const MEMBERSHIP_REFUND_DAYS = 7;

const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** The Beijing calendar date of an instant. */
export function beijingDate(at: string): string {
  return new Date(Date.parse(at) + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a Beijing date begins (its midnight), as an ISO string. */
export function beijingMidnight(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - BEIJING_OFFSET_MS).toISOString();
}

/** The part of a member's PLUS state the rules read. */
export interface Term {
  /** First Beijing date of the current term. */
  startDate: string;
  /** Months the current term lasts (all purchases of it, minus refunds). */
  months: number;
}

/** The instant a term ends (exclusive). */
export function termEndOf(t: Term): string {
  return beijingMidnight(addMonths(t.startDate, t.months));
}

/** The last date of a term, as a member reads it (有效期至). */
export function lastDayOf(t: Term): string {
  return addDays(addMonths(t.startDate, t.months), -1);
}

export const isActive = (t: Term | null, at: string): t is Term => !!t && t.months > 0 && termEndOf(t) > at;

/**
 * A purchase (or renewal) of `months` months credited at `at`: while the term is active it grows by the
 * months (extended from its end); once ended (or never bought) a new term starts on at's date.
 */
export function extendTerm(current: Term | null, months: number, at: string): { term: Term; renewed: boolean } {
  if (!Number.isInteger(months) || months <= 0) throw new Error(`months must be a positive integer: ${months}`);
  if (isActive(current, at)) return { term: { startDate: current.startDate, months: current.months + months }, renewed: true };
  return { term: { startDate: beijingDate(at), months }, renewed: false };
}

/** A refund (or its failure) takes back (or gives back) a purchase's months; the term may end at once. */
export function shortenTerm(t: Term, months: number): Term {
  return { startDate: t.startDate, months: Math.max(0, t.months - months) };
}

/**
 * The month of the term a Beijing date falls in: 0 for the first month, up to months - 1; null
 * before the term or after its last day. Month k begins on addMonths(startDate, k).
 */
export function monthIndexOf(t: Term, date: string): number | null {
  if (date < t.startDate || date >= addMonths(t.startDate, t.months)) return null;
  // Months between the dates, then back one if the day-of-month has not come yet (clamped month ends included).
  const [y0, m0] = t.startDate.split('-').map(Number) as [number, number];
  const [y1, m1] = date.split('-').map(Number) as [number, number];
  let k = (y1 - y0) * 12 + (m1 - m0);
  while (k > 0 && addMonths(t.startDate, k) > date) k--;
  return Math.min(k, t.months - 1);
}

/**
 * The monthly coupon packs due on `date` that were not issued yet: month indexes from `issued` (the
 * number of months already given) up to the month `date` falls in. Empty when the term is not running.
 */
export function packsDue(t: Term, issued: number, date: string): number[] {
  const k = monthIndexOf(t, date);
  if (k === null) return [];
  const out: number[] = [];
  for (let m = Math.max(0, issued); m <= k; m++) out.push(m);
  return out;
}

/**
 * The multiplier a purchase earns with: the better of the tier's and the plan's, or both multiplied when
 * the brand says `stackPlusWithTier`. `planUsed` is true when the plan made a difference (a perk used).
 */
export function earnMultiplier(tier: number, plan: number | null, stackPlusWithTier = false): { multiplier: number; planUsed: boolean } {
  if (plan === null || plan <= 0) return { multiplier: tier, planUsed: false };
  if (stackPlusWithTier) {
    const m = Math.round(tier * plan * 1000) / 1000;
    return { multiplier: m, planUsed: m > tier };
  }
  return plan > tier ? { multiplier: plan, planUsed: true } : { multiplier: tier, planUsed: false };
}

export interface PurchaseFact {
  outTradeNo: string;
  months: number;
  /** When it was credited. */
  at: string;
  amountFen: number;
  /** Set once a refund was accepted for it. */
  refundedAt?: string | null;
}

export type RefundDecision =
  | { ok: true; purchase: PurchaseFact }
  | { ok: false; reason: 'no_purchase' | 'too_late' | 'perk_used' };

/**
 * Whether the member's latest purchase may be refunded: credited less than 7 days ago, not refunded,
 * and no perk used since it was credited (no order earned with the plan's multiplier, no pack coupon
 * used). Only the latest purchase is refundable.
 */
export function refundEligibility(p: { purchases: readonly PurchaseFact[]; lastPerkAt: string | null; packCouponUsed: boolean; now: string }): RefundDecision {
  const latest = [...p.purchases].sort((a, b) => (a.at < b.at ? 1 : -1))[0];
  if (!latest || latest.refundedAt) return { ok: false, reason: 'no_purchase' };
  if (Date.parse(p.now) - Date.parse(latest.at) > MEMBERSHIP_REFUND_DAYS * 86_400_000) return { ok: false, reason: 'too_late' };
  if ((p.lastPerkAt && p.lastPerkAt >= latest.at) || p.packCouponUsed) return { ok: false, reason: 'perk_used' };
  return { ok: true, purchase: latest };
}
