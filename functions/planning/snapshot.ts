/**
 * The nightly snapshot (issue 18, part C): parallel scan segments over the profile index (GSI2), the
 * way tier evaluation runs. Each segment adds its members to a partial aggregate (shared/domain/
 * snapshot.ts) and saves it WITH its position after every page (one put), so a failed run resumes
 * from the checkpoints and never counts a page twice. When every segment is done, the partials merge
 * into the day's SNAPSHOT item (distributions, grids, pyramid, tier moves) and its histograms.
 */
import { addDays, addMonths, monthOf, qualifyingTotal, type TierProgram } from '../../shared/domain';
import type { MemberFacts, RfmConfig } from '../../shared/domain/rfm';
import { addMember, emptyPartial, mergePartials, pyramidOf, tierMovesByMonth, type SnapshotPartial } from '../../shared/domain/snapshot';
import { memberProfiles, tierEventsOn } from '../adapters/dynamo/jobs-repo';
import type { MemberRecord } from '../adapters/dynamo/member-repo';
import { getSnapshotSegment, newestSnapshot, putSnapshot, saveSnapshotSegment, type StoredSnapshot } from '../adapters/dynamo/planning-repo';
import { rfmConfig } from '../facts/collaboration';
import { clock } from '../lib/clock';
import { logger } from '../lib/logger';
import { brandOrFail, today } from '../core';

export const factsOfProfile = (m: MemberRecord): Pick<MemberFacts, 'tierCode' | 'firstPurchaseAt' | 'lastPurchaseAt' | 'months'> => ({
  tierCode: m.tier.tierCode,
  firstPurchaseAt: m.firstPurchaseAt,
  lastPurchaseAt: m.lastPurchaseAt,
  months: m.factMonths ?? {},
});

/** Adds one profile (the snapshot's and the brute-force test's shared definition). */
export function addProfile(p: SnapshotPartial, m: MemberRecord, program: Pick<TierProgram, 'basis' | 'window'>, day: string, config: RfmConfig) {
  addMember(p, { facts: factsOfProfile(m), qualifying: m.familyRole === 'secondary' ? null : qualifyingTotal(program, m.qualifying, day) }, day, config);
}

async function pool<T>(items: T[], n: number, fn: (t: T) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => { while (next < items.length) await fn(items[next++]!); }));
}

/**
 * Tier moves per month for the 12 months ending with `day`'s month: months wholly before the previous
 * snapshot's month come from it; the rest are counted from the tier history's day index (TIEREVT#<day>).
 */
async function tierMoves(day: string, prev: StoredSnapshot | null, program: TierProgram): Promise<{ moves: StoredSnapshot['tierMoves']; itemsRead: number }> {
  const months = Array.from({ length: 12 }, (_, i) => monthOf(addMonths(`${monthOf(day)}-01`, -(11 - i))));
  const first = `${months[0]}-01`;
  const kept = new Map<string, { ups: number; downs: number }>();
  let from = first;
  if (prev && prev.day <= day) {
    const prevMonth = monthOf(prev.day);
    for (const m of prev.tierMoves) if (m.month >= months[0]! && m.month < prevMonth) kept.set(m.month, { ups: m.ups, downs: m.downs });
    if (`${prevMonth}-01` > from) from = `${prevMonth}-01`;
  }
  const days: string[] = [];
  for (let d = from; d <= day; d = addDays(d, 1)) days.push(d);
  const events: { from: string; to: string; day: string }[] = [];
  let itemsRead = 0;
  await pool(days, 16, async (d) => {
    const r = await tierEventsOn(d);
    itemsRead += r.itemsRead;
    for (const e of r.events) events.push({ from: e.from, to: e.to, day: d });
  });
  const rank = new Map(program.tiers.map((t) => [t.code, t.rank]));
  const counted = tierMovesByMonth(events, (c) => rank.get(c));
  return {
    moves: months.map((month) => ({ month, ...(kept.get(month) ?? counted[month] ?? { ups: 0, downs: 0 }) })),
    itemsRead,
  };
}

export interface SnapshotJobResult {
  job: 'planning-snapshot';
  runId: string;
  done: boolean;
  processed: number;
  itemsRead: number;
  snapshot: StoredSnapshot | null;
}

export async function runPlanningSnapshot(opts: { runId?: string; segments?: number; pageSize?: number; stopAfterPages?: number } = {}): Promise<SnapshotJobResult> {
  const day = today(clock.now());
  const runId = opts.runId ?? day;
  const segments = opts.segments ?? 4;
  const pageSize = opts.pageSize ?? 200;
  const [brand, config] = await Promise.all([brandOrFail(), rfmConfig()]);
  const source = memberProfiles(segments);
  let pages = 0;
  let stopped = false;
  let processed = 0;
  let itemsRead = 0;
  const states = await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      const s = (await getSnapshotSegment(runId, segment)) ?? { lastKey: undefined, done: false, processed: 0, itemsRead: 0, partial: null };
      const partial = s.partial ?? emptyPartial(config);
      while (!s.done) {
        if (opts.stopAfterPages !== undefined && pages >= opts.stopAfterPages) {
          stopped = true;
          break;
        }
        pages++;
        const page = await source.page(segment, s.lastKey, pageSize);
        for (const m of page.items) addProfile(partial, m, brand.tiers, day, config);
        s.processed += page.items.length;
        s.itemsRead += page.items.length;
        processed += page.items.length;
        itemsRead += page.items.length;
        s.lastKey = page.lastKey;
        s.done = !page.lastKey;
        await saveSnapshotSegment(runId, segment, { ...s, partial }, clock.now().toISOString());
      }
      return { ...s, partial };
    }),
  );
  if (stopped || states.some((s) => !s.done)) return { job: 'planning-snapshot', runId, done: false, processed, itemsRead, snapshot: null };

  const total = states.map((s) => s.partial).reduce((a, b) => mergePartials(a, b), emptyPartial(config));
  const prev = await newestSnapshot();
  const moves = await tierMoves(day, prev, brand.tiers);
  const snapshot: StoredSnapshot = {
    day,
    takenAt: clock.now().toISOString(),
    members: total.members,
    tiers: total.tiers,
    tierMoves: moves.moves,
    lifecycle: total.lifecycle,
    rf: total.rf,
    rm: total.rm,
    pyramid: pyramidOf(total.spend) as unknown as Record<string, unknown>[],
    itemsRead: states.reduce((a, s) => a + s.itemsRead, 0) + moves.itemsRead,
  };
  await putSnapshot(snapshot, { spend: total.spend, qualifying: total.qualifying });
  const result = { job: 'planning-snapshot' as const, runId, done: true, processed, itemsRead: itemsRead + moves.itemsRead, snapshot };
  logger.info('planning snapshot', { runId, processed, itemsRead: result.itemsRead, members: snapshot.members });
  return result;
}
