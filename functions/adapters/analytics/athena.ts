/**
 * Athena as the analytical engine in AWS: the segment SQL over the external tables `member_facts` and
 * `points_facts` (LOCATION the same S3 prefixes the export writes; DDL in shared/domain/segment-sql.ts
 * athenaDdl and the README). StartQueryExecution, then GetQueryExecution every 300 ms until it ends (or
 * the deadline), then GetQueryResults page by page (the first row of the first page is the header).
 */
import { AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import type { FactRelations } from '../../../shared/domain/segment-sql';
import type { AnalyticsEngine, Row } from './engine';

export interface AthenaSettings {
  database: string;
  workgroup: string;
  /** s3:// prefix for query results (unset when the workgroup sets it). */
  outputLocation: string | undefined;
  /** Give up after this long (the API's own limit is 29 s). */
  deadlineMs: number;
}

let client: AthenaClient | null = null;
// The Lambda runtime sets AWS_REGION (the same default as functions/lib/config.ts otherwise).
const athena = () => (client ??= new AthenaClient({ region: process.env.AWS_REGION || 'cn-north-1', maxAttempts: 3 }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function athenaEngine(s: AthenaSettings): AnalyticsEngine {
  return {
    name: 'athena',
    async query(sqlFor: (from: FactRelations) => string): Promise<Row[]> {
      const sql = sqlFor({ members: `"${s.database}"."member_facts"`, points: `"${s.database}"."points_facts"` });
      const started = await athena().send(
        new StartQueryExecutionCommand({
          QueryString: sql,
          WorkGroup: s.workgroup,
          QueryExecutionContext: { Database: s.database },
          ...(s.outputLocation ? { ResultConfiguration: { OutputLocation: s.outputLocation } } : {}),
        }),
      );
      const id = started.QueryExecutionId!;
      const deadline = Date.now() + s.deadlineMs;
      for (;;) {
        const q = await athena().send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
        const state = q.QueryExecution?.Status?.State;
        if (state === 'SUCCEEDED') break;
        if (state === 'FAILED' || state === 'CANCELLED') throw new Error(`athena query ${id} ${state}: ${q.QueryExecution?.Status?.StateChangeReason ?? ''}`);
        if (Date.now() > deadline) throw new Error(`athena query ${id} still ${state} after ${s.deadlineMs} ms`);
        await sleep(300);
      }
      const rows: Row[] = [];
      let header: string[] | null = null;
      let token: string | undefined;
      do {
        const page = await athena().send(new GetQueryResultsCommand({ QueryExecutionId: id, NextToken: token, MaxResults: 1000 }));
        const data = page.ResultSet?.Rows ?? [];
        for (const r of data) {
          const values = (r.Data ?? []).map((d) => d.VarCharValue ?? null);
          if (!header) {
            header = values.map((v) => v ?? '');
            continue;
          }
          rows.push(Object.fromEntries(header.map((h, i) => [h, values[i] ?? null])));
        }
        token = page.NextToken;
      } while (token);
      return rows;
    },
  };
}
