/**
 * The nightly full export of member facts (serverless.yml `analyticsExport`, issue 18 item 7): every profile
 * of the member index (GSI2, 16 shards in parallel, the read segments make) as fact rows, with the balances
 * of their points accounts, written as Parquet parts to S3; then the manifest (row count, files, taken at).
 * Checkpointed per shard (runSegmentScan: JOB#analyticsExport#<runId>): a run that died resumes where it
 * stopped, and a part is named after its shard and start key, so a page read again rewrites its own object
 * (each member is in exactly one part of a generation). When the manifest is written, the superseded generation and the deltas it covers are deleted.
 */
import { runSegmentScan } from '../adapters/dynamo/jobs-repo';
import { getCheckpoint } from '../adapters/dynamo/jobs-repo';
import { pointsBalances } from '../adapters/dynamo/facts-repo';
import { profileShards } from '../adapters/dynamo/analytics-repo';
import { MEMBER_SHARDS } from '../adapters/dynamo/keys';
import { deleteObjects, getText, listObjects, putObject } from '../adapters/s3/objects';
import { clock } from '../lib/clock';
import { logger } from '../lib/logger';
import { today } from '../core';
import { FULL_EXPORT_SEQ, memberFactRow, type PointsFactRow } from '../../shared/domain/segment-sql';
import { memberFactsParquet, pointsFactsParquet } from './parquet';
import { DELTA_MARGIN_MS, layout, markStarted, readManifest, STARTED_CACHE_MS, writeManifest, type Manifest } from './store';

export const EXPORT_JOB = 'analyticsExport';
const PARQUET = 'application/vnd.apache.parquet';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The run's start (its rows' version), kept in S3 so that a resumed run writes the same version. */
async function runStart(runId: string): Promise<{ takenAt: string; version: number; day: string }> {
  const key = `${layout.membersFull(runId)}_run.json`;
  const text = await getText(key);
  if (text) return JSON.parse(text) as { takenAt: string; version: number; day: string };
  const run = { takenAt: clock.now().toISOString(), version: Date.now(), day: today() };
  await putObject(key, JSON.stringify(run), 'application/json');
  return run;
}

export interface ExportResult {
  runId: string;
  done: boolean;
  rowCount: number;
  files: number;
  bytes: number;
}

/**
 * Exports every member's facts. `runId` defaults to today's local date (one run a night; a rerun the same
 * day finds the manifest and does nothing). `pageSize` members per part (DynamoDB returns at most 1 MB).
 */
export async function runFullExport(opts: { runId?: string; pageSize?: number; stopAfterPages?: number } = {}): Promise<ExportResult> {
  const runId = opts.runId ?? today();
  const existing = await getText(layout.manifest(runId));
  if (existing) {
    const m = JSON.parse(existing) as Manifest;
    return { runId, done: true, rowCount: m.rowCount, files: m.files.members.length + m.files.points.length, bytes: m.bytes };
  }
  // The first export ever: the stream consumer writes deltas only once it knows exports exist; wait until
  // every warm consumer has looked again, so that no change made while this export reads is lost.
  if (await markStarted(clock.now().toISOString())) await sleep(STARTED_CACHE_MS() + 1000);
  const run = await runStart(runId);
  // One day for the whole run, also when it resumes on another: every part has the same window base.
  const day = run.day;
  const scan = await runSegmentScan({
    job: EXPORT_JOB,
    runId,
    source: profileShards(),
    pageSize: opts.pageSize ?? 2000,
    stopAfterPages: opts.stopAfterPages,
    now: () => clock.now(),
    onPage: async (pages) => {
      let processed = 0;
      let accounts = 0;
      let itemsRead = 0;
      for (const { name, profiles } of pages) {
        const rows = profiles.map((p) => memberFactRow(p, day, run.version, FULL_EXPORT_SEQ));
        // Each page writes its own members' accounts: every account once per generation (a secondary card's
        // row names her primary's account, written with the primary's page).
        const balances = await pointsBalances(profiles.map((p) => p.memberId));
        const points: PointsFactRow[] = [...balances.balances].map(([account, balance]) => ({ account_id: account, version: run.version, seq: FULL_EXPORT_SEQ, deleted: false, balance }));
        const file = `part-${encodeURIComponent(name)}.parquet`;
        await putObject(`${layout.membersFull(runId)}${file}`, memberFactsParquet(rows), PARQUET);
        if (points.length) await putObject(`${layout.pointsFull(runId)}${file}`, pointsFactsParquet(points), PARQUET);
        processed += profiles.length;
        accounts += points.length;
        itemsRead += profiles.length - 1 + balances.itemsRead;
      }
      return { processed, changed: accounts, itemsRead };
    },
  });
  if (!scan.done) return { runId, done: false, rowCount: 0, files: 0, bytes: 0 };

  let rowCount = 0;
  let pointsRowCount = 0;
  for (let s = 0; s < MEMBER_SHARDS; s++) {
    const cp = await getCheckpoint(EXPORT_JOB, runId, s);
    rowCount += cp?.processed ?? 0;
    pointsRowCount += cp?.changed ?? 0;
  }
  const [members, points] = await Promise.all([listObjects(layout.membersFull(runId)), listObjects(layout.pointsFull(runId))]);
  const parts = (os: { key: string; size: number }[]) => os.filter((o) => o.key.endsWith('.parquet')).map((o) => ({ key: o.key, size: o.size }));
  const files = { members: parts(members), points: parts(points) };
  const bytes = [...files.members, ...files.points].reduce((s, f) => s + f.size, 0);
  const previous = await readManifest(true);
  await writeManifest({ runId, takenAt: run.takenAt, day: run.day, version: run.version, rowCount, pointsRowCount, files, bytes, finishedAt: clock.now().toISOString() });
  await sweep(runId, run.version, previous);
  logger.info('analytics export done', { runId, rowCount, pointsRowCount, files: files.members.length + files.points.length, bytes });
  return { runId, done: true, rowCount, files: files.members.length + files.points.length, bytes };
}

/** Deletes the generations before this one and the deltas older than it (less the margin). */
async function sweep(runId: string, version: number, _previous: Manifest | null): Promise<void> {
  const old: string[] = [];
  for (const root of [layout.membersRoot(), layout.pointsRoot()]) {
    for (const o of await listObjects(`${root}full/`)) {
      if (!o.key.startsWith(`${root}full/${runId}/`)) old.push(o.key);
    }
    for (const o of await listObjects(`${root}delta/`)) {
      if (o.lastModified < version - DELTA_MARGIN_MS) old.push(o.key);
    }
  }
  if (old.length) await deleteObjects(old);
}

/** The scheduled handler. */
export async function handler(event: { runId?: string } = {}): Promise<ExportResult> {
  return runFullExport({ ...(event?.runId ? { runId: event.runId } : {}) });
}
