import fc from 'fast-check';
import { demoBrand } from '../../infra/local/seed';
import {
  allocate,
  evaluatePurchase,
  expiryDateFor,
  rulesAt,
  type EarningRules,
  type PurchaseInput,
  type PurchaseLine,
  type SpendRule,
} from '../../shared/domain/rules';

const baseSpend: SpendRule = {
  pointsPerYuan: 1,
  rounding: 'floor',
  minOrderFen: 0,
  excludedSkus: [],
  excludedCategories: [],
  skuMultipliers: [],
  categoryMultipliers: [],
  applyTierMultiplier: true,
  capPerOrder: null,
};
type Rules = Pick<EarningRules, 'spend' | 'birthday'>;
const rules = (spend: Partial<SpendRule> = {}, birthday: EarningRules['birthday'] = { mode: 'none' }): Rules => ({
  spend: { ...baseSpend, ...spend },
  birthday,
});
const purchase = (amountFen: number, more: Partial<PurchaseInput> = {}): PurchaseInput => ({
  amountFen,
  lines: [],
  tierMultiplier: 1,
  birthdayMonth: false,
  ...more,
});
const pts = (r: Rules, p: PurchaseInput) => evaluatePurchase(r, p).points;

describe('evaluatePurchase: examples', () => {
  test.each<[string, Rules, PurchaseInput, number]>([
    ['¥399.00 at 1 pt/¥ floor', rules(), purchase(39_900), 399],
    ['¥399.99 at 1 pt/¥ floor', rules(), purchase(39_999), 399],
    ['¥0.99 earns nothing', rules(), purchase(99), 0],
    ['¥399.00 at tier ×1.2', rules(), purchase(39_900, { tierMultiplier: 1.2 }), 478],
    ['¥100 at tier ×1.2 is exactly 120', rules(), purchase(10_000, { tierMultiplier: 1.2 }), 120],
    ['¥333 at tier ×1.2 is 399.6 → 399', rules(), purchase(33_300, { tierMultiplier: 1.2 }), 399],
    ['tier multiplier off', rules({ applyTierMultiplier: false }), purchase(10_000, { tierMultiplier: 1.5 }), 100],
    ['birthday ×2 × tier ×1.5 exact', rules({}, { mode: 'multiplier', multiplier: 2 }), purchase(10_000, { tierMultiplier: 1.5, birthdayMonth: true }), 300],
    ['birthday ×2 × tier ×1.5 on ¥333.33', rules({}, { mode: 'multiplier', multiplier: 2 }), purchase(33_333, { tierMultiplier: 1.5, birthdayMonth: true }), 999],
    ['birthday multiplier outside the birthday month', rules({}, { mode: 'multiplier', multiplier: 2 }), purchase(10_000, { tierMultiplier: 1.5 }), 150],
    ['birthday bonus mode does not multiply', rules({}, { mode: 'bonus', points: 100 }), purchase(10_000, { birthdayMonth: true }), 100],
    ['0.5 pt/¥ floor on ¥3', rules({ pointsPerYuan: 0.5, rounding: 'floor' }), purchase(300), 1],
    ['0.5 pt/¥ round on ¥3', rules({ pointsPerYuan: 0.5, rounding: 'round' }), purchase(300), 2],
    ['0.5 pt/¥ ceil on ¥3', rules({ pointsPerYuan: 0.5, rounding: 'ceil' }), purchase(300), 2],
    ['0.5 pt/¥ ceil on ¥4 (exact, no rounding up)', rules({ pointsPerYuan: 0.5, rounding: 'ceil' }), purchase(400), 2],
    ['0.5 pt/¥ round on ¥2.98 (1.49)', rules({ pointsPerYuan: 0.5, rounding: 'round' }), purchase(298), 1],
    ['0.5 pt/¥ ceil on ¥2.01', rules({ pointsPerYuan: 0.5, rounding: 'ceil' }), purchase(201), 2],
    ['2 pt/¥', rules({ pointsPerYuan: 2 }), purchase(12_345), 246],
    ['minimum order not met', rules({ minOrderFen: 5_000 }), purchase(4_999), 0],
    ['minimum order met exactly', rules({ minOrderFen: 5_000 }), purchase(5_000), 50],
    ['cap', rules({ capPerOrder: 200 }), purchase(39_900, { tierMultiplier: 1.2 }), 200],
    ['cap not reached', rules({ capPerOrder: 500 }), purchase(39_900), 399],
  ])('%s', (_name, r, p, expected) => {
    expect(pts(r, p)).toBe(expected);
  });

  test('the minimum order leaves one explanatory step', () => {
    const e = evaluatePurchase(rules({ minOrderFen: 5_000 }), purchase(4_999));
    expect(e.points).toBe(0);
    expect(e.breakdown.map((b) => b.key)).toEqual(['minimum']);
    expect(e.lineAllocationsFen).toEqual([4_999]);
  });

  test('excluded SKU and category lines: their paid share earns nothing', () => {
    const lines: PurchaseLine[] = [
      { sku: 'TEA', category: 'drinks', quantity: 2, unitPriceFen: 10_000 },
      { sku: 'GIFT100', category: '礼品卡', quantity: 1, unitPriceFen: 10_000 },
      { sku: 'BAG', category: 'bags', quantity: 1, unitPriceFen: 10_000 },
    ];
    // Paid ¥360 after a 10% discount: ¥90 per ¥100 of list price.
    const r = rules({ excludedCategories: ['礼品卡'], excludedSkus: ['BAG'] });
    const e = evaluatePurchase(r, purchase(36_000, { lines }));
    expect(e.lineAllocationsFen).toEqual([18_000, 9_000, 9_000]);
    expect(e.eligibleFen).toBe(18_000);
    expect(e.points).toBe(180);
    // Without the exclusions the whole order earns.
    expect(pts(rules(), purchase(36_000, { lines }))).toBe(360);
    // An order of only excluded lines earns nothing.
    expect(pts(r, purchase(9_000, { lines: [lines[1]!] }))).toBe(0);
  });

  test('the demo brand excludes gift cards and doubles points in the birthday month', () => {
    const lines: PurchaseLine[] = [
      { sku: 'A', category: '茶叶', quantity: 1, unitPriceFen: 39_900 },
      { sku: 'G', category: '礼品卡', quantity: 1, unitPriceFen: 10_000 },
    ];
    expect(pts(demoBrand.rules, purchase(49_900, { lines }))).toBe(399);
    expect(pts(demoBrand.rules, purchase(49_900, { lines, tierMultiplier: 1.2 }))).toBe(478);
    expect(pts(demoBrand.rules, purchase(49_900, { lines, tierMultiplier: 1.2, birthdayMonth: true }))).toBe(957);
  });

  test('a SKU multiplier beats its category multiplier', () => {
    const r = rules({ skuMultipliers: [{ sku: 'NEW', multiplier: 3 }], categoryMultipliers: [{ category: 'tea', multiplier: 2 }] });
    const lines: PurchaseLine[] = [
      { sku: 'NEW', category: 'tea', quantity: 1, unitPriceFen: 10_000 },
      { sku: 'OLD', category: 'tea', quantity: 1, unitPriceFen: 10_000 },
      { sku: 'CUP', category: 'ware', quantity: 1, unitPriceFen: 10_000 },
    ];
    const e = evaluatePurchase(r, purchase(30_000, { lines }));
    expect(e.points).toBe(300 + 200 + 100);
    expect(e.breakdown).toEqual([
      expect.objectContaining({ key: 'base', points: 300 }),
      expect.objectContaining({ key: 'products', points: 300 }),
    ]);
    // An excluded SKU stays excluded even with a multiplier on its category.
    const r2 = rules({ excludedSkus: ['NEW'], categoryMultipliers: [{ category: 'tea', multiplier: 2 }] });
    expect(pts(r2, purchase(30_000, { lines }))).toBe(0 + 200 + 100);
  });

  test('breakdown of a full example: base, products, tier, birthday, cap', () => {
    const r = rules({ skuMultipliers: [{ sku: 'X', multiplier: 2 }], capPerOrder: 1_000 }, { mode: 'multiplier', multiplier: 2 });
    const e = evaluatePurchase(r, purchase(30_000, { lines: [{ sku: 'X', quantity: 1, unitPriceFen: 30_000 }], tierMultiplier: 1.5, birthdayMonth: true }));
    expect(e.breakdown.map((b) => [b.key, b.points])).toEqual([
      ['base', 300],
      ['products', 300],
      ['tier', 300],
      ['birthday', 900],
      ['cap', -800],
    ]);
    expect(e.points).toBe(1_000);
  });

  test('refuses a fractional or negative amount', () => {
    expect(() => evaluatePurchase(rules(), purchase(1.5))).toThrow(RangeError);
    expect(() => evaluatePurchase(rules(), purchase(-1))).toThrow(RangeError);
  });
});

