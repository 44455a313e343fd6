import fc from 'fast-check';
import { addDays } from '../../shared/domain';
import {
  DEFAULT_RFM_CONFIG,
  LIFECYCLE_STAGES,
  factsAfterPurchase,
  factsAfterReturn,
  lastPurchaseDayTurningDormant,
  lifecycleStage,
  matches,
  monthsAfterScan,
  rfmConfigProblem,
  rfmScores,
  tagsFromRules,
  windowMonths,
  windowTotals,
  withTags,
  type KeptFacts,
  type MemberFacts,
  type SegmentFilterShape,
} from '../../shared/domain/rfm';

const TODAY = '2026-11-23';
/** Noon in Shanghai of a local day, as an instant. */
const at = (day: string) => `${day}T04:00:00.000Z`;
const empty: KeptFacts = { firstPurchaseAt: null, lastPurchaseAt: null, lastStoreId: null, months: {} };
const member = (over: Partial<MemberFacts> = {}): MemberFacts => ({
  memberId: 'm_0000000001',
  tierCode: 'T1',
  tags: [],
  birthday: null,
  registeredAt: at('2025-01-01'),
  registrationStoreId: null,
  lastStoreId: null,
  firstPurchaseAt: null,
  lastPurchaseAt: null,
  months: {},
  ...over,
});
const bought = (orders: { day: string; fen: number; store?: string }[], over: Partial<MemberFacts> = {}): MemberFacts => {
  let k = empty;
  for (const o of orders) k = factsAfterPurchase(k, { at: at(o.day), day: o.day, amountFen: o.fen, storeId: o.store ?? 'S001' });
  return member({ ...k, ...over });
};

describe('RFM scores (seed defaults)', () => {
  test('recency: within 1 / 3 / 6 / 12 months / older, never', () => {
    const r = (day: string) => rfmScores(bought([{ day, fen: 100 }]), TODAY).r;
    expect(r('2026-11-23')).toBe(5);
    expect(r('2026-10-23')).toBe(5);
    expect(r('2026-10-22')).toBe(4);
    expect(r('2026-08-23')).toBe(4);
    expect(r('2026-08-22')).toBe(3);
    expect(r('2026-05-23')).toBe(3);
    expect(r('2026-05-22')).toBe(2);
    expect(r('2025-11-23')).toBe(2);
    expect(r('2025-11-22')).toBe(1);
    expect(rfmScores(member(), TODAY)).toEqual({ r: 0, f: 0, m: 0 });
  });

  test('frequency: 1 / 2 / 3+ orders in the 12-month window; older orders do not count', () => {
    const f = (n: number) => rfmScores(bought(Array.from({ length: n }, () => ({ day: '2026-06-01', fen: 100 }))), TODAY).f;
    expect([f(1), f(2), f(3), f(7)]).toEqual([1, 2, 3, 3]);
    expect(rfmScores(bought([{ day: '2025-11-30', fen: 100 }]), TODAY).f).toBe(0);
    expect(rfmScores(bought([{ day: '2025-12-01', fen: 100 }]), TODAY).f).toBe(1);
  });

  test('monetary: average order <= ¥100 / up to ¥200 / up to ¥300 / above ¥300', () => {
    const m = (fen: number) => rfmScores(bought([{ day: '2026-11-01', fen }]), TODAY).m;
    expect([m(5_000), m(10_000), m(10_001), m(20_000), m(20_001), m(30_000), m(30_001)]).toEqual([1, 1, 2, 2, 3, 3, 4]);
    // The average of ¥100 and ¥500 is ¥300.
    expect(rfmScores(bought([{ day: '2026-11-01', fen: 10_000 }, { day: '2026-11-02', fen: 50_000 }]), TODAY).m).toBe(3);
  });

  test('configurable thresholds', () => {
    const c = { ...DEFAULT_RFM_CONFIG, frequencyOrders: [3, 6] as [number, number], monetaryFen: [50_000, 100_000, 200_000] as [number, number, number] };
    const s = rfmScores(bought([{ day: '2026-11-01', fen: 60_000 }, { day: '2026-11-02', fen: 60_000 }]), TODAY, c);
    expect(s).toEqual({ r: 5, f: 1, m: 2 });
    expect(rfmConfigProblem(c)).toBeNull();
    expect(rfmConfigProblem({ ...c, frequencyOrders: [3, 3] })).toMatch(/frequency/);
    expect(rfmConfigProblem({ ...c, lifecycle: { newDays: 30, activeDays: 60, silentDays: 60, dormantDays: 90 } })).toMatch(/lifecycle/);
  });

  test('the window is the current month and the 11 before it', () => {
    expect(windowMonths(TODAY)).toHaveLength(12);
    expect(windowMonths(TODAY)[0]).toBe('2026-11');
    expect(windowMonths(TODAY)[11]).toBe('2025-12');
  });
});

