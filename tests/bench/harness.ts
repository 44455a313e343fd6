import { randomBytes } from 'node:crypto';
import { ensureTable, startDynamoLocal, type DynamoLocal } from '../../infra/local/dynamo';
import { generateLocalPayKeys, payBackendEnv, type LocalPayKeys } from '../../infra/local/pay-keys';
import { seedDemoBrand } from '../../infra/local/seed';

/** DynamoDB Local in memory with the project's table and the demo brand. */
export async function benchWorld(): Promise<{ dynamo: DynamoLocal; table: string; pay: LocalPayKeys }> {
  const [dynamo, pay] = await Promise.all([startDynamoLocal({ dataDir: null }), generateLocalPayKeys()]);
  const table = `bench_${randomBytes(4).toString('hex')}`;
  Object.assign(process.env, {
    TABLE_NAME: table,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    WECHAT_APPID: 'bench',
    WECHAT_SECRET: 'bench',
    SESSION_SECRET: 'bench-signing-key-0123456789abcdef',
    // WeChat Pay keys of this run: notifications are built with pay (buildNotification in
    // infra/wechat-standin/pay.ts); a bench that calls WeChat Pay starts a stand-in with payKeys: pay.
    ...payBackendEnv(pay, { apiBase: 'http://127.0.0.1:1', notifyUrl: 'http://127.0.0.1:1/pay/wechat/notify' }),
  });
  await ensureTable(dynamo.endpoint, table);
  await seedDemoBrand();
  return { dynamo, table, pay };
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

/**
 * Our code against the bare calls, alternated in one run so machine noise hits both alike: each
 * function prepares its own fixture and answers the milliseconds of the timed part. Answers the
 * paired figures and prints them under `label`.
 */
export async function alternate(
  bench: string,
  label: string,
  ours: () => Promise<number>,
  bare: () => Promise<number>,
  o: { n: number; warmup: number },
) {
  for (let i = 0; i < o.warmup; i++) {
    await ours();
    await bare();
  }
  const oursMs: number[] = [];
  const bareMs: number[] = [];
  for (let i = 0; i < o.n; i++) {
    oursMs.push(await ours());
    bareMs.push(await bare());
  }
  const figures = {
    bench,
    samples: o.n,
    p50Ms: percentile(oursMs, 50),
    p95Ms: percentile(oursMs, 95),
    bareP50Ms: percentile(bareMs, 50),
    bareP95Ms: percentile(bareMs, 95),
    ratio: Number((percentile(oursMs, 50) / percentile(bareMs, 50)).toFixed(2)),
  };
  const w = Math.max(label.length, 27);
  console.log(`${label.padEnd(w)} p50 ${figures.p50Ms} ms, p95 ${figures.p95Ms} ms`);
  console.log(`${'bare DynamoDB calls'.padEnd(w)} p50 ${figures.bareP50Ms} ms, p95 ${figures.bareP95Ms} ms`);
  console.log(`${'ratio (p50 ours / p50 bare)'.padEnd(w)} ${figures.ratio}`);
  return figures;
}
