import { randomBytes } from 'node:crypto';
import { ensureTable, startDynamoLocal, type DynamoLocal } from '../../infra/local/dynamo';
import { seedDemoBrand } from '../../infra/local/seed';

/** DynamoDB Local in memory with the project's table and the demo brand. */
export async function benchWorld(): Promise<{ dynamo: DynamoLocal; table: string }> {
  const dynamo = await startDynamoLocal({ dataDir: null });
  const table = `bench_${randomBytes(4).toString('hex')}`;
  Object.assign(process.env, {
    TABLE_NAME: table,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    WECHAT_APPID: 'bench',
    WECHAT_SECRET: 'bench',
    SESSION_SECRET: 'bench-signing-key-0123456789abcdef',
  });
  await ensureTable(dynamo.endpoint, table);
  await seedDemoBrand();
  return { dynamo, table };
}

export function percentile(samples: number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return Number(s[i]!.toFixed(3));
}

export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}
