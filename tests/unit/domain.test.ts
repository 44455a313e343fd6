import fc from 'fast-check';
import {
  formatYuan,
  isWellFormedMemberCode,
  localDate,
  makeMemberCode,
  maskPhone,
  nextTierProgress,
  normalizePhone,
  parseYuan,
  pointsForPurchase,
  tierAfterPurchase,
  tierForSpend,
  type Tier,
} from '../../shared/domain';
import { demoBrand } from '../../infra/local/seed';

const tiers: Tier[] = demoBrand.tiers;
const rule = { id: 'spend', version: 1, pointsPerYuan: 1 };

describe('earning', () => {
  test.each([
    [39_990, 1, 399],
    [39_999, 1, 399],
    [99, 1, 0],
    [10_000, 1.2, 120],
    [10_000, 1.5, 150],
    [33_300, 1.2, 399],
  ])('%i fen at x%d earns %i', (fen, mult, expected) => {
    expect(pointsForPurchase(rule, fen, mult)).toBe(expected);
  });

  test('never negative, monotone in the amount, and never more than yuan x multiplier', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 10_000_000 }), fc.constantFrom(1, 1.2, 1.5, 2), (a, b, m) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const pLo = pointsForPurchase(rule, lo, m);
        const pHi = pointsForPurchase(rule, hi, m);
        expect(pLo).toBeGreaterThanOrEqual(0);
        expect(pLo).toBeLessThanOrEqual(pHi);
        expect(pHi).toBeLessThanOrEqual((hi / 100) * m + 1e-9);
        expect(Number.isInteger(pHi)).toBe(true);
      }),
    );
  });

  test('refuses a fractional or negative amount', () => {
    expect(() => pointsForPurchase(rule, 1.5, 1)).toThrow(RangeError);
    expect(() => pointsForPurchase(rule, -1, 1)).toThrow(RangeError);
  });
});

describe('tiers', () => {
  test('thresholds', () => {
    expect(tierForSpend(tiers, 0).code).toBe('MEMBER');
    expect(tierForSpend(tiers, 49_999).code).toBe('MEMBER');
    expect(tierForSpend(tiers, 50_000).code).toBe('SILVER');
    expect(tierForSpend(tiers, 150_000).code).toBe('GOLD');
  });

  test('tier is monotone in spend and a purchase never lowers it', () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.nat(1_000_000), fc.constantFrom(...tiers), (a, b, current) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(tierForSpend(tiers, lo).rank).toBeLessThanOrEqual(tierForSpend(tiers, hi).rank);
        expect(tierAfterPurchase(tiers, current, lo).rank).toBeGreaterThanOrEqual(current.rank);
      }),
    );
  });

  test('progress to the next tier; none at the top', () => {
    expect(nextTierProgress(tiers, tiers[0]!, 12_500)).toEqual({ code: 'SILVER', name: '银卡会员', currentFen: 12_500, thresholdFen: 50_000, remainingFen: 37_500, percent: 25 });
    expect(nextTierProgress(tiers, tiers[2]!, 999_999)).toBeNull();
    fc.assert(
      fc.property(fc.nat(2_000_000), (spend) => {
        const p = nextTierProgress(tiers, tierForSpend(tiers, spend), spend);
        if (p) {
          expect(p.percent).toBeGreaterThanOrEqual(0);
          expect(p.percent).toBeLessThanOrEqual(100);
          expect(p.remainingFen).toBe(Math.max(0, p.thresholdFen - spend));
        }
      }),
    );
  });
});

describe('member code', () => {
  test('18 digits, prefix 66, Luhn-checked; any single-digit typo is caught', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{15}$/), fc.nat(17), fc.integer({ min: 1, max: 9 }), (digits, pos, delta) => {
        const code = makeMemberCode(digits);
        expect(code).toMatch(/^66\d{16}$/);
        expect(isWellFormedMemberCode(code)).toBe(true);
        const typo = code.slice(0, pos) + String((Number(code[pos]) + delta) % 10) + code.slice(pos + 1);
        expect(isWellFormedMemberCode(typo)).toBe(false);
      }),
    );
    expect(() => makeMemberCode('123')).toThrow(RangeError);
  });
});

describe('money, phone and dates', () => {
  test('yuan round-trips through fen', () => {
    expect(formatYuan(39_900)).toBe('¥399.00');
    expect(formatYuan(-5)).toBe('-¥0.05');
    expect(parseYuan('399.5')).toBe(39_950);
    expect(parseYuan('12.345')).toBeNull();
    expect(parseYuan('abc')).toBeNull();
    fc.assert(fc.property(fc.nat(99_999_999), (fen) => expect(parseYuan(formatYuan(fen).slice(1))).toBe(fen)));
  });
  test('phones are masked for every list a clerk sees', () => {
    expect(maskPhone('13800001234')).toBe('138****1234');
    expect(normalizePhone('138 0000 1234')).toBe('13800001234');
    expect(normalizePhone('91234567', '852')).toBe('+85291234567');
  });
  test('calendar dates use the brand time zone', () => {
    // 2026-01-31T17:30Z is already 1 February in Shanghai.
    expect(localDate(new Date('2026-01-31T17:30:00Z'))).toBe('2026-02-01');
    expect(localDate(new Date('2026-01-31T15:59:00Z'))).toBe('2026-01-31');
  });
});
