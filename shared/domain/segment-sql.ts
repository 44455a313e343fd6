/**
 * Segments at scale (issue 18, item 7): member facts as flat rows (what the Parquet files hold) and the ONE
 * SQL that counts, samples and lists a segment over them. Pure: no I/O. The SQL is the same for DuckDB (local)
 * and Athena/Trino (AWS): only ANSI joins, CASE, window functions and `contains(array, value)`, which both
 * engines have; every value from the filter is a quoted literal (strings with quotes doubled, numbers checked
 * to be integers), never text pasted in.
 *
 * The rules are those of `matches` (rfm.ts), expressed as column comparisons computed here from `today` and
 * the RFM settings (date bounds as literals), so a count on either path agrees by construction:
 * - R from the local day of the last purchase against today minus 1/3/6/12 months;
 * - F and M from the 12-month window: each row keeps 12 monthly buckets counted back from `base_month`
 *   (year * 12 + month - 1 of its newest month); a bucket counts when its month is in today's window.
 *   M compares the average order without dividing: floor(spend / orders) > n  <=>  spend >= (n + 1) * orders;
 * - lifecycle from the first and last purchase days against today minus the configured days.
 * Rows are versioned: per member the newest row (version, then seq) wins; tombstones (`deleted`) hide her.
 * A full export's rows carry the manifest's version and seq -1; a delta's rows a later version and seq >= 0.
 */
import { addDays, addMonths, monthOf } from './calendar';
import { DEFAULT_RFM_CONFIG, factToken, localDayOf, needsPoints, type FactMonths, type LifecycleStage, type MemberFacts, type RfmConfig, type SegmentFilterShape } from './rfm';

/** The `seq` of every row of a full export (its version is the manifest's); deltas' rows have seq >= 0. */
export const FULL_EXPORT_SEQ = -1;

/** Monthly buckets kept per fact row (the 12-month window). */
export const FACT_MONTH_SLOTS = 12;

/** One member's facts as a row of the member-facts table (snake_case: the Parquet and Athena columns). */
export interface MemberFactRow {
  member_id: string;
  /** Orders rows of one member: the newest (version, then seq) wins. Milliseconds of the writer's clock. */
  version: number;
  /** FULL_EXPORT_SEQ in a full export's rows; a delta's rows count 0, 1, … in their batch. */
  seq: number;
  /** Not a member any more (deleted, merged): hides older rows. */
  deleted: boolean;
  /** The points account she sees (the family's primary for a secondary card). */
  account_id: string;
  tier_code: string;
  tags: string[];
  /** Questionnaire facts as `key=value` strings (issue 19; `factToken`). */
  facts: string[];
  birthday_month: number | null;
  registered_day: string;
  registration_store_id: string | null;
  last_store_id: string | null;
  first_purchase_day: string | null;
  last_purchase_day: string | null;
  /** year * 12 + (month - 1) of slot 0; slot j is the month base_month - j. */
  base_month: number;
  /** Orders and spend (fen) of the 12 months back from base_month, never negative. */
  orders: number[];
  spend: number[];
  /** Their sums: the 12-month figures of a query in base_month's own month (the usual case, read as they are). */
  orders_window: number;
  spend_window: number;
}

/** A points account's balance as a row of the points-facts table. */
export interface PointsFactRow {
  account_id: string;
  version: number;
  seq: number;
  deleted: boolean;
  balance: number;
}

const monthIndex = (yyyyMm: string) => Number(yyyyMm.slice(0, 4)) * 12 + Number(yyyyMm.slice(5, 7)) - 1;

/** What a fact row needs of a profile: the live path's member facts (no balance: that table is apart), and the family link. */
export type FactSource = Omit<MemberFacts, 'pointsBalance'> & { familyRole?: string; familyPrimaryId?: string | null };

/**
 * A profile's fact row. `today` (local date) sets the oldest month kept: buckets before today's 12-month
 * window can never count again for a query on or after today.
 */
