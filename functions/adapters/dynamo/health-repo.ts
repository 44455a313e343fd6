/** Readiness of the table: one read by key (the item need not exist). */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { db } from './client';
import { healthKey } from './keys';

/** The table's name and whether it answers a read. */
export async function tableReachable(): Promise<{ table: string; reachable: boolean }> {
  const { client, table } = db();
  try {
    await client.send(new GetCommand({ TableName: table, Key: healthKey() }));
    return { table, reachable: true };
  } catch {
    return { table, reachable: false };
  }
}
