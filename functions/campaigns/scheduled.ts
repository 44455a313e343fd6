import type { ScheduledEvent } from 'aws-lambda';
import { runDueCampaigns } from './campaigns';

/** Every 5 minutes: runs the campaigns whose next occurrence is due (and resumes a run whose lease ran out). */
export async function run(_event?: ScheduledEvent) {
  return runDueCampaigns();
}
