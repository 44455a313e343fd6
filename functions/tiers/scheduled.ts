import type { ScheduledEvent } from 'aws-lambda';
import { runTierEvaluation } from './evaluate';

/** Daily tier evaluation (resumes the day's run if an earlier invocation stopped part-way). */
export async function evaluate(_event?: ScheduledEvent) {
  return runTierEvaluation();
}
