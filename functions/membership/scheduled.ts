import type { ScheduledEvent } from 'aws-lambda';
import { withMetrics } from '../lib/metrics';
import { runPackJob, runTermEndJob } from './jobs';

/** Daily just after midnight in Beijing: terms whose end has passed are ended. */
export const termEnd = withMetrics(async (_event?: ScheduledEvent) => runTermEndJob());

/** Daily: each running term's coupon pack of the month (once per term and month). */
export const monthlyPack = withMetrics(async (_event?: ScheduledEvent) => runPackJob());
