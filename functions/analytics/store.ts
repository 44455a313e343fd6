/**
 * Where the member facts live in S3 and how they are found (issue 18, item 7). In the files bucket, under
 * `analytics/`:
 * - member_facts/full/<runId>/part-<shard>-<first member>.parquet  the nightly full export's parts
 * - member_facts/delta/<batch>.parquet                              changed profiles, one file per stream batch
 * - points_facts/full/<runId>/..., points_facts/delta/...           points balances, the same way
 * - manifests/latest.json (and manifests/<runId>.json)             the last finished export
 * - state/started.json                                              written when the first export starts
 * Athena's tables are LOCATION s3://<bucket>/analytics/member_facts/ and .../points_facts/ (every file
 * under them); the SQL keeps rows with version >= the manifest's version, so a superseded generation still
 * being deleted, or a delta older than the export, is never counted.
 */
import { analyticsBucket, getText, listObjects, putObject, type StoredObject } from '../adapters/s3/objects';
import type { AnalyticsEngine, FactFiles } from '../adapters/analytics/engine';

export const ROOT = 'analytics/';
export const layout = {
  membersFull: (runId: string) => `${ROOT}member_facts/full/${runId}/`,
  pointsFull: (runId: string) => `${ROOT}points_facts/full/${runId}/`,
  membersDelta: () => `${ROOT}member_facts/delta/`,
  pointsDelta: () => `${ROOT}points_facts/delta/`,
  membersRoot: () => `${ROOT}member_facts/`,
  pointsRoot: () => `${ROOT}points_facts/`,
  latest: () => `${ROOT}manifests/latest.json`,
  manifest: (runId: string) => `${ROOT}manifests/${runId}.json`,
  started: () => `${ROOT}state/started.json`,
};

/** The last finished full export. */
export interface Manifest {
  runId: string;
  /** When the export started (ISO): rows are as of then or later. */
  takenAt: string;
  /** The local day its rows were computed for (their window's base month is this day's month). */
  day: string;
  /** The version of its rows (ms): the SQL ignores rows older than this. */
  version: number;
  /** Members written (the brand's size for choosing the path). */
  rowCount: number;
  pointsRowCount: number;
  files: { members: { key: string; size: number }[]; points: { key: string; size: number }[] };
  bytes: number;
  finishedAt: string;
}

/** Deltas whose objects are older than the export by more than this are left out (and deleted by it). */
export const DELTA_MARGIN_MS = 60 * 60 * 1000;

export interface AnalyticsSettings {
  engine: 'duckdb' | 'athena';
  /** A brand takes the analytical path from this many members (the latest manifest's row count). */
  threshold: number;
}

/**
 * ANALYTICS_ENGINE (duckdb | athena; DuckDB where S3 is local, Athena in AWS), ANALYTICS_THRESHOLD (members,
 * default 50,000), ATHENA_DATABASE, ATHENA_WORKGROUP, ATHENA_OUTPUT.
 */
export function analyticsSettings(): AnalyticsSettings {
  const e = process.env.ANALYTICS_ENGINE;
  const engine = e === 'duckdb' || e === 'athena' ? e : process.env.S3_ENDPOINT ? 'duckdb' : 'athena';
  const t = Number(process.env.ANALYTICS_THRESHOLD);
  return { engine, threshold: Number.isFinite(t) && t >= 0 && process.env.ANALYTICS_THRESHOLD !== '' && process.env.ANALYTICS_THRESHOLD !== undefined ? t : 50_000 };
}

/** The configured engine, loaded on first use (a function that never asks pays nothing at init). */
export async function engine(): Promise<AnalyticsEngine> {
  const s = analyticsSettings();
  if (s.engine === 'duckdb') return (await import('../adapters/analytics/duckdb')).duckDbEngine(analyticsBucket());
  return (await import('../adapters/analytics/athena')).athenaEngine({
    database: process.env.ATHENA_DATABASE || 'huiyuan_analytics',
    workgroup: process.env.ATHENA_WORKGROUP || 'primary',
    outputLocation: process.env.ATHENA_OUTPUT || undefined,
    deadlineMs: Number(process.env.ATHENA_DEADLINE_MS || 25_000),
  });
}

let manifestCache: { at: number; bucket: string; m: Manifest | null } | null = null;
/** How long a warm Lambda trusts the manifest it read (it changes once a night). */
const MANIFEST_CACHE_MS = 30_000;

export async function readManifest(fresh = false): Promise<Manifest | null> {
  const bucket = analyticsBucket();
  if (!fresh && manifestCache && manifestCache.bucket === bucket && Date.now() - manifestCache.at < MANIFEST_CACHE_MS) return manifestCache.m;
  const text = await getText(layout.latest());
  const m = text ? (JSON.parse(text) as Manifest) : null;
  manifestCache = { at: Date.now(), bucket, m };
  return m;
}

export async function writeManifest(m: Manifest): Promise<void> {
  const body = JSON.stringify(m);
  await putObject(layout.manifest(m.runId), body, 'application/json');
  await putObject(layout.latest(), body, 'application/json');
  manifestCache = null;
}

/** The files a query reads: the manifest's parts, and the deltas written since the export began (less a margin). */
export async function currentFiles(m: Manifest): Promise<FactFiles> {
  const since = m.version - DELTA_MARGIN_MS;
  const [md, pd, mf, pf] = await Promise.all([
    listObjects(layout.membersDelta()),
    listObjects(layout.pointsDelta()),
    listObjects(layout.membersFull(m.runId)),
    listObjects(layout.pointsFull(m.runId)),
  ]);
  const recent = (os: StoredObject[]) => os.filter((o) => o.lastModified >= since && o.key.endsWith('.parquet'));
  return { members: [...mf.filter((o) => o.key.endsWith('.parquet')), ...recent(md)], points: [...pf.filter((o) => o.key.endsWith('.parquet')), ...recent(pd)] };
}

// ---- whether any export ever started: the stream consumer writes no deltas before ------------------

let startedCache: { bucket: string; at: number; started: boolean } | null = null;
/** How long the consumer trusts "no export started yet"; the first export waits this long before reading. */
export const STARTED_CACHE_MS = () => Number(process.env.ANALYTICS_STARTED_CACHE_MS ?? 60_000);

export async function exportsStarted(): Promise<boolean> {
  // Outside Lambda with no local S3 (a bench or test that starts only DynamoDB Local) there are no files.
  if (!process.env.S3_ENDPOINT && !process.env.AWS_LAMBDA_FUNCTION_NAME) return false;
  const bucket = analyticsBucket();
  if (startedCache && startedCache.bucket === bucket && (startedCache.started || Date.now() - startedCache.at < STARTED_CACHE_MS())) return startedCache.started;
  const started = (await getText(layout.started())) !== null;
  startedCache = { bucket, at: Date.now(), started };
  return started;
}

/**
 * Marks that exports have begun (rewritten by every run: the bucket's lifecycle expires objects after a week);
 * true when it was not there (the first export, which then waits out the consumers' cache).
 */
export async function markStarted(at: string): Promise<boolean> {
  const existed = (await getText(layout.started())) !== null;
  await putObject(layout.started(), JSON.stringify({ at }), 'application/json');
  startedCache = null;
  return !existed;
}

/** Forgets what this process read (tests: after writing objects behind its back). */
export function clearAnalyticsCache(): void {
  manifestCache = null;
  startedCache = null;
}
