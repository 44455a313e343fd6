import type { ScheduledEvent } from 'aws-lambda';
import { scheduledJob } from '../lib/job';
import { runDueCampaigns } from './campaigns';

/** Every 5 minutes: runs the campaigns whose next occurrence is due (and resumes a run whose lease ran out). */
export const run = scheduledJob(async (_event?: ScheduledEvent) => runDueCampaigns());
