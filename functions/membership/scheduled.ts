import type { ScheduledEvent } from 'aws-lambda';
import { scheduledJob } from '../lib/job';
import { runPackJob, runTermEndJob } from './jobs';

/** Daily just after midnight in Beijing: terms whose end has passed are ended. */
export const termEnd = scheduledJob(async (_event?: ScheduledEvent) => runTermEndJob());

/** Daily: each running term's coupon pack of the month (once per term and month). */
export const monthlyPack = scheduledJob(async (_event?: ScheduledEvent) => runPackJob());
