import type { ScheduledEvent } from 'aws-lambda';
import { withMetrics } from '../lib/metrics';
import { runReferralMaturing } from './maturing';

/** Daily: pending referrals whose return window has ended are rewarded (a rerun gives nothing twice). */
export const maturing = withMetrics(async (_event?: ScheduledEvent) => runReferralMaturing());
