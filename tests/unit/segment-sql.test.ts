/**
 * The segment SQL (shared/domain/segment-sql.ts): literals are escaped (no injection), the columns read are
 * only those the filter needs, and — run on DuckDB over Parquet written by our writer — every generated
 * filter selects exactly the members the live path's `matches` selects, on generated members.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { memberFactsParquet, pointsFactsParquet } from '../../functions/analytics/parquet';
import { addDays, addMonths } from '../../shared/domain/calendar';
import { DEFAULT_RFM_CONFIG, matches, type MemberFacts, type RfmConfig, type SegmentFilterShape } from '../../shared/domain/rfm';
import { deletedFactRow, filterConditions, FULL_EXPORT_SEQ, memberFactRow, segmentSql, sqlInt, sqlString } from '../../shared/domain/segment-sql';

const TODAY = '2026-12-01';
const FROM = { members: 'mf', points: 'pf' };

describe('literals', () => {
  test('strings are quoted with quotes doubled; control characters and non-integers are refused', () => {
    expect(sqlString("o'k")).toBe("'o''k'");
    expect(sqlString("'); DROP TABLE x; --")).toBe("'''); DROP TABLE x; --'");
    expect(() => sqlString('a\u0000b')).toThrow();
    expect(() => sqlInt(1.5)).toThrow();
    expect(() => sqlInt(Number.NaN)).toThrow();
    expect(() => filterConditions({ registeredFrom: "2026-01-01' OR 1=1 --" }, TODAY)).toThrow();
    expect(filterConditions({ tagsAny: ["x' OR '1'='1"] }, TODAY)).toEqual(["(contains(tags, 'x'' OR ''1''=''1'))"]);
  });

  test('only the columns a filter needs are read; points join only for a points filter; since and limit', () => {
    const sql = segmentSql({ filter: { tiers: ['GOLD'] }, today: TODAY, since: 123, limit: 20 }, FROM);
    expect(sql).toContain('WITH d AS (SELECT member_id, deleted, tier_code, row_number() OVER (PARTITION BY member_id ORDER BY version DESC, seq DESC) AS rn FROM mf WHERE version >= 123 AND seq >= 0)');
    expect(sql).toContain('FROM mf WHERE version = 123 AND seq < 0 AND member_id NOT IN (SELECT member_id FROM d)');
    expect(sql).not.toContain('pf');
    expect(sql).toMatch(/ORDER BY member_id LIMIT 20$/);
    const all = segmentSql({ filter: { pointsMin: 5 }, today: TODAY, since: 0, limit: null }, FROM);
    expect(all).toContain('LEFT JOIN p ON p.points_account = m.account_id');
    expect(all).toContain('COALESCE(balance, 0) >= 5');
    expect(all).not.toContain('LIMIT');
    const fast = segmentSql({ filter: { mScores: [1] }, today: TODAY, since: 0, limit: null, sameMonth: true }, FROM);
    expect(fast).toContain('CAST(spend_window AS BIGINT) AS spend12m');
    expect(fast).not.toMatch(/\bs0\b|\bo0\b|base_month/);
    expect(segmentSql({ filter: { mScores: [1] }, today: TODAY, since: 0, limit: null }, FROM)).toMatch(/\bs11\b/);
  });
});

// ---- generated members, both sides ----------------------------------------------------------------

const TIERS = ['NORMAL', 'SILVER', 'GOLD'];
const TAGS = ['咖啡', "o'k", '茶', 'VIP'];
const SKINS = ['干性', '油性', '混合性', '敏感'] as const;
const STORES = ['S001', 'S002', 'S003'];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function generate(n: number): (MemberFacts & { familyRole: string; familyPrimaryId: string | null })[] {
  const r = rng(7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const out: (MemberFacts & { familyRole: string; familyPrimaryId: string | null })[] = [];
  for (let i = 0; i < n; i++) {
    const months: MemberFacts['months'] = {};
    let first: string | null = null;
    let last: string | null = null;
    const orders = Math.floor(r() * 5);
    const days = Array.from({ length: orders }, () => addDays(TODAY, -Math.floor(r() * 500))).sort();
    for (const d of days) {
      const b = (months[d.slice(0, 7)] ??= { orders: 0, spendFen: 0 });
      b.orders++;
      b.spendFen += Math.floor(r() * 50_000);
      first ??= d;
      last = d;
    }
    // Sometimes a full return took an order off a month (orders 0, spend left).
    if (r() < 0.05 && days.length) months[days[0]!.slice(0, 7)]!.orders = 0;
    const secondary = i > 0 && r() < 0.1;
    out.push({
      memberId: `m_${String(i).padStart(5, '0')}`,
      tierCode: pick(TIERS),
      tags: TAGS.filter(() => r() < 0.3),
      birthday: r() < 0.7 ? `19${80 + Math.floor(r() * 20)}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-15` : null,
      registeredAt: `${addDays(TODAY, -Math.floor(r() * 900))}T${r() < 0.5 ? '17:30' : '03:00'}:00.000Z`,
      registrationStoreId: r() < 0.6 ? pick(STORES) : null,
      lastStoreId: last ? pick(STORES) : null,
      firstPurchaseAt: first ? `${first}T03:00:00.000Z` : null,
      lastPurchaseAt: last ? `${last}T${r() < 0.3 ? '16:30' : '03:00'}:00.000Z` : null,
      months,
      // Questionnaire facts (issue 19), with a quote in one value.
      surveyFacts: Object.fromEntries(
        [['肤质', pick(SKINS)] as const, ['口味', pick(["o'k", '甜', '咸'])] as const].filter(() => r() < 0.5),
      ),
      pointsBalance: r() < 0.8 ? Math.floor(r() * 3000) : 0,
      familyRole: secondary ? 'secondary' : 'none',
      familyPrimaryId: secondary ? `m_${String(Math.floor(r() * i)).padStart(5, '0')}` : null,
    });
  }
  return out;
}

const N = 1500;
const members = generate(N);
const balanceOf = new Map(members.map((m) => [m.memberId, m.pointsBalance ?? 0]));
/** What the live path sees: a secondary card shows her primary's balance. */
const seen = members.map((m) => ({ ...m, pointsBalance: balanceOf.get(m.familyRole === 'secondary' && m.familyPrimaryId ? m.familyPrimaryId : m.memberId) ?? 0 }));
const dir = mkdtempSync(join(tmpdir(), 'segment-sql-'));
let conn: Awaited<ReturnType<Awaited<ReturnType<typeof DuckDBInstance.create>>['connect']>>;

