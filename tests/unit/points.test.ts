import fc from 'fast-check';
import { NEVER, addDays } from '../../shared/domain/calendar';
import {
  balanceOf,
  credit,
  debit,
  emptyPoints,
  expire,
  expiringOf,
  heldOf,
  nextExpiryOf,
  reverse,
  spend,
  spendableOf,
  transferAll,
  type Bucket,
  type PointsState,
} from '../../shared/domain/points';

const START = '2026-01-01';
const sum = (xs: readonly number[]) => xs.reduce((t, x) => t + x, 0);
const usable = (b: Bucket, today: string) => b.availableOn <= today && today <= b.expiresOn;
const key = (b: Pick<Bucket, 'expiresOn' | 'availableOn'>) => `${b.expiresOn}|${b.availableOn}`;
/** Points per (expiresOn, availableOn). */
function tally(bs: readonly Bucket[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const b of bs) m.set(key(b), (m.get(key(b)) ?? 0) + b.points);
  return m;
}
/** Points removed per (expiresOn, availableOn) from `before` to `after`; fails if any bucket grew or appeared. */
function removedPerKey(before: readonly Bucket[], after: readonly Bucket[]): Map<string, number> {
  const b = tally(before);
  const a = tally(after);
  for (const k of a.keys()) expect(b.has(k)).toBe(true);
  const out = new Map<string, number>();
  for (const [k, n] of b) {
    const d = n - (a.get(k) ?? 0);
    expect(d).toBeGreaterThanOrEqual(0);
    if (d > 0) out.set(k, d);
  }
  return out;
}

type Op =
  | { kind: 'advance'; days: number }
  | { kind: 'credit'; acct: 0 | 1; points: number; holdDays: number; lifeDays: number | null; repayDebt: boolean }
  | { kind: 'spend'; acct: 0 | 1; points: number }
  | { kind: 'expire'; acct: 0 | 1 }
  | { kind: 'reverse'; acct: 0 | 1; points: number; preferIndex: number | null }
  | { kind: 'debit'; acct: 0 | 1; points: number }
  | { kind: 'transferAll'; from: 0 | 1 };

const acct = fc.constantFrom<0 | 1>(0, 1);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('advance' as const), days: fc.integer({ min: 0, max: 40 }) }),
  fc.record({
    kind: fc.constant('credit' as const),
    acct,
    points: fc.integer({ min: 0, max: 500 }),
    holdDays: fc.constantFrom(0, 0, 7, 14),
    lifeDays: fc.option(fc.integer({ min: 0, max: 120 }), { nil: null }),
    repayDebt: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('spend' as const), acct, points: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ kind: fc.constant('expire' as const), acct }),
  fc.record({
    kind: fc.constant('reverse' as const),
    acct,
    points: fc.integer({ min: 0, max: 600 }),
    preferIndex: fc.option(fc.nat(5), { nil: null }),
  }),
  fc.record({ kind: fc.constant('debit' as const), acct, points: fc.integer({ min: 1, max: 300 }) }),
  fc.record({ kind: fc.constant('transferAll' as const), from: acct }),
);

function checkInvariants(s: PointsState, ledger: readonly number[]) {
  expect(balanceOf(s)).toBe(sum(ledger));
  for (const b of s.buckets) {
    expect(b.points).toBeGreaterThan(0);
    expect(Number.isInteger(b.points)).toBe(true);
  }
  expect(s.debt).toBeGreaterThanOrEqual(0);
  expect(balanceOf(s)).toBeGreaterThanOrEqual(0);
}

