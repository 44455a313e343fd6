/**
 * Calendar arithmetic on local dates (YYYY-MM-DD in the brand's time zone). Dates are handled as
 * UTC midnights internally, which is exact for whole-day arithmetic.
 */
export type LocalDateString = string;

/** The date used for "never expires". */
export const NEVER = '9999-12-31';

function toUtc(d: LocalDateString): Date {
  return new Date(`${d}T00:00:00Z`);
}
function fromUtc(d: Date): LocalDateString {
  return d.toISOString().slice(0, 10);
}

export function addDays(d: LocalDateString, days: number): LocalDateString {
  if (d === NEVER) return NEVER;
  const t = toUtc(d);
  t.setUTCDate(t.getUTCDate() + days);
  return fromUtc(t);
}

/** Adds calendar months; the day is clamped to the target month's length (01-31 + 1 month = 02-28/29). */
export function addMonths(d: LocalDateString, months: number): LocalDateString {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const ty = Math.floor(index / 12);
  const tm = index - ty * 12 + 1;
  const last = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
  return `${String(ty).padStart(4, '0')}-${String(tm).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
}

/** YYYY-MM of a date. */
export const monthOf = (d: LocalDateString): string => d.slice(0, 7);
/** MM of a date, e.g. "03". */
export const monthNumberOf = (d: LocalDateString): string => d.slice(5, 7);

/** ISO week key, e.g. 2026-W48 (weeks start on Monday, as in China). */
export function isoWeekOf(d: LocalDateString): string {
  const t = toUtc(d);
  const dow = (t.getUTCDay() + 6) % 7; // Monday = 0
  t.setUTCDate(t.getUTCDate() - dow + 3); // Thursday of this week decides the year
  const year = t.getUTCFullYear();
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const week = 1 + Math.round((t.getTime() - jan4.getTime()) / 86_400_000 / 7 + ((jan4.getUTCDay() + 6) % 7 - 3) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export type LimitPeriod = 'day' | 'week' | 'month';

/** The key of the period a date falls in, for per-day/week/month limits. */
export function periodKey(period: LimitPeriod, d: LocalDateString): string {
  if (period === 'day') return d;
  if (period === 'week') return isoWeekOf(d);
  return monthOf(d);
}

/** Months (YYYY-MM) from `from` to `to` inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let cur = `${from}-01`;
  while (monthOf(cur) <= to) {
    out.push(monthOf(cur));
    cur = addMonths(cur, 1);
  }
  return out;
}

/**
 * The birthdays (MMDD) celebrated on a local day: the day's own, and on 28 February of a year
 * without a 29th, also the members born on 29 February.
 */
export function birthdaysCelebratedOn(d: LocalDateString): string[] {
  const mmdd = d.slice(5, 7) + d.slice(8, 10);
  const year = Number(d.slice(0, 4));
  const leap = new Date(Date.UTC(year, 1, 29)).getUTCMonth() === 1;
  return mmdd === '0228' && !leap ? ['0228', '0229'] : [mmdd];
}
