import fc from 'fast-check';
import { NEVER, addDays, addMonths, birthdaysCelebratedOn, isoWeekOf, monthOf, monthsBetween, periodKey } from '../../shared/domain/calendar';

/** Reference ISO week via a day-by-day walk from a known Monday (2000-01-03 is Monday of 2000-W01). */
function refIsoWeek(d: string): string {
  const t = new Date(`${d}T00:00:00Z`);
  const dow = (t.getUTCDay() + 6) % 7;
  const thursday = new Date(t.getTime() + (3 - dow) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1);
  const week = Math.floor((thursday.getTime() - jan1) / 86_400_000 / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

const dateArb = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('addDays', () => {
  test.each([
    ['2026-01-31', 1, '2026-02-01'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-01-01', 365, '2027-01-01'],
    ['2026-05-10', 0, '2026-05-10'],
  ])('%s + %i days = %s', (d, n, expected) => {
    expect(addDays(d, n)).toBe(expected);
  });

  test('NEVER stays NEVER', () => {
    expect(addDays(NEVER, 30)).toBe(NEVER);
    expect(addDays(NEVER, -30)).toBe(NEVER);
  });

  test('adding then subtracting returns the same date; the result moves in the right direction', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -2000, max: 2000 }), (d, n) => {
        const r = addDays(d, n);
        expect(r).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(addDays(r, -n)).toBe(d);
        if (n > 0) expect(r > d).toBe(true);
        if (n < 0) expect(r < d).toBe(true);
        expect(Math.round((Date.parse(`${r}T00:00:00Z`) - Date.parse(`${d}T00:00:00Z`)) / 86_400_000)).toBe(n);
      }),
    );
  });
});

describe('addMonths', () => {
  test.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-01-15', 1, '2026-02-15'],
    ['2026-03-31', 1, '2026-04-30'],
    ['2026-12-15', 1, '2027-01-15'],
    ['2026-01-15', -1, '2025-12-15'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-03-15', -11, '2025-04-15'],
    ['2026-03-15', -24, '2024-03-15'],
    ['2026-03-15', 12, '2027-03-15'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2026-05-10', 0, '2026-05-10'],
  ])('%s + %i months = %s', (d, n, expected) => {
    expect(addMonths(d, n)).toBe(expected);
  });

  test('lands in the target month, day clamped, never past the original day', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -60, max: 60 }), (d, n) => {
        const r = addMonths(d, n);
        const [y, m, day] = d.split('-').map(Number) as [number, number, number];
        const idx = y * 12 + m - 1 + n;
        expect(Number(r.slice(0, 4))).toBe(Math.floor(idx / 12));
        expect(Number(r.slice(5, 7))).toBe((idx % 12) + 1);
        const rd = Number(r.slice(8, 10));
        expect(rd).toBeLessThanOrEqual(day);
        // The result is a real calendar date.
        expect(new Date(`${r}T00:00:00Z`).toISOString().slice(0, 10)).toBe(r);
        if (rd < day) expect(addDays(r, 1).slice(8, 10)).toBe('01'); // clamped to the month's last day
      }),
    );
  });
});

describe('isoWeekOf', () => {
  test.each([
    ['2026-01-01', '2026-W01'],
    ['2027-01-01', '2026-W53'],
    ['2026-12-31', '2026-W53'],
    ['2027-01-04', '2027-W01'],
    ['2025-12-29', '2026-W01'],
    ['2024-12-30', '2025-W01'],
    ['2021-01-03', '2020-W53'],
    ['2023-01-01', '2022-W52'],
    ['2023-01-02', '2023-W01'],
    ['2026-11-26', '2026-W48'],
  ])('%s is in %s', (d, expected) => {
    expect(isoWeekOf(d)).toBe(expected);
  });

  test('matches a reference ISO-week computation; Monday..Sunday share a week', () => {
    fc.assert(
      fc.property(dateArb, (d) => {
        expect(isoWeekOf(d)).toBe(refIsoWeek(d));
        const dow = (new Date(`${d}T00:00:00Z`).getUTCDay() + 6) % 7;
        const monday = addDays(d, -dow);
        for (let i = 0; i < 7; i++) expect(isoWeekOf(addDays(monday, i))).toBe(isoWeekOf(d));
        expect(isoWeekOf(addDays(monday, 7))).not.toBe(isoWeekOf(d));
      }),
    );
  });
});

describe('periodKey', () => {
  test('day, week and month keys', () => {
    expect(periodKey('day', '2026-03-15')).toBe('2026-03-15');
    expect(periodKey('week', '2026-03-15')).toBe('2026-W11');
    expect(periodKey('week', '2027-01-01')).toBe('2026-W53');
    expect(periodKey('month', '2026-03-15')).toBe('2026-03');
    expect(monthOf('2026-03-15')).toBe('2026-03');
  });
  test('two dates share a month key exactly when they share YYYY-MM', () => {
    fc.assert(
      fc.property(dateArb, dateArb, (a, b) => {
        expect(periodKey('month', a) === periodKey('month', b)).toBe(a.slice(0, 7) === b.slice(0, 7));
        expect(periodKey('day', a) === periodKey('day', b)).toBe(a === b);
      }),
    );
  });
});

describe('monthsBetween', () => {
  test('inclusive ranges across a year end', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-03', '2026-03')).toEqual(['2026-03']);
    expect(monthsBetween('2026-04', '2026-03')).toEqual([]);
    expect(monthsBetween('2025-04', '2026-03')).toHaveLength(12);
  });
  test('length, order and no gaps', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 40 }), (d, n) => {
        const from = monthOf(d);
        const to = monthOf(addMonths(`${from}-01`, n));
        const ms = monthsBetween(from, to);
        expect(ms).toHaveLength(n + 1);
        expect(ms[0]).toBe(from);
        expect(ms[ms.length - 1]).toBe(to);
        for (let i = 1; i < ms.length; i++) expect(ms[i]).toBe(monthOf(addMonths(`${ms[i - 1]}-01`, 1)));
      }),
    );
  });
});

describe('birthdaysCelebratedOn', () => {
  test('the day itself; 29 February joins 28 February only in years without it', () => {
    expect(birthdaysCelebratedOn('2026-08-08')).toEqual(['0808']);
    expect(birthdaysCelebratedOn('2027-02-28')).toEqual(['0228', '0229']);
    expect(birthdaysCelebratedOn('2028-02-28')).toEqual(['0228']);
    expect(birthdaysCelebratedOn('2028-02-29')).toEqual(['0229']);
    expect(birthdaysCelebratedOn('2100-02-28')).toEqual(['0228', '0229']);
  });
});
