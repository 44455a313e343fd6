import type { ScheduledEvent } from 'aws-lambda';
import { withMetrics } from '../lib/metrics';
import { runTierEvaluation } from './evaluate';

/** Daily tier evaluation (resumes the day's run if an earlier invocation stopped part-way). */
export const evaluate = withMetrics(async (_event?: ScheduledEvent) => runTierEvaluation());
