import fc from 'fast-check';
import {
  evaluatePurchase,
  formatYuan,
  isWellFormedMemberCode,
  localDate,
  makeMemberCode,
  maskPhone,
  normalizePhone,
  parseYuan,
  qualifyingTier,
  tierAfterEarning,
  tierByCode,
  tierProgress,
  type TierProgram,
  type TierState,
} from '../../shared/domain';
import { demoBrand } from '../../infra/local/seed';

const program: TierProgram = demoBrand.tierProgram;
const rules = demoBrand.rules;
const earn = (amountFen: number, tierMultiplier = 1) =>
  evaluatePurchase(rules, { amountFen, lines: [], tierMultiplier, birthdayMonth: false }).points;

describe('earning (demo rules)', () => {
  test.each([
    [39_990, 1, 399],
    [39_999, 1, 399],
    [99, 1, 0],
    [10_000, 1.2, 120],
    [10_000, 1.5, 150],
    [33_300, 1.2, 399],
  ])('%i fen at x%d earns %i', (fen, mult, expected) => {
    expect(earn(fen, mult)).toBe(expected);
  });

  test('never negative, monotone in the amount, and never more than yuan x multiplier', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 10_000_000 }), fc.constantFrom(1, 1.2, 1.5, 2), (a, b, m) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const pLo = earn(lo, m);
        const pHi = earn(hi, m);
        expect(pLo).toBeGreaterThanOrEqual(0);
        expect(pLo).toBeLessThanOrEqual(pHi);
        expect(pHi).toBeLessThanOrEqual((hi / 100) * m + 1e-9);
        expect(Number.isInteger(pHi)).toBe(true);
      }),
    );
  });

  test('refuses a fractional or negative amount', () => {
    expect(() => earn(1.5)).toThrow(RangeError);
    expect(() => earn(-1)).toThrow(RangeError);
  });
});

describe('tiers (demo program)', () => {
  const tiers = [...program.tiers].sort((a, b) => a.rank - b.rank);
  const stateFor = (code: string): TierState => ({
    tierCode: code,
    since: '2025-06-01',
    retainUntil: code === 'MEMBER' ? null : '2026-06-01',
    manual: null,
  });

  test('thresholds', () => {
    expect(qualifyingTier(program, 0).code).toBe('MEMBER');
    expect(qualifyingTier(program, 49_999).code).toBe('MEMBER');
    expect(qualifyingTier(program, 50_000).code).toBe('SILVER');
    expect(qualifyingTier(program, 150_000).code).toBe('GOLD');
  });

  test('tier is monotone in spend and a purchase never lowers it', () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.nat(1_000_000), fc.constantFrom(...tiers), (a, b, current) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(qualifyingTier(program, lo).rank).toBeLessThanOrEqual(qualifyingTier(program, hi).rank);
        const after = tierAfterEarning(program, stateFor(current.code), lo, '2026-02-01').state;
        expect(tierByCode(program, after.tierCode)!.rank).toBeGreaterThanOrEqual(current.rank);
      }),
    );
  });

  test('progress to the next tier; none at the top', () => {
    const months = (spendFen: number) => ({ '2026-01': { spendFen, points: 0 } });
    expect(tierProgress(program, stateFor('MEMBER'), months(12_500), '2026-02-01').next).toEqual({
      code: 'SILVER',
      name: '银卡会员',
      threshold: 50_000,
      remaining: 37_500,
      percent: 25,
    });
    expect(tierProgress(program, stateFor('GOLD'), months(999_999), '2026-02-01').next).toBeNull();
    fc.assert(
      fc.property(fc.nat(2_000_000), (spend) => {
        const p = tierProgress(program, stateFor(qualifyingTier(program, spend).code), months(spend), '2026-02-01').next;
        if (p) {
          expect(p.percent).toBeGreaterThanOrEqual(0);
          expect(p.percent).toBeLessThanOrEqual(100);
          expect(p.remaining).toBe(Math.max(0, p.threshold - spend));
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
    expect(formatYuan(150_000)).toBe('¥1,500.00');
    expect(formatYuan(123_456_789)).toBe('¥1,234,567.89');
    expect(parseYuan('1,500.00')).toBe(150_000);
    expect(parseYuan('1,50')).toBeNull();
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
