/**
 * Leaderboards (issue 19, part C): a store's clerks for its manager (or an admin), every store and the
 * brand's top clerks for admins, by month, ranked by registrations or their members' net sales, with the
 * month's service ratings. One Query of the month's counters; clerks are named by the name on their role
 * item or member profile, else by a masked phone, never by their WeChat id.
 */
import type { BrandClerkLeaderboard, ClerkLeaderboardQuery, ClerkRow, ClerkStoreRow, StoreClerkLeaderboard } from '../../shared/contract/clerks';
import { leaderboardMonths, monthOfInstant, rankRows, zeroCounters, type LeaderboardSort } from '../../shared/domain/clerks';
import { maskPhone } from '../../shared/domain/phone';
import { canSeeStaff } from '../../shared/domain/staff';
import { getStore, listStores } from '../adapters/dynamo/brand-repo';
import { clerkPeople, recentRatingsAt, statRowsOf, type StatRow } from '../adapters/dynamo/clerk-repo';
import { clock } from '../lib/clock';
import { fail } from '../lib/errors';
import type { Session } from '../lib/session';
import { figuresOf } from './growth';

/** The brand's leaderboard lists this many clerks. */
export const BRAND_CLERKS_SHOWN = 50;

function period(query: ClerkLeaderboardQuery) {
  const thisMonth = monthOfInstant(clock.now());
  const months = leaderboardMonths(thisMonth);
  const month = query.month ?? thisMonth;
  const sort: LeaderboardSort = query.sort ?? 'registrations';
  return { month, months, sort };
}

async function clerkRows(rows: StatRow[], storeNames: Map<string, string>, sort: LeaderboardSort): Promise<ClerkRow[]> {
  const people = await clerkPeople(rows.map((r) => r.clerk!));
  const named = rows.map((r) => {
    const p = people.get(r.clerk!)!;
    const phoneMasked = p.phone ? maskPhone(p.phone) : null;
    return {
      ...figuresOf(r),
      ...r,
      openid: r.clerk!,
      name: p.name,
      phoneMasked,
      storeName: storeNames.get(r.storeId) ?? '',
      left: p.worksAt !== r.storeId,
      label: p.name ?? phoneMasked ?? '',
    };
  });
  return rankRows(named, sort).map((r) => ({
    rank: r.rank,
    openid: r.openid,
    name: r.name,
    phoneMasked: r.phoneMasked,
    storeId: r.storeId,
    storeName: r.storeName,
    left: r.left,
    ...figuresOf(r),
  }));
}

function storeRows(rows: StatRow[], stores: { storeId: string; name: string }[], sort: LeaderboardSort): ClerkStoreRow[] {
  const byStore = new Map(rows.filter((r) => !r.clerk).map((r) => [r.storeId, r]));
  // Every store appears, those with nothing counted with zeros.
  const all = stores.map((s) => ({ ...zeroCounters(), ...byStore.get(s.storeId), storeId: s.storeId, storeName: s.name, label: s.name }));
  for (const [id, r] of byStore) if (!stores.some((s) => s.storeId === id)) all.push({ ...r, storeName: '', label: id });
  return rankRows(all, sort).map((r) => ({ rank: r.rank, storeId: r.storeId, storeName: r.storeName, ...figuresOf(r) }));
}

export async function storeLeaderboard(session: Session, storeId: string, query: ClerkLeaderboardQuery): Promise<StoreClerkLeaderboard> {
  if (!canSeeStaff(session, storeId)) {
    throw fail('forbidden', session.roles.includes('manager') ? `a manager sees only her own store (${session.storeId ?? 'none'}), not ${storeId}` : 'this needs the store manager or an admin');
  }
  const store = await getStore(storeId);
  if (!store) throw fail('store_not_found', `no store ${storeId}`);
  const p = period(query);
  const [rows, latest] = await Promise.all([statRowsOf(p.month, storeId), recentRatingsAt(storeId)]);
  const names = new Map([[storeId, store.name]]);
  const [storeRow] = storeRows(rows, [{ storeId, name: store.name }], p.sort);
  const raters = await clerkPeople(latest.map((r) => r.clerk));
  const ratings = latest.map((r) => {
    const c = raters.get(r.clerk);
    return { at: r.at, stars: r.stars, comment: r.comment, clerkName: c?.name ?? null, clerkPhoneMasked: c?.phone ? maskPhone(c.phone) : null };
  });
  return { ...p, store: storeRow!, clerks: await clerkRows(rows.filter((r) => r.clerk), names, p.sort), ratings };
}

export async function brandLeaderboard(query: ClerkLeaderboardQuery): Promise<BrandClerkLeaderboard> {
  const p = period(query);
  const [rows, stores] = await Promise.all([statRowsOf(p.month), listStores()]);
  const names = new Map(stores.map((s) => [s.storeId, s.name]));
  const ranked = rankRows(
    rows.filter((r) => r.clerk).map((r) => ({ ...r, label: r.clerk! })),
    p.sort,
  ).slice(0, BRAND_CLERKS_SHOWN);
  return { ...p, stores: storeRows(rows, stores, p.sort), clerks: await clerkRows(ranked, names, p.sort) };
}
