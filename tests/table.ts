/** Table helpers the integration tests and the benchmarks share (fixtures and "nothing written" checks). */
import { BatchWriteCommand, paginateScan } from '@aws-sdk/lib-dynamodb';
import { db } from '../functions/adapters/dynamo/client';

/**
 * How many items the table holds (a consistent count, page by page), leaving out the per-caller call
 * counters (QUOTA#…, issue 20): they count attempts, refused ones too, and are not business data.
 */
export async function countItems(): Promise<number> {
  const { client, table } = db();
  let n = 0;
  for await (const page of paginateScan(
    { client },
    { TableName: table, Select: 'COUNT', ConsistentRead: true, FilterExpression: 'NOT begins_with(PK, :q)', ExpressionAttributeValues: { ':q': 'QUOTA#' } },
  ))
    n += page.Count ?? 0;
  return n;
}

/** BatchWrite in 25s, `parallel` batches at a time, resending UnprocessedItems. */
export async function batchWriteAll(items: Record<string, unknown>[], parallel = 8) {
  const { client, table } = db();
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < batches.length) {
        let requests = batches[next++]!.map((Item) => ({ PutRequest: { Item } }));
        for (let attempt = 0; requests.length > 0; attempt++) {
          if (attempt > 20) throw new Error('BatchWrite: items stay unprocessed');
          if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
          const res = await client.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
          requests = (res.UnprocessedItems?.[table] ?? []) as typeof requests;
        }
      }
    }),
  );
}
