/**
 * Daily figures (issue 18): what one change of the table means for the day counters, decided with no
 * database. The stream consumer (functions/insight/figures.ts) maps every change through `effectsOf`
 * and adds the result to one item per scope (the brand, a store) and local day (Asia/Shanghai); the
 * dashboard (functions/insight/dashboard.ts) turns those items back into `DailyFigures` with `dayFigures`.
 *
 * Counter names on a day item are the contract's field names; a few are flattened maps
 * (`src_<source>` new members by source, `ci_<templateId>` / `cr_<templateId>` coupons issued / redeemed
 * per template, with the template's name under `cn_<templateId>`). Closing figures come from running
 * nets (`pointsNet`, `storedValueNetFen`, `membersNet`) kept on the day items and on a TOTAL item per scope:
 * the balance at the end of day d is TOTAL minus the nets of the days after d, however the stream is replayed.
 */
import { localDate } from './time';

export const BRAND_SCOPE = 'brand';
/** A scope: the whole brand, or one store by id. */
export type FigureScope = typeof BRAND_SCOPE | { storeId: string };

/** Counters added to one scope's day item. */
export interface DayAdd {
  scope: string;
  day: string;
  add: Record<string, number>;
  /** Plain SETs (a coupon template's name). */
  set?: Record<string, string>;
}

/** A distinct count: +1 to `figure` of that scope and day only the first time `memberId` is seen there. */
export interface DistinctMark {
  scope: string;
  day: string;
  figure: 'activeMembers' | 'repeatPurchasers';
  memberId: string;
}

export interface ChangeEffects {
  adds: DayAdd[];
  marks: DistinctMark[];
}

/** The parts of a stream change the mapping reads (functions/adapters/dynamo/stream.ts StreamChange). */
export interface ChangeLike {
  kind: 'INSERT' | 'MODIFY' | 'REMOVE';
  pk: string;
  sk: string;
  oldImage: Record<string, unknown> | null;
  newImage: Record<string, unknown> | null;
}

export interface MappingContext {
  /** A tier's rank in the tier program (higher is better); undefined for an unknown code. */
  rankOf: (code: string) => number | undefined;
  /** The consumer's day, for a change that carries no time of its own (a removed profile). */
  today: string;
}

/** Running nets mirrored on the scope's TOTAL item (closing figures). */
export const NET_FIGURES = ['pointsNet', 'storedValueNetFen', 'membersNet'] as const;

/** The simple counters of a day item (contract names), summed over a period. */
export const SUMMED_FIGURES = [
  'newMembers',
  'activeMembers',
  'orders',
  'spendFen',
  'returns',
  'refundFen',
  'repeatPurchasers',
  'pointsEarned',
  'pointsSpent',
  'pointsExpired',
  'couponsIssued',
  'couponsRedeemed',
  'complaintsOpened',
  'complaintsResolved',
  'complaintsOverdue',
  'ratings',
  'ratingSum',
  'careSent',
  'careNoConsent',
  'storedValueRechargedFen',
  'storedValueSpentFen',
  'storedValueRefundedFen',
  'tierUps',
  'tierDowns',
] as const;
export type SummedFigure = (typeof SUMMED_FIGURES)[number];

/** One template's coupons of a day (the contract's CouponDayFigures). */
export interface CouponDayFigures {
  templateId: string;
  name: string | null;
  issued: number;
  redeemed: number;
}
/** One day's figures (the contract's DailyFigures, shared/contract/figures.ts). */
export type DailyFigures = Record<SummedFigure, number> & {
  day: string;
  newMembersBySource: Record<string, number>;
  coupons: CouponDayFigures[];
  pointsOutstanding: number;
  storedValueOutstandingFen: number;
};

export const SOURCE_PREFIX = 'src_';
export const ISSUED_PREFIX = 'ci_';
export const REDEEMED_PREFIX = 'cr_';
export const NAME_PREFIX = 'cn_';

/** A stamp card filled by purchases is closed as `used` with this mark: not a redemption (coupon-repo STAMPS_FULL). */
const STAMPS_FULL = 'stamps#full';
/** Coupon sources that are the member's own act (active that day): a claim in the coupon centre. */
const MEMBER_CLAIM_SOURCES = new Set(['centre']);

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const dayOf = (instant: unknown): string | null => {
  const s = str(instant);
  if (!s) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : localDate(d);
};
/** A safe attribute-name part (template ids, sources): letters, digits, _ and - kept, others as _. */
export const attrPart = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 200);