describe('points account (model-based property)', () => {
  test('balance equals the ledger sum; spend, expire, reverse, debit and credit keep their promises', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 60 }), (ops) => {
        let today = START;
        const states: [PointsState, PointsState] = [emptyPoints(), emptyPoints()];
        const ledgers: [number[], number[]] = [[], []];

        for (const op of ops) {
          switch (op.kind) {
            case 'advance':
              today = addDays(today, op.days);
              break;
            case 'credit': {
              const s = states[op.acct];
              const availableOn = addDays(today, op.holdDays);
              const expiresOn = op.lifeDays === null ? NEVER : addDays(availableOn, op.lifeDays);
              const r = credit(s, op.points, expiresOn, availableOn, op.repayDebt);
              // Debt is repaid first, and only as far as asked.
              const expectRepaid = op.repayDebt ? Math.min(s.debt, op.points) : 0;
              expect(r.debtRepaid).toBe(expectRepaid);
              expect(r.credited).toBe(op.points - expectRepaid);
              expect(r.state.debt).toBe(s.debt - expectRepaid);
              if (s.debt > 0 && op.repayDebt && op.points > 0) expect(r.debtRepaid).toBeGreaterThan(0);
              // The credited points land in the bucket with the given dates; every other bucket is untouched.
              const expectedTally = tally(s.buckets);
              if (r.credited > 0) expectedTally.set(key({ expiresOn, availableOn }), (expectedTally.get(key({ expiresOn, availableOn })) ?? 0) + r.credited);
              expect(tally(r.state.buckets)).toEqual(expectedTally);
              states[op.acct] = r.state;
              ledgers[op.acct].push(r.credited);
              break;
            }
            case 'spend': {
              const s = states[op.acct];
              const spendable = sum(s.buckets.filter((b) => usable(b, today)).map((b) => b.points));
              expect(spendableOf(s, today)).toBe(spendable);
              const r = spend(s, op.points, today);
              if (op.points > spendable) {
                expect(r).toEqual({ ok: false, available: spendable });
                break;
              }
              expect(r.ok).toBe(true);
              if (!r.ok) break;
              // Only spendable points are used, exactly the amount asked.
              expect(sum(r.taken.map((b) => b.points))).toBe(op.points);
              for (const t of r.taken) {
                expect(t.points).toBeGreaterThan(0);
                expect(usable(t, today)).toBe(true);
              }
              // Unusable buckets are untouched.
              const unusable = (st: PointsState) =>
                st.buckets.filter((b) => !usable(b, today)).map((b) => `${b.expiresOn}|${b.availableOn}|${b.points}`).sort();
              expect(unusable(r.state)).toEqual(unusable(s));
              // What left each bucket is exactly what `taken` reports, bucket by bucket.
              expect(removedPerKey(s.buckets, r.state.buckets)).toEqual(tally(r.taken));
              // Every bucket taken from but the last one was emptied (the taken buckets are a prefix in expiry order).
              for (const t of r.taken.slice(0, -1)) expect(tally(r.state.buckets).has(key(t))).toBe(false);
              // Soonest-expiring first: taken in expiry order, none later than a usable bucket left with points.
              for (let i = 1; i < r.taken.length; i++) expect(r.taken[i - 1]!.expiresOn <= r.taken[i]!.expiresOn).toBe(true);
              const leftUsable = r.state.buckets.filter((b) => usable(b, today) && b.points > 0);
              for (const t of r.taken) for (const b of leftUsable) expect(t.expiresOn <= b.expiresOn).toBe(true);
              expect(spendableOf(r.state, today)).toBe(spendable - op.points);
              expect(r.state.debt).toBe(s.debt);
              states[op.acct] = r.state;
              ledgers[op.acct].push(-op.points);
              break;
            }
            case 'expire': {
              const s = states[op.acct];
              const r = expire(s, today);
              const expiredSum = sum(r.expired.map((e) => e.points));
              const shouldExpire = sum(s.buckets.filter((b) => b.expiresOn < today).map((b) => b.points));
              expect(expiredSum).toBe(shouldExpire);
              for (const b of r.state.buckets) expect(b.expiresOn >= today).toBe(true);
              for (const e of r.expired) expect(e.expiresOn < today).toBe(true);
              for (let i = 1; i < r.expired.length; i++) expect(r.expired[i - 1]!.expiresOn < r.expired[i]!.expiresOn).toBe(true);
              expect(r.state.debt).toBe(s.debt);
              // Exactly the buckets past their last day leave; the others stay as they were.
              expect(r.state.buckets).toEqual(s.buckets.filter((b) => b.expiresOn >= today));
              const perDate = new Map<string, number>();
              for (const b of s.buckets) if (b.expiresOn < today) perDate.set(b.expiresOn, (perDate.get(b.expiresOn) ?? 0) + b.points);
              expect(new Map(r.expired.map((e) => [e.expiresOn, e.points]))).toEqual(perDate);
              states[op.acct] = r.state;
              ledgers[op.acct].push(-expiredSum);
              break;
            }
            case 'reverse': {
              const s = states[op.acct];
              const pb = op.preferIndex === null ? undefined : s.buckets[op.preferIndex];
              const prefer = pb ? { expiresOn: pb.expiresOn, availableOn: pb.availableOn } : null;
              const r = reverse(s, op.points, prefer);
              expect(r.taken + r.shortfall).toBe(op.points);
              expect(r.taken).toBeGreaterThanOrEqual(0);
              expect(r.shortfall).toBeGreaterThanOrEqual(0);
              expect(r.taken).toBe(Math.min(op.points, balanceOf(s)));
              expect(r.state.debt).toBe(s.debt + r.shortfall);
              expect(balanceOf(r.state)).toBe(balanceOf(s) - r.taken);
              // Only removals, summing to what was taken.
              const removed = removedPerKey(s.buckets, r.state.buckets);
              expect(sum([...removed.values()])).toBe(r.taken);
              // After the preferred bucket, the soonest-expiring go first: no other bucket that still has
              // points expires before one that was drawn from.
              const others = (bs: readonly Bucket[]) => bs.filter((b) => !pb || key(b) !== key(pb));
              const leftKeys = new Set(others(r.state.buckets).map(key));
              for (const d of others(s.buckets).filter((b) => removed.has(key(b))))
                for (const b of others(s.buckets).filter((x) => leftKeys.has(key(x)) && key(x) !== key(d))) expect(d.expiresOn <= b.expiresOn).toBe(true);
              if (pb) {
                // The preferred bucket is drawn first.
                const left = r.state.buckets.find((b) => b.expiresOn === pb.expiresOn && b.availableOn === pb.availableOn)?.points ?? 0;
                expect(left).toBe(pb.points - Math.min(pb.points, op.points));
              }
              states[op.acct] = r.state;
              ledgers[op.acct].push(-r.taken);
              break;
            }
            case 'debit': {
              const s = states[op.acct];
              const available = sum(s.buckets.filter((b) => b.expiresOn >= today).map((b) => b.points));
              const r = debit(s, op.points, today);
              if (op.points > available) {
                expect(r).toEqual({ ok: false, available });
                break;
              }
              expect(r.ok).toBe(true);
              if (!r.ok) break;
              expect(sum(r.taken.map((b) => b.points))).toBe(op.points);
              for (const t of r.taken) expect(t.expiresOn >= today).toBe(true);
              expect(removedPerKey(s.buckets, r.state.buckets)).toEqual(tally(r.taken));
              for (const t of r.taken.slice(0, -1)) expect(tally(r.state.buckets).has(key(t))).toBe(false);
              expect(r.state.debt).toBe(s.debt);
              const leftUnexpired = r.state.buckets.filter((b) => b.expiresOn >= today);
              for (const t of r.taken) for (const b of leftUnexpired) expect(t.expiresOn <= b.expiresOn).toBe(true);
              states[op.acct] = r.state;
              ledgers[op.acct].push(-op.points);
              break;
            }
            case 'transferAll': {
              const to = (1 - op.from) as 0 | 1;
              const fromBefore = states[op.from];
              const toBefore = states[to];
              const r = transferAll(fromBefore, toBefore);
              expect(r.moved).toBe(balanceOf(fromBefore));
              expect(r.from.buckets).toEqual([]);
              expect(balanceOf(r.to)).toBe(balanceOf(toBefore) + r.moved);
              // Dates are kept: per (expiresOn, availableOn) the target gains exactly the source's points.
              const expected = tally([...toBefore.buckets, ...fromBefore.buckets]);
              expect(tally(r.to.buckets)).toEqual(expected);
              expect(r.from.debt).toBe(fromBefore.debt);
              expect(r.to.debt).toBe(toBefore.debt);
              states[op.from] = r.from;
              states[to] = r.to;
              ledgers[op.from].push(-r.moved);
              ledgers[to].push(r.moved);
              break;
            }
          }
          checkInvariants(states[0], ledgers[0]);
          checkInvariants(states[1], ledgers[1]);
          // Buckets stay normalized: sorted by expiry, one per (expiresOn, availableOn).
          for (const s of states) {
            for (let i = 1; i < s.buckets.length; i++) expect(s.buckets[i - 1]!.expiresOn <= s.buckets[i]!.expiresOn).toBe(true);
            expect(new Set(s.buckets.map((b) => `${b.expiresOn}|${b.availableOn}`)).size).toBe(s.buckets.length);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('points account (examples)', () => {
  test('held points are not spendable before availableOn, and are from that day', () => {
    const s = credit(emptyPoints(), 100, '2026-12-31', '2026-03-15').state;
    expect(balanceOf(s)).toBe(100);
    expect(spendableOf(s, '2026-03-14')).toBe(0);
    expect(heldOf(s, '2026-03-14')).toBe(100);
    expect(spend(s, 1, '2026-03-14')).toEqual({ ok: false, available: 0 });
    expect(spendableOf(s, '2026-03-15')).toBe(100);
    expect(heldOf(s, '2026-03-15')).toBe(0);
    const r = spend(s, 60, '2026-03-15');
    expect(r.ok && balanceOf(r.state)).toBe(40);
  });

  test('expired points are not spendable, even before the expiry job runs', () => {
    const s = credit(emptyPoints(), 100, '2026-03-31', '2026-01-01').state;
    expect(spendableOf(s, '2026-03-31')).toBe(100);
    expect(spendableOf(s, '2026-04-01')).toBe(0);
    expect(spend(s, 10, '2026-04-01')).toEqual({ ok: false, available: 0 });
    expect(debit(s, 10, '2026-04-01')).toEqual({ ok: false, available: 0 });
    const e = expire(s, '2026-04-01');
    expect(e.expired).toEqual([{ expiresOn: '2026-03-31', points: 100 }]);
    expect(e.state.buckets).toEqual([]);
    // On its last day nothing expires.
    expect(expire(s, '2026-03-31').expired).toEqual([]);
  });

  test('spend takes the soonest-expiring points first', () => {
    let s = emptyPoints();
    s = credit(s, 50, '2027-12-31', '2026-01-01').state;
    s = credit(s, 30, '2026-06-30', '2026-01-01').state;
    s = credit(s, 20, NEVER, '2026-01-01').state;
    const r = spend(s, 40, '2026-02-01');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.taken).toEqual([
      { expiresOn: '2026-06-30', availableOn: '2026-01-01', points: 30 },
      { expiresOn: '2027-12-31', availableOn: '2026-01-01', points: 10 },
    ]);
    expect(r.state.buckets).toEqual([
      { expiresOn: '2027-12-31', availableOn: '2026-01-01', points: 40 },
      { expiresOn: NEVER, availableOn: '2026-01-01', points: 20 },
    ]);
  });

  test('expiringOf groups by date, soonest first, leaving out NEVER and past dates', () => {
    let s = emptyPoints();
    s = credit(s, 10, '2026-12-31', '2026-01-01').state;
    s = credit(s, 15, '2026-12-31', '2026-02-10').state; // same date, still held
    s = credit(s, 7, '2026-06-30', '2026-01-01').state;
    s = credit(s, 99, NEVER, '2026-01-01').state;
    s = credit(s, 5, '2026-01-31', '2026-01-01').state;
    expect(expiringOf(s, '2026-02-01')).toEqual([
      { date: '2026-06-30', points: 7 },
      { date: '2026-12-31', points: 25 },
    ]);
    expect(nextExpiryOf(s)).toBe('2026-01-31');
    expect(nextExpiryOf(credit(emptyPoints(), 5, NEVER, '2026-01-01').state)).toBeNull();
  });

  test('a return takes back from the order bucket first, then the soonest-expiring; the rest is debt repaid by the next earning', () => {
    let s = emptyPoints();
    s = credit(s, 40, '2026-06-30', '2026-01-01').state;
    s = credit(s, 100, '2027-12-31', '2026-01-20').state; // the order's points, held
    const r = reverse(s, 120, { expiresOn: '2027-12-31', availableOn: '2026-01-20' });
    expect(r.taken).toBe(120);
    expect(r.shortfall).toBe(0);
    expect(r.state.buckets).toEqual([{ expiresOn: '2026-06-30', availableOn: '2026-01-01', points: 20 }]);
    const r2 = reverse(r.state, 50, null);
    expect(r2).toEqual({ state: { buckets: [], debt: 30 }, taken: 20, shortfall: 30 });
    const c = credit(r2.state, 45, '2027-12-31', '2026-02-01');
    expect(c.debtRepaid).toBe(30);
    expect(c.credited).toBe(15);
    expect(c.state).toEqual({ debt: 0, buckets: [{ expiresOn: '2027-12-31', availableOn: '2026-02-01', points: 15 }] });
    const c2 = credit(r2.state, 10, '2027-12-31', '2026-02-01', false);
    expect(c2.debtRepaid).toBe(0);
    expect(c2.state.debt).toBe(30);
  });

  test('admin debit can take held points; invalid amounts are refused', () => {
    const s = credit(emptyPoints(), 100, '2026-12-31', '2026-03-15').state;
    const d = debit(s, 30, '2026-03-01');
    expect(d.ok && balanceOf(d.state)).toBe(70);
    expect(() => spend(s, 0, '2026-03-01')).toThrow(RangeError);
    expect(() => spend(s, 1.5, '2026-03-01')).toThrow(RangeError);
    expect(() => debit(s, -1, '2026-03-01')).toThrow(RangeError);
    expect(() => credit(s, -1, NEVER, '2026-03-01')).toThrow(RangeError);
    expect(() => reverse(s, 2.5, null)).toThrow(RangeError);
  });
});

describe('reverse with today', () => {
  test('a return never takes points past their last day (not yet removed by the expiry job)', () => {
    const s = { debt: 0, buckets: [
      { expiresOn: '2026-03-31', availableOn: '2025-01-01', points: 100 },
      { expiresOn: '2026-12-31', availableOn: '2025-06-01', points: 100 },
    ] };
    const r = reverse(s, 100, null, '2026-04-01');
    expect(r.taken).toBe(100);
    expect(r.state.buckets).toEqual([{ expiresOn: '2026-03-31', availableOn: '2025-01-01', points: 100 }]);
    const more = reverse(s, 150, null, '2026-04-01');
    expect([more.taken, more.shortfall]).toEqual([100, 50]);
  });
});