beforeAll(async () => {
  // An older generation (version 5, must be ignored), the current one (10), deltas (20): a member changed
  // (tier moved to GOLD), a member deleted, a points balance changed.
  const old = members.map((m) => memberFactRow({ ...m, tierCode: 'OLD' }, TODAY, 5, FULL_EXPORT_SEQ));
  const full = members.map((m) => memberFactRow({ ...m, tierCode: m.memberId === 'm_00001' ? 'NORMAL' : m.tierCode }, TODAY, 10, FULL_EXPORT_SEQ));
  const delta = [memberFactRow({ ...members[1]!, tierCode: members[1]!.tierCode }, TODAY, 20, 0), deletedFactRow('m_00002', 20, 1), memberFactRow(members[2]!, TODAY, 19, 0), deletedFactRow('m_00004', 9, 0)];
  writeFileSync(join(dir, 'old.parquet'), memberFactsParquet(old));
  writeFileSync(join(dir, 'full.parquet'), memberFactsParquet(full));
  writeFileSync(join(dir, 'delta.parquet'), memberFactsParquet(delta));
  const points = members.map((m) => ({ account_id: m.memberId, version: 10, seq: FULL_EXPORT_SEQ, deleted: false, balance: m.memberId === 'm_00003' ? 999_999 : (m.pointsBalance ?? 0) }));
  writeFileSync(join(dir, 'points.parquet'), pointsFactsParquet(points));
  writeFileSync(join(dir, 'points-delta.parquet'), pointsFactsParquet([{ account_id: 'm_00003', version: 20, seq: 0, deleted: false, balance: balanceOf.get('m_00003')! }]));
  const db = await DuckDBInstance.create(':memory:');
  conn = await db.connect();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const relations = () => ({
  members: `read_parquet(['${join(dir, 'old.parquet')}', '${join(dir, 'full.parquet')}', '${join(dir, 'delta.parquet')}'])`,
  points: `read_parquet(['${join(dir, 'points.parquet')}', '${join(dir, 'points-delta.parquet')}'])`,
});

async function viaSql(filter: SegmentFilterShape, config: RfmConfig, limit: number | null = null, today = TODAY, sameMonth = false) {
  const r = await conn.runAndReadAll(segmentSql({ filter, today, config, since: 10, limit, sameMonth }, relations()));
  const rows = r.getRowObjectsJson() as { member_id: string; total: string }[];
  return { ids: rows.map((x) => x.member_id), total: rows.length ? Number(rows[0]!.total) : 0 };
}
const viaMatches = (filter: SegmentFilterShape, config: RfmConfig, today = TODAY) =>
  seen.filter((m) => m.memberId !== 'm_00002' && matches(filter, m, today, config)).map((m) => m.memberId);

const filterArb = fc.record(
  {
    tiers: fc.subarray(TIERS),
    tagsAny: fc.subarray(TAGS),
    tagsAll: fc.subarray(TAGS, { maxLength: 2 }),
    rScores: fc.subarray([0, 1, 2, 3, 4, 5]),
    fScores: fc.subarray([0, 1, 2, 3]),
    mScores: fc.subarray([0, 1, 2, 3, 4]),
    lifecycle: fc.subarray(['new', 'active', 'silent', 'dormant', 'lost'] as const),
    birthdayMonth: fc.integer({ min: 1, max: 12 }),
    storeIds: fc.subarray(STORES),
    registeredFrom: fc.integer({ min: 0, max: 900 }).map((d) => addDays(TODAY, -d)),
    registeredTo: fc.integer({ min: 0, max: 900 }).map((d) => addDays(TODAY, -d)),
    lastPurchaseFrom: fc.integer({ min: 0, max: 500 }).map((d) => addDays(TODAY, -d)),
    lastPurchaseTo: fc.integer({ min: 0, max: 500 }).map((d) => addDays(TODAY, -d)),
    pointsMin: fc.integer({ min: 0, max: 3000 }),
    pointsMax: fc.integer({ min: 0, max: 3000 }),
    facts: fc.subarray([
      { key: '肤质', values: ['干性', '混合性'] },
      { key: '肤质', values: ['油性'] },
      { key: '口味', values: ["o'k"] },
    ]),
  },
  { requiredKeys: [] },
);

describe('on DuckDB over Parquet, the SQL selects what matches() selects', () => {
  const each: [string, SegmentFilterShape][] = [
    ['everyone', {}],
    ['tiers', { tiers: ['GOLD', 'SILVER'] }],
    ['tagsAny with a quote', { tagsAny: ["o'k", '茶'] }],
    ['tagsAll', { tagsAll: ['咖啡', 'VIP'] }],
    ['questionnaire facts', { facts: [{ key: '肤质', values: ['干性', '混合性'] }, { key: '口味', values: ["o'k"] }] }],
    ['R', { rScores: [0, 5, 3] }],
    ['F', { fScores: [1, 2] }],
    ['M', { mScores: [2, 4] }],
    ['lifecycle', { lifecycle: ['dormant', 'lost', 'new'] }],
    ['birthday month', { birthdayMonth: 3 }],
    ['stores', { storeIds: ['S002'] }],
    ['registered between', { registeredFrom: addMonths(TODAY, -12), registeredTo: addMonths(TODAY, -3) }],
    ['last purchase between', { lastPurchaseFrom: addMonths(TODAY, -6), lastPurchaseTo: addDays(TODAY, -10) }],
    ['points', { pointsMin: 500, pointsMax: 2000 }],
    ['combined', { tiers: ['GOLD'], lifecycle: ['active', 'silent'], fScores: [1, 2, 3], pointsMin: 100 }],
  ];
  test.each(each)('%s', async (_n, filter) => {
    const expected = viaMatches(filter, DEFAULT_RFM_CONFIG);
    const got = await viaSql(filter, DEFAULT_RFM_CONFIG);
    expect(got.ids).toEqual(expected);
    expect(got.total).toBe(expected.length);
    const sample = await viaSql(filter, DEFAULT_RFM_CONFIG, 20);
    expect(sample.ids).toEqual(expected.slice(0, 20));
    expect(sample.total).toBe(expected.length);
    expect((await viaSql(filter, DEFAULT_RFM_CONFIG, null, TODAY, true)).ids).toEqual(expected);
  });

  test('newest row wins: the delta moved a member, deleted one, changed a balance; older generations ignored', async () => {
    expect((await viaSql({ tiers: ['OLD'] }, DEFAULT_RFM_CONFIG)).total).toBe(0);
    expect((await viaSql({}, DEFAULT_RFM_CONFIG)).ids).not.toContain('m_00002');
    expect((await viaSql({ tiers: [members[1]!.tierCode] }, DEFAULT_RFM_CONFIG)).ids).toContain('m_00001');
    expect((await viaSql({ pointsMin: 999_999 }, DEFAULT_RFM_CONFIG)).total).toBe(0);
  });

  test('property: generated filters, default and other RFM settings', async () => {
    const other: RfmConfig = { recencyMonths: [2, 4, 8, 18], frequencyOrders: [2, 4], monetaryFen: [5_000, 15_000, 40_000], lifecycle: { newDays: 14, activeDays: 20, silentDays: 45, dormantDays: 120 } };
    // Queried in the export's month (window sums read as they are, or from the buckets) and in later months
    // (the window has moved on: only the buckets still in it count).
    const days = [TODAY, '2026-12-31', '2027-01-15', '2027-06-30', '2027-12-01'];
    await fc.assert(
      fc.asyncProperty(filterArb, fc.boolean(), fc.constantFrom(...days), fc.boolean(), async (filter, useOther, today, fast) => {
        const c = useOther ? other : DEFAULT_RFM_CONFIG;
        const sameMonth = fast && today.slice(0, 7) === TODAY.slice(0, 7);
        expect((await viaSql(filter, c, null, today, sameMonth)).ids).toEqual(viaMatches(filter, c, today));
      }),
      { numRuns: 100 },
    );
  });
});
