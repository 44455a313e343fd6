import type { ScheduledEvent } from 'aws-lambda';
import { withMetrics } from '../lib/metrics';
import { runRepurchaseCare } from './repurchase';
import { runPlanningSnapshot } from './snapshot';

/** The nightly snapshot (a rerun the same day resumes from its checkpoints). */
export const snapshot = withMetrics(async (_event?: ScheduledEvent) => runPlanningSnapshot());
/** "Time to buy again": consumables whose cycle comes round today (a same-day rerun sends nothing twice). */
export const repurchaseCare = withMetrics(async (_event?: ScheduledEvent) => runRepurchaseCare());
