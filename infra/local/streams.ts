/**
 * The table's stream, read locally the way Lambda's event source mapping reads it in AWS: every shard
 * from TRIM_HORIZON, then after the last sequence number handed over, in batches, to the same handler
 * (functions/insight/stream.ts). `npm start` polls every second; tests call `drainStream()` to have
 * every change so far consumed before they look at the figures.
 */
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { handler } from '../../functions/insight/stream';
import { config } from '../../functions/lib/config';

interface PollState {
  arn: string | null;
  /** shardId -> last sequence number handed to the handler. */
  after: Map<string, string>;
  /** Closed shards read to their end. */
  finished: Set<string>;
}

const states = new Map<string, PollState>();
const BATCH = 100;
let running: Promise<number> | null = null;

function clients() {
  const c = config();
  const opts = { region: c.region, endpoint: c.dynamoEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
  return { ddb: new DynamoDBClient(opts), streams: new DynamoDBStreamsClient(opts), table: c.tableName };
}

async function shardsOf(streams: DynamoDBStreamsClient, arn: string): Promise<Shard[]> {
  const out: Shard[] = [];
  let start: string | undefined;
  do {
    const d = await streams.send(new DescribeStreamCommand({ StreamArn: arn, ExclusiveStartShardId: start }));
    out.push(...(d.StreamDescription?.Shards ?? []));
    start = d.StreamDescription?.LastEvaluatedShardId;
  } while (start);
  return out;
}

/**
 * The SDK's stream client reads an empty map attribute ({"M":{}} on the wire) back as `{}`; Lambda's
 * event keeps the wire form. Put it back so the handler sees what it sees in AWS.
 */
function wire(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(wire);
  if (!v || typeof v !== 'object' || v instanceof Uint8Array) return v;
  const o = v as Record<string, unknown>;
  if (Object.keys(o).length === 0) return { M: {} };
  if ('M' in o) return { M: Object.fromEntries(Object.entries(o.M as Record<string, unknown>).map(([k, x]) => [k, wire(x)])) };
  if ('L' in o) return { L: (o.L as unknown[]).map(wire) };
  return o;
}

function asLambdaRecord(r: unknown): DynamoDBRecord {
  const rec = r as DynamoDBRecord & { dynamodb?: Record<string, unknown> };
  const d = rec.dynamodb ?? {};
  const images = ['Keys', 'NewImage', 'OldImage'] as const;
  const fixed: Record<string, unknown> = { ...d };
  for (const k of images) if (d[k]) fixed[k] = Object.fromEntries(Object.entries(d[k] as Record<string, unknown>).map(([a, x]) => [a, wire(x)]));
  return { ...rec, dynamodb: fixed } as DynamoDBRecord;
}

/** Hands every change not yet consumed to the stream handler; the number of records handed over. */
async function drainOnce(): Promise<number> {
  const { ddb, streams, table } = clients();
  try {
    let state = states.get(table);
    if (!state) {
      state = { arn: null, after: new Map(), finished: new Set() };
      states.set(table, state);
    }
    if (!state.arn) {
      const t = await ddb.send(new DescribeTableCommand({ TableName: table }));
      state.arn = t.Table?.LatestStreamArn ?? null;
      if (!state.arn) throw new Error(`table ${table} has no stream (infra/table.yml StreamSpecification)`);
    }
    let handed = 0;
    // Parents before children, so an item's changes stay in order across a shard split.
    const shards = (await shardsOf(streams, state.arn)).sort((a, b) => (a.SequenceNumberRange?.StartingSequenceNumber ?? '').localeCompare(b.SequenceNumberRange?.StartingSequenceNumber ?? '', 'en', { numeric: true }));
    for (const shard of shards) {
      const id = shard.ShardId!;
      if (state.finished.has(id)) continue;
      const last = state.after.get(id);
      let iterator = (
        await streams.send(
          new GetShardIteratorCommand({
            StreamArn: state.arn,
            ShardId: id,
            ShardIteratorType: last ? 'AFTER_SEQUENCE_NUMBER' : 'TRIM_HORIZON',
            SequenceNumber: last,
          }),
        )
      ).ShardIterator;
      while (iterator) {
        const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: BATCH }));
        const records = (page.Records ?? []).map(asLambdaRecord);
        if (records.length > 0) {
          const event: DynamoDBStreamEvent = { Records: records.map((r) => ({ ...r, eventSource: 'aws:dynamodb', eventSourceARN: state!.arn! })) };
          await handler(event);
          state.after.set(id, records[records.length - 1]!.dynamodb!.SequenceNumber!);
          handed += records.length;
        }
        if (!page.NextShardIterator) state.finished.add(id);
        if (records.length === 0) break;
        iterator = page.NextShardIterator;
      }
    }
    return handed;
  } finally {
    ddb.destroy();
    streams.destroy();
  }
}

/**
 * Every record the stream still holds, read again from TRIM_HORIZON as Lambda would deliver them: what a test
 * replays to show the consumer counts each change once (a re-delivery of everything). Consumes nothing.
 */
export async function allStreamRecords(): Promise<DynamoDBRecord[]> {
  const { ddb, streams, table } = clients();
  try {
    const arn = (await ddb.send(new DescribeTableCommand({ TableName: table }))).Table?.LatestStreamArn;
    if (!arn) throw new Error(`table ${table} has no stream (infra/table.yml StreamSpecification)`);
    const out: DynamoDBRecord[] = [];
    const shards = (await shardsOf(streams, arn)).sort((a, b) => (a.SequenceNumberRange?.StartingSequenceNumber ?? '').localeCompare(b.SequenceNumberRange?.StartingSequenceNumber ?? '', 'en', { numeric: true }));
    for (const shard of shards) {
      let iterator = (await streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shard.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
      while (iterator) {
        const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
        const records = (page.Records ?? []).map(asLambdaRecord);
        out.push(...records);
        if (records.length === 0) break;
        iterator = page.NextShardIterator;
      }
    }
    return out;
  } finally {
    ddb.destroy();
    streams.destroy();
  }
}

/** Consumes every change written so far (one drain at a time; a second caller waits for it, then drains again). */
export async function drainStream(): Promise<number> {
  while (running) await running.catch(() => undefined);
  running = drainOnce();
  try {
    return await running;
  } finally {
    running = null;
  }
}

/** Polls the stream every `intervalMs` until stopped (the local stack). A failing batch is retried on the next tick. */
export function startStreamPoller(intervalMs = 1000, log: (m: string) => void = () => undefined): () => void {
  let stopped = false;
  const tick = async () => {
    if (stopped) return;
    try {
      await drainStream();
    } catch (e) {
      log(`stream consumer: ${(e as Error).message}`);
    }
    if (!stopped) timer = setTimeout(tick, intervalMs);
  };
  let timer = setTimeout(tick, intervalMs);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
