import * as z from 'zod';
import { Instant, LocalDate, MemberId, Points, StoreId } from './common';
import { PolicyVersions } from './rights';

/** 8 characters without look-alikes (shared/domain/attribution.ts GROWTH_CODE). */
export const GrowthCode = z.string().regex(/^[A-HJ-NP-Z2-9]{8}$/, { message: 'not a valid code' });

export const RegisterRequest = z.object({
  /** The one-time code from the getPhoneNumber button. */
  phoneCode: z.string().min(1).max(128),
  /** The member accepted the privacy terms; registration is refused without it. */
  consent: z.literal(true, { message: 'consent to the privacy terms is required' }),
  /** The store whose poster brought her in (门店拉新归属), recorded on a new member. */
  storeId: StoreId.optional(),
  /**
   * Issue 19: the inviting member's referral code (邀请有礼) and the clerk's registration code (store and
   * clerk), from the launch. A new member is bound to them; an unknown code, or a member who already
   * existed (bound by phone), records nothing.
   */
  referralCode: GrowthCode.optional(),
  clerkCode: GrowthCode.optional(),
  /** The agreement versions the page showed (GET /policies/{kind}); refused when they are no longer current. */
  policyVersions: PolicyVersions.optional(),
});
export type RegisterRequest = z.infer<typeof RegisterRequest>;

export const Gender = z.enum(['female', 'male', 'unspecified']);

export const TierSummary = z.object({ code: z.string(), name: z.string() });

export const NextTierProgress = z.object({
  code: z.string(),
  name: z.string(),
  /** Needed in the qualifying measure (fen of spend or points earned, per `qualifying.basis`). */
  threshold: z.number().int().nonnegative(),
  remaining: z.number().int().nonnegative(),
  /** 0..100, rounded down. */
  percent: z.number().int().min(0).max(100),
});

export const MemberProfile = z.object({
  id: MemberId,
  phoneMasked: z.string(),
  name: z.string().nullable(),
  gender: Gender.nullable(),
  birthday: LocalDate.nullable(),
  /** level: the tier's place on the ladder, 0 for the entry tier (the member card's look follows it). */
  tier: TierSummary.extend({ multiplier: z.number().positive(), level: z.number().int().nonnegative() }),
  points: z.object({
    balance: Points,
    spendable: Points,
    /** The soonest expiry, for "N 积分将于 DATE 过期". */
    nextExpiry: z.object({ date: LocalDate, points: Points }).nullable(),
  }),
  qualifying: z.object({ basis: z.enum(['spend', 'points']), total: z.number().int().nonnegative() }),
  /** null at the top tier. */
  nextTier: NextTierProgress.nullable(),
  family: z.enum(['none', 'primary', 'secondary']),
  consentAt: Instant,
  registeredAt: Instant,
  /** Her running paid membership (issue 17): the badge on the member card (on GET /members/me only). */
  plus: z.object({ badge: z.string(), planName: z.string(), lastDay: LocalDate }).nullable().optional(),
});
export type MemberProfile = z.infer<typeof MemberProfile>;

export const RegisterResponse = MemberProfile.extend({
  /** true when an existing member (same phone) was bound to this WeChat identity. */
  bound: z.boolean(),
  created: z.boolean(),
});
export type RegisterResponse = z.infer<typeof RegisterResponse>;

export const UpdateProfileRequest = z
  .object({
    name: z.string().trim().min(1, 'name must not be empty').max(40, 'name is at most 40 characters'),
    gender: Gender,
    birthday: LocalDate,
  })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to update' });
export type UpdateProfileRequest = z.infer<typeof UpdateProfileRequest>;

export const MemberCodeResponse = z.object({
  /** 18 digits; a string because it exceeds 2^53. */
  code: z.string().regex(/^\d{18}$/),
  expiresAt: Instant,
});
export type MemberCodeResponse = z.infer<typeof MemberCodeResponse>;

export { MemberId };
