/**
 * A points account as pure data: the balance is held in buckets by expiry date and availability
 * date, so the account knows how much expires when and how much is still held (return window).
 * Every operation returns a new state and the signed amount for its ledger entry, so
 * `balance(state) === sum of ledger entries` holds by construction. The DynamoDB adapter stores
 * the state in one item and writes it in the same transaction as the ledger entry, conditioned
 * on the revision it read.
 */
import { NEVER } from './calendar';

export interface Bucket {
  /** Last local date on which these points can be used (NEVER for no expiry). */
  expiresOn: string;
  /** First local date on which these points can be spent (held until then). */
  availableOn: string;
  points: number;
}

export interface PointsState {
  buckets: Bucket[];
  /** Points owed from returns whose points were already spent; repaid from future earnings. */
  debt: number;
}

export const emptyPoints = (): PointsState => ({ buckets: [], debt: 0 });

const byExpiry = (a: Bucket, b: Bucket) =>
  a.expiresOn === b.expiresOn ? (a.availableOn < b.availableOn ? -1 : a.availableOn > b.availableOn ? 1 : 0) : a.expiresOn < b.expiresOn ? -1 : 1;

/** Merges buckets with the same dates, drops empty ones, sorts soonest-expiring first. */
export function normalize(buckets: readonly Bucket[]): Bucket[] {
  const map = new Map<string, Bucket>();
  for (const b of buckets) {
    if (b.points === 0) continue;
    const k = `${b.expiresOn}|${b.availableOn}`;
    const cur = map.get(k);
    map.set(k, cur ? { ...cur, points: cur.points + b.points } : { ...b });
  }
  return [...map.values()].filter((b) => b.points !== 0).sort(byExpiry);
}

export const balanceOf = (s: PointsState): number => s.buckets.reduce((t, b) => t + b.points, 0);
const usable = (b: Bucket, today: string) => b.availableOn <= today && b.expiresOn >= today;
export const spendableOf = (s: PointsState, today: string): number =>
  s.buckets.reduce((t, b) => t + (usable(b, today) ? b.points : 0), 0);
export const heldOf = (s: PointsState, today: string): number =>
  s.buckets.reduce((t, b) => t + (b.availableOn > today && b.expiresOn >= today ? b.points : 0), 0);

/** Upcoming expiries (unexpired, with an end date), soonest first. */
export function expiringOf(s: PointsState, today: string): { date: string; points: number }[] {
  const byDate = new Map<string, number>();
  for (const b of s.buckets) if (b.expiresOn !== NEVER && b.expiresOn >= today) byDate.set(b.expiresOn, (byDate.get(b.expiresOn) ?? 0) + b.points);
  return [...byDate.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([date, points]) => ({ date, points }));
}

/** The earliest expiry date among the buckets (what the expiry index is keyed on), or null. */
export function nextExpiryOf(s: PointsState): string | null {
  const d = s.buckets.filter((b) => b.expiresOn !== NEVER).map((b) => b.expiresOn).sort()[0];
  return d ?? null;
}

/** Takes `points` from buckets in the given order; returns the rest and what was taken. */
function take(buckets: Bucket[], order: number[], points: number): { rest: Bucket[]; taken: number; from: Bucket[] } {
  const rest = buckets.map((b) => ({ ...b }));
  const from: Bucket[] = [];
  let left = points;
  for (const i of order) {
    if (left <= 0) break;
    const b = rest[i]!;
    const n = Math.min(b.points, left);
    if (n <= 0) continue;
    b.points -= n;
    left -= n;
    from.push({ ...b, points: n });
  }
  return { rest: normalize(rest), taken: points - left, from };
}

export interface Credit {
  state: PointsState;
  /** What lands in the balance (the ledger amount). */
  credited: number;
  /** Part of the earning that repaid a return's shortfall. */
  debtRepaid: number;
}

