/**
 * Referrals (邀请有礼, issue 19): the rules, pure (no I/O). A referral is bound at the referee's creation
 * (member-repo `createMember`, state `waiting`); from then on:
 *
 *   waiting --(her first order whose net amount reaches the minimum)--> pending {order, maturesOn}
 *   pending --(that order returned inside the window, net below the minimum)--> waiting (returns + 1)
 *   pending --(maturity: maturesOn reached, the order still qualifies)--> rewarding (cap counters taken)
 *   rewarding --(points awarded and coupons issued, each idempotent)--> rewarded
 *   pending / rewarding --(the referee or the referrer no longer a member in good standing)--> void
 *
 * A return inside the window sends the referral back to `waiting` (not `void`): the friend may still make
 * a real purchase later, and only a purchase kept past its return window is ever rewarded. The reward is
 * fixed when the purchase qualifies (the settings then in force), so a later change of the settings does
 * not move a promise already made. WeChat's rule 5.1 (滥用分享): only the friend's real purchase is
 * rewarded, never the share itself, and the rules are shown to members in full.
 */
import { addDays } from './calendar';
import { maskPhone } from './phone';

export type ReferralState = 'waiting' | 'pending' | 'rewarding' | 'rewarded' | 'void';

export interface ReferralReward {
  points: number;
  couponTemplateId: string | null;
}

export interface ReferralSettings {
  enabled: boolean;
  referrer: ReferralReward;
  referee: ReferralReward;
  /** The smallest net amount (paid less returned, fen) of a qualifying first purchase. */
  minOrderFen: number;
  /** Days after the purchase's local day before it is rewarded (the return window). */
  returnWindowDays: number;
  /** Rewards a referrer may receive per local day and per calendar month (beyond them the referee is still rewarded). */
  capPerDay: number;
  capPerMonth: number;
  /** The rules shown to members in full (WeChat 5.1). */
  rulesText: string;
}

export const DEFAULT_REFERRAL_RULES = [
  '1. 好友通过您的邀请卡片或海报注册成为新会员，即与您绑定邀请关系；已注册的会员不能被邀请，每人只能被邀请一次。',
  '2. 仅分享不会获得奖励：好友注册后完成首笔满额消费，且该订单在退货期内未被退货，双方才可获得奖励。',
  '3. 若首笔订单在退货期内退货，奖励不予发放；好友此后再次满额消费可重新计算。',
  '4. 每位会员每日、每月可获得的邀请奖励有上限，超出上限后好友仍可获得新人奖励。',
  '5. 如发现虚假注册、恶意刷单等行为，品牌有权取消相关奖励。',
].join('\n');

export const DEFAULT_REFERRAL_SETTINGS: ReferralSettings = {
  enabled: false,
  referrer: { points: 200, couponTemplateId: null },
  referee: { points: 100, couponTemplateId: null },
  minOrderFen: 10_000,
  returnWindowDays: 7,
  capPerDay: 5,
  capPerMonth: 20,
  rulesText: DEFAULT_REFERRAL_RULES,
};

/** What the settings may not be (beyond field shapes): the contract words them; the use case refuses them. */
export function settingsProblems(s: ReferralSettings): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  if (s.capPerDay > s.capPerMonth) out.push({ path: 'settings.capPerDay', message: 'the daily cap cannot exceed the monthly cap' });
  if (s.enabled && !hasReward(s.referrer) && !hasReward(s.referee)) out.push({ path: 'settings.referrer.points', message: 'a referral gives a reward to at least one side' });
  if (s.enabled && s.rulesText.trim().length === 0) out.push({ path: 'settings.rulesText', message: 'the rules are shown to members in full' });
  return out;
}

export const hasReward = (r: ReferralReward) => r.points > 0 || r.couponTemplateId !== null;

/** The qualifying purchase a pending referral waits on. */
export interface ReferralOrder {
  storeId: string;
  orderId: string;
  /** The order's instant and local day. */
  at: string;
  day: string;
  amountFen: number;
}

export interface Referral {
  referrerId: string;
  refereeId: string;
  createdAt: string;
  state: ReferralState;
  order: ReferralOrder | null;
  maturesOn: string | null;
  /** The reward promised when the purchase qualified, and the minimum it qualified against. */
  reward: { referrer: ReferralReward; referee: ReferralReward; minOrderFen: number } | null;
  /** Qualifying orders returned inside their window (a signal for the admin). */
  returns: number;
  /** The referee made a qualifying purchase at least once. */
  bought: boolean;
  /** Set at maturity: whether the referrer's reward fell beyond her caps (the referee is rewarded anyway). */
  referrerCapped: boolean;
  rewardedAt: string | null;
  /** The item's revision: every move is conditioned on the one read. */
  rev: number;
}

