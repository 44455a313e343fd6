import fc from 'fast-check';
import { demoBrand } from '../../infra/local/seed';
import { addDays, addMonths } from '../../shared/domain/calendar';
import {
  addQualifying,
  entryTier,
  evaluateTier,
  ladder,
  qualifyingTier,
  qualifyingTotal,
  setManualTier,
  tierAfterEarning,
  tierByCode,
  tierProgress,
  windowMonths,
  type QualifyingMonths,
  type TierDef,
  type TierProgram,
  type TierState,
} from '../../shared/domain/tiers';

const demo: TierProgram = demoBrand.tierProgram;

const def = (code: string, rank: number, threshold: number, retentionMonths: number, multiplier = 1): TierDef => ({
  code,
  name: code,
  rank,
  threshold,
  multiplier,
  retentionMonths,
  birthdayGift: null,
  perks: [],
});

/** Programs with 2..5 tiers, strictly increasing thresholds, the entry tier at 0; tiers listed in any order. */
const programArb: fc.Arbitrary<TierProgram> = fc
  .record({
    steps: fc.array(fc.integer({ min: 1, max: 100_000 }), { minLength: 1, maxLength: 4 }),
    retention: fc.array(fc.integer({ min: 1, max: 24 }), { minLength: 5, maxLength: 5 }),
    basis: fc.constantFrom('spend' as const, 'points' as const),
    window: fc.oneof(fc.record({ kind: fc.constant('rolling' as const), months: fc.integer({ min: 1, max: 24 }) }), fc.constant({ kind: 'calendarYear' as const })),
    downgrade: fc.constantFrom('oneLevel' as const, 'toQualifying' as const),
    shuffle: fc.boolean(),
  })
  .map(({ steps, retention, basis, window, downgrade, shuffle }) => {
    let threshold = 0;
    const tiers = [def('T0', 0, 0, retention[0]!)];
    steps.forEach((s, i) => {
      threshold += s;
      tiers.push(def(`T${i + 1}`, i + 1, threshold, retention[i + 1]!));
    });
    return { basis, window, downgrade, tiers: shuffle ? tiers.reverse() : tiers };
  });

