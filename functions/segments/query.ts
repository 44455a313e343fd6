/**
 * Who is in a segment: the 16 shards of the member index (GSI2 MEMBERS#<shard>) queried in
 * parallel, each profile tested with the pure `matches` (shared/domain/rfm.ts). Points balances
 * live on the points account, so a filter on points reads them (BatchGet) only for the members that
 * pass every other criterion. Used by the segment routes and by campaigns.
 */
import type { Segment, SegmentFilter } from '../../shared/contract/segments';
import { matches, needsPoints, type RfmConfig } from '../../shared/domain/rfm';
import { pointsBalances, scanMemberIndex, type ProfileFacts } from '../adapters/dynamo/facts-repo';
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

/** Member ids in the segment as of `today` (local date, Asia/Shanghai), sorted, with the items read. */
export async function membersMatching(filter: SegmentFilter, opts: { today: string }): Promise<{ memberIds: string[]; itemsRead: number }> {
  const r = await profilesMatching(filter, { today: opts.today });
  return { memberIds: r.profiles.map((p) => p.memberId), itemsRead: r.itemsRead };
}
