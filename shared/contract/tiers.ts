/** Tiers: the member's tier page, tier history, a tier set by hand. */
import * as z from 'zod';
import { Instant, LocalDate } from './common';

export const TierView = z.object({
  code: z.string(),
  name: z.string(),
  rank: z.number().int(),
  threshold: z.number().int(),
  multiplier: z.number(),
  retentionMonths: z.number().int(),
  birthdayGift: z.string().nullable(),
  perks: z.array(z.string()),
});

export const TierHistoryEntry = z.object({
  at: Instant,
  from: z.string(),
  to: z.string(),
  reason: z.string(),
  note: z.string().nullable(),
  by: z.string().nullable(),
});

export const MyTierResponse = z.object({
  basis: z.enum(['spend', 'points']),
  /** e.g. "近12个月" or "本自然年". */
  windowLabel: z.string(),
  current: TierView,
  since: LocalDate,
  /** Set when the tier was set by hand: its end date. */
  manualUntil: LocalDate.nullable(),
  /** The qualifying total in the window (fen or points per basis). */
  total: z.number().int().nonnegative(),
  next: z.object({ code: z.string(), name: z.string(), threshold: z.number().int(), remaining: z.number().int(), percent: z.number().int() }).nullable(),
  retention: z.object({ until: LocalDate, threshold: z.number().int(), countedByThen: z.number().int(), remaining: z.number().int() }).nullable(),
  tiers: z.array(TierView),
  history: z.array(TierHistoryEntry),
  /** The tier comes from the family's primary card. */
  viaFamily: z.boolean(),
});
export type MyTierResponse = z.infer<typeof MyTierResponse>;

export const ManualTierRequest = z
  .object({
    tierCode: z.string().min(1).max(20),
    /** Last day of the hand-set tier; required: a hand-set tier always ends. */
    until: LocalDate,
    reason: z.string().trim().min(2, 'give a reason').max(100),
  })
  .strict();

export const TierHistoryResponse = z.object({ entries: z.array(TierHistoryEntry) });
