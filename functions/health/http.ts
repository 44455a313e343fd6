import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../adapters/dynamo/client';
import { fail } from '../lib/errors';
import { healthRoutes } from '../../shared/contract/routes/health';
import { route } from '../lib/http';

/** Readiness: the table answers a read. The local stack waits for this before printing its URLs. */
export const handler = route(healthRoutes, 'health', async () => {
  const { client, table } = db();
  try {
    await client.send(new GetCommand({ TableName: table, Key: { PK: 'HEALTH', SK: 'HEALTH' } }));
  } catch {
    throw fail('table_unavailable', `table ${table} is not reachable`);
  }
  return { status: 'ok' as const, table, time: new Date().toISOString() };
});
