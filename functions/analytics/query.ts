/**
 * A segment on the analytical path (issue 18, item 7): the one SQL (shared/domain/segment-sql.ts) over the
 * latest full export and the deltas since, on the configured engine (DuckDB locally, Athena in AWS).
 * Large brands only: `analyticalPath()` says whether the latest manifest counts at least the threshold.
 */
import { monthOf } from '../../shared/domain/calendar';
import { segmentSql } from '../../shared/domain/segment-sql';
import type { RfmConfig, SegmentFilterShape } from '../../shared/domain/rfm';
import { logger } from '../lib/logger';
import { analyticsSettings, currentFiles, engine, readManifest, type Manifest } from './store';

/** The manifest to query when the brand is large enough for the analytical path, else null (live path). */
export async function analyticalPath(): Promise<Manifest | null> {
  // Outside Lambda with no local S3 (a bench or test with DynamoDB Local only) there are no files.
  if (!process.env.S3_ENDPOINT && !process.env.AWS_LAMBDA_FUNCTION_NAME) return null;
  const s = analyticsSettings();
  let m: Manifest | null;
  try {
    m = await readManifest();
  } catch (e) {
    // No manifest to be read (S3 unreachable): the live path still answers brands it can answer.
    logger.warn('analytics manifest unreadable; live path', { error: (e as Error).message });
    return null;
  }
  return m && m.rowCount >= s.threshold ? m : null;
}

export interface AnalyticsSegment {
  /** Members in the segment (all of them). */
  count: number;
  /** Their ids in order, the first `limit` (or all). */
  memberIds: string[];
  /** The facts are as of this instant: the export's start, or the newest delta read. */
  asOf: string;
  engine: 'duckdb' | 'athena';
}

export async function segmentByAnalytics(
  filter: SegmentFilterShape,
  opts: { today: string; config: RfmConfig; limit: number | null; manifest?: Manifest },
): Promise<AnalyticsSegment> {
  const m = opts.manifest ?? (await readManifest());
  if (!m) throw new Error('no member-facts export yet');
  const e = await engine();
  const files = await currentFiles(m);
  const rows = await e.query((from) => segmentSql({ filter, today: opts.today, config: opts.config, since: m.version, limit: opts.limit, sameMonth: !!m.day && monthOf(m.day) === monthOf(opts.today) }, from), files);
  const newest = Math.max(Date.parse(m.takenAt), ...files.members.concat(files.points).filter((o) => o.key.includes('/delta/')).map((o) => o.lastModified));
  return {
    count: rows.length ? Number(rows[0]!.total) : 0,
    memberIds: rows.map((r) => r.member_id!),
    asOf: new Date(newest).toISOString(),
    engine: e.name,
  };
}
