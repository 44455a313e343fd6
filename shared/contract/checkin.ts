/** Daily check-in (签到): the member's calendar and check-in, the admin's settings (functions/checkin). */
import * as z from 'zod';
import { LocalDate } from './common';

const Int = z.number().int();

export const StreakStep = z.object({ days: Int.min(2).max(366), points: Int.min(1).max(100_000) }).strict();

export const CheckInSettings = z
  .object({
    enabled: z.boolean(),
    streakRewards: z
      .array(StreakStep)
      .max(10)
      .superRefine((list, ctx) => {
        const seen = new Set<number>();
        list.forEach((s, i) => {
          if (seen.has(s.days)) ctx.addIssue({ code: 'custom', path: [i, 'days'], message: `duplicate streak length ${s.days}` });
          seen.add(s.days);
        });
      }),
    repeat: z.boolean(),
    streakCap: z.object({ count: Int.min(1).max(31), period: z.enum(['week', 'month']) }).strict().nullable(),
  })
  .strict();
export type CheckInSettings = z.infer<typeof CheckInSettings>;

export const CheckInSettingsResponse = z.object({ settings: CheckInSettings, rev: Int.min(0) });
export const PutCheckInSettings = z.object({ rev: Int.min(0).max(1_000_000_000), settings: CheckInSettings }).strict();

/** What one day's check-in gave (kept on the day: a retry or a second tap answers it again). */
export const CheckInOutcome = z.object({
  day: LocalDate,
  streak: Int,
  /** The daily points (the earning rules' 每日签到), 0 when the rule gives none or its limit is reached. */
  dailyPoints: Int,
  /** The daily rule's limit stopped the points (e.g. at most 31 a month). */
  dailyLimited: z.boolean(),
  /** The streak reward earned today, if any. */
  reward: z.object({ days: Int, points: Int }).nullable(),
  /** A streak reward was due but the period's cap was reached. */
  rewardCapped: z.boolean(),
});
export type CheckInOutcome = z.infer<typeof CheckInOutcome>;

export const CheckInResponse = CheckInOutcome.extend({
  /** The balance after (the account holder's). */
  balance: Int,
  /** This day's check-in had already been made: the first result, again. */
  replayed: z.boolean(),
});
export type CheckInResponse = z.infer<typeof CheckInResponse>;

export const CheckInView = z.object({
  enabled: z.boolean(),
  today: LocalDate,
  /** YYYY-MM of `today`. */
  month: z.string(),
  /** This month's check-ins, each with the points it gave. */
  days: z.array(z.object({ day: LocalDate, points: Int, reward: z.boolean() })),
  checkedInToday: z.boolean(),
  /** Today's result once checked in. */
  todayOutcome: CheckInOutcome.nullable(),
  /** The streak as it stands (0 after a missed day). */
  streak: Int,
  total: Int,
  /** What a check-in today gives as daily points (the rule's points; 0 when the rule is absent). */
  todayPoints: Int,
  /** The daily rule's limit, e.g. at most 31 per month; null = none. */
  dailyLimit: z.object({ count: Int, period: z.enum(['day', 'week', 'month']) }).nullable(),
  /** The next streak reward ahead: at which streak, its points, in how many more check-ins. */
  nextReward: z.object({ atStreak: Int, points: Int, inDays: Int }).nullable(),
  /** The streak rewards of this period already given, and the cap (null = none). */
  rewardsThisPeriod: Int,
  settings: CheckInSettings,
});
export type CheckInView = z.infer<typeof CheckInView>;
