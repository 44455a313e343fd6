/** The two multi-request reads the repositories share: a query over all its pages, and BatchGet by key. */
import { BatchGetCommand, paginateQuery, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { db } from './client';
import { pause } from './errors';

export type Item = Record<string, unknown>;

/** Every item a query finds, page after page (DynamoDB answers at most 1 MB a page), up to `max`. */
export async function queryAll(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>, max = Infinity): Promise<Item[]> {
  const { client, table } = db();
  const out: Item[] = [];
  for await (const page of paginateQuery({ client }, { ...input, TableName: table })) {
    out.push(...(page.Items ?? []));
    if (out.length >= max) return out.slice(0, max);
  }
  return out;
}

/**
 * Items by key: 100 keys per BatchGet, up to `parallel` requests in flight, unprocessed keys sent
 * again with a backoff. Keys with no item are simply absent from the answer.
 */
export async function batchGetAll(
  keyList: Item[],
  opts: { projection?: string; names?: Record<string, string>; parallel?: number; consistent?: boolean } = {},
): Promise<Item[]> {
  const { client, table } = db();
  const chunks: Item[][] = [];
  for (let i = 0; i < keyList.length; i += 100) chunks.push(keyList.slice(i, i + 100));
  const read = {
    ...(opts.projection ? { ProjectionExpression: opts.projection } : {}),
    ...(opts.names ? { ExpressionAttributeNames: opts.names } : {}),
    ...(opts.consistent ? { ConsistentRead: true } : {}),
  };
  const out: Item[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(opts.parallel ?? 1, chunks.length) }, async () => {
      while (next < chunks.length) {
        let pending: Item[] = chunks[next++]!;
        for (let round = 0; pending.length > 0; round++) {
          if (round >= 10) throw new Error('BatchGet: keys stay unprocessed');
          if (round > 0) await pause(round);
          const res = await client.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ...read } } }));
          out.push(...(res.Responses?.[table] ?? []));
          pending = (res.UnprocessedKeys?.[table]?.Keys ?? []) as Item[];
        }
      }
    }),
  );
  return out;
}