const TODAY_MIN = new Date('2025-01-01T00:00:00Z');
const dayArb = fc.date({ min: TODAY_MIN, max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

/** A program, a day, and a member state on that program. */
const scenarioArb = fc
  .tuple(programArb, dayArb, fc.nat(10), fc.integer({ min: -800, max: 800 }), fc.integer({ min: -800, max: 0 }), fc.option(fc.record({ tier: fc.nat(10), offset: fc.integer({ min: -60, max: 60 }) }), { freq: 3, nil: null }), fc.boolean())
  .map(([p, today, tierIdx, retainOffset, sinceOffset, manual, nullRetain]) => {
    const l = ladder(p);
    const t = l[tierIdx % l.length]!;
    const isEntry = t.code === entryTier(p).code;
    const state: TierState = {
      tierCode: t.code,
      since: addDays(today, sinceOffset),
      retainUntil: isEntry || (nullRetain && manual) ? null : addDays(today, retainOffset),
      manual: manual ? { code: t.code, until: addDays(today, manual.offset), by: 'admin', reason: 'test' } : null,
    };
    const maxThreshold = l[l.length - 1]!.threshold;
    return { p, today, state, maxThreshold };
  });
const totalArb = fc.integer({ min: 0, max: 500_000 });

const rankOf = (p: TierProgram, code: string) => tierByCode(p, code)!.rank;

describe('qualifyingTier', () => {
  test('demo thresholds', () => {
    expect(qualifyingTier(demo, 0).code).toBe('MEMBER');
    expect(qualifyingTier(demo, 49_999).code).toBe('MEMBER');
    expect(qualifyingTier(demo, 50_000).code).toBe('SILVER');
    expect(qualifyingTier(demo, 149_999).code).toBe('SILVER');
    expect(qualifyingTier(demo, 150_000).code).toBe('GOLD');
    expect(qualifyingTier(demo, 10_000_000).code).toBe('GOLD');
  });
  test('monotone in the total, and the threshold is met', () => {
    fc.assert(
      fc.property(programArb, totalArb, totalArb, (p, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const qLo = qualifyingTier(p, lo);
        const qHi = qualifyingTier(p, hi);
        expect(qLo.rank).toBeLessThanOrEqual(qHi.rank);
        expect(qHi.threshold).toBeLessThanOrEqual(hi);
        const above = ladder(p).find((t) => t.rank === qHi.rank + 1);
        if (above) expect(hi).toBeLessThan(above.threshold);
      }),
    );
  });
});

describe('evaluateTier: properties', () => {
  test('never demotes a member whose qualifying total grew (same day)', () => {
    fc.assert(
      fc.property(scenarioArb, totalArb, totalArb, ({ p, today, state }, a, b) => {
        const [t1, t2] = a <= b ? [a, b] : [b, a];
        const r1 = evaluateTier(p, state, t1, today);
        const r2 = evaluateTier(p, state, t2, today);
        expect(rankOf(p, r2.state.tierCode)).toBeGreaterThanOrEqual(rankOf(p, r1.state.tierCode));
      }),
      { numRuns: 500 },
    );
  });

  test('idempotent: evaluating the result again the same day changes nothing', () => {
    fc.assert(
      fc.property(scenarioArb, totalArb, ({ p, today, state }, total) => {
        const r1 = evaluateTier(p, state, total, today);
        const r2 = evaluateTier(p, r1.state, total, today);
        expect(r2.change).toBeNull();
        expect(r2.state).toEqual(r1.state);
        // A reported change matches the state it produced.
        if (r1.change) {
          expect(r1.change.from).toBe(state.tierCode);
          expect(r1.change.to).toBe(r1.state.tierCode);
          expect(r1.change.to).not.toBe(r1.change.from);
        } else {
          expect(r1.state.tierCode).toBe(state.tierCode);
        }
      }),
      { numRuns: 500 },
    );
  });

  test('no downgrade while today <= retainUntil; upgrades to the qualifying tier at once', () => {
    fc.assert(
      fc.property(scenarioArb, totalArb, ({ p, today, state }, total) => {
        const s = { ...state, manual: null };
        const r = evaluateTier(p, s, total, today);
        const cur = rankOf(p, s.tierCode);
        const q = qualifyingTier(p, total);
        if (s.retainUntil === null || today <= s.retainUntil) {
          expect(rankOf(p, r.state.tierCode)).toBe(Math.max(cur, q.rank));
        }
        expect(rankOf(p, r.state.tierCode)).toBeGreaterThanOrEqual(Math.min(cur, q.rank));
        if (q.rank > cur) {
          expect(r.state.tierCode).toBe(q.code);
          expect(r.change?.reason).toBe('qualified');
          expect(r.state.since).toBe(today);
        }
      }),
      { numRuns: 500 },
    );
  });

  test('after retainUntil: below the threshold drops one level or to the qualifying tier; requalified is renewed past today', () => {
    fc.assert(
      fc.property(scenarioArb, totalArb, fc.integer({ min: 1, max: 800 }), ({ p, today, state }, total, daysPast) => {
        const l = ladder(p);
        const curDef = tierByCode(p, state.tierCode)!;
        fc.pre(curDef.rank > 0);
        const s: TierState = { ...state, manual: null, retainUntil: addDays(today, -daysPast) };
        const r = evaluateTier(p, s, total, today);
        const q = qualifyingTier(p, total);
        if (q.rank < curDef.rank) {
          const expected = p.downgrade === 'oneLevel' ? l[l.indexOf(curDef) - 1]! : q;
          expect(r.state.tierCode).toBe(expected.code);
          expect(r.change).toEqual({ from: curDef.code, to: expected.code, reason: 'downgrade' });
          expect(r.state.since).toBe(today);
          expect(r.state.retainUntil).toBe(expected.rank === 0 ? null : addMonths(today, expected.retentionMonths));
        } else if (q.rank === curDef.rank) {
          expect(r.change).toBeNull();
          expect(r.state.tierCode).toBe(curDef.code);
          expect(r.state.since).toBe(s.since);
          expect(r.state.retainUntil! > today).toBe(true);
        } else {
          expect(r.state.tierCode).toBe(q.code);
          expect(r.state.retainUntil! > today).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  test('a manual tier holds through its until date; afterwards the member goes to the qualifying tier (not a floor)', () => {
    fc.assert(
      fc.property(scenarioArb, totalArb, fc.integer({ min: 0, max: 400 }), fc.boolean(), ({ p, today, state }, total, days, ended) => {
        const until = ended ? addDays(today, -1 - days) : addDays(today, days);
        const s: TierState = { ...state, manual: { code: state.tierCode, until, by: 'admin', reason: 'VIP' } };
        const r = evaluateTier(p, s, total, today);
        const q = qualifyingTier(p, total);
        const cur = tierByCode(p, s.tierCode)!;
        if (!ended) {
          if (q.rank > cur.rank) {
            expect(r.state.tierCode).toBe(q.code);
            expect(r.state.manual).toBeNull();
          } else {
            expect(r).toEqual({ state: s, change: null });
          }
        } else {
          expect(r.state.tierCode).toBe(q.code);
          expect(r.state.manual).toBeNull();
          expect(r.change).toEqual(q.code === cur.code ? null : { from: cur.code, to: q.code, reason: 'manual_ended' });
        }
      }),
      { numRuns: 500 },
    );
  });

  test('tierAfterEarning never lowers the tier and reaches the qualifying tier', () => {
    fc.assert(
      fc.property(scenarioArb, totalArb, ({ p, today, state }, total) => {
        const r = tierAfterEarning(p, state, total, today);
        const cur = rankOf(p, state.tierCode);
        const q = qualifyingTier(p, total);
        expect(rankOf(p, r.state.tierCode)).toBe(Math.max(cur, q.rank));
        if (q.rank > cur) {
          expect(r.change).toEqual({ from: state.tierCode, to: q.code, reason: 'purchase' });
          expect(r.state.manual).toBeNull();
          expect(r.state.since).toBe(today);
        } else {
          expect(r.change).toBeNull();
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('evaluateTier: demo scenarios', () => {
  const silver = (retainUntil: string): TierState => ({ tierCode: 'SILVER', since: '2025-03-01', retainUntil, manual: null });

  test('keeps the tier on the last retention day, drops one level the day after', () => {
    expect(evaluateTier(demo, silver('2026-03-01'), 0, '2026-03-01')).toEqual({ state: silver('2026-03-01'), change: null });
    expect(evaluateTier(demo, silver('2026-03-01'), 0, '2026-03-02')).toEqual({
      state: { tierCode: 'MEMBER', since: '2026-03-02', retainUntil: null, manual: null },
      change: { from: 'SILVER', to: 'MEMBER', reason: 'downgrade' },
    });
  });

  test('gold below every threshold: one level (oneLevel) versus straight to the qualifying tier (toQualifying)', () => {
    const gold: TierState = { tierCode: 'GOLD', since: '2025-03-01', retainUntil: '2026-03-01', manual: null };
    expect(evaluateTier(demo, gold, 10_000, '2026-03-02').state).toEqual({ tierCode: 'SILVER', since: '2026-03-02', retainUntil: '2027-03-02', manual: null });
    expect(evaluateTier({ ...demo, downgrade: 'toQualifying' }, gold, 10_000, '2026-03-02').state.tierCode).toBe('MEMBER');
    expect(evaluateTier({ ...demo, downgrade: 'toQualifying' }, gold, 60_000, '2026-03-02').state.tierCode).toBe('SILVER');
  });

  test('a requalified member keeps her tier with retention renewed past today', () => {
    const r = evaluateTier(demo, silver('2026-03-01'), 50_000, '2026-03-02');
    expect(r.change).toBeNull();
    expect(r.state.tierCode).toBe('SILVER');
    expect(r.state.since).toBe('2025-03-01');
    expect(r.state.retainUntil).toBe('2027-03-01');
  });

  test('retention that ran out exactly a whole period ago is renewed past today, not to today', () => {
    const r = evaluateTier(demo, silver('2025-03-02'), 50_000, '2026-03-02');
    expect(r).toEqual({ state: silver('2027-03-02'), change: null });
    // The next day's evaluation, with the total dropped, must not demote her: her tier is kept until 2027-03-02.
    expect(evaluateTier(demo, r.state, 0, '2026-03-03').state.tierCode).toBe('SILVER');
  });

  test('property: a requalified member whose retention ended whole periods ago keeps her tier beyond today', () => {
    fc.assert(
      fc.property(programArb, dayArb, fc.nat(10), fc.integer({ min: 1, max: 3 }), (p, day, tierIdx, k) => {
        const today = `${day.slice(0, 8)}${String(Math.min(28, Number(day.slice(8)))).padStart(2, '0')}`;
        const l = ladder(p);
        const cur = l[1 + (tierIdx % (l.length - 1))]!;
        const s: TierState = { tierCode: cur.code, since: '2020-01-01', retainUntil: addMonths(today, -k * cur.retentionMonths), manual: null };
        const r = evaluateTier(p, s, cur.threshold, today);
        expect(r.change).toBeNull();
        expect(r.state.tierCode).toBe(cur.code);
        expect(r.state.retainUntil! > today).toBe(true);
        expect(evaluateTier(p, r.state, cur.threshold, today)).toEqual({ state: r.state, change: null });
      }),
    );
  });

  test('a manual gold until 2026-06-30 holds through that day, then the member gets her qualifying tier', () => {
    const member: TierState = { tierCode: 'MEMBER', since: '2025-01-01', retainUntil: null, manual: null };
    const set = setManualTier(demo, member, { code: 'GOLD', until: '2026-06-30', by: 'admin', reason: 'VIP' }, '2026-01-10');
    expect(set.change).toEqual({ from: 'MEMBER', to: 'GOLD', reason: 'manual' });
    expect(evaluateTier(demo, set.state, 0, '2026-06-30')).toEqual({ state: set.state, change: null });
    // A purchase that qualifies for silver does not lower the hand-set gold.
    expect(tierAfterEarning(demo, set.state, 60_000, '2026-03-01').state).toEqual(set.state);
    const after = evaluateTier(demo, set.state, 60_000, '2026-07-01');
    expect(after.state).toEqual({ tierCode: 'SILVER', since: '2026-07-01', retainUntil: '2027-07-01', manual: null });
    expect(after.change).toEqual({ from: 'GOLD', to: 'SILVER', reason: 'manual_ended' });
    expect(() => setManualTier(demo, member, { code: 'NOPE', until: '2026-06-30', by: 'a', reason: 'r' }, '2026-01-10')).toThrow(RangeError);
  });
});

describe('windows and qualifying totals', () => {
  test('rolling 12 months and the calendar year', () => {
    const rolling = windowMonths({ kind: 'rolling', months: 12 }, '2026-03-15');
    expect(rolling).toHaveLength(12);
    expect(rolling[0]).toBe('2025-04');
    expect(rolling[11]).toBe('2026-03');
    expect(windowMonths({ kind: 'rolling', months: 1 }, '2026-03-31')).toEqual(['2026-03']);
    expect(windowMonths({ kind: 'rolling', months: 12 }, '2026-03-31')[0]).toBe('2025-04');
    expect(windowMonths({ kind: 'calendarYear' }, '2026-03-15')).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(windowMonths({ kind: 'calendarYear' }, '2026-12-31')).toHaveLength(12);
    expect(windowMonths({ kind: 'calendarYear' }, '2026-01-01')).toEqual(['2026-01']);
  });

  test('qualifyingTotal ignores months outside the window and follows the basis', () => {
    const months: QualifyingMonths = {
      '2025-03': { spendFen: 1_000_000, points: 10_000 }, // outside a rolling 12 as of 2026-03
      '2025-04': { spendFen: 10_000, points: 100 },
      '2025-12': { spendFen: 20_000, points: 200 },
      '2026-03': { spendFen: 30_000, points: 300 },
      '2026-04': { spendFen: 5_000_000, points: 50_000 }, // in the future
    };
    expect(qualifyingTotal(demo, months, '2026-03-15')).toBe(60_000);
    expect(qualifyingTotal({ ...demo, basis: 'points' }, months, '2026-03-15')).toBe(600);
    expect(qualifyingTotal({ ...demo, window: { kind: 'calendarYear' } }, months, '2026-03-15')).toBe(30_000);
    expect(qualifyingTotal(demo, {}, '2026-03-15')).toBe(0);
  });

  test('property: qualifyingTotal is the sum over exactly the window months', () => {
    const monthArb = fc.integer({ min: 0, max: 59 }).map((i) => `${2023 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
    fc.assert(
      fc.property(programArb, dayArb, fc.dictionary(monthArb, fc.record({ spendFen: fc.nat(100_000), points: fc.nat(1_000) })), (p, today, months) => {
        const w = new Set(windowMonths(p.window, today));
        let expected = 0;
        for (const [m, v] of Object.entries(months)) if (w.has(m)) expected += p.basis === 'spend' ? v.spendFen : v.points;
        expect(qualifyingTotal(p, months, today)).toBe(expected);
        if (p.window.kind === 'rolling') expect(w.size).toBe(p.window.months);
      }),
    );
  });
});

describe('tierProgress', () => {
  const months: QualifyingMonths = { '2026-01': { spendFen: 12_500, points: 125 } };

  test('next tier, remaining and percent; none at the top', () => {
    const member: TierState = { tierCode: 'MEMBER', since: '2025-01-01', retainUntil: null, manual: null };
    expect(tierProgress(demo, member, months, '2026-02-01')).toEqual({
      next: { code: 'SILVER', name: '银卡会员', threshold: 50_000, remaining: 37_500, percent: 25 },
      retention: null,
    });
    const gold: TierState = { tierCode: 'GOLD', since: '2025-06-01', retainUntil: '2026-06-01', manual: null };
    expect(tierProgress(demo, gold, months, '2026-02-01').next).toBeNull();
  });

  test('retention counts only what stays in the window on the retention date', () => {
    const silver: TierState = { tierCode: 'SILVER', since: '2025-06-01', retainUntil: '2026-06-01', manual: null };
    const m: QualifyingMonths = {
      '2025-05': { spendFen: 40_000, points: 0 }, // in today's window, out of the window on 2026-06-01
      '2025-07': { spendFen: 20_000, points: 0 },
      '2026-01': { spendFen: 10_000, points: 0 },
    };
    const r = tierProgress(demo, silver, m, '2026-02-01');
    expect(r.next).toEqual({ code: 'GOLD', name: '金卡会员', threshold: 150_000, remaining: 80_000, percent: 46 });
    expect(r.retention).toEqual({ until: '2026-06-01', threshold: 50_000, countedByThen: 30_000, remaining: 20_000 });
    // A hand-set tier shows no retention.
    expect(tierProgress(demo, { ...silver, manual: { code: 'SILVER', until: '2026-12-31', by: 'a', reason: 'r' } }, m, '2026-02-01').retention).toBeNull();
  });

  test('property: remaining = max(0, threshold - total), 0 <= percent <= 100, and 100 exactly when nothing remains', () => {
    fc.assert(
      fc.property(scenarioArb, fc.nat(300_000), ({ p, today, state }, spend) => {
        const months: QualifyingMonths = { [today.slice(0, 7)]: { spendFen: spend, points: spend } };
        const total = qualifyingTotal(p, months, today);
        expect(total).toBe(spend);
        const { next } = tierProgress(p, state, months, today);
        const above = ladder(p).find((t) => t.rank > rankOf(p, state.tierCode));
        if (!above) return expect(next).toBeNull();
        expect(next!.code).toBe(above.code);
        expect(next!.remaining).toBe(Math.max(0, above.threshold - total));
        expect(next!.percent).toBeGreaterThanOrEqual(0);
        expect(next!.percent).toBeLessThanOrEqual(100);
        expect(next!.percent === 100).toBe(next!.remaining === 0);
      }),
    );
  });
});

describe('addQualifying', () => {
  test('adds, subtracts for returns but never below zero, and forgets old months', () => {
    let m: QualifyingMonths = {};
    m = addQualifying(m, '2026-03', 39_900, 399, '2026-03-15');
    m = addQualifying(m, '2026-03', -50_000, -100, '2026-03-16');
    expect(m['2026-03']).toEqual({ spendFen: 0, points: 299 });
    const old: QualifyingMonths = {
      '2024-01': { spendFen: 1, points: 1 },
      '2024-02': { spendFen: 2, points: 2 },
      '2024-04': { spendFen: 4, points: 4 },
      '2025-12': { spendFen: 5, points: 5 },
    };
    const out = addQualifying(old, '2026-03', 100, 1, '2026-03-15');
    expect(out['2024-01']).toBeUndefined();
    expect(out['2024-02']).toBeUndefined();
    expect(out['2024-04']).toEqual({ spendFen: 4, points: 4 });
    expect(out['2025-12']).toEqual({ spendFen: 5, points: 5 });
    expect(out['2026-03']).toEqual({ spendFen: 100, points: 1 });
    // The input is not mutated.
    expect(Object.keys(old)).toHaveLength(4);
  });

  test('property: never negative, keeps the recent months, drops months older than 24', () => {
    const monthArb = fc.integer({ min: 0, max: 59 }).map((i) => `${2023 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
    fc.assert(
      fc.property(
        fc.dictionary(monthArb, fc.record({ spendFen: fc.nat(100_000), points: fc.nat(1_000) })),
        dayArb,
        fc.integer({ min: -200_000, max: 200_000 }),
        fc.integer({ min: -2_000, max: 2_000 }),
        (months, today, dSpend, dPoints) => {
          const month = today.slice(0, 7);
          const out = addQualifying(months, month, dSpend, dPoints, today);
          for (const v of Object.values(out)) {
            expect(v.spendFen).toBeGreaterThanOrEqual(0);
            expect(v.points).toBeGreaterThanOrEqual(0);
          }
          const before = months[month] ?? { spendFen: 0, points: 0 };
          expect(out[month]).toEqual({ spendFen: Math.max(0, before.spendFen + dSpend), points: Math.max(0, before.points + dPoints) });
          const tooOld = addMonths(today, -25).slice(0, 7);
          const recent = addMonths(today, -23).slice(0, 7);
          for (const [m, v] of Object.entries(months)) {
            if (m <= tooOld) expect(out[m]).toBeUndefined();
            if (m >= recent && m !== month) expect(out[m]).toEqual(v);
          }
          // Whatever a rolling window up to 24 months counts today is unchanged apart from the month added to.
          const p = { basis: 'spend' as const, window: { kind: 'rolling' as const, months: 24 } };
          const delta = out[month]!.spendFen - before.spendFen;
          expect(qualifyingTotal(p, out, today)).toBe(qualifyingTotal(p, months, today) + delta);
        },
      ),
    );
  });
});