/** An order as the referral rules read it (the ORDER item: amount and what has been returned of it). */
export interface OrderFacts {
  storeId: string;
  orderId: string;
  memberId: string;
  createdAt: string;
  amountFen: number;
  returnedFen: number;
}

export const netFen = (o: Pick<OrderFacts, 'amountFen' | 'returnedFen'>) => Math.max(0, o.amountFen - o.returnedFen);

export type Move = { ok: true; next: Referral } | { ok: false; why: string };

/**
 * The referee bought: her first order whose net amount reaches the minimum makes the referral pending,
 * maturing `returnWindowDays` after the order's local day. `day` is the order's local day.
 */
export function onPurchase(r: Referral, o: OrderFacts, day: string, s: ReferralSettings): Move {
  if (r.state !== 'waiting') return { ok: false, why: 'not_waiting' };
  if (o.memberId !== r.refereeId) return { ok: false, why: 'not_the_referee' };
  if (o.createdAt < r.createdAt) return { ok: false, why: 'before_binding' };
  const net = netFen(o);
  if (net <= 0 || net < s.minOrderFen) return { ok: false, why: 'below_minimum' };
  return {
    ok: true,
    next: {
      ...r,
      state: 'pending',
      order: { storeId: o.storeId, orderId: o.orderId, at: o.createdAt, day, amountFen: o.amountFen },
      maturesOn: addDays(day, s.returnWindowDays),
      reward: { referrer: { ...s.referrer }, referee: { ...s.referee }, minOrderFen: s.minOrderFen },
      bought: true,
      rev: r.rev + 1,
    },
  };
}

const sameOrder = (r: Referral, o: Pick<OrderFacts, 'storeId' | 'orderId'>) => r.order?.storeId === o.storeId && r.order?.orderId === o.orderId;

/**
 * Part or all of an order was returned. When it is the pending referral's order and its net amount fell
 * below the minimum it qualified against, the purchase no longer counts: back to waiting. A return after
 * the reward (state rewarded) takes nothing back: the window had passed.
 */
export function onReturn(r: Referral, o: OrderFacts): Move {
  if (r.state !== 'pending') return { ok: false, why: 'not_pending' };
  if (!sameOrder(r, o)) return { ok: false, why: 'other_order' };
  const min = r.reward?.minOrderFen ?? 0;
  const net = netFen(o);
  if (net > 0 && net >= min) return { ok: false, why: 'still_qualifies' };
  return { ok: true, next: { ...r, state: 'waiting', order: null, maturesOn: null, reward: null, returns: r.returns + 1, rev: r.rev + 1 } };
}

export type Maturity =
  | { step: 'not_yet' }
  | { step: 'skip'; why: string }
  /** The order was returned meanwhile (a return the stream had not yet noted): back to waiting. */
  | { step: 'returned'; next: Referral }
  /** The referee or the referrer is no longer a member in good standing. */
  | { step: 'void'; next: Referral }
  | { step: 'reward'; next: Referral; referrerCounts: boolean };

/**
 * At maturity (the daily job, `day` today): the order is read again (never trust only what the stream
 * noted); a return that took it below the minimum sends it back; a referee or referrer who is gone or frozen
 * voids it; else the reward, the referrer's share only within her caps for the day and the month.
 */
export function mature(
  r: Referral,
  day: string,
  order: OrderFacts | null,
  people: { refereeOk: boolean; referrerOk: boolean },
  caps: { usedToday: number; usedThisMonth: number },
  s: Pick<ReferralSettings, 'capPerDay' | 'capPerMonth'>,
): Maturity {
  if (r.state !== 'pending') return { step: 'skip', why: 'not_pending' };
  if (!r.maturesOn || r.maturesOn > day) return { step: 'not_yet' };
  if (!order || !sameOrder(r, order)) return { step: 'returned', next: { ...r, state: 'waiting', order: null, maturesOn: null, reward: null, returns: r.returns + 1, rev: r.rev + 1 } };
  const back = onReturn(r, order);
  if (back.ok) return { step: 'returned', next: back.next };
  if (!people.refereeOk) return { step: 'void', next: { ...r, state: 'void', rev: r.rev + 1 } };
  const within = people.referrerOk && withinCaps(caps, s);
  return { step: 'reward', referrerCounts: within, next: { ...r, state: 'rewarding', referrerCapped: !within, rev: r.rev + 1 } };
}

export function withinCaps(caps: { usedToday: number; usedThisMonth: number }, s: Pick<ReferralSettings, 'capPerDay' | 'capPerMonth'>): boolean {
  return caps.usedToday < s.capPerDay && caps.usedThisMonth < s.capPerMonth;
}

