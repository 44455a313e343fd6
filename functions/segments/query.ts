/**
 * Who is in a segment: the 16 shards of the member index (GSI2 MEMBERS#<shard>) queried in
 * parallel, each profile tested with the pure `matches` (shared/domain/rfm.ts). Points balances
 * live on the points account, so a filter on points reads them (BatchGet) only for the members that
 * pass every other criterion. Used by the segment routes and by campaigns.
 *
 * That live path reads every profile (about 1 s for 20,000 members): a large brand (the latest member-facts
 * export counts at least ANALYTICS_THRESHOLD members, default 50,000) takes the analytical path instead
 * (functions/analytics: SQL over Parquet on DuckDB locally, Athena in AWS), whose facts are as of `asOf`.
 */
import type { Segment, SegmentFilter } from '../../shared/contract/segments';
import { matches, needsPoints, type RfmConfig } from '../../shared/domain/rfm';
import { pointsBalances, scanMemberIndex, type ProfileFacts } from '../adapters/dynamo/facts-repo';
import { profilesByIds } from '../adapters/dynamo/analytics-repo';
import { readSegment } from '../adapters/dynamo/segment-repo';
import { rfmConfig } from '../facts/collaboration';

/** A saved segment, or null when there is none with this id. */
export async function getSegment(id: string): Promise<Segment | null> {
  return readSegment(id);
}

/** The account whose points a member sees: the family's primary for a secondary card. */
const accountOf = (p: ProfileFacts) => (p.familyRole === 'secondary' && p.familyPrimaryId ? p.familyPrimaryId : p.memberId);

/**
 * Profiles in the segment, with their points balance when `withPoints` (or the filter needs it).
 * `itemsRead` counts profiles and points accounts read.
 */
export async function profilesMatching(
  filter: SegmentFilter,
  opts: { today: string; withPoints?: boolean; config?: RfmConfig },
): Promise<{ profiles: ProfileFacts[]; itemsRead: number }> {
  const config = opts.config ?? (await rfmConfig());
  const { pointsMin: _min, pointsMax: _max, ...rest } = filter;
  const points = needsPoints(filter);
  const found: ProfileFacts[] = [];
  let itemsRead = await scanMemberIndex((page) => {
    for (const p of page) if (matches(rest, p, opts.today, config)) found.push(p);
  });
  if (!points && !opts.withPoints) return { profiles: sortById(found), itemsRead };
  const b = await pointsBalances(found.map(accountOf));
  itemsRead += b.itemsRead;
  for (const p of found) p.pointsBalance = b.balances.get(accountOf(p)) ?? 0;
  return { profiles: sortById(points ? found.filter((p) => matches(filter, p, opts.today, config)) : found), itemsRead };
}

const sortById = (ps: ProfileFacts[]) => ps.sort((a, b) => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0));

/** Which path answered: live (every profile read now) or analytics (facts as of `asOf`). */
export type SegmentPath = { engine: 'live'; asOf: null } | { engine: 'analytics'; asOf: string };

/**
 * The segment's size and its first `limit` members (all when null), sorted by id, by the path the brand's
 * size calls for; on the live path also their profiles (with points when `withPoints`).
 */
export async function segmentMembers(
  filter: SegmentFilter,
  opts: { today: string; config?: RfmConfig; limit: number | null; withPoints?: boolean; path?: 'live' | 'analytics' },
): Promise<SegmentPath & { count: number; memberIds: string[]; itemsRead: number; profiles: ProfileFacts[] | null }> {
  const config = opts.config ?? (await rfmConfig());
  // Loaded on first use: the S3 and Parquet code stays out of the segments' and campaigns' module init.
  const analytics = await import('../analytics/collaboration');
  const manifest = opts.path === 'live' ? null : await analytics.analyticalPath();
  if (manifest || opts.path === 'analytics') {
    const r = await analytics.segmentByAnalytics(filter, { today: opts.today, config, limit: opts.limit, ...(manifest ? { manifest } : {}) });
    return { engine: 'analytics', asOf: r.asOf, count: r.count, memberIds: r.memberIds, itemsRead: 0, profiles: null };
  }
  const r = await profilesMatching(filter, { today: opts.today, config, ...(opts.withPoints ? { withPoints: true } : {}) });
  const profiles = opts.limit === null ? r.profiles : r.profiles.slice(0, opts.limit);
  return { engine: 'live', asOf: null, count: r.profiles.length, memberIds: profiles.map((p) => p.memberId), itemsRead: r.itemsRead, profiles };
}

/** Profiles of members found on the analytical path, read now (with their points balance when asked). */
export async function profilesOf(memberIds: readonly string[], withPoints: boolean): Promise<{ profiles: ProfileFacts[]; itemsRead: number }> {
  const r = await profilesByIds(memberIds);
  if (!withPoints) return r;
  const b = await pointsBalances(r.profiles.map(accountOf));
  for (const p of r.profiles) p.pointsBalance = b.balances.get(accountOf(p)) ?? 0;
  return { profiles: r.profiles, itemsRead: r.itemsRead + b.itemsRead };
}

/**
 * Member ids in the segment as of `today` (local date, Asia/Shanghai), sorted, with the items read and the
 * path taken (campaigns use the list). `path` forces one (tests compare them).
 */
export async function membersMatching(
  filter: SegmentFilter,
  opts: { today: string; path?: 'live' | 'analytics' },
): Promise<{ memberIds: string[]; itemsRead: number } & SegmentPath> {
  const r = await segmentMembers(filter, { today: opts.today, limit: null, ...(opts.path ? { path: opts.path } : {}) });
  return r.engine === 'live'
    ? { memberIds: r.memberIds, itemsRead: r.itemsRead, engine: 'live', asOf: null }
    : { memberIds: r.memberIds, itemsRead: r.itemsRead, engine: 'analytics', asOf: r.asOf };
}
