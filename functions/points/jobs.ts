/**
 * Scheduled points work. The expiry job reads only accounts whose soonest expiry has passed
 * (GSI1, sharded), writes their expiry entries, and keeps a checkpoint per shard so a failed run
 * resumes where it stopped; rerunning a day expires nothing twice.
 */
import { accountsExpiringBefore, runSegmentScan } from '../adapters/dynamo/jobs-repo';
import { clock } from '../lib/clock';
import { logger } from '../lib/logger';
import { today, type JobResult } from '../core';
import { expireAccount } from './movements';

export type { JobResult } from '../core';

export async function runExpiryJob(opts: { day?: string; pageSize?: number; stopAfterPages?: number } = {}): Promise<JobResult> {
  const day = opts.day ?? today(clock.now());
  const job = 'expiry';
  const scan = await runSegmentScan({
    job,
    runId: day,
    source: accountsExpiringBefore(day),
    pageSize: opts.pageSize ?? 100,
    stopAfterPages: opts.stopAfterPages,
    now: () => clock.now(),
    onPage: async (accounts) => {
      const done = { processed: 0, changed: 0 };
      for (const points of accounts) {
        const r = await expireAccount(points.memberId, day, { points });
        done.processed++;
        if (r.expired > 0) done.changed++;
      }
      return done;
    },
  });
  const total: JobResult = { job, runId: day, ...scan };
  logger.info('expiry job', { ...total });
  return total;
}