describe('lifecycle', () => {
  test('new: never bought, or the first purchase within 30 days', () => {
    expect(lifecycleStage(member(), TODAY)).toBe('new');
    expect(lifecycleStage(bought([{ day: '2026-10-24', fen: 100 }]), TODAY)).toBe('new');
    expect(lifecycleStage(bought([{ day: '2026-10-23', fen: 100 }]), TODAY)).toBe('silent');
  });

  test('active / silent / dormant / lost by days since the last purchase (30/60/90)', () => {
    const stage = (last: string) => lifecycleStage(bought([{ day: '2025-01-01', fen: 100 }, { day: last, fen: 100 }]), TODAY);
    expect(stage(addDays(TODAY, -30))).toBe('active');
    expect(stage(addDays(TODAY, -31))).toBe('silent');
    expect(stage(addDays(TODAY, -60))).toBe('silent');
    expect(stage(addDays(TODAY, -61))).toBe('dormant');
    expect(stage(addDays(TODAY, -90))).toBe('dormant');
    expect(stage(addDays(TODAY, -91))).toBe('lost');
  });

  test('the day whose last purchasers turn dormant today', () => {
    const day = lastPurchaseDayTurningDormant(TODAY);
    const m = bought([{ day: '2024-01-01', fen: 100 }, { day, fen: 100 }]);
    expect(lifecycleStage(m, TODAY)).toBe('dormant');
    expect(lifecycleStage(m, addDays(TODAY, -1))).toBe('silent');
  });

  test('property: as days pass without a purchase the stage only moves forward', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 800 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 200 }), (firstAgo, gap, step) => {
        const first = addDays(TODAY, -firstAgo - gap);
        const m = bought([{ day: first, fen: 100 }, { day: addDays(first, gap), fen: 100 }]);
        const a = LIFECYCLE_STAGES.indexOf(lifecycleStage(m, TODAY));
        const b = LIFECYCLE_STAGES.indexOf(lifecycleStage(m, addDays(TODAY, step)));
        return b >= a || (a === 0 && b >= 1);
      }),
    );
  });
});

