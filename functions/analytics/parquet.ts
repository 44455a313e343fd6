/**
 * Fact rows to Parquet bytes with hyparquet-writer (pure JavaScript: the same writer runs in Lambda, in the
 * tests and in the bench). Column names and types are those of the Athena tables (segmentSql's athenaDdl).
 */
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { ColumnSource } from 'hyparquet-writer';
import { FACT_MONTH_SLOTS, type MemberFactRow, type PointsFactRow } from '../../shared/domain/segment-sql';

type Schema = NonNullable<Parameters<typeof parquetWriteBuffer>[0]['schema']>;

const str = (name: string, required = false) => ({ name, type: 'BYTE_ARRAY' as const, converted_type: 'UTF8' as const, repetition_type: required ? ('REQUIRED' as const) : ('OPTIONAL' as const) });
const i32 = (name: string, required = false) => ({ name, type: 'INT32' as const, repetition_type: required ? ('REQUIRED' as const) : ('OPTIONAL' as const) });
const i64 = (name: string) => ({ name, type: 'INT64' as const, repetition_type: 'REQUIRED' as const });
const bool = (name: string) => ({ name, type: 'BOOLEAN' as const, repetition_type: 'REQUIRED' as const });

const SLOTS = Array.from({ length: FACT_MONTH_SLOTS }, (_, j) => j);

const MEMBER_SCHEMA = (): Schema => [
  { name: 'root', num_children: 17 + 2 * FACT_MONTH_SLOTS },
  str('member_id', true),
  i64('version'),
  i32('seq', true),
  bool('deleted'),
  str('account_id', true),
  str('tier_code', true),
  // A 3-level LIST of strings: array<string> in Athena, VARCHAR[] in DuckDB.
  { name: 'tags', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  { name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
  // Questionnaire facts, `key=value` (issue 19), the same LIST shape.
  { name: 'facts', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  { name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
  i32('birthday_month'),
  str('registered_day', true),
  str('registration_store_id'),
  str('last_store_id'),
  str('first_purchase_day'),
  str('last_purchase_day'),
  i32('base_month', true),
  ...SLOTS.map((j) => i32(`o${j}`, true)),
  ...SLOTS.map((j) => i64(`s${j}`)),
  i32('orders_window', true),
  i64('spend_window'),
];

const POINTS_SCHEMA = (): Schema => [{ name: 'root', num_children: 5 }, str('account_id', true), i64('version'), i32('seq', true), bool('deleted'), i64('balance')];

const big = (xs: number[]) => xs.map((x) => BigInt(x));

/** Member fact rows as one Parquet file (row groups of 100,000 rows). */
export function memberFactsParquet(rows: readonly MemberFactRow[]): Uint8Array {
  const col = <K extends keyof MemberFactRow>(k: K) => rows.map((r) => r[k]);
  const columnData: ColumnSource[] = [
    { name: 'member_id', data: col('member_id') },
    { name: 'version', data: big(col('version')) },
    { name: 'seq', data: col('seq') },
    { name: 'deleted', data: col('deleted') },
    { name: 'account_id', data: col('account_id') },
    { name: 'tier_code', data: col('tier_code') },
    { name: 'tags', data: col('tags') },
    { name: 'facts', data: col('facts') },
    { name: 'birthday_month', data: col('birthday_month') },
    { name: 'registered_day', data: col('registered_day') },
    { name: 'registration_store_id', data: col('registration_store_id') },
    { name: 'last_store_id', data: col('last_store_id') },
    { name: 'first_purchase_day', data: col('first_purchase_day') },
    { name: 'last_purchase_day', data: col('last_purchase_day') },
    { name: 'base_month', data: col('base_month') },
    ...SLOTS.map((j) => ({ name: `o${j}`, data: rows.map((r) => r.orders[j] ?? 0) })),
    ...SLOTS.map((j) => ({ name: `s${j}`, data: rows.map((r) => BigInt(r.spend[j] ?? 0)) })),
    { name: 'orders_window', data: col('orders_window') },
    { name: 'spend_window', data: big(col('spend_window')) },
  ];
  return new Uint8Array(parquetWriteBuffer({ columnData, schema: MEMBER_SCHEMA(), rowGroupSize: 100_000, statistics: false }));
}

/** Points fact rows as one Parquet file. */
export function pointsFactsParquet(rows: readonly PointsFactRow[]): Uint8Array {
  const columnData: ColumnSource[] = [
    { name: 'account_id', data: rows.map((r) => r.account_id) },
    { name: 'version', data: big(rows.map((r) => r.version)) },
    { name: 'seq', data: rows.map((r) => r.seq) },
    { name: 'deleted', data: rows.map((r) => r.deleted) },
    { name: 'balance', data: big(rows.map((r) => r.balance)) },
  ];
  return new Uint8Array(parquetWriteBuffer({ columnData, schema: POINTS_SCHEMA(), rowGroupSize: 100_000, statistics: false }));
}
