import type { ScheduledEvent } from 'aws-lambda';
import { withMetrics } from '../lib/metrics';
import { runDueCampaigns } from './campaigns';

/** Every 5 minutes: runs the campaigns whose next occurrence is due (and resumes a run whose lease ran out). */
export const run = withMetrics(async (_event?: ScheduledEvent) => runDueCampaigns());