export function memberFactRow(p: FactSource, today: string, version: number, seq = 0): MemberFactRow {
  const oldest = monthIndex(monthOf(addMonths(`${monthOf(today)}-01`, -(FACT_MONTH_SLOTS - 1))));
  let base = monthIndex(today);
  for (const k of Object.keys(p.months)) base = Math.max(base, monthIndex(k));
  const orders = new Array<number>(FACT_MONTH_SLOTS).fill(0);
  const spend = new Array<number>(FACT_MONTH_SLOTS).fill(0);
  for (const [k, b] of Object.entries(p.months)) {
    const i = monthIndex(k);
    const j = base - i;
    if (i < oldest || j < 0 || j >= FACT_MONTH_SLOTS) continue;
    orders[j] = Math.max(0, b.orders);
    spend[j] = Math.max(0, b.spendFen);
  }
  return {
    member_id: p.memberId,
    version,
    seq,
    deleted: false,
    account_id: p.familyRole === 'secondary' && p.familyPrimaryId ? p.familyPrimaryId : p.memberId,
    tier_code: p.tierCode,
    tags: [...p.tags],
    facts: Object.entries(p.surveyFacts ?? {})
      .map(([k, v]) => factToken(k, v))
      .sort(),
    birthday_month: p.birthday ? Number(p.birthday.slice(5, 7)) || null : null,
    registered_day: localDayOf(p.registeredAt),
    registration_store_id: p.registrationStoreId,
    last_store_id: p.lastStoreId,
    first_purchase_day: p.firstPurchaseAt ? localDayOf(p.firstPurchaseAt) : null,
    last_purchase_day: p.lastPurchaseAt ? localDayOf(p.lastPurchaseAt) : null,
    base_month: base,
    orders,
    spend,
    orders_window: orders.reduce((a, b) => a + b, 0),
    spend_window: spend.reduce((a, b) => a + b, 0),
  };
}

/** The tombstone of a member who left the member index. */
export function deletedFactRow(memberId: string, version: number, seq = 0): MemberFactRow {
  return {
    member_id: memberId,
    version,
    seq,
    deleted: true,
    account_id: memberId,
    tier_code: '',
    tags: [],
    facts: [],
    birthday_month: null,
    registered_day: '',
    registration_store_id: null,
    last_store_id: null,
    first_purchase_day: null,
    last_purchase_day: null,
    base_month: 0,
    orders: new Array<number>(FACT_MONTH_SLOTS).fill(0),
    spend: new Array<number>(FACT_MONTH_SLOTS).fill(0),
    orders_window: 0,
    spend_window: 0,
  };
}

// ---- the SQL ------------------------------------------------------------------------------------

/** Relations the engine reads (its own spelling: `read_parquet([...])` in DuckDB, a table name in Athena). */
export interface FactRelations {
  members: string;
  points: string;
}

export interface SegmentSqlInput {
  filter: SegmentFilterShape;
  /** Local date (YYYY-MM-DD) the scores and stages are computed for. */
  today: string;
  config?: RfmConfig;
  /** Rows older than this version are ignored (earlier full exports and their deltas). */
  since: number;
  /** At most this many member ids (the sample); null for all of them (exports, campaigns, bulk tags). */
  limit: number | null;
  /**
   * Every row's base month is today's month (the export was taken this month, so it and every delta since
   * were written this month): the window sums are read as they are and the monthly buckets never scanned.
   */
  sameMonth?: boolean;
}

/** A string as an SQL literal (quotes doubled; control characters refused). */
export function sqlString(s: string): string {
  if (typeof s !== 'string' || /[\u0000-\u001f]/.test(s)) throw new Error('not a plain string value');
  return `'${s.replace(/'/g, "''")}'`;
}

