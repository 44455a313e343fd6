/**
 * Daily check-in (签到), as pure rules. Definitions:
 * - A member checks in at most once per local day: the calendar date in Beijing (`BRAND_TIME_ZONE`) of the
 *   instant she taps, so 23:59 and 00:01 Beijing are two days whatever the server's zone.
 * - Her streak (连续签到天数) after a check-in on day D is the streak she had on D-1 plus one when she
 *   checked in on D-1, else 1 (a missed day starts over). The streak's start is the first day of that run.
 * - A streak reward applies when the streak reaches a configured length (e.g. 3 days +10, 7 days +50). With
 *   `repeat`, the count starts over after the longest length: with 3 and 7, days 10 and 14 of a run pay as
 *   days 3 and 7. Each reward is awarded once per run and length (occurrence `<start>#<streak>`).
 * - At most `streakCap.count` streak rewards per member per week (ISO, Monday first) or calendar month,
 *   counted on the day of the check-in that earns them. The daily points are the earning rules' `checkIn`
 *   event, with that rule's own limit (e.g. 31 a month); they are not counted here.
 */
import { addDays, isoWeekOf, monthOf, periodKey, type LocalDateString } from './calendar';
import { localDate } from './time';

export interface StreakStep {
  /** The streak length that earns it (days in a row, 2 or more). */
  days: number;
  points: number;
}

export interface CheckInSettings {
  enabled: boolean;
  /** Ascending by `days`, each length once. */
  streakRewards: StreakStep[];
  /** After the longest length, the count starts over (a 7-day cycle). */
  repeat: boolean;
  /** At most `count` streak rewards per member per period; null = no cap. */
  streakCap: { count: number; period: 'week' | 'month' } | null;
}

/** A brand that never saved check-in settings: off. */
export const DEFAULT_CHECKIN_SETTINGS: CheckInSettings = { enabled: false, streakRewards: [], repeat: false, streakCap: null };

/** A member's streak as of her last check-in. */
export interface StreakState {
  /** The local day of her last check-in; null before the first. */
  lastDay: LocalDateString | null;
  /** Days in a row ending on `lastDay`. */
  streak: number;
  /** First day of that run. */
  streakStart: LocalDateString | null;
  /** Check-ins ever. */
  total: number;
}

export const NO_STREAK: StreakState = { lastDay: null, streak: 0, streakStart: null, total: 0 };

/** The check-in day of an instant: its calendar date in Beijing. */
export const checkInDayOf = (instant: Date): LocalDateString => localDate(instant);

/** The state after checking in on `day`; null when she already checked in that day. */
export function nextStreak(state: StreakState, day: LocalDateString): StreakState | null {
  if (state.lastDay === day) return null;
  const continued = state.lastDay !== null && state.lastDay === addDays(day, -1) && state.streakStart !== null;
  return {
    lastDay: day,
    streak: continued ? state.streak + 1 : 1,
    streakStart: continued ? state.streakStart : day,
    total: state.total + 1,
  };
}

/** The streak as it stands on `today`: kept while she checked in today or yesterday, else 0. */
export function currentStreak(state: StreakState, today: LocalDateString): number {
  if (state.lastDay === today || state.lastDay === addDays(today, -1)) return state.streak;
  return 0;
}

/** The steps in order, each length once (the last of duplicates wins), points > 0 only. */
export function streakSteps(settings: Pick<CheckInSettings, 'streakRewards'>): StreakStep[] {
  const byDays = new Map<number, number>();
  for (const s of settings.streakRewards) if (s.days >= 1 && s.points > 0) byDays.set(s.days, s.points);
  return [...byDays].sort((a, b) => a[0] - b[0]).map(([days, points]) => ({ days, points }));
}

/** The reward a streak of `streak` days earns on the day it is reached, or null. */
export function streakRewardFor(settings: Pick<CheckInSettings, 'streakRewards' | 'repeat'>, streak: number): StreakStep | null {
  const steps = streakSteps(settings);
  if (steps.length === 0 || streak < 1) return null;
  const longest = steps[steps.length - 1]!.days;
  const n = settings.repeat && streak > longest ? ((streak - 1) % longest) + 1 : streak;
  const step = steps.find((s) => s.days === n);
  return step ? { days: step.days, points: step.points } : null;
}

/** The next reward ahead of a streak of `streak` days: at which streak, its points and how many more check-ins. */
export function nextStreakReward(
  settings: Pick<CheckInSettings, 'streakRewards' | 'repeat'>,
  streak: number,
): { atStreak: number; points: number; inDays: number } | null {
  const steps = streakSteps(settings);
  if (steps.length === 0) return null;
  const longest = steps[steps.length - 1]!.days;
  for (let k = 1; k <= longest; k++) {
    const r = streakRewardFor(settings, streak + k);
    if (r) return { atStreak: streak + k, points: r.points, inDays: k };
  }
  return null;
}

/** The key of the period a streak reward on `day` counts in for the cap (null = no cap). */
export function streakCapPeriod(settings: Pick<CheckInSettings, 'streakCap'>, day: LocalDateString): string | null {
  return settings.streakCap ? periodKey(settings.streakCap.period, day) : null;
}

export type CheckInDecision =
  | { kind: 'already' }
  | {
      kind: 'checkIn';
      next: StreakState;
      /** The streak reward this check-in earns (null: none at this length, or the cap is reached). */
      reward: { days: number; points: number; occurrence: string; capPeriod: string | null } | null;
      /** A reward was due but the period's cap is reached. */
      capped: boolean;
    };

/**
 * What a check-in on `day` does, given her streak state and how many streak rewards she already had in the
 * cap's period (`rewardsInPeriod`).
 */
export function decideCheckIn(p: { settings: CheckInSettings; state: StreakState; day: LocalDateString; rewardsInPeriod: number }): CheckInDecision {
  const next = nextStreak(p.state, p.day);
  if (!next) return { kind: 'already' };
  const step = streakRewardFor(p.settings, next.streak);
  if (!step) return { kind: 'checkIn', next, reward: null, capped: false };
  const cap = p.settings.streakCap;
  if (cap && p.rewardsInPeriod >= cap.count) return { kind: 'checkIn', next, reward: null, capped: true };
  return {
    kind: 'checkIn',
    next,
    reward: { days: step.days, points: step.points, occurrence: `${next.streakStart}#${next.streak}`, capPeriod: streakCapPeriod(p.settings, p.day) },
    capped: false,
  };
}

/** Days of a month (YYYY-MM), first to last. */
export function daysOfMonth(month: string): LocalDateString[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const n = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: n }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

/**
 * A month as calendar weeks, Monday first (as in China): each week 7 cells, a date or null for the days of
 * the neighbouring months.
 */
export function monthGrid(month: string): (LocalDateString | null)[][] {
  const days = daysOfMonth(month);
  const lead = (new Date(`${days[0]}T00:00:00Z`).getUTCDay() + 6) % 7;
  const cells: (LocalDateString | null)[] = [...Array.from({ length: lead }, () => null), ...days];
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: (LocalDateString | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** The month (YYYY-MM) of a day. */
export const checkInMonthOf = (day: LocalDateString): string => monthOf(day);
/** The ISO week of a day (the cap's week). */
export const checkInWeekOf = (day: LocalDateString): string => isoWeekOf(day);
