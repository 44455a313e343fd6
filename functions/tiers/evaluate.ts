/**
 * The scheduled tier evaluation of every member: parallel scan segments over the profile index
 * (GSI2), a checkpoint per segment after each page (a failed run resumes from it), and a pure,
 * idempotent evaluation per member (evaluating twice on one day changes nothing). Writes happen
 * only for members whose tier or retention date moves, conditioned on the revision read.
 */
import { evaluateTier, qualifyingTotal, type TierState } from '../../shared/domain';
import { recordTierEvaluation } from '../adapters/dynamo/account-repo';
import { memberProfiles, runSegmentScan } from '../adapters/dynamo/jobs-repo';
import { getMember, type MemberRecord } from '../adapters/dynamo/member-repo';
import { clock } from '../lib/clock';
import { logger } from '../lib/logger';
import { brandOrFail, optimistic, today } from '../core';
import type { JobResult } from '../core';

const sameState = (a: TierState, b: TierState) =>
  a.tierCode === b.tierCode && a.since === b.since && a.retainUntil === b.retainUntil && JSON.stringify(a.manual) === JSON.stringify(b.manual);

/** Evaluates one member; returns whether anything was written. */
export async function evaluateMember(seed: MemberRecord, day: string): Promise<{ changed: boolean; reads: number }> {
  const brand = await brandOrFail();
  let member: MemberRecord | null = seed;
  let reads = 0;
  const changed = await optimistic(async () => {
    if (!member) {
      member = await getMember(seed.memberId);
      reads++;
      if (!member) return { done: false };
    }
    const m: MemberRecord = member;
    member = null;
    // A secondary card's tier is the primary's; her own record waits, frozen, until she leaves.
    if (m.familyRole === 'secondary') return { done: false };
    const r = evaluateTier(brand.tiers, m.tier, qualifyingTotal(brand.tiers, m.qualifying, day), day);
    if (sameState(r.state, m.tier)) return { done: false };
    const out = await recordTierEvaluation({ memberId: m.memberId, qrev: m.qrev, tier: r.state, change: r.change ?? null, day, at: clock.now().toISOString() });
    return out.ok ? { done: true } : 'retry';
  });
  return { changed, reads };
}

export async function runTierEvaluation(opts: { runId?: string; segments?: number; pageSize?: number; stopAfterPages?: number } = {}): Promise<JobResult> {
  const day = today(clock.now());
  const runId = opts.runId ?? day;
  const job = 'tier-eval';
  const scan = await runSegmentScan({
    job,
    runId,
    source: memberProfiles(opts.segments ?? 4),
    pageSize: opts.pageSize ?? 200,
    stopAfterPages: opts.stopAfterPages,
    now: () => clock.now(),
    // Members of a page are evaluated a few at a time.
    onPage: async (members) => {
      const done = { processed: 0, changed: 0, itemsRead: 0 };
      for (let i = 0; i < members.length; i += 16) {
        const results = await Promise.all(members.slice(i, i + 16).map((m) => evaluateMember(m, day)));
        for (const r of results) {
          done.processed++;
          done.itemsRead += r.reads;
          if (r.changed) done.changed++;
        }
      }
      return done;
    },
  });
  const total: JobResult = { job, runId, ...scan };
  logger.info('tier evaluation', { ...total });
  return total;
}
