/**
 * A scheduled job's handler (issue 20): its metrics flushed at the end, and a time budget of what its Lambda
 * has left less 5 s, so that its DynamoDB and WeChat calls give up before Lambda kills it, and the segment
 * scans (runSegmentScan) stop at a checkpoint a minute before; the next scheduled run resumes from there.
 */
import type { Context } from 'aws-lambda';
import { withBudget } from '../adapters/budget';
import { withMetrics } from './metrics';

export function scheduledJob<E, R>(fn: (event?: E, context?: Context) => Promise<R>): (event?: E, context?: Context) => Promise<R> {
  return withMetrics(async (event?: E, context?: Context) => {
    const left = context?.getRemainingTimeInMillis?.();
    if (typeof left !== 'number' || !Number.isFinite(left)) return fn(event, context);
    return withBudget(Math.max(1000, left - 5000), () => fn(event, context));
  });
}
