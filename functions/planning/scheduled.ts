import type { ScheduledEvent } from 'aws-lambda';
import { scheduledJob } from '../lib/job';
import { runRepurchaseCare } from './repurchase';
import { runPlanningSnapshot } from './snapshot';

/** The nightly snapshot (a rerun the same day resumes from its checkpoints). */
export const snapshot = scheduledJob(async (_event?: ScheduledEvent) => runPlanningSnapshot());
/** "Time to buy again": consumables whose cycle comes round today (a same-day rerun sends nothing twice). */
export const repurchaseCare = scheduledJob(async (_event?: ScheduledEvent) => runRepurchaseCare());