const lineArb: fc.Arbitrary<PurchaseLine> = fc.record({
  sku: fc.constantFrom('A', 'B', 'C', 'D'),
  category: fc.option(fc.constantFrom('tea', 'ware', 'gift'), { nil: undefined }),
  quantity: fc.integer({ min: 1, max: 5 }),
  unitPriceFen: fc.integer({ min: 0, max: 100_000 }),
});
const spendArb: fc.Arbitrary<SpendRule> = fc.record({
  pointsPerYuan: fc.constantFrom(0.5, 1, 1.5, 2, 0.01, 3.33),
  rounding: fc.constantFrom('floor' as const, 'round' as const, 'ceil' as const),
  minOrderFen: fc.constantFrom(0, 0, 1_000, 10_000),
  excludedSkus: fc.subarray(['A', 'B', 'C', 'D']),
  excludedCategories: fc.subarray(['tea', 'ware', 'gift']),
  skuMultipliers: fc.array(fc.record({ sku: fc.constantFrom('A', 'B', 'C', 'D'), multiplier: fc.constantFrom(1, 1.5, 2, 3) }), { maxLength: 2 }),
  categoryMultipliers: fc.array(fc.record({ category: fc.constantFrom('tea', 'ware', 'gift'), multiplier: fc.constantFrom(1, 1.5, 2) }), { maxLength: 2 }),
  applyTierMultiplier: fc.boolean(),
  capPerOrder: fc.option(fc.integer({ min: 0, max: 5_000 }), { nil: null }),
});
const birthdayArb: fc.Arbitrary<EarningRules['birthday']> = fc.oneof(
  fc.constant({ mode: 'none' as const }),
  fc.record({ mode: fc.constant('bonus' as const), points: fc.integer({ min: 0, max: 500 }) }),
  fc.record({ mode: fc.constant('multiplier' as const), multiplier: fc.constantFrom(1, 1.5, 2, 3) }),
);
const inputArb: fc.Arbitrary<PurchaseInput> = fc.record({
  amountFen: fc.integer({ min: 0, max: 2_000_000 }),
  lines: fc.array(lineArb, { maxLength: 5 }),
  tierMultiplier: fc.constantFrom(1, 1.2, 1.5, 2),
  birthdayMonth: fc.boolean(),
});

