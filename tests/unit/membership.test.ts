import fc from 'fast-check';
import { addDays, addMonths } from '../../shared/domain/calendar';
import {
  beijingDate,
  beijingMidnight,
  earnMultiplier,
  extendTerm,
  isActive,
  lastDayOf,
  monthIndexOf,
  packsDue,
  refundEligibility,
  shortenTerm,
  termEndOf,
} from '../../shared/domain/membership';

const instantArb = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2060-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
const dateArb = instantArb.map((i) => i.slice(0, 10));

describe('Beijing dates', () => {
  test('an instant late in the UTC day is the next Beijing date; midnight is 16:00 UTC the day before', () => {
    expect(beijingDate('2026-11-30T16:00:00.000Z')).toBe('2026-12-01');
    expect(beijingDate('2026-11-30T15:59:59.999Z')).toBe('2026-11-30');
    expect(beijingMidnight('2026-12-01')).toBe('2026-11-30T16:00:00.000Z');
  });
  test('round trip: the midnight of a date is on that date', () => {
    fc.assert(fc.property(dateArb, (d) => beijingDate(beijingMidnight(d)) === d));
  });
});

describe('the term', () => {
  test('bought on 15 January for a month: valid through 14 February, ended at its Beijing midnight', () => {
    const { term, renewed } = extendTerm(null, 1, '2026-01-15T02:00:00.000Z');
    expect(renewed).toBe(false);
    expect(term).toEqual({ startDate: '2026-01-15', months: 1 });
    expect(lastDayOf(term)).toBe('2026-02-14');
    expect(termEndOf(term)).toBe('2026-02-14T16:00:00.000Z');
  });
  test('renewing while active extends from the end; after the end a new term starts today', () => {
    const first = extendTerm(null, 12, '2026-01-15T02:00:00.000Z').term;
    const renewed = extendTerm(first, 1, '2026-06-01T00:00:00.000Z');
    expect(renewed).toEqual({ term: { startDate: '2026-01-15', months: 13 }, renewed: true });
    expect(lastDayOf(renewed.term)).toBe('2027-02-14');
    const later = extendTerm(first, 1, '2027-03-01T00:00:00.000Z');
    expect(later).toEqual({ term: { startDate: '2027-03-01', months: 1 }, renewed: false });
  });
  test('month ends clamp without drifting: 31 January + 1, + 1 more month', () => {
    const t = extendTerm(null, 1, '2026-01-30T17:00:00.000Z').term; // 2026-01-31 in Beijing
    expect(lastDayOf(t)).toBe('2026-02-27');
    const t2 = extendTerm(t, 1, '2026-02-10T00:00:00.000Z').term;
    expect(lastDayOf(t2)).toBe('2026-03-30');
  });
  test('property: extending from max(now, end) by n months ends n months after the old end (active) or after today (ended)', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 24 }), fc.integer({ min: 1, max: 24 }), fc.integer({ min: 0, max: 900 }), (start, m1, m2, laterDays) => {
        const t0 = extendTerm(null, m1, beijingMidnight(start)).term;
        const now = beijingMidnight(addDays(start, laterDays));
        const { term, renewed } = extendTerm(t0, m2, now);
        expect(renewed).toBe(isActive(t0, now));
        if (renewed) expect(termEndOf(term)).toBe(beijingMidnight(addMonths(start, m1 + m2)));
        else expect(termEndOf(term)).toBe(beijingMidnight(addMonths(addDays(start, laterDays), m2)));
        expect(termEndOf(term) > now).toBe(true);
      }),
    );
  });
  test('a refund takes the months back; the whole term refunded ends at once', () => {
    const t = { startDate: '2026-01-15', months: 13 };
    expect(shortenTerm(t, 1)).toEqual({ startDate: '2026-01-15', months: 12 });
    expect(isActive(shortenTerm({ startDate: '2026-01-15', months: 1 }, 1), '2026-01-16T00:00:00.000Z')).toBe(false);
  });
});

