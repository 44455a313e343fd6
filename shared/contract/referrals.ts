/**
 * Referrals (邀请有礼, issue 19, functions/referrals): the member's invitation page, the admin's settings,
 * leaderboard and signals. The rules are in shared/domain/referral.ts.
 */
import * as z from 'zod';
import { Fen, Instant, LocalDate, MemberId } from './common';
import { GrowthCode } from './members';

const N = z.number().int();
const TemplateId = z.string().regex(/^t_[0-9a-z]{6,40}$/, 'not a template id');

export const ReferralRewardSchema = z
  .object({
    points: z.number().int().min(0).max(100_000),
    couponTemplateId: TemplateId.nullable(),
  })
  .strict();

export const ReferralSettingsSchema = z
  .object({
    enabled: z.boolean(),
    referrer: ReferralRewardSchema,
    referee: ReferralRewardSchema,
    minOrderFen: Fen,
    returnWindowDays: z.number().int().min(0).max(90),
    capPerDay: z.number().int().min(1).max(1_000),
    capPerMonth: z.number().int().min(1).max(10_000),
    rulesText: z.string().max(2_000),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.capPerDay > s.capPerMonth) ctx.addIssue({ code: 'custom', path: ['capPerDay'], message: 'the daily cap cannot exceed the monthly cap' });
    const rewards = (r: { points: number; couponTemplateId: string | null }) => r.points > 0 || r.couponTemplateId !== null;
    if (s.enabled && !rewards(s.referrer) && !rewards(s.referee)) ctx.addIssue({ code: 'custom', path: ['referrer', 'points'], message: 'a referral gives a reward to at least one side' });
    if (s.enabled && s.rulesText.trim().length === 0) ctx.addIssue({ code: 'custom', path: ['rulesText'], message: 'the rules are shown to members in full' });
  });
export type ReferralSettingsBody = z.infer<typeof ReferralSettingsSchema>;

export const ReferralSettingsResponse = z.object({
  settings: ReferralSettingsSchema,
  rev: N,
  /** The coupon templates named, by id: their names (null when gone). */
  couponNames: z.record(z.string(), z.string().nullable()),
});
export const PutReferralSettings = z.object({ rev: N.min(0), settings: ReferralSettingsSchema }).strict();

export const ReferralStateSchema = z.enum(['waiting', 'pending', 'rewarding', 'rewarded', 'void']);

const RewardView = z.object({ points: N, couponName: z.string().nullable() });

/** One friend on the member's page: masked, never her id. */
export const MyReferee = z.object({
  label: z.string(),
  joinedAt: Instant,
  state: ReferralStateSchema,
  stateLabel: z.string(),
  maturesOn: LocalDate.nullable(),
  rewardedAt: Instant.nullable(),
  /** Her side of the reward was beyond the caps (the friend was rewarded anyway). */
  capped: z.boolean(),
});

export const MyReferralResponse = z.object({
  enabled: z.boolean(),
  /** Her referral code (created on first visit); null while the programme is off. */
  code: GrowthCode.nullable(),
  /** The path a share card or poster opens: the home page carrying `ref=CODE`. */
  sharePath: z.string().nullable(),
  rulesText: z.string(),
  rewards: z.object({ referrer: RewardView, referee: RewardView }),
  minOrderFen: N,
  returnWindowDays: N,
  counts: z.object({ invited: N, bought: N, rewarded: N }),
  pointsEarned: N,
  referees: z.array(MyReferee),
});
export type MyReferralResponse = z.infer<typeof MyReferralResponse>;

/** A referrer on the admin's pages: masked name and phone, her counts. */
export const ReferrerRow = z.object({
  memberId: MemberId,
  label: z.string(),
  bound: N,
  bought: N,
  rewarded: N,
  returned: N,
  points: N,
});

export const AdminReferralsResponse = z.object({
  totals: z.object({ referrers: N, bound: N, bought: N, rewarded: N, returned: N, points: N }),
  leaderboard: z.array(ReferrerRow),
  signals: z.object({
    neverBuy: z.array(ReferrerRow),
    returned: z.array(ReferrerRow),
    thresholds: z.object({ minBound: N, maxBuyPercent: N, minReturned: N }),
  }),
});
export type AdminReferralsResponse = z.infer<typeof AdminReferralsResponse>;
