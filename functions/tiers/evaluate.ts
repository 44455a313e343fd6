/**
 * The scheduled tier evaluation of every member: parallel scan segments over the profile index
 * (GSI2), a checkpoint per segment after each page (a failed run resumes from it), and a pure,
 * idempotent evaluation per member (evaluating twice on one day changes nothing). Writes happen
 * only for members whose tier or retention date moves, conditioned on the revision read.
 */
import { evaluateTier, qualifyingTotal, type TierState } from '../../shared/domain';
import { writeTierHistory, writeTierState } from '../adapters/dynamo/account-repo';
import { getCheckpoint, saveCheckpoint, scanMembers, type Checkpoint } from '../adapters/dynamo/jobs-repo';
import { getMember, toMember, type MemberRecord } from '../adapters/dynamo/member-repo';
import { Tx } from '../adapters/dynamo/tx';
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
    const at = clock.now().toISOString();
    const tx = new Tx();
    writeTierState(tx, m.memberId, m.qrev, { tier: r.state, extra: { tierEvaluatedOn: day } });
    if (r.change) writeTierHistory(tx, m.memberId, at, r.change, { source: `evaluation#${day}`, note: r.change.reason === 'manual_ended' ? '手动等级到期' : null });
    const out = await tx.send();
    return out.ok ? { done: true } : 'retry';
  });
  return { changed, reads };
}

export async function runTierEvaluation(opts: { runId?: string; segments?: number; pageSize?: number; stopAfterPages?: number } = {}): Promise<JobResult> {
  const day = today(clock.now());
  const runId = opts.runId ?? day;
  const segments = opts.segments ?? 4;
  const job = 'tier-eval';
  const total: JobResult = { job, runId, done: true, processed: 0, changed: 0, itemsRead: 0 };
  let pages = 0;
  await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      const cp: Checkpoint = (await getCheckpoint(job, runId, segment)) ?? { lastKey: undefined, done: false, processed: 0, changed: 0, itemsRead: 0 };
      const start = { ...cp };
      while (!cp.done) {
        if (opts.stopAfterPages !== undefined && pages >= opts.stopAfterPages) {
          total.done = false;
          break;
        }
        pages++;
        const page = await scanMembers(segment, segments, cp.lastKey, opts.pageSize ?? 200);
        cp.itemsRead += page.items.length;
        // Members of a page are evaluated a few at a time.
        const members = page.items.map(toMember);
        for (let i = 0; i < members.length; i += 16) {
          const results = await Promise.all(members.slice(i, i + 16).map((m) => evaluateMember(m, day)));
          for (const r of results) {
            cp.processed++;
            cp.itemsRead += r.reads;
            if (r.changed) cp.changed++;
          }
        }
        cp.lastKey = page.lastKey;
        cp.done = !page.lastKey;
        await saveCheckpoint(job, runId, segment, cp, clock.now().toISOString());
      }
      // This invocation's work (a resumed or repeated run reports only what it did itself).
      total.processed += cp.processed - start.processed;
      total.changed += cp.changed - start.changed;
      total.itemsRead += cp.itemsRead - start.itemsRead;
    }),
  );
  logger.info('tier evaluation', { ...total });
  return total;
}
