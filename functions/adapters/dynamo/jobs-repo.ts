/** Reads for scheduled work: through indexes and resumable checkpoints, never by scanning the base table. */
import { GetCommand, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { db } from './client';
import { EXPIRY_SHARDS, keys } from './keys';

export type StartKey = Record<string, unknown> | undefined;

export interface Checkpoint {
  lastKey: StartKey;
  done: boolean;
  processed: number;
  changed: number;
  itemsRead: number;
}

export async function getCheckpoint(job: string, runId: string, segment: number): Promise<Checkpoint | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.jobSegment(job, runId, segment), ConsistentRead: true }));
  if (!res.Item) return null;
  return { lastKey: res.Item.lastKey ?? undefined, done: !!res.Item.done, processed: res.Item.processed ?? 0, changed: res.Item.changed ?? 0, itemsRead: res.Item.itemsRead ?? 0 };
}

export async function saveCheckpoint(job: string, runId: string, segment: number, c: Checkpoint, at: string) {
  const { client, table } = db();
  await client.send(
    new PutCommand({
      TableName: table,
      Item: { ...keys.jobSegment(job, runId, segment), ...c, lastKey: c.lastKey ?? null, updatedAt: at, ttl: Math.floor(Date.parse(at) / 1000) + 30 * 86_400 },
    }),
  );
}

/** One page of points accounts in an expiry shard whose soonest expiry is before `day` (GSI1). */
export async function queryExpiring(shard: number, day: string, start: StartKey, limit: number) {
  const { client, table } = db();
  const res = await client.send(
    new QueryCommand({
      TableName: table,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK < :day',
      ExpressionAttributeValues: { ':pk': `PTEXP#${shard}`, ':day': day },
      ExclusiveStartKey: start,
      Limit: limit,
    }),
  );
  return { items: res.Items ?? [], lastKey: res.LastEvaluatedKey };
}

export const expiryShards = () => Array.from({ length: EXPIRY_SHARDS }, (_, i) => i);

/** One page of a parallel scan segment over member profiles (the sparse GSI2 holds profiles only). */
export async function scanMembers(segment: number, totalSegments: number, start: StartKey, limit: number) {
  const { client, table } = db();
  const res = await client.send(
    new ScanCommand({ TableName: table, IndexName: 'GSI2', Segment: segment, TotalSegments: totalSegments, ExclusiveStartKey: start, Limit: limit }),
  );
  return { items: res.Items ?? [], lastKey: res.LastEvaluatedKey };
}

/** Member ids of one tier: a filtered parallel scan of the profile index (an admin action, not a hot path). */
export async function memberIdsInTier(tierCode: string, segments = 4): Promise<string[]> {
  const { client, table } = db();
  const ids: string[] = [];
  await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      let start: StartKey;
      do {
        const res = await client.send(
          new ScanCommand({
            TableName: table,
            IndexName: 'GSI2',
            Segment: segment,
            TotalSegments: segments,
            ExclusiveStartKey: start,
            FilterExpression: 'tierCode = :t AND (attribute_not_exists(familyRole) OR familyRole <> :sec)',
            ExpressionAttributeValues: { ':t': tierCode, ':sec': 'secondary' },
            ProjectionExpression: 'memberId',
          }),
        );
        for (const i of res.Items ?? []) ids.push(i.memberId as string);
        start = res.LastEvaluatedKey;
      } while (start);
    }),
  );
  return ids;
}
