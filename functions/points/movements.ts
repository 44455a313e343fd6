/**
 * Points movements outside the checkout: event awards, spending (used by the coupon exchange),
 * admin adjustments and expiry. Each one is a single transaction: the points item (conditioned on
 * its revision), the ledger entry, and a guard on the movement's deterministic source id.
 */
import {
  EVENT_LABELS,
  eventRuleOf,
  balanceOf,
  credit,
  debit,
  expire,
  expiryDateFor,
  periodKey,
  spend,
  type EventKind,
} from '../../shared/domain';
import { recordAdjustment, recordEventAward, recordExpiry, recordSpend } from '../adapters/dynamo/account-repo';
import { getPoints } from '../adapters/dynamo/member-repo';
import { clock } from '../lib/clock';
import { countMetric } from '../lib/metrics';
import { fail } from '../lib/errors';
import { brandOrFail, byMember, earningBucket, earningFor, loadAccount, optimistic, rulesFor, today, type Account } from '../core';

export type AwardOutcome =
  | { kind: 'awarded'; points: number; balance: number }
  | { kind: 'already' }
  | { kind: 'limited'; limit: { count: number; period: string } }
  | { kind: 'none' };

/**
 * Awards an event's points (registration, first purchase, profile completed, product scan,
 * birthday bonus) once per `occurrence`, within the rule's per-period limit. Points go to the
 * account holder and count toward her tier when the tiers qualify on points.
 */
export async function awardEvent(memberId: string, event: EventKind, occurrence: string, opts: { points?: number; sourceKind?: string } = {}): Promise<AwardOutcome> {
  const brand = await brandOrFail();
  return optimistic(async () => {
    const now = clock.now();
    const at = now.toISOString();
    const day = today(now);
    const rules = rulesFor(brand, at);
    const rule = eventRuleOf(rules, event);
    const points = opts.points ?? (event === 'birthday' ? (rules.birthday.mode === 'bonus' ? rules.birthday.points : 0) : (rule?.points ?? 0));
    if (points <= 0) return { done: { kind: 'none' } as AwardOutcome };
    const acct = await loadAccount(memberId);
    const sourceId = `event#${event}#${occurrence}`;
    // The one earn-points recipe (core/earn.ts): credit, repay debt, ledger entry, tier when it qualifies on points.
    const earning = earningFor(acct, brand, day, [
      { points, bucket: earningBucket(rules.expiry, day), entry: { description: EVENT_LABELS[event], source: { kind: opts.sourceKind ?? 'event', id: sourceId }, ruleVersion: rules.version } },
    ]);
    const s = earning.standing;
    const out = await recordEventAward({
      memberId,
      sourceId,
      at,
      limit: rule?.limit ? { event, period: periodKey(rule.limit.period, day), max: rule.limit.count } : null,
      movement: { before: acct.points, next: earning.state, earned: earning.earned, entries: earning.entries },
      tier: s ? { memberId: acct.holder.memberId, qrev: acct.holder.qrev, qualifying: s.qualifying, tier: s.tier, change: s.change, history: { source: 'event' } } : null,
    });
    if (out.ok) {
      countMetric('PointsIssued', points);
      return { done: { kind: 'awarded', points, balance: out.balanceAfter } };
    }
    if (out.failed === 'already_applied') return { done: { kind: 'already' } };
    if (out.failed === 'limit_reached') return { done: { kind: 'limited', limit: rule!.limit! } };
    return 'retry';
  });
}

export type SpendOutcome = { balance: number; spent: number; replayed: boolean };

/**
 * Spends points (the coupon exchange calls this): only spendable points, soonest-expiring first,
 * once per `sourceId`. A secondary card cannot spend: the primary holds the points.
 */