describe('month index and packs', () => {
  const t = { startDate: '2026-01-31', months: 3 };
  test.each([
    ['2026-01-30', null],
    ['2026-01-31', 0],
    ['2026-02-27', 0],
    ['2026-02-28', 1],
    ['2026-03-30', 1],
    ['2026-03-31', 2],
    ['2026-04-29', 2],
    ['2026-04-30', null],
  ])('%s is month %p', (d, k) => {
    expect(monthIndexOf(t, d)).toBe(k);
  });
  test('packs due: from the months already issued up to the current month', () => {
    expect(packsDue(t, 0, '2026-01-31')).toEqual([0]);
    expect(packsDue(t, 1, '2026-02-10')).toEqual([]);
    expect(packsDue(t, 1, '2026-03-31')).toEqual([1, 2]);
    expect(packsDue(t, 3, '2026-04-01')).toEqual([]);
    expect(packsDue(t, 0, '2026-05-01')).toEqual([]);
  });
  test('property: the month index k of a date lies between the starts of months k and k + 1', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 36 }), fc.integer({ min: 0, max: 1200 }), (start, months, offset) => {
        const term = { startDate: start, months };
        const d = addDays(start, offset);
        const k = monthIndexOf(term, d);
        if (d >= addMonths(start, months)) return k === null;
        return k !== null && addMonths(start, k) <= d && d < addMonths(start, k + 1);
      }),
    );
  });
});

describe('the multiplier at the till', () => {
  test('the better of tier and plan; the plan counts as used only when it made a difference', () => {
    expect(earnMultiplier(1.2, 2)).toEqual({ multiplier: 2, planUsed: true });
    expect(earnMultiplier(1.5, 1.5)).toEqual({ multiplier: 1.5, planUsed: false });
    expect(earnMultiplier(2.5, 2)).toEqual({ multiplier: 2.5, planUsed: false });
    expect(earnMultiplier(1.2, null)).toEqual({ multiplier: 1.2, planUsed: false });
  });
  test('stacked only when the brand says so', () => {
    expect(earnMultiplier(1.2, 1.5, true)).toEqual({ multiplier: 1.8, planUsed: true });
    expect(earnMultiplier(1.5, 1, true)).toEqual({ multiplier: 1.5, planUsed: false });
  });
  test('property: never below the tier, never both multiplied unless stacked', () => {
    const m = fc.integer({ min: 100, max: 5000 }).map((x) => x / 1000);
    fc.assert(
      fc.property(m, m, fc.boolean(), (tier, plan, stack) => {
        const r = earnMultiplier(tier, plan, stack);
        expect(r.multiplier).toBeGreaterThanOrEqual(stack && plan < 1 ? Math.round(tier * plan * 1000) / 1000 : tier);
        if (!stack) expect(r.multiplier).toBe(Math.max(tier, plan));
      }),
    );
  });
});

describe('refund eligibility', () => {
  const bought = { outTradeNo: 'HY1', months: 12, at: '2026-01-15T02:00:00.000Z', amountFen: 9900 };
  const base = { purchases: [bought], lastPerkAt: null, packCouponUsed: false };
  test('within 7 days with no perk used: allowed', () => {
    expect(refundEligibility({ ...base, now: '2026-01-22T01:59:00.000Z' })).toEqual({ ok: true, purchase: bought });
  });
  test('after 7 days: too late', () => {
    expect(refundEligibility({ ...base, now: '2026-01-22T02:00:01.000Z' })).toEqual({ ok: false, reason: 'too_late' });
  });
  test('an order earned with the multiplier since the purchase, or a pack coupon used: refused', () => {
    expect(refundEligibility({ ...base, lastPerkAt: '2026-01-16T00:00:00.000Z', now: '2026-01-17T00:00:00.000Z' })).toEqual({ ok: false, reason: 'perk_used' });
    expect(refundEligibility({ ...base, packCouponUsed: true, now: '2026-01-17T00:00:00.000Z' })).toEqual({ ok: false, reason: 'perk_used' });
    // A perk used before this (renewal) purchase does not count against it.
    expect(refundEligibility({ ...base, lastPerkAt: '2026-01-10T00:00:00.000Z', now: '2026-01-17T00:00:00.000Z' }).ok).toBe(true);
  });
  test('only the latest purchase, once', () => {
    const renewal = { outTradeNo: 'HY2', months: 1, at: '2026-01-20T00:00:00.000Z', amountFen: 1900 };
    expect(refundEligibility({ ...base, purchases: [bought, renewal], now: '2026-01-21T00:00:00.000Z' })).toEqual({ ok: true, purchase: renewal });
    expect(refundEligibility({ ...base, purchases: [bought, { ...renewal, refundedAt: '2026-01-20T01:00:00.000Z' }], now: '2026-01-21T00:00:00.000Z' })).toEqual({ ok: false, reason: 'no_purchase' });
    expect(refundEligibility({ ...base, purchases: [], now: '2026-01-21T00:00:00.000Z' })).toEqual({ ok: false, reason: 'no_purchase' });
  });
});