/** The rewards still owed once a referral is `rewarding`: each step is idempotent, so a rerun repeats them all. */
export function rewardSteps(r: Referral): { side: 'referrer' | 'referee'; memberId: string; points: number; couponTemplateId: string | null; requestId: string }[] {
  if (r.state !== 'rewarding' || !r.reward) return [];
  const out: ReturnType<typeof rewardSteps> = [];
  if (!r.referrerCapped && hasReward(r.reward.referrer)) {
    out.push({ side: 'referrer', memberId: r.referrerId, points: r.reward.referrer.points, couponTemplateId: r.reward.referrer.couponTemplateId, requestId: `referral-referrer-${r.refereeId}` });
  }
  if (hasReward(r.reward.referee)) {
    out.push({ side: 'referee', memberId: r.refereeId, points: r.reward.referee.points, couponTemplateId: r.reward.referee.couponTemplateId, requestId: `referral-referee-${r.refereeId}` });
  }
  return out;
}

export const monthOf = (day: string) => day.slice(0, 7);

// ---- what people see ---------------------------------------------------------------------------

/** "张*" / "1**" : a name shows its first character only. */
export function maskName(name: string | null): string | null {
  if (!name) return null;
  const chars = [...name.trim()];
  if (chars.length === 0) return null;
  return `${chars[0]}${'*'.repeat(Math.max(1, Math.min(2, chars.length - 1)))}`;
}

/** A referee or a referrer as a list shows her: masked name and masked phone. */
export function personLabel(p: { name: string | null; phone: string }): string {
  const n = maskName(p.name);
  return n ? `${n} ${maskPhone(p.phone)}` : maskPhone(p.phone);
}

/** A person on a member's screen or in her data copy: masked, or 已注销的会员 once her account is gone. */
export const personLabelOrGone = (p: { name: string | null; phone: string } | undefined): string => (p && p.phone ? personLabel(p) : '已注销的会员');

/** What a state reads as on the member's page. */
export const REFERRAL_STATE_LABELS: Record<ReferralState, string> = {
  waiting: '已注册，待首次消费',
  pending: '已消费，退货期后发放奖励',
  rewarding: '奖励发放中',
  rewarded: '奖励已发放',
  void: '已失效',
};

// ---- the admin's figures -------------------------------------------------------------------------

/** A referrer's running counts (kept as referrals move). */
export interface ReferrerStats {
  memberId: string;
  /** Friends bound to her. */
  bound: number;
  /** Friends who made a qualifying purchase (counted once each). */
  bought: number;
  /** Referrals rewarded (her side within the caps or not). */
  rewarded: number;
  /** Qualifying first orders returned inside their window. */
  returned: number;
  /** Points she received as referrer. */
  points: number;
}

/** The leaderboard: most rewarded first, then most friends who bought, then most bound. */
export function rankReferrers<T extends ReferrerStats>(stats: readonly T[], limit = 50): T[] {
  return [...stats]
    .filter((s) => s.bound > 0)
    .sort((a, b) => b.rewarded - a.rewarded || b.bought - a.bought || b.bound - a.bound || (a.memberId < b.memberId ? -1 : 1))
    .slice(0, limit);
}

export interface SignalThresholds {
  /** Friends bound before "never buy" is worth a look. */
  minBound: number;
  /** At most this share of them bought (percent). */
  maxBuyPercent: number;
  /** Returned first orders that are worth a look. */
  minReturned: number;
}

export const DEFAULT_SIGNAL_THRESHOLDS: SignalThresholds = { minBound: 5, maxBuyPercent: 20, minReturned: 2 };

/**
 * Signals for the admin: referrers with many friends who never buy (fake registrations?), and referrers
 * whose friends' first orders come back (orders made to collect the reward?). Largest first.
 */
export function referralSignals<T extends ReferrerStats>(stats: readonly T[], t: SignalThresholds = DEFAULT_SIGNAL_THRESHOLDS) {
  const neverBuy = stats
    .filter((s) => s.bound >= t.minBound && s.bought * 100 <= s.bound * t.maxBuyPercent)
    .sort((a, b) => b.bound - b.bought - (a.bound - a.bought) || (a.memberId < b.memberId ? -1 : 1));
  const returned = stats
    .filter((s) => s.returned >= t.minReturned)
    .sort((a, b) => b.returned - a.returned || (a.memberId < b.memberId ? -1 : 1));
  return { neverBuy, returned };
}

/** The stats deltas of one referral move (applied with the move, in its transaction). */
export function statsDelta(before: Referral, after: Referral): Partial<Record<'bought' | 'rewarded' | 'returned' | 'points', number>> {
  const d: Partial<Record<'bought' | 'rewarded' | 'returned' | 'points', number>> = {};
  if (!before.bought && after.bought) d.bought = 1;
  if (after.returns > before.returns) d.returned = after.returns - before.returns;
  if (before.state !== 'rewarding' && after.state === 'rewarding') {
    d.rewarded = 1;
    if (!after.referrerCapped && after.reward) d.points = after.reward.referrer.points;
  }
  return d;
}
