import type { Context, ScheduledEvent } from 'aws-lambda';
import { clock } from '../lib/clock';
import { scheduledJob } from '../lib/job';
import { runReconcile } from './reconcile';
import { registerKinds } from './register-kinds';

registerKinds();

/**
 * Every 5 minutes: pending orders queried (credited once, or closed), stale refunds queried or sent
 * again, missing shipping uploads retried. A retried invocation of the same event resumes its checkpoint.
 */
export const reconcile = scheduledJob(async (event?: ScheduledEvent, context?: Context) => {
  const runId = event?.time ?? clock.now().toISOString().slice(0, 16);
  const timeLeft = () => (context?.getRemainingTimeInMillis ? context.getRemainingTimeInMillis() : Number.POSITIVE_INFINITY);
  return runReconcile({ runId, timeLeft });
});
