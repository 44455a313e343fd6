/**
 * Scheduled points work. The expiry job reads only accounts whose soonest expiry has passed
 * (GSI1, sharded), writes their expiry entries, and keeps a checkpoint per shard so a failed run
 * resumes where it stopped; rerunning a day expires nothing twice.
 */
import { toPoints } from '../adapters/dynamo/member-repo';
import { expiryShards, getCheckpoint, queryExpiring, saveCheckpoint, type Checkpoint } from '../adapters/dynamo/jobs-repo';
import { clock } from '../lib/clock';
import { logger } from '../lib/logger';
import { today, type JobResult } from '../core';
import { expireAccount } from './movements';

export type { JobResult } from '../core';

export async function runExpiryJob(opts: { day?: string; pageSize?: number; stopAfterPages?: number } = {}): Promise<JobResult> {
  const day = opts.day ?? today(clock.now());
  const job = 'expiry';
  const total: JobResult = { job, runId: day, done: true, processed: 0, changed: 0, itemsRead: 0 };
  let pages = 0;
  await Promise.all(
    expiryShards().map(async (shard) => {
      const cp: Checkpoint = (await getCheckpoint(job, day, shard)) ?? { lastKey: undefined, done: false, processed: 0, changed: 0, itemsRead: 0 };
      const start = { ...cp };
      while (!cp.done) {
        if (opts.stopAfterPages !== undefined && pages >= opts.stopAfterPages) {
          total.done = false;
          break;
        }
        pages++;
        const page = await queryExpiring(shard, day, cp.lastKey, opts.pageSize ?? 100);
        cp.itemsRead += page.items.length;
        for (const item of page.items) {
          const memberId = item.memberId as string;
          const r = await expireAccount(memberId, day, { points: toPoints(memberId, item) });
          cp.processed++;
          if (r.expired > 0) cp.changed++;
        }
        cp.lastKey = page.lastKey;
        cp.done = !page.lastKey;
        await saveCheckpoint(job, day, shard, cp, clock.now().toISOString());
      }
      // This invocation's work (a resumed or repeated run reports only what it did itself).
      total.processed += cp.processed - start.processed;
      total.changed += cp.changed - start.changed;
      total.itemsRead += cp.itemsRead - start.itemsRead;
    }),
  );
  logger.info('expiry job', { ...total });
  return total;
}
