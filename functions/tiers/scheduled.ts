import type { ScheduledEvent } from 'aws-lambda';
import { scheduledJob } from '../lib/job';
import { runTierEvaluation } from './evaluate';

/** Daily tier evaluation (resumes the day's run if an earlier invocation stopped part-way). */
export const evaluate = scheduledJob(async (_event?: ScheduledEvent) => runTierEvaluation());