/** An integer as an SQL literal. */
export function sqlInt(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Error(`not an integer value: ${n}`);
  return String(n);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const sqlDay = (d: string) => {
  if (!DAY.test(d)) throw new Error(`not a local date: ${d}`);
  return sqlString(d);
};
const list = (xs: readonly string[]) => xs.map(sqlString).join(', ');
const given = <T>(xs: readonly T[] | undefined): readonly T[] | null => (xs && xs.length ? xs : null);

/** Member-fact columns a filter reads (the rest are never scanned: Parquet column pruning). */
function columnsFor(f: SegmentFilterShape, sameMonth: boolean): string[] {
  const cols = new Set<string>(['member_id', 'version', 'seq', 'deleted']);
  if (given(f.tiers)) cols.add('tier_code');
  if (given(f.tagsAny) || given(f.tagsAll)) cols.add('tags');
  if ((f.facts ?? []).some((x) => x.values.length > 0)) cols.add('facts');
  if (given(f.storeIds)) cols.add('last_store_id').add('registration_store_id');
  if (f.birthdayMonth !== undefined) cols.add('birthday_month');
  if (f.registeredFrom !== undefined || f.registeredTo !== undefined) cols.add('registered_day');
  if (f.lastPurchaseFrom !== undefined || f.lastPurchaseTo !== undefined || given(f.rScores) || given(f.lifecycle)) cols.add('last_purchase_day');
  if (given(f.lifecycle)) cols.add('first_purchase_day');
  if (given(f.fScores) || given(f.mScores)) {
    cols.add('orders_window');
    if (!sameMonth) cols.add('base_month');
    if (!sameMonth) for (let j = 0; j < FACT_MONTH_SLOTS; j++) cols.add(`o${j}`);
  }
  if (given(f.mScores)) {
    cols.add('spend_window');
    if (!sameMonth) for (let j = 0; j < FACT_MONTH_SLOTS; j++) cols.add(`s${j}`);
  }
  if (needsPoints(f)) cols.add('account_id');
  return [...cols];
}

/**
 * The 12-month sum of `prefix` (o: orders, s: spend): the row's own window sum when its base month is today's
 * month, else the buckets whose month is in today's window (CASE evaluates the long branch only for those rows).
 */
function windowSum(prefix: 'o' | 's', today: string, sameMonth: boolean): string {
  const t = monthIndex(today);
  if (sameMonth) return `CAST(${prefix === 'o' ? 'orders_window' : 'spend_window'} AS BIGINT)`;
  const terms = Array.from(
    { length: FACT_MONTH_SLOTS },
    (_, j) => `CASE WHEN base_month - ${j} BETWEEN ${sqlInt(t - (FACT_MONTH_SLOTS - 1))} AND ${sqlInt(t)} THEN CAST(${prefix}${j} AS BIGINT) ELSE 0 END`,
  );
  const total = prefix === 'o' ? 'orders_window' : 'spend_window';
  return `(CASE WHEN base_month = ${sqlInt(t)} THEN CAST(${total} AS BIGINT) ELSE ${terms.join(' + ')} END)`;
}

/** The R score as an expression over last_purchase_day (rfmScores in rfm.ts). */
function recencyExpr(today: string, c: RfmConfig): string {
  const bounds = c.recencyMonths.map((m) => addMonths(today, -m));
  const whens = bounds.map((b, i) => `WHEN last_purchase_day >= ${sqlDay(b)} THEN ${5 - i}`).join(' ');
  return `CASE WHEN last_purchase_day IS NULL THEN 0 ${whens} ELSE 1 END`;
}

/** The lifecycle stage as an expression (lifecycleStage in rfm.ts). */
function lifecycleExpr(today: string, c: RfmConfig): string {
  const l = c.lifecycle;
  return (
    `CASE WHEN last_purchase_day IS NULL THEN 'new'` +
    ` WHEN COALESCE(first_purchase_day, last_purchase_day) >= ${sqlDay(addDays(today, -l.newDays))} THEN 'new'` +
    ` WHEN last_purchase_day >= ${sqlDay(addDays(today, -l.activeDays))} THEN 'active'` +
    ` WHEN last_purchase_day >= ${sqlDay(addDays(today, -l.silentDays))} THEN 'silent'` +
    ` WHEN last_purchase_day >= ${sqlDay(addDays(today, -l.dormantDays))} THEN 'dormant'` +
    ` ELSE 'lost' END`
  );
}

const ints = (xs: readonly number[]) => xs.map(sqlInt).join(', ');

/** The WHERE conditions of a filter over the newest rows (`m`) and, when asked, the balances (`p`). */
export function filterConditions(f: SegmentFilterShape, today: string, c: RfmConfig = DEFAULT_RFM_CONFIG): string[] {
  if (!DAY.test(today)) throw new Error(`not a local date: ${today}`);
  const out: string[] = [];
  const tiers = given(f.tiers);
  if (tiers) out.push(`tier_code IN (${list(tiers)})`);
  const any = given(f.tagsAny);
  if (any) out.push(`(${any.map((t) => `contains(tags, ${sqlString(t)})`).join(' OR ')})`);
  const all = given(f.tagsAll);
  if (all) for (const t of all) out.push(`contains(tags, ${sqlString(t)})`);
  for (const fact of f.facts ?? []) {
    if (fact.values.length) out.push(`(${fact.values.map((v) => `contains(facts, ${sqlString(factToken(fact.key, v))})`).join(' OR ')})`);
  }
  const stores = given(f.storeIds);
  if (stores) out.push(`(last_store_id IN (${list(stores)}) OR registration_store_id IN (${list(stores)}))`);
  if (f.birthdayMonth !== undefined) out.push(`birthday_month = ${sqlInt(f.birthdayMonth)}`);
  if (f.registeredFrom !== undefined) out.push(`registered_day >= ${sqlDay(f.registeredFrom)}`);
  if (f.registeredTo !== undefined) out.push(`registered_day <= ${sqlDay(f.registeredTo)}`);
  if (f.lastPurchaseFrom !== undefined) out.push(`last_purchase_day >= ${sqlDay(f.lastPurchaseFrom)}`);
  if (f.lastPurchaseTo !== undefined) out.push(`last_purchase_day <= ${sqlDay(f.lastPurchaseTo)}`);
  const rs = given(f.rScores);
  if (rs) out.push(`(${recencyExpr(today, c)}) IN (${ints(rs)})`);
  const fs = given(f.fScores);
  if (fs) {
    const steps = c.frequencyOrders.map((n) => ` + CASE WHEN orders12m >= ${sqlInt(n)} THEN 1 ELSE 0 END`).join('');
    out.push(`(CASE WHEN orders12m = 0 THEN 0 ELSE 1${steps} END) IN (${ints(fs)})`);
  }
  const ms = given(f.mScores);
  if (ms) {
    const steps = c.monetaryFen.map((n) => ` + CASE WHEN spend12m >= ${sqlInt(n + 1)} * orders12m THEN 1 ELSE 0 END`).join('');
    out.push(`(CASE WHEN orders12m = 0 THEN 0 ELSE 1${steps} END) IN (${ints(ms)})`);
  }
  const stages = given(f.lifecycle);
  if (stages) out.push(`(${lifecycleExpr(today, c)}) IN (${list(stages as readonly LifecycleStage[])})`);
  if (f.pointsMin !== undefined) out.push(`COALESCE(balance, 0) >= ${sqlInt(f.pointsMin)}`);
  if (f.pointsMax !== undefined) out.push(`COALESCE(balance, 0) <= ${sqlInt(f.pointsMax)}`);
  return out;
}

/**
 * The segment's SQL: one row per member in the segment (`member_id`, and `total`, the segment's size, on
 * every row), ordered by member id, the first `limit` of them (or all). No row means an empty segment.
 */
export function segmentSql(input: SegmentSqlInput, from: FactRelations): string {
  const c = input.config ?? DEFAULT_RFM_CONFIG;
  const f = input.filter;
  const since = sqlInt(input.since);
  const sameMonth = input.sameMonth === true;
  const cols = columnsFor(f, sameMonth).filter((x) => x !== 'version' && x !== 'seq');
  const windowed = given(f.fScores) || given(f.mScores);
  const points = needsPoints(f);
  const derived = [
    ...(windowed ? [`${windowSum('o', input.today, sameMonth)} AS orders12m`] : []),
    ...(given(f.mScores) ? [`${windowSum('s', input.today, sameMonth)} AS spend12m`] : []),
  ];
  const kept = cols.filter((x) => x !== 'deleted' && !/^[os]\d+$/.test(x) && !['base_month', 'orders_window', 'spend_window'].includes(x));
  const where = filterConditions(f, input.today, c);
  const list = cols.join(', ');
  // The newest row per member: the export's own row (version = since, seq = -1) unless a delta since names
  // her, else her newest delta. Deltas are few, so only they are ranked; the export's rows are scanned once.
  const parts = [
    `WITH d AS (SELECT ${list}, row_number() OVER (PARTITION BY member_id ORDER BY version DESC, seq DESC) AS rn FROM ${from.members} WHERE version >= ${since} AND seq >= 0)`,
    `, n AS (SELECT ${list} FROM ${from.members} WHERE version = ${since} AND seq < 0 AND member_id NOT IN (SELECT member_id FROM d) UNION ALL SELECT ${list} FROM d WHERE rn = 1)`,
    `, m AS (SELECT ${[...kept, ...derived].join(', ')} FROM n WHERE NOT deleted)`,
  ];
  if (points) {
    const pl = 'account_id, balance, deleted';
    parts.push(
      `, pd AS (SELECT ${pl}, row_number() OVER (PARTITION BY account_id ORDER BY version DESC, seq DESC) AS rn FROM ${from.points} WHERE version >= ${since} AND seq >= 0)`,
      `, p AS (SELECT account_id AS points_account, balance FROM (SELECT ${pl} FROM ${from.points} WHERE version = ${since} AND seq < 0 AND account_id NOT IN (SELECT account_id FROM pd) UNION ALL SELECT ${pl} FROM pd WHERE rn = 1) pn WHERE NOT deleted)`,
    );
  }
  parts.push(
    `, s AS (SELECT member_id FROM m${points ? ' LEFT JOIN p ON p.points_account = m.account_id' : ''}${where.length ? ` WHERE ${where.join(' AND ')}` : ''})`,
    ` SELECT member_id, (SELECT COUNT(*) FROM s) AS total FROM s ORDER BY member_id${input.limit !== null ? ` LIMIT ${sqlInt(input.limit)}` : ''}`,
  );
  return parts.join('');
}

/** The Athena (Hive) DDL of the two tables over the files' S3 prefixes (also in the README). */
export function athenaDdl(database: string, location: { members: string; points: string }): string[] {
  const slots = (prefix: string, type: string) => Array.from({ length: FACT_MONTH_SLOTS }, (_, j) => `${prefix}${j} ${type}`).join(', ');
  return [
    `CREATE EXTERNAL TABLE IF NOT EXISTS ${database}.member_facts (member_id string, version bigint, seq int, deleted boolean, account_id string, tier_code string, tags array<string>, facts array<string>, birthday_month int, registered_day string, registration_store_id string, last_store_id string, first_purchase_day string, last_purchase_day string, base_month int, ${slots('o', 'int')}, ${slots('s', 'bigint')}, orders_window int, spend_window bigint) STORED AS PARQUET LOCATION '${location.members}'`,
    `CREATE EXTERNAL TABLE IF NOT EXISTS ${database}.points_facts (account_id string, version bigint, seq int, deleted boolean, balance bigint) STORED AS PARQUET LOCATION '${location.points}'`,
  ];
}
