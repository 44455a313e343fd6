/**
 * The analytical engines behind one small interface (issue 18, item 7): the same SQL (shared/domain/segment-sql.ts)
 * runs on DuckDB locally (over the Parquet objects fetched to local files) and on Athena in AWS (over the
 * external tables on the same S3 prefixes). Only the relations the SQL reads from differ.
 */
import type { FactRelations } from '../../../shared/domain/segment-sql';
import type { StoredObject } from '../s3/objects';

/** The Parquet objects of the current generation: the full export's parts and the deltas since. */
export interface FactFiles {
  members: readonly StoredObject[];
  points: readonly StoredObject[];
}

export type Row = Record<string, string | null>;

export interface AnalyticsEngine {
  readonly name: 'duckdb' | 'athena';
  /** Runs the SQL built over this engine's relations; every value as text (null stays null). */
  query(sqlFor: (from: FactRelations) => string, files: FactFiles): Promise<Row[]>;
}