export async function spendPoints(memberId: string, points: number, sourceId: string, description: string): Promise<SpendOutcome> {
  if (!Number.isInteger(points) || points <= 0) throw fail('invalid_points', 'points must be a positive integer', [{ path: 'points', message: 'positive integer' }]);
  return optimistic(async () => {
    const now = clock.now();
    const at = now.toISOString();
    const acct = await loadAccount(memberId);
    if (acct.member.familyRole === 'secondary') throw fail('forbidden', 'a secondary card cannot spend points; the primary card holds them');
    const r = spend(acct.points.state, points, today(now));
    if (!r.ok) {
      throw fail('insufficient_points', `not enough spendable points: ${r.available} available, ${points} needed`, [
        { path: 'points', message: `only ${r.available} spendable` },
      ]);
    }
    const out = await recordSpend({
      memberId,
      sourceId: `spend#${sourceId}`,
      at,
      points,
      movement: { before: acct.points, next: r.state, entries: [{ type: 'spend', points: -points, description, source: { kind: 'spend', id: sourceId } }] },
    });
    if (out.ok) return { done: { balance: out.balanceAfter, spent: points, replayed: false as boolean } };
    if (out.failed === 'already_applied') return { done: { balance: balanceOf(acct.points.state), spent: points, replayed: true } };
    return 'retry';
  });
}

export interface AdjustResult {
  entryId: string;
  balance: number;
  replayed: boolean;
  at: string;
}

/** An admin adds (positive) or removes (negative) points with a reason; audited; once per adjustmentId. */
export async function adjustPoints(actor: string, memberId: string, adjustmentId: string, points: number, reason: string): Promise<AdjustResult> {
  const brand = await brandOrFail();
  return optimistic(async () => {
    const now = clock.now();
    const at = now.toISOString();
    const day = today(now);
    const acct = await loadAccount(memberId);
    // Adjustments land on the account that holds the points (the primary for a secondary card).
    const holderPoints = acct.points;
    let next;
    if (points > 0) {
      next = credit(holderPoints.state, points, expiryDateFor(rulesFor(brand, at).expiry, day), day, false).state;
    } else {
      const r = debit(holderPoints.state, -points, day);
      if (!r.ok) {
        throw fail('insufficient_points', `the member has ${r.available} points; cannot remove ${-points}`, [
          { path: 'points', message: `at most ${r.available} can be removed` },
        ]);
      }
      next = r.state;
    }
    const out = await recordAdjustment({
      memberId,
      adjustmentId,
      actor,
      at,
      points,
      reason,
      movement: {
        before: holderPoints,
        next,
        entries: [{ type: 'adjust', points, description: points > 0 ? '积分补发' : '积分扣减', source: { kind: 'adjust', id: adjustmentId }, note: reason, ...byMember(acct) }],
      },
    });
    if (out.ok) return { done: { entryId: out.entryId, balance: out.balance, replayed: false as boolean, at } };
    if (out.failed === 'already_applied') {
      const old = out.previous;
      if (!old || old.points !== points || old.reason !== reason) throw fail('adjustment_conflict', `adjustment ${adjustmentId} was already made with different content`);
      return { done: { entryId: old.entryId, balance: old.balance, replayed: true, at: old.at } };
    }
    return 'retry';
  });
}

/**
 * Writes the expiry of one account as of `day`: one entry per expiry date that has passed, each
 * guarded by its date, so a rerun (or a concurrent run) expires nothing twice.
 */
export async function expireAccount(memberId: string, day: string, seed?: { points: Account['points'] }): Promise<{ expired: number }> {
  let first = seed?.points ?? null;
  return optimistic(async () => {
    const at = clock.now().toISOString();
    const points = first ?? (await getPoints(memberId));
    first = null;
    const e = expire(points.state, day);
    if (e.expired.length === 0) return { done: { expired: 0 } };
    const out = await recordExpiry({
      memberId,
      // One guard per run day: the expiry dates are covered by the points item's revision condition.
      guardId: `expire#${day}#${e.expired.map((x) => x.expiresOn).join(',')}`,
      at,
      movement: {
        before: points,
        next: e.state,
        entries: e.expired.map((x) => ({
          type: 'expire' as const,
          points: -x.points,
          description: '积分过期',
          source: { kind: 'expire', id: x.expiresOn },
          note: `${x.expiresOn} 到期`,
        })),
      },
    });
    if (out.ok) return { done: { expired: e.expired.reduce((s, x) => s + x.points, 0) } };
    if (out.failed === 'already_applied') return { done: { expired: 0 } };
    return 'retry';
  });
}

