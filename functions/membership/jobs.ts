/**
 * Scheduled paid-membership work, through the running-term index (GSI1 PLUSEND#<shard>), never a scan,
 * with a checkpoint per shard (`runSegmentScan`): a failed run resumes, a rerun changes nothing twice.
 * - term end: terms whose end has passed leave the index and are marked ended (the till already stops
 *   applying the plan at termEnd: it compares termEnd itself);
 * - monthly pack: every running term gets the months' coupon packs due, once per term, month and template.
 */
import { endTerm, runningTerms, termsEndedBy } from '../adapters/dynamo/membership-repo';
import { runSegmentScan } from '../adapters/dynamo/jobs-repo';
import { clock } from '../lib/clock';
import { logger } from '../lib/logger';
import { today, type JobResult } from '../core';
import { settlePacks } from './term';

export async function runTermEndJob(opts: { pageSize?: number; stopAfterPages?: number } = {}): Promise<JobResult> {
  const now = clock.now().toISOString();
  const job = 'plusEnd';
  // One run per hour of the clock: terms end at Beijing midnights, the daily schedule reaches each once.
  const runId = now.slice(0, 13);
  const scan = await runSegmentScan({
    job,
    runId,
    source: termsEndedBy(now),
    pageSize: opts.pageSize ?? 100,
    stopAfterPages: opts.stopAfterPages,
    now: () => clock.now(),
    onPage: async (terms) => {
      let changed = 0;
      for (const t of terms) if (t.termEnd <= now && (await endTerm(t, now)).ok) changed++;
      return { processed: terms.length, changed };
    },
  });
  const total: JobResult = { job, runId, ...scan };
  logger.info('membership term-end job', { ...total });
  return total;
}

export async function runPackJob(opts: { pageSize?: number; stopAfterPages?: number } = {}): Promise<JobResult> {
  const now = clock.now();
  const job = 'plusPack';
  const runId = today(now);
  const scan = await runSegmentScan({
    job,
    runId,
    source: runningTerms(now.toISOString()),
    pageSize: opts.pageSize ?? 50,
    stopAfterPages: opts.stopAfterPages,
    now: () => clock.now(),
    onPage: async (terms) => {
      let changed = 0;
      for (const t of terms) if ((await settlePacks(t.memberId, t)) > 0) changed++;
      return { processed: terms.length, changed };
    },
  });
  const total: JobResult = { job, runId, ...scan };
  logger.info('membership pack job', { ...total });
  return total;
}