class Effects implements ChangeEffects {
  adds: DayAdd[] = [];
  marks: DistinctMark[] = [];
  add(scope: string | null | undefined, day: string | null, add: Record<string, number>, set?: Record<string, string>) {
    if (!scope || !day) return;
    const nonZero = Object.fromEntries(Object.entries(add).filter(([, v]) => v !== 0));
    if (Object.keys(nonZero).length === 0 && !set) return;
    this.adds.push({ scope, day, add: nonZero, ...(set ? { set } : {}) });
  }
  both(storeId: string | null | undefined, day: string | null, add: Record<string, number>, set?: Record<string, string>) {
    this.add(BRAND_SCOPE, day, add, set);
    if (storeId) this.add(storeId, day, add, set);
  }
  mark(scope: string | null | undefined, day: string | null, figure: DistinctMark['figure'], memberId: string | null) {
    if (!scope || !day || !memberId) return;
    this.marks.push({ scope, day, figure, memberId });
  }
}

/** What one change of the table adds to the day figures (nothing for most items). */
export function effectsOf(c: ChangeLike, ctx: MappingContext): ChangeEffects {
  const e = new Effects();
  const n = c.newImage;
  const o = c.oldImage;
  const { pk, sk } = c;

  if (pk.startsWith('MEMBER#') && sk === 'PROFILE') {
    if (c.kind === 'INSERT' && n) {
      const day = dayOf(n.createdAt);
      const source = attrPart(str(n.source) ?? 'wechat');
      e.both(str(n.registrationStoreId), day, { newMembers: 1, [`${SOURCE_PREFIX}${source}`]: 1, membersNet: 1 });
    } else if (c.kind === 'REMOVE' && o) {
      e.both(str(o.registrationStoreId), ctx.today, { membersNet: -1 });
    } else if (c.kind === 'MODIFY' && n) {
      // A purchase moves lastPurchaseAt (checkout's facts, same transaction as the order): she had
      // bought before when her first purchase was on an earlier day.
      const last = str(n.lastPurchaseAt);
      if (last && last !== str(o?.lastPurchaseAt)) {
        const day = dayOf(last);
        const firstBefore = dayOf(o?.firstPurchaseAt);
        if (day && firstBefore && firstBefore < day) {
          const memberId = str(n.memberId);
          e.mark(BRAND_SCOPE, day, 'repeatPurchasers', memberId);
          e.mark(str(n.lastStoreId), day, 'repeatPurchasers', memberId);
        }
      }
    }
    return e;
  }

  if (pk.startsWith('ORDER#') && sk === 'ORDER') {
    if (c.kind !== 'INSERT' || !n) return e;
    const day = dayOf(n.createdAt);
    const storeId = str(n.storeId);
    e.both(storeId, day, { orders: 1, spendFen: num(n.amountFen) });
    e.mark(BRAND_SCOPE, day, 'activeMembers', str(n.memberId));
    e.mark(storeId, day, 'activeMembers', str(n.memberId));
    return e;
  }

  if (pk.startsWith('RETURN#') && sk === 'RETURN') {
    if (c.kind !== 'INSERT' || !n) return e;
    const storeId = pk.slice('RETURN#'.length, pk.lastIndexOf('#'));
    e.both(storeId, dayOf(n.at), { returns: 1, refundFen: num(n.refundFen) });
    return e;
  }

  if (pk.startsWith('MEMBER#') && sk.startsWith('LEDGER#')) {
    if (c.kind !== 'INSERT' || !n) return e;
    const day = dayOf(n.createdAt);
    const points = num(n.points);
    const type = str(n.type);
    const moved: Record<string, number> = {
      pointsEarned: type === 'earn' ? points : 0,
      pointsSpent: type === 'spend' ? -points : 0,
      pointsExpired: type === 'expire' ? -points : 0,
    };
    e.add(BRAND_SCOPE, day, { ...moved, pointsNet: points });
    e.add(str(n.storeId), day, moved);
    return e;
  }

  if (pk.startsWith('MEMBER#') && sk.startsWith('COUPON#')) {
    if (c.kind === 'INSERT' && n && !n.mergedFrom) {
      const t = attrPart(str(n.templateId) ?? 'unknown');
      const day = dayOf(n.issuedAt);
      e.add(BRAND_SCOPE, day, { couponsIssued: 1, [`${ISSUED_PREFIX}${t}`]: 1 }, { [`${NAME_PREFIX}${t}`]: str(n.name) ?? '' });
      if (MEMBER_CLAIM_SOURCES.has(str(n.source) ?? '')) e.mark(BRAND_SCOPE, day, 'activeMembers', str(n.memberId));
    }
    if (c.kind === 'MODIFY' && n && o) {
      const t = attrPart(str(n.templateId) ?? 'unknown');
      const wasUsed = o.state === 'used' && o.usedFor !== STAMPS_FULL;
      const isUsed = n.state === 'used' && n.usedFor !== STAMPS_FULL;
      // A redemption counts on the day it was used; a whole order returned gives it back on that same day.
      const storeOf = (usedFor: unknown) => {
        const ref = str(usedFor);
        return ref && ref.includes('#') ? ref.slice(0, ref.indexOf('#')) : null;
      };
      const name = { [`${NAME_PREFIX}${t}`]: str(n.name) ?? '' };
      if (!wasUsed && isUsed) e.both(storeOf(n.usedFor), dayOf(n.usedAt), { couponsRedeemed: 1, [`${REDEEMED_PREFIX}${t}`]: 1 }, name);
      if (wasUsed && !isUsed) e.both(storeOf(o.usedFor), dayOf(o.usedAt), { couponsRedeemed: -1, [`${REDEEMED_PREFIX}${t}`]: -1 }, name);
    }
    return e;
  }

  if (pk.startsWith('COMPLAINT#') && sk === 'COMPLAINT') {
    if (!n) return e;
    const storeId = str(n.storeId);
    if (c.kind === 'INSERT') e.both(storeId, dayOf(n.createdAt), { complaintsOpened: 1 });
    if (n.state === 'resolved' && o?.state !== 'resolved') e.both(storeId, dayOf(n.resolvedAt ?? n.updatedAt), { complaintsResolved: 1 });
    const rating = n.rating as { score?: number; at?: string } | null | undefined;
    if (rating && !o?.rating) e.both(storeId, dayOf(rating.at ?? n.updatedAt), { ratings: 1, ratingSum: num(rating.score) });
    const first = str(n.firstResponseAt);
    const due = str(n.dueAt);
    if (first && !o?.firstResponseAt && due && first > due) e.both(storeId, dayOf(due), { complaintsOverdue: 1 });
    return e;
  }

  if (pk.startsWith('MEMBER#') && sk.startsWith('CARE#')) {
    if (!n || c.kind === 'REMOVE') return e;
    const outcome = str(n.outcome);
    if (outcome === o?.outcome) return e;
    const day = dayOf(n.doneAt ?? n.at);
    if (outcome === 'sent') e.add(BRAND_SCOPE, day, { careSent: 1 });
    if (outcome === 'no_consent') e.add(BRAND_SCOPE, day, { careNoConsent: 1 });
    return e;
  }

  if (pk.startsWith('MEMBER#') && sk.startsWith('BAL#')) {
    if (c.kind !== 'INSERT' || !n) return e;
    const amount = num(n.principalFen) + num(n.bonusFen);
    const day = dayOf(n.at);
    const kind = str(n.kind);
    const moved: Record<string, number> = {
      storedValueRechargedFen: kind === 'recharge' ? amount : 0,
      // Paid at the till, less what returns gave back.
      storedValueSpentFen: kind === 'spend' || kind === 'return' ? -amount : 0,
      // Sent back to WeChat, less refunds that failed and came back.
      storedValueRefundedFen: kind === 'refund' || kind === 'refundFailed' ? -amount : 0,
    };
    e.add(BRAND_SCOPE, day, { ...moved, storedValueNetFen: amount });
    e.add(str(n.storeId), day, moved);
    return e;
  }

  if (pk.startsWith('MEMBER#') && sk.startsWith('TIER#')) {
    if (c.kind !== 'INSERT' || !n) return e;
    const from = str(n.from) ? ctx.rankOf(str(n.from)!) : undefined;
    const to = str(n.to) ? ctx.rankOf(str(n.to)!) : undefined;
    if (from === undefined || to === undefined || from === to) return e;
    e.add(BRAND_SCOPE, dayOf(n.createdAt), to > from ? { tierUps: 1 } : { tierDowns: 1 });
    return e;
  }

  if (pk.startsWith('PCODE#') && sk === 'PCODE') {
    if (c.kind !== 'INSERT' || !n) return e;
    e.mark(BRAND_SCOPE, dayOf(n.at), 'activeMembers', str(n.memberId));
    return e;
  }

  return e;
}

