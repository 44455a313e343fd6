import type { ScheduledEvent } from 'aws-lambda';
import { birthdaysCelebratedOn } from '../../shared/domain';
import { membersBornOn } from '../adapters/dynamo/jobs-repo';
import { clock } from '../lib/clock';
import { logger } from '../lib/logger';
import { scheduledJob } from '../lib/job';
import { today } from '../core';
import { runExpiryJob } from './jobs';
import { awardEvent } from './movements';

/** Daily, just after midnight in the brand's time zone: points whose last day has passed expire. */
export const expiry = scheduledJob(async (_event?: ScheduledEvent) => runExpiryJob());

/**
 * Daily: the birthday bonus (when the rules give one) to members whose birthday is today (29
 * February on 28 February in other years), found through GSI1 (BIRTHDAY#MMDD); once per member and year.
 */
export const birthdayBonus = scheduledJob(async (_event?: ScheduledEvent) => {
  const day = today(clock.now());
  let awarded = 0;
  let read = 0;
  for (const mmdd of birthdaysCelebratedOn(day)) {
    const born = await membersBornOn(mmdd);
    for (const memberId of born.memberIds) {
      read++;
      const r = await awardEvent(memberId, 'birthday', day.slice(0, 4));
      if (r.kind === 'awarded') awarded++;
    }
  }
  logger.info('birthday bonus', { day, read, awarded });
  return { day, read, awarded };
});