describe('keeping the facts', () => {
  test('first/last purchase, store, monthly buckets; a later-dated purchase never moves the last one back', () => {
    const k1 = factsAfterPurchase(empty, { at: at('2026-11-01'), day: '2026-11-01', amountFen: 1_000, storeId: 'S001' });
    const k2 = factsAfterPurchase(k1, { at: at('2026-11-20'), day: '2026-11-20', amountFen: 3_000, storeId: 'S002' });
    expect(k2).toEqual({ firstPurchaseAt: at('2026-11-01'), lastPurchaseAt: at('2026-11-20'), lastStoreId: 'S002', months: { '2026-11': { orders: 2, spendFen: 4_000 } } });
    const old = factsAfterPurchase(k2, { at: at('2026-10-01'), day: '2026-10-01', amountFen: 500, storeId: 'S003' });
    expect(old.lastPurchaseAt).toBe(at('2026-11-20'));
    expect(old.lastStoreId).toBe('S002');
    expect(old.firstPurchaseAt).toBe(at('2026-10-01'));
  });

  test('a return takes its refund off the month; a full return also the order', () => {
    const k = factsAfterPurchase(empty, { at: at('2026-11-01'), day: '2026-11-01', amountFen: 10_000, storeId: 'S001' });
    const part = factsAfterReturn(k, { month: '2026-11', refundFen: 4_000, full: false, day: TODAY });
    expect(part.months['2026-11']).toEqual({ orders: 1, spendFen: 6_000 });
    const full = factsAfterReturn(part, { month: '2026-11', refundFen: 6_000, full: true, day: TODAY });
    expect(full.months['2026-11']).toEqual({ orders: 0, spendFen: 0 });
  });

  test('scans count per month; buckets older than 24 months are dropped', () => {
    expect(monthsAfterScan({}, TODAY)).toEqual({ '2026-11': { orders: 0, spendFen: 0, scans: 1 } });
    const k = factsAfterPurchase({ ...empty, months: { '2024-11': { orders: 1, spendFen: 1 }, '2024-12': { orders: 1, spendFen: 1 } } }, { at: at(TODAY), day: TODAY, amountFen: 1, storeId: 'S' });
    expect(Object.keys(k.months).sort()).toEqual(['2024-12', '2026-11']);
  });

  test('property: buying then returning everything leaves the window totals as before', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ ago: fc.integer({ min: 0, max: 500 }), fen: fc.integer({ min: 0, max: 1_000_000 }) }), { maxLength: 8 }),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (history, ago, fen) => {
          let k = empty;
          for (const h of history) k = factsAfterPurchase(k, { at: at(addDays(TODAY, -h.ago)), day: addDays(TODAY, -h.ago), amountFen: h.fen, storeId: 'S' });
          const before = windowTotals(k.months, TODAY);
          const day = addDays(TODAY, -ago);
          const after = factsAfterReturn(factsAfterPurchase(k, { at: at(day), day, amountFen: fen, storeId: 'S' }), { month: day.slice(0, 7), refundFen: fen, full: true, day: TODAY });
          const t = windowTotals(after.months, TODAY);
          return t.orders12m === before.orders12m && t.spend12mFen === before.spend12mFen;
        },
      ),
    );
  });
});

describe('tag rules', () => {
  test('name or SKU contains a text; 12-month spend or orders at least; disabled rules give nothing', () => {
    const months = { '2026-11': { orders: 2, spendFen: 150_000 } };
    const rules = [
      { id: 'r1', kind: 'skuNameContains' as const, text: '蕾丝', tag: '蕾丝' },
      { id: 'r2', kind: 'spend12mAtLeast' as const, fen: 150_000, tag: '高消费' },
      { id: 'r3', kind: 'orders12mAtLeast' as const, orders: 3, tag: '常客' },
      { id: 'r4', kind: 'skuNameContains' as const, text: 'silk', tag: '真丝', enabled: false },
    ];
    expect(tagsFromRules(rules, { lines: [{ sku: 'A1', name: '蕾丝文胸' }], months, today: TODAY }).sort()).toEqual(['蕾丝', '高消费'].sort());
    expect(tagsFromRules(rules, { lines: [{ sku: 'SILK-1', name: '睡衣' }], months: {}, today: TODAY })).toEqual([]);
  });

  test('withTags keeps tags unique and sorted', () => {
    expect(withTags(['b', 'a'], ['a', 'c'], ['b'])).toEqual(['a', 'c']);
  });
});