/** Whether a change can matter to the figures at all (the consumer reads the tier program only when one does). */
export const touchesTiers = (c: ChangeLike) => c.kind === 'INSERT' && c.pk.startsWith('MEMBER#') && c.sk.startsWith('TIER#');

/** Adds of many changes summed per scope and day (one update per day item). */
export function sumAdds(adds: readonly DayAdd[]): DayAdd[] {
  const out = new Map<string, DayAdd>();
  for (const a of adds) {
    const k = `${a.scope}\u0000${a.day}`;
    const cur = out.get(k) ?? { scope: a.scope, day: a.day, add: {} };
    for (const [f, v] of Object.entries(a.add)) cur.add[f] = (cur.add[f] ?? 0) + v;
    if (a.set) cur.set = { ...(cur.set ?? {}), ...a.set };
    out.set(k, cur);
  }
  return [...out.values()];
}

/** The running nets of some adds, per scope (what the TOTAL items get). */
export function netsOf(adds: readonly DayAdd[]): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  for (const a of adds) {
    for (const f of NET_FIGURES) {
      const v = a.add[f];
      if (!v) continue;
      const cur = out.get(a.scope) ?? {};
      cur[f] = (cur[f] ?? 0) + v;
      out.set(a.scope, cur);
    }
  }
  return out;
}