describe('evaluatePurchase: properties', () => {
  test('non-negative integer points, within the cap, breakdown sums to the total, allocations sum to the paid amount', () => {
    fc.assert(
      fc.property(spendArb, birthdayArb, inputArb, (spend, birthday, input) => {
        const e = evaluatePurchase({ spend, birthday }, input);
        expect(Number.isInteger(e.points)).toBe(true);
        expect(e.points).toBeGreaterThanOrEqual(0);
        if (spend.capPerOrder !== null) expect(e.points).toBeLessThanOrEqual(spend.capPerOrder);
        expect(e.breakdown.reduce((t, b) => t + b.points, 0)).toBe(e.points);
        expect(e.lineAllocationsFen.reduce((t, x) => t + x, 0)).toBe(input.amountFen);
        expect(e.eligibleFen).toBeGreaterThanOrEqual(0);
        expect(e.eligibleFen).toBeLessThanOrEqual(input.amountFen);
        if (input.amountFen < spend.minOrderFen) expect(e.points).toBe(0);
      }),
      { numRuns: 500 },
    );
  });

  test('floor earning on a single line is monotone in the amount and never exceeds the exact product', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5_000_000 }),
        fc.integer({ min: 0, max: 5_000_000 }),
        fc.constantFrom(0.5, 1, 1.5, 2, 3.33),
        fc.constantFrom(1, 1.2, 1.5, 2),
        fc.constantFrom(1, 1.5, 2),
        (a, b, ppy, tierM, skuM) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const r = rules({ pointsPerYuan: ppy, skuMultipliers: [{ sku: 'S', multiplier: skuM }] });
          const line = (fen: number) => [{ sku: 'S', quantity: 1, unitPriceFen: fen }];
          const pLo = pts(r, purchase(lo, { lines: line(lo), tierMultiplier: tierM }));
          const pHi = pts(r, purchase(hi, { lines: line(hi), tierMultiplier: tierM }));
          expect(pLo).toBeLessThanOrEqual(pHi);
          expect(pHi).toBeLessThanOrEqual((hi / 100) * ppy * tierM * skuM + 1e-6);
          expect(pHi).toBeGreaterThan((hi / 100) * ppy * tierM * skuM - 1 - 1e-6);
        },
      ),
    );
  });

  test('any two-decimal points-per-yuan rate is exact: floor(fen × rate / 100) in integers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 1_000 }), (fen, cents) => {
        const ppy = cents / 100; // e.g. 2.01, whose binary value is a hair below 2.01
        const p = pts(rules({ pointsPerYuan: ppy }), purchase(fen));
        expect(p).toBe(Number((BigInt(fen) * BigInt(cents)) / 10_000n));
      }),
    );
    expect(pts(rules({ pointsPerYuan: 2.01 }), purchase(10_000))).toBe(201);
  });

  test('whole yuan × 1.2 is exact (no floating-point loss)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), (yuan) => {
        const p = pts(rules(), purchase(yuan * 100, { tierMultiplier: 1.2 }));
        expect(p).toBe(Math.floor((yuan * 12) / 10));
        if (yuan % 5 === 0) expect(p).toBe((yuan / 5) * 6);
      }),
    );
    expect(pts(rules(), purchase(10_000, { tierMultiplier: 1.2 }))).toBe(120);
  });
});

