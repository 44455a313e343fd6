/**
 * The dashboard over the daily figures (issue 18): one query of the scope's figure partition from the
 * start of the previous period on (day items that exist, to the newest, and the TOTAL item), never members.
 * Closing figures (points and stored value outstanding, members) are the TOTAL's running nets less the
 * nets of the days after each day shown. A store's view: its manager or an admin.
 */
import type { Dashboard, DailyFigures, DashboardQuery, PeriodTotals } from '../../shared/contract/figures';
import { addDays } from '../../shared/domain/calendar';
import { BRAND_SCOPE, closingBalances, dayFigures, periodTotals, type DayItem } from '../../shared/domain/figures';
import { canSeeStaff } from '../../shared/domain/staff';
import { localDate } from '../../shared/domain/time';
import { getStore } from '../adapters/dynamo/brand-repo';
import { listDeskComplaints } from '../adapters/dynamo/complaint-repo';
import { figuresFrom } from '../adapters/dynamo/figures-repo';
import { clock } from '../lib/clock';
import { fail } from '../lib/errors';
import type { Session } from '../lib/session';
import { today } from '../core';

export function zeroDay(day: string): DailyFigures {
  return dayFigures(day, undefined, { pointsOutstanding: 0, storedValueOutstandingFen: 0 });
}

const daysFrom = (from: string, n: number) => Array.from({ length: n }, (_, i) => addDays(from, i));

/** A store's view: its manager (managers of other stores are refused) or an admin; an unknown store is a 404. */
export async function storeInScope(session: Session, storeId: string): Promise<{ storeId: string; storeName: string | null }> {
  if (!canSeeStaff(session, storeId)) {
    throw fail('forbidden', session.roles.includes('manager') ? `a manager sees only her own store (${session.storeId ?? 'none'}), not ${storeId}` : 'this needs the store manager or an admin');
  }
  const store = await getStore(storeId);
  if (!store) throw fail('store_not_found', `no store ${storeId}`);
  return { storeId, storeName: store.name ?? null };
}

/** The figures of `days` consecutive days ending `to`, with the previous period's: what the dashboard and the daily report show. */
export async function figuresOf(scope: string, to: string, n: number): Promise<{ days: DailyFigures[]; previous: DailyFigures[]; members: number; itemsRead: number }> {
  const from = addDays(to, -(n - 1));
  const prevFrom = addDays(from, -n);
  const read = await figuresFrom(scope, prevFrom);
  const byDay = new Map<string, DayItem>(read.days.map((d) => [d.day, d]));
  const shown = daysFrom(prevFrom, 2 * n);
  const closing = closingBalances(shown, read.total, read.days);
  const all = shown.map((d) => dayFigures(d, byDay.get(d), closing.get(d)!));
  const unanswered = await unansweredOverdue(scope);
  for (const f of all) f.complaintsOverdue += unanswered.byDueDay.get(f.day) ?? 0;
  return { previous: all.slice(0, n), days: all.slice(n), members: closing.get(to)!.members, itemsRead: read.itemsRead + unanswered.itemsRead };
}

/**
 * Complaints past due with no answer yet, by their due day. The stream counts an overdue complaint when its late
 * first answer comes (on its due day); one never answered writes nothing, so it is added here from the desk's
 * index (open states, due before now): as many items as complaints open and overdue, never members. Once
 * answered it leaves this read and the stream's count takes over: counted once either way.
 */
async function unansweredOverdue(scope: string): Promise<{ byDueDay: Map<string, number>; itemsRead: number }> {
  const now = clock.now().toISOString();
  const open = (await Promise.all([listDeskComplaints('new', now), listDeskComplaints('in_progress', now)])).flat();
  const byDueDay = new Map<string, number>();
  for (const c of open) {
    if (c.firstResponseAt || c.dueAt >= now || (scope !== BRAND_SCOPE && c.storeId !== scope)) continue;
    const day = localDate(new Date(c.dueAt));
    byDueDay.set(day, (byDueDay.get(day) ?? 0) + 1);
  }
  return { byDueDay, itemsRead: open.length };
}

const totalsOf = (days: DailyFigures[], from: string, to: string): PeriodTotals => ({ ...periodTotals(days), from, to });

/** The brand's dashboard (admins). */
export async function brandDashboard(q: DashboardQuery): Promise<Dashboard> {
  return build(q, null);
}

/** One store's dashboard: its manager or an admin. */
export async function storeDashboard(session: Session, q: DashboardQuery, storeId: string): Promise<Dashboard> {
  return build(q, await storeInScope(session, storeId));
}

async function build(q: DashboardQuery, scope: { storeId: string; storeName: string | null } | null): Promise<Dashboard> {
  const to = q.to ?? today();
  const from = addDays(to, -(q.days - 1));
  const f = await figuresOf(scope ? scope.storeId : BRAND_SCOPE, to, q.days);
  return {
    scope: scope ?? 'brand',
    from,
    to,
    days: f.days,
    totals: totalsOf(f.days, from, to),
    previous: totalsOf(f.previous, addDays(from, -q.days), addDays(from, -1)),
    members: f.members,
    // The store item read to name the store counts too.
    itemsRead: f.itemsRead + (scope ? 1 : 0),
  };
}