/** Earning: repays any debt first (when asked), the rest lands in a bucket with its dates. */
export function credit(s: PointsState, points: number, expiresOn: string, availableOn: string, repayDebt = true): Credit {
  if (!Number.isInteger(points) || points < 0) throw new RangeError('points must be a non-negative integer');
  const debtRepaid = repayDebt ? Math.min(s.debt, points) : 0;
  const credited = points - debtRepaid;
  return {
    state: { debt: s.debt - debtRepaid, buckets: normalize([...s.buckets, { expiresOn, availableOn, points: credited }]) },
    credited,
    debtRepaid,
  };
}

export type Debit = { ok: true; state: PointsState; taken: Bucket[] } | { ok: false; available: number };

/** Spending: only spendable points (available, unexpired), the soonest-expiring first. */
export function spend(s: PointsState, points: number, today: string): Debit {
  if (!Number.isInteger(points) || points <= 0) throw new RangeError('points must be a positive integer');
  const available = spendableOf(s, today);
  if (points > available) return { ok: false, available };
  const order = s.buckets.map((b, i) => ({ b, i })).filter(({ b }) => usable(b, today)).map(({ i }) => i);
  const r = take(s.buckets, order, points);
  return { ok: true, state: { ...s, buckets: r.rest }, taken: r.from };
}

/** Removal by an admin: any unexpired points, held ones included, the soonest-expiring first. */
export function debit(s: PointsState, points: number, today: string): Debit {
  if (!Number.isInteger(points) || points <= 0) throw new RangeError('points must be a positive integer');
  const order = s.buckets.map((b, i) => ({ b, i })).filter(({ b }) => b.expiresOn >= today).map(({ i }) => i);
  const available = order.reduce((t, i) => t + s.buckets[i]!.points, 0);
  if (points > available) return { ok: false, available };
  const r = take(s.buckets, order, points);
  return { ok: true, state: { ...s, buckets: r.rest }, taken: r.from };
}

export interface Reversal {
  state: PointsState;
  /** Taken from the balance (the ledger amount is -taken). */
  taken: number;
  /** Not covered by the balance: added to the debt. */
  shortfall: number;
}

/**
 * A return takes back points: first from the bucket the order's points went to (usually still
 * held), then the soonest-expiring. The balance stops at zero; the rest becomes debt.
 */
export function reverse(
  s: PointsState,
  points: number,
  prefer: { expiresOn: string; availableOn: string } | null,
  today?: string,
): Reversal {
  if (!Number.isInteger(points) || points < 0) throw new RangeError('points must be a non-negative integer');
  // Points past their last day are already lost to the member (the expiry job only has not written
  // it yet): a return never takes those, or she would keep live points she should give back.
  const live = (i: number) => !today || s.buckets[i]!.expiresOn >= today;
  const preferred = prefer ? s.buckets.findIndex((b, i) => b.expiresOn === prefer.expiresOn && b.availableOn === prefer.availableOn && live(i)) : -1;
  const order = [...(preferred >= 0 ? [preferred] : []), ...s.buckets.map((_, i) => i).filter((i) => i !== preferred && live(i))];
  const r = take(s.buckets, order, points);
  const shortfall = points - r.taken;
  return { state: { buckets: r.rest, debt: s.debt + shortfall }, taken: r.taken, shortfall };
}

export interface Expiry {
  state: PointsState;
  /** One line per expiry date that has passed, oldest first. */
  expired: { expiresOn: string; points: number }[];
}

/** Points whose last day is before `today` leave the balance. */
export function expire(s: PointsState, today: string): Expiry {
  const byDate = new Map<string, number>();
  const keep: Bucket[] = [];
  for (const b of s.buckets) {
    if (b.expiresOn < today) byDate.set(b.expiresOn, (byDate.get(b.expiresOn) ?? 0) + b.points);
    else keep.push(b);
  }
  const expired = [...byDate.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([expiresOn, points]) => ({ expiresOn, points }));
  return { state: { ...s, buckets: normalize(keep) }, expired };
}

/** Moves every bucket (dates kept) from one account to another: a family link's transfer. */
export function transferAll(from: PointsState, to: PointsState): { from: PointsState; to: PointsState; moved: number } {
  const moved = balanceOf(from);
  return {
    from: { ...from, buckets: [] },
    to: { ...to, buckets: normalize([...to.buckets, ...from.buckets]) },
    moved,
  };
}
