/**
 * DuckDB (@duckdb/node-api) as the local analytical engine: DuckDB's httpfs extension is downloaded at run
 * time and cannot be here, so the Parquet objects are fetched from S3 (s3rver locally) to a temporary
 * directory first, cached by key and ETag (an object rewritten under the same key has a new ETag), and read
 * with read_parquet over those files. A development dependency: loaded on first use, never bundled.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FactRelations } from '../../../shared/domain/segment-sql';
import { downloadTo, type StoredObject } from '../s3/objects';
import type { AnalyticsEngine, FactFiles, Row } from './engine';

type Duck = typeof import('@duckdb/node-api');
type Connection = Awaited<ReturnType<Awaited<ReturnType<Duck['DuckDBInstance']['create']>>['connect']>>;

let connection: Promise<Connection> | null = null;
// A variable specifier: esbuild leaves it out of Lambda bundles (Athena is the engine there).
const DUCKDB_MODULE = '@duckdb/node-api';

async function connect(): Promise<Connection> {
  connection ??= (async () => {
    const duck = (await import(DUCKDB_MODULE)) as Duck;
    const db = await duck.DuckDBInstance.create(':memory:');
    return db.connect();
  })();
  return connection;
}

export const cacheDir = () => process.env.ANALYTICS_CACHE_DIR || join(tmpdir(), 'huiyuan-analytics-cache');

/** The local copy of an object (fetched once per key and ETag). */
async function local(o: StoredObject, bucketTag: string): Promise<string> {
  const dir = cacheDir();
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${createHash('sha1').update(`${bucketTag}|${o.key}|${o.etag}`).digest('hex')}.parquet`);
  if (!existsSync(path)) await downloadTo(o.key, path);
  return path;
}

const EMPTY_MEMBERS =
  "(SELECT CAST(NULL AS VARCHAR) AS member_id, CAST(0 AS BIGINT) AS version, 0 AS seq, false AS deleted WHERE false)";
const EMPTY_POINTS = '(SELECT CAST(NULL AS VARCHAR) AS account_id, CAST(0 AS BIGINT) AS version, 0 AS seq, false AS deleted, CAST(0 AS BIGINT) AS balance WHERE false)';

// By column name: files written before a column existed (e.g. `facts`, issue 19) read it as NULL.
const relation = (paths: string[], empty: string) =>
  paths.length ? `read_parquet([${paths.map((p) => `'${p.replace(/'/g, "''")}'`).join(', ')}], union_by_name = true)` : empty;

/** Fetches at most 8 objects at a time. */
async function fetchAll(objects: readonly StoredObject[], bucketTag: string): Promise<string[]> {
  const out: string[] = new Array(objects.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(8, objects.length) }, async () => {
      while (next < objects.length) {
        const i = next++;
        out[i] = await local(objects[i]!, bucketTag);
      }
    }),
  );
  return out;
}

export function duckDbEngine(bucketTag: string): AnalyticsEngine {
  return {
    name: 'duckdb',
    async query(sqlFor: (from: FactRelations) => string, files: FactFiles): Promise<Row[]> {
      const [members, points, c] = await Promise.all([fetchAll(files.members, bucketTag), fetchAll(files.points, bucketTag), connect()]);
      const sql = sqlFor({ members: relation(members, EMPTY_MEMBERS), points: relation(points, EMPTY_POINTS) });
      const reader = await c.runAndReadAll(sql);
      return reader.getRowObjectsJson().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null || v === undefined ? null : String(v)])));
    },
  };
}
