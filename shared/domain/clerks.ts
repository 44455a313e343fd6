/**
 * Clerk attribution (issue 19, part C): a clerk's personal registration code, what each stream change
 * adds to the per-month counters of the clerk and the store that brought a member in, leaderboard
 * ranking, service ratings. Pure: no I/O.
 *
 * Who "brought her in": a member registered through the mini-program (not imported) whose profile names
 * a registration store (a store's poster or a clerk's QR) and, for a clerk's QR, the clerk. Her
 * registration counts in the month she registered; her orders count in the month of each order and her
 * refunds in the month of each return, for that store (and that clerk), wherever she buys.
 */
import { localDate } from './time';

/** The clerk code's alphabet (GROWTH_CODE in attribution.ts): capitals and digits without look-alikes. */
export const CLERK_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const CLERK_CODE_LENGTH = 8;

/** A clerk code from random bytes (at least CLERK_CODE_LENGTH of them): 40 bits. */
export function clerkCodeFrom(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < CLERK_CODE_LENGTH; i++) s += CLERK_CODE_ALPHABET[bytes[i]! % CLERK_CODE_ALPHABET.length];
  return s;
}

/** The home page opened by a clerk's QR: the launch query carries her store and her code. */
export const clerkQrPath = (storeId: string, code: string) => `/pages/index/index?store=${encodeURIComponent(storeId)}&clerk=${code}`;
/** The `scene` of a printed mini-program code (at most 32 characters: fits store ids up to 11). */
export const clerkScene = (storeId: string, code: string) => `store=${storeId}&clerk=${code}`;

/** A local calendar month, YYYY-MM. */
export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The brand's local month of an instant. */
export const monthOfInstant = (at: string | Date): string => localDate(typeof at === 'string' ? new Date(at) : at).slice(0, 7);