export type DayItem = Record<string, unknown> & { day: string };

/** The figures of one day from its item (absent: zeros), with the closing figures given. */
export function dayFigures(day: string, item: Record<string, unknown> | undefined, closing: { pointsOutstanding: number; storedValueOutstandingFen: number }): DailyFigures {
  const i = item ?? {};
  const f = Object.fromEntries(SUMMED_FIGURES.map((k) => [k, num(i[k])])) as Record<SummedFigure, number>;
  const bySource: Record<string, number> = {};
  const coupons = new Map<string, CouponDayFigures>();
  const coupon = (t: string) => coupons.get(t) ?? coupons.set(t, { templateId: t, name: null, issued: 0, redeemed: 0 }).get(t)!;
  for (const [k, v] of Object.entries(i)) {
    if (k.startsWith(SOURCE_PREFIX) && num(v) !== 0) bySource[k.slice(SOURCE_PREFIX.length)] = num(v);
    else if (k.startsWith(ISSUED_PREFIX)) coupon(k.slice(ISSUED_PREFIX.length)).issued = num(v);
    else if (k.startsWith(REDEEMED_PREFIX)) coupon(k.slice(REDEEMED_PREFIX.length)).redeemed = num(v);
    else if (k.startsWith(NAME_PREFIX)) coupon(k.slice(NAME_PREFIX.length)).name = str(v);
  }
  return {
    day,
    ...f,
    newMembersBySource: bySource,
    coupons: [...coupons.values()].filter((c) => c.issued !== 0 || c.redeemed !== 0).sort((a, b) => a.templateId.localeCompare(b.templateId)),
    pointsOutstanding: closing.pointsOutstanding,
    storedValueOutstandingFen: closing.storedValueOutstandingFen,
  };
}

/**
 * Closing balances of each day in `days` (ascending) from the TOTAL item's nets and the nets of every day
 * item after the first of them (`after`: the day items read, any order): balance(d) = total - nets after d.
 */
export function closingBalances(
  days: readonly string[],
  total: Record<string, unknown> | undefined,
  dayItems: readonly DayItem[],
): Map<string, { pointsOutstanding: number; storedValueOutstandingFen: number; members: number }> {
  const sorted = [...dayItems].sort((a, b) => b.day.localeCompare(a.day)); // newest first
  let points = num(total?.pointsNet);
  let sv = num(total?.storedValueNetFen);
  let members = num(total?.membersNet);
  const out = new Map<string, { pointsOutstanding: number; storedValueOutstandingFen: number; members: number }>();
  let j = 0;
  for (const d of [...days].sort().reverse()) {
    while (j < sorted.length && sorted[j]!.day > d) {
      points -= num(sorted[j]!.pointsNet);
      sv -= num(sorted[j]!.storedValueNetFen);
      members -= num(sorted[j]!.membersNet);
      j++;
    }
    out.set(d, { pointsOutstanding: points, storedValueOutstandingFen: sv, members });
  }
  return out;
}

/** A period's totals: sums of the days, closing figures of its last day, coupons and sources summed. */
export function periodTotals(days: readonly DailyFigures[]): Omit<DailyFigures, 'day'> {
  const sums = Object.fromEntries(SUMMED_FIGURES.map((k) => [k, days.reduce((s, d) => s + d[k], 0)])) as Record<SummedFigure, number>;
  const bySource: Record<string, number> = {};
  const coupons = new Map<string, CouponDayFigures>();
  for (const d of days) {
    for (const [s, v] of Object.entries(d.newMembersBySource)) bySource[s] = (bySource[s] ?? 0) + v;
    for (const c of d.coupons) {
      const cur = coupons.get(c.templateId) ?? { templateId: c.templateId, name: null, issued: 0, redeemed: 0 };
      coupons.set(c.templateId, { templateId: c.templateId, name: cur.name ?? c.name, issued: cur.issued + c.issued, redeemed: cur.redeemed + c.redeemed });
    }
  }
  const last = days[days.length - 1];
  return {
    ...sums,
    newMembersBySource: bySource,
    coupons: [...coupons.values()].sort((a, b) => a.templateId.localeCompare(b.templateId)),
    pointsOutstanding: last?.pointsOutstanding ?? 0,
    storedValueOutstandingFen: last?.storedValueOutstandingFen ?? 0,
  };
}