describe('segment filters', () => {
  const arbMember = fc
    .record({
      tier: fc.constantFrom('T1', 'T2', 'T3'),
      tags: fc.subarray(['蕾丝', '高消费', '真丝', '常客']),
      birthMonth: fc.option(fc.integer({ min: 1, max: 12 }), { nil: null }),
      regAgo: fc.integer({ min: 0, max: 900 }),
      orders: fc.array(fc.record({ ago: fc.integer({ min: 0, max: 500 }), fen: fc.integer({ min: 0, max: 60_000 }), store: fc.constantFrom('S001', 'S002') }), { maxLength: 5 }),
      regStore: fc.option(fc.constantFrom('S001', 'S002', 'S003'), { nil: null }),
      points: fc.integer({ min: 0, max: 5_000 }),
    })
    .map((g) => {
      const ordered = [...g.orders].sort((a, b) => b.ago - a.ago);
      return bought(
        ordered.map((o) => ({ day: addDays(TODAY, -o.ago), fen: o.fen, store: o.store })),
        {
          tierCode: g.tier,
          tags: g.tags,
          birthday: g.birthMonth ? `1990-${String(g.birthMonth).padStart(2, '0')}-15` : null,
          registeredAt: at(addDays(TODAY, -g.regAgo)),
          registrationStoreId: g.regStore,
          pointsBalance: g.points,
        },
      );
    });
  const arbFilter: fc.Arbitrary<SegmentFilterShape> = fc.record(
    {
      tiers: fc.subarray(['T1', 'T2', 'T3']),
      tagsAny: fc.subarray(['蕾丝', '高消费', '真丝']),
      tagsAll: fc.subarray(['蕾丝', '常客']),
      rScores: fc.subarray([0, 1, 2, 3, 4, 5]),
      fScores: fc.subarray([0, 1, 2, 3]),
      mScores: fc.subarray([0, 1, 2, 3, 4]),
      lifecycle: fc.subarray([...LIFECYCLE_STAGES]),
      birthdayMonth: fc.integer({ min: 1, max: 12 }),
      storeIds: fc.subarray(['S001', 'S002', 'S003']),
      registeredFrom: fc.integer({ min: 0, max: 900 }).map((d) => addDays(TODAY, -d)),
      lastPurchaseTo: fc.integer({ min: 0, max: 500 }).map((d) => addDays(TODAY, -d)),
      pointsMin: fc.integer({ min: 0, max: 5_000 }),
    },
    { requiredKeys: [] },
  );

  test('examples', () => {
    const m = bought([{ day: '2026-11-01', fen: 40_000, store: 'S002' }], { tierCode: 'T2', tags: ['蕾丝'], birthday: '1990-03-05', pointsBalance: 120 });
    expect(matches({}, m, TODAY)).toBe(true);
    expect(matches({ tiers: ['T2'], tagsAny: ['蕾丝', 'x'], storeIds: ['S002'], birthdayMonth: 3 }, m, TODAY)).toBe(true);
    expect(matches({ tagsAll: ['蕾丝', 'x'] }, m, TODAY)).toBe(false);
    expect(matches({ rScores: [5], fScores: [1], mScores: [4], lifecycle: ['new'] }, m, TODAY)).toBe(true);
    expect(matches({ pointsMin: 121 }, m, TODAY)).toBe(false);
    expect(matches({ lastPurchaseFrom: '2026-11-02' }, m, TODAY)).toBe(false);
    expect(matches({ lastPurchaseTo: '2026-11-01' }, member(), TODAY)).toBe(false);
    expect(matches({ tiers: [] }, m, TODAY)).toBe(true);
  });

  test('property: a filter holds exactly when each of its criteria holds alone', () => {
    fc.assert(
      fc.property(arbMember, arbFilter, (m, f) => {
        const parts = Object.entries(f).map(([k, v]) => ({ [k]: v }) as SegmentFilterShape);
        return matches(f, m, TODAY) === parts.every((p) => matches(p, m, TODAY));
      }),
      { numRuns: 300 },
    );
  });

  test('property: scores stay in range and F = 0 exactly when the window has no order', () => {
    fc.assert(
      fc.property(arbMember, (m) => {
        const s = rfmScores(m, TODAY);
        const t = windowTotals(m.months, TODAY);
        return s.r >= 0 && s.r <= 5 && s.f >= 0 && s.f <= 3 && s.m >= 0 && s.m <= 4 && (s.f === 0) === (t.orders12m === 0) && (s.r === 0) === !m.lastPurchaseAt;
      }),
    );
  });
});
