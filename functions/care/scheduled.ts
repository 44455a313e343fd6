import type { ScheduledEvent } from 'aws-lambda';
import type { CareJob } from '../../shared/domain';
import { scheduledJob } from '../lib/job';
import { runCareJob } from './jobs';

/**
 * Scheduled care jobs (crons in serverless.yml are UTC; the day is Asia/Shanghai's). Each run is
 * idempotent per member and occasion, so a retried or repeated invocation sends nothing twice.
 */
const run = (job: CareJob) => scheduledJob(async (_event?: ScheduledEvent) => runCareJob(job));

export const birthday = run('birthday');
export const pointsExpiring = run('pointsExpiring');
export const tier = run('tier');
export const couponExpiring = run('couponExpiring');
export const winback = run('winback');
export const complaint = run('complaint');