/** The month before a YYYY-MM. */
export function previousMonth(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** The months a leaderboard offers, newest first: this month, last month and the ones before (n in all). */
export function leaderboardMonths(thisMonth: string, n = 12): string[] {
  const out = [thisMonth];
  while (out.length < n) out.push(previousMonth(out[out.length - 1]!));
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Counters
// ---------------------------------------------------------------------------------------------------

/** The counters of one clerk or one store in one month (what the stream adds; ratings are added by the rating itself). */
export interface StatCounters {
  registrations: number;
  orders: number;
  salesFen: number;
  refundFen: number;
  ratingSum: number;
  ratingCount: number;
}
export const STAT_FIELDS = ['registrations', 'orders', 'salesFen', 'refundFen', 'ratingSum', 'ratingCount'] as const;
export const zeroCounters = (): StatCounters => ({ registrations: 0, orders: 0, salesFen: 0, refundFen: 0, ratingSum: 0, ratingCount: 0 });

/** One row to add to: a store's month (clerk null) or a clerk's month at a store. */
export interface StatAdd {
  month: string;
  storeId: string;
  clerk: string | null;
  add: Partial<StatCounters>;
}

/** Who brought a member in, as her profile says; null when nobody is credited (no store, or imported). */
export interface Attribution {
  storeId: string;
  clerk: string | null;
}

export function attributionOf(profile: { registrationStoreId?: unknown; registrationClerk?: unknown; source?: unknown } | null | undefined): Attribution | null {
  if (!profile) return null;
  if (profile.source === 'import') return null; // brought in before the mini-program, not by a poster or a clerk
  const storeId = typeof profile.registrationStoreId === 'string' && profile.registrationStoreId ? profile.registrationStoreId : null;
  if (!storeId) return null;
  const clerk = typeof profile.registrationClerk === 'string' && profile.registrationClerk ? profile.registrationClerk : null;
  return { storeId, clerk };
}

/** The store's row, and the clerk's when a clerk brought her in. */
function both(a: Attribution, month: string, add: Partial<StatCounters>): StatAdd[] {
  const rows: StatAdd[] = [{ month, storeId: a.storeId, clerk: null, add }];
  if (a.clerk) rows.push({ month, storeId: a.storeId, clerk: a.clerk, add });
  return rows;
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** A new profile: a registration, in the month she registered. */
export function registrationAdds(profile: Record<string, unknown>): StatAdd[] {
  const a = attributionOf(profile);
  if (!a || typeof profile.createdAt !== 'string') return [];
  return both(a, monthOfInstant(profile.createdAt), { registrations: 1 });
}

/** A new order of a member someone brought in: an order and its amount, in the order's month. */
export function orderAdds(order: Record<string, unknown>, buyer: Attribution | null): StatAdd[] {
  if (!buyer || typeof order.createdAt !== 'string') return [];
  return both(buyer, monthOfInstant(order.createdAt), { orders: 1, salesFen: num(order.amountFen) });
}

/** A new return of such a member's order: its refund, in the return's month. */
export function returnAdds(ret: Record<string, unknown>, buyer: Attribution | null): StatAdd[] {
  if (!buyer || typeof ret.at !== 'string') return [];
  const refund = num(ret.refundFen);
  if (refund <= 0) return [];
  return both(buyer, monthOfInstant(ret.at), { refundFen: refund });
}

/** The buyer named by a new RETURN item (its answer names her). */
export function returnBuyer(ret: Record<string, unknown>): string | null {
  const r = ret.result as { memberId?: unknown } | undefined;
  return r && typeof r.memberId === 'string' ? r.memberId : null;
}

export const statRowKey = (s: { month: string; storeId: string; clerk: string | null }) => `${s.month}|${s.storeId}|${s.clerk ?? ''}`;

/** Adds summed per row (one update per row touched). */
export function sumStatAdds(adds: readonly StatAdd[]): StatAdd[] {
  const byRow = new Map<string, StatAdd>();
  for (const a of adds) {
    const k = statRowKey(a);
    const cur = byRow.get(k) ?? { month: a.month, storeId: a.storeId, clerk: a.clerk, add: {} };
    for (const f of STAT_FIELDS) {
      const v = a.add[f];
      if (v) cur.add[f] = (cur.add[f] ?? 0) + v;
    }
    byRow.set(k, cur);
  }
  return [...byRow.values()].filter((r) => Object.keys(r.add).length > 0);
}

// ---------------------------------------------------------------------------------------------------
// Leaderboards
// ---------------------------------------------------------------------------------------------------

export type LeaderboardSort = 'registrations' | 'sales';

/** Sales less refunds. */
export const netSalesFen = (c: Pick<StatCounters, 'salesFen' | 'refundFen'>) => c.salesFen - c.refundFen;

/** The average of ratings to one decimal, null when there is none. */
export function ratingAverage(sum: number, count: number): number | null {
  if (!count) return null;
  return Math.round((sum / count) * 10) / 10;
}

/**
 * Rows ranked by the chosen figure (registrations: then net sales; sales: net sales, then registrations),
 * then by name for a stable order; equal figures share a rank (1, 2, 2, 4).
 */
export function rankRows<T extends StatCounters & { label: string }>(rows: readonly T[], sort: LeaderboardSort): (T & { rank: number })[] {
  const primary = (r: T) => (sort === 'registrations' ? r.registrations : netSalesFen(r));
  const secondary = (r: T) => (sort === 'registrations' ? netSalesFen(r) : r.registrations);
  const sorted = [...rows].sort((a, b) => primary(b) - primary(a) || secondary(b) - secondary(a) || a.label.localeCompare(b.label));
  let rank = 0;
  return sorted.map((r, i) => {
    const prev = sorted[i - 1];
    if (!prev || primary(prev) !== primary(r) || secondary(prev) !== secondary(r)) rank = i + 1;
    return { ...r, rank };
  });
}

// ---------------------------------------------------------------------------------------------------
// Service ratings
// ---------------------------------------------------------------------------------------------------

/** A member may rate the service of an order for this many days after it. */
export const RATING_WINDOW_DAYS = 7;

export function withinRatingWindow(orderCreatedAt: string, now: Date): boolean {
  const t = new Date(orderCreatedAt).getTime();
  return t <= now.getTime() + 60_000 && now.getTime() - t <= RATING_WINDOW_DAYS * 24 * 3600_000;
}

/** An order a member might rate. */
export interface RatableOrder {
  storeId: string;
  orderId: string;
  createdAt: string;
  staffOpenid: string | null;
  rated: boolean;
}

/** Her newest order of the window with a clerk at the till and no rating yet, or null. */
export function pickUnratedOrder<T extends RatableOrder>(orders: readonly T[], now: Date): T | null {
  const open = orders.filter((o) => o.staffOpenid && !o.rated && withinRatingWindow(o.createdAt, now));
  open.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.orderId.localeCompare(a.orderId));
  return open[0] ?? null;
}
