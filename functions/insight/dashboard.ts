/**
 * The dashboard over the daily figures (STUB until the figures land: every day reads as zeros).
 * Reads one STATS item per day shown (and as many for the previous period), never members.
 */
import type { Dashboard, DailyFigures, DashboardQuery, PeriodTotals } from '../../shared/contract/figures';
import { addDays } from '../../shared/domain/calendar';
import type { Session } from '../lib/session';
import { today } from '../core';

export function zeroDay(day: string): DailyFigures {
  return {
    day, newMembers: 0, newMembersBySource: {}, activeMembers: 0, orders: 0, spendFen: 0, returns: 0, refundFen: 0, repeatPurchasers: 0,
    pointsEarned: 0, pointsSpent: 0, pointsExpired: 0, pointsOutstanding: 0, couponsIssued: 0, couponsRedeemed: 0, coupons: [],
    complaintsOpened: 0, complaintsResolved: 0, complaintsOverdue: 0, ratings: 0, ratingSum: 0, careSent: 0, careNoConsent: 0,
    storedValueRechargedFen: 0, storedValueSpentFen: 0, storedValueRefundedFen: 0, storedValueOutstandingFen: 0, tierUps: 0, tierDowns: 0,
  };
}

function totals(from: string, to: string): PeriodTotals {
  const { day: _d, ...z } = zeroDay(from);
  return { ...z, from, to };
}

export async function dashboard(_session: Session, q: DashboardQuery, storeId?: string): Promise<Dashboard> {
  const to = q.to ?? today();
  const from = addDays(to, -(q.days - 1));
  const days = Array.from({ length: q.days }, (_, i) => zeroDay(addDays(from, i)));
  return {
    scope: storeId ? { storeId, storeName: null } : 'brand',
    from,
    to,
    days,
    totals: totals(from, to),
    previous: totals(addDays(from, -q.days), addDays(from, -1)),
    members: 0,
    itemsRead: 0,
  };
}