describe('allocate', () => {
  test('examples: exact split, largest remainder, ties to the earlier line, zero weights', () => {
    expect(allocate(100, [1, 1])).toEqual([50, 50]);
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(10, [1, 2])).toEqual([3, 7]);
    expect(allocate(7, [0, 0])).toEqual([7, 0]);
    expect(allocate(7, [])).toEqual([]);
    expect(allocate(0, [3, 4])).toEqual([0, 0]);
  });

  test('parts sum to the amount, are non-negative and within 1 of the exact share', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 10 }), (amount, weights) => {
        const parts = allocate(amount, weights);
        expect(parts).toHaveLength(weights.length);
        expect(parts.reduce((t, x) => t + x, 0)).toBe(amount);
        const total = weights.reduce((t, w) => t + w, 0);
        parts.forEach((p, i) => {
          expect(Number.isInteger(p)).toBe(true);
          expect(p).toBeGreaterThanOrEqual(0);
          if (total > 0) {
            const exact = (amount * weights[i]!) / total;
            expect(Math.abs(p - exact)).toBeLessThan(1 + 1e-6);
            if (weights[i] === 0) expect(p).toBe(0);
          }
        });
      }),
    );
  });
});

describe('rulesAt', () => {
  const v = (version: number, effectiveFrom: string) => ({ version, effectiveFrom });
  const versions = [v(1, '2020-01-01T00:00:00.000Z'), v(3, '2026-03-01T00:00:00.000Z'), v(2, '2026-01-01T00:00:00.000Z'), v(4, '2027-01-01T00:00:00.000Z')];
  test.each([
    ['2019-12-31T23:59:59.999Z', null],
    ['2020-01-01T00:00:00.000Z', 1],
    ['2025-12-31T23:59:59.999Z', 1],
    ['2026-01-01T00:00:00.000Z', 2],
    ['2026-02-15T00:00:00.000Z', 2],
    ['2026-03-01T00:00:00.000Z', 3],
    ['2026-12-31T00:00:00.000Z', 3],
    ['2027-06-01T00:00:00.000Z', 4],
  ])('at %s version %p', (at, expected) => {
    expect(rulesAt(versions, at)?.version ?? null).toBe(expected);
  });
  test('a later version scheduled before an earlier one still wins once both apply', () => {
    const vs = [v(1, '2020-01-01T00:00:00.000Z'), v(2, '2026-05-01T00:00:00.000Z'), v(3, '2026-04-01T00:00:00.000Z')];
    expect(rulesAt(vs, '2026-04-15T00:00:00.000Z')?.version).toBe(3);
    expect(rulesAt(vs, '2026-05-15T00:00:00.000Z')?.version).toBe(3);
    expect(rulesAt([], '2026-05-15T00:00:00.000Z')).toBeNull();
  });
  test('property: the highest version not after the instant', () => {
    const iso = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(50), { maxLength: 8 }), fc.array(iso, { minLength: 8, maxLength: 8 }), iso, (vs, dates, at) => {
        const versions = vs.map((n, i) => v(n, dates[i]!));
        const expected = versions.filter((x) => x.effectiveFrom <= at).reduce<number | null>((m, x) => (m === null || x.version > m ? x.version : m), null);
        expect(rulesAt(versions, at)?.version ?? null).toBe(expected);
      }),
    );
  });
});

describe('expiryDateFor', () => {
  test('never: the NEVER date, whatever the earning date', () => {
    expect(expiryDateFor({ policy: 'never' }, '2026-05-10')).toBe('9999-12-31');
    expect(expiryDateFor({ policy: 'never' }, '2030-12-31')).toBe('9999-12-31');
  });
  test.each<[number, string, string]>([
    [30, '2026-01-15', '2026-02-14'],
    [365, '2026-01-01', '2027-01-01'],
    [1, '2026-12-31', '2027-01-01'],
    [366, '2028-01-01', '2029-01-01'],
  ])('%i days after %s → %s', (days, earnedOn, expected) => {
    expect(expiryDateFor({ policy: 'days', days }, earnedOn)).toBe(expected);
  });
  test.each([
    ['2026-01-01', '2027-12-31'],
    ['2026-12-31', '2027-12-31'],
    ['2027-06-15', '2028-12-31'],
  ])('yearEnd (次年年底): earned %s → %s', (earnedOn, expected) => {
    expect(expiryDateFor({ policy: 'yearEnd' }, earnedOn)).toBe(expected);
  });
});
