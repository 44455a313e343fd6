import type { ScheduledEvent } from 'aws-lambda';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../adapters/dynamo/client';
import { clock } from '../lib/clock';
import { logger } from '../lib/logger';
import { today } from './context';
import { runExpiryJob } from './jobs';
import { awardEvent } from './movements';

/** Daily, just after midnight in the brand's time zone: points whose last day has passed expire. */
export async function expiry(_event?: ScheduledEvent) {
  return runExpiryJob();
}

/**
 * Daily: the birthday bonus (when the rules give one) to members whose birthday is today, found
 * through GSI1 (BIRTHDAY#MMDD); once per member and year.
 */
export async function birthdayBonus(_event?: ScheduledEvent) {
  const day = today(clock.now());
  const { client, table } = db();
  let start: Record<string, unknown> | undefined;
  let awarded = 0;
  let read = 0;
  do {
    const res = await client.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': `BIRTHDAY#${day.slice(5, 7)}${day.slice(8, 10)}` },
        ExclusiveStartKey: start,
      }),
    );
    for (const i of res.Items ?? []) {
      read++;
      const r = await awardEvent(i.memberId as string, 'birthday', day.slice(0, 4));
      if (r.kind === 'awarded') awarded++;
    }
    start = res.LastEvaluatedKey;
  } while (start);
  logger.info('birthday bonus', { day, read, awarded });
  return { day, read, awarded };
}
