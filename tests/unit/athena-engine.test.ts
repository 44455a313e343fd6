/**
 * The Athena engine (functions/adapters/analytics/athena.ts) against a stubbed Athena client: the segment
 * SQL is sent over the tables of the configured database, the execution polled until it succeeds, the
 * results read page by page (the header row skipped); a failed query or one past the deadline throws.
 */
import { AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { athenaEngine } from '../../functions/adapters/analytics/athena';
import { segmentSql } from '../../shared/domain/segment-sql';

const row = (...v: (string | null)[]) => ({ Data: v.map((x) => (x === null ? {} : { VarCharValue: x })) });

beforeAll(() => Object.assign(process.env, { AWS_REGION: 'cn-north-1' }));
afterEach(() => jest.restoreAllMocks());

test('start, poll until SUCCEEDED, read every page; the SQL reads the database tables', async () => {
  const sent: unknown[] = [];
  let polls = 0;
  jest.spyOn(AthenaClient.prototype, 'send').mockImplementation(async (cmd: unknown) => {
    sent.push(cmd);
    if (cmd instanceof StartQueryExecutionCommand) return { QueryExecutionId: 'q1' };
    if (cmd instanceof GetQueryExecutionCommand) return { QueryExecution: { Status: { State: ++polls < 3 ? 'RUNNING' : 'SUCCEEDED' } } };
    if (cmd instanceof GetQueryResultsCommand) {
      return cmd.input.NextToken
        ? { ResultSet: { Rows: [row('m_3', '3')] } }
        : { ResultSet: { Rows: [row('member_id', 'total'), row('m_1', '3'), row('m_2', '3')] }, NextToken: 'p2' };
    }
    throw new Error('unexpected command');
  });
  const e = athenaEngine({ database: 'huiyuan_dev_analytics', workgroup: 'primary', outputLocation: 's3://b/athena-results/', deadlineMs: 5_000 });
  const rows = await e.query((from) => segmentSql({ filter: { tiers: ['GOLD'] }, today: '2026-12-01', since: 7, limit: null }, from), { members: [], points: [] });
  expect(rows).toEqual([
    { member_id: 'm_1', total: '3' },
    { member_id: 'm_2', total: '3' },
    { member_id: 'm_3', total: '3' },
  ]);
  const start = sent[0] as StartQueryExecutionCommand;
  expect(start.input.QueryString).toContain('FROM "huiyuan_dev_analytics"."member_facts" WHERE version >= 7 AND seq >= 0');
  expect(start.input).toMatchObject({ WorkGroup: 'primary', QueryExecutionContext: { Database: 'huiyuan_dev_analytics' }, ResultConfiguration: { OutputLocation: 's3://b/athena-results/' } });
  expect(polls).toBe(3);
}, 20_000);

test('a failed query throws with its reason; a query past the deadline throws', async () => {
  jest.spyOn(AthenaClient.prototype, 'send').mockImplementation(async (cmd: unknown) => {
    if (cmd instanceof StartQueryExecutionCommand) return { QueryExecutionId: 'q2' };
    return { QueryExecution: { Status: { State: 'FAILED', StateChangeReason: 'TABLE_NOT_FOUND' } } };
  });
  const e = athenaEngine({ database: 'd', workgroup: 'w', outputLocation: undefined, deadlineMs: 5_000 });
  await expect(e.query(() => 'SELECT 1', { members: [], points: [] })).rejects.toThrow(/FAILED: TABLE_NOT_FOUND/);
  jest.restoreAllMocks();
  jest.spyOn(AthenaClient.prototype, 'send').mockImplementation(async (cmd: unknown) => {
    if (cmd instanceof StartQueryExecutionCommand) return { QueryExecutionId: 'q3' };
    return { QueryExecution: { Status: { State: 'RUNNING' } } };
  });
  const slow = athenaEngine({ database: 'd', workgroup: 'w', outputLocation: undefined, deadlineMs: 500 });
  await expect(slow.query(() => 'SELECT 1', { members: [], points: [] })).rejects.toThrow(/still RUNNING/);
}, 20_000);
