import { tableReachable } from '../adapters/dynamo/health-repo';
import { fail } from '../lib/errors';
import { healthRoutes } from '../../shared/contract/routes/health';
import { route } from '../lib/http';

/** Readiness: the table answers a read. The local stack waits for this before printing its URLs. */
export const handler = route(healthRoutes, 'health', async () => {
  const { table, reachable } = await tableReachable();
  if (!reachable) throw fail('table_unavailable', `table ${table} is not reachable`);
  return { status: 'ok' as const, table, time: new Date().toISOString() };
});
