/**
 * Paid membership (付费会员, issue 17): plans set by admins, the member's term and perks, buying and
 * renewing through WeChat Pay (answers PaymentStarted), the refund within 7 days when no perk was used.
 */
import * as z from 'zod';
import { Fen, Instant, LocalDate, MemberId } from './common';

const RequestId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'expected 8-64 letters, digits, _ or -');
const PlanMultiplier = z
  .number()
  .min(1, 'at least 1')
  .max(10, 'at most 10')
  .refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-9, 'at most two decimals');

export const MembershipPlanInput = z
  .object({
    /** Shown to members, e.g. 尊享年卡. */
    name: z.string().trim().min(1).max(20),
    /** The price of one purchase of the plan. */
    priceFen: Fen.refine((v) => v > 0, 'amount must be positive'),
    /** Months one purchase adds to the term (1 for a monthly plan, 12 for a yearly one). */
    months: z.number().int().min(1).max(36),
    /** The points multiplier while the term runs (the better of it and the tier's applies). */
    multiplier: PlanMultiplier,
    /** The coupon pack: one coupon of each template in each month of the term. */
    couponTemplateIds: z.array(z.string().min(1).max(64)).max(10),
    /** The badge on the member card, e.g. 尊享. */
    badge: z.string().trim().min(1).max(8),
    /** On offer to members. */
    active: z.boolean(),
  })
  .strict();
export type MembershipPlanInput = z.input<typeof MembershipPlanInput>;

export const MembershipPlanEdit = MembershipPlanInput.extend({ rev: z.number().int().nonnegative() }).strict();

export const MembershipPlanIdParams = z.object({ planId: z.string().regex(/^pl_[0-9a-z]{6,40}$/, 'not a plan id') });

export const MembershipPlan = z.object({
  id: z.string(),
  name: z.string(),
  priceFen: Fen,
  months: z.number().int(),
  multiplier: z.number(),
  couponTemplateIds: z.array(z.string()),
  badge: z.string(),
  active: z.boolean(),
  rev: z.number().int(),
  createdAt: Instant,
  updatedAt: Instant,
});
export type MembershipPlan = z.infer<typeof MembershipPlan>;

/** The brand's membership program: whether the plan's multiplier multiplies the tier's (else the better applies). */
export const MembershipSettings = z.object({ stackPlusWithTier: z.boolean(), rev: z.number().int().nonnegative() }).strict();
export type MembershipSettings = z.infer<typeof MembershipSettings>;

export const AdminMembershipPlans = z.object({ plans: z.array(MembershipPlan), settings: MembershipSettings });

/** A plan on offer, as the member's page shows it (the pack named by its coupons). */
export const PlanOffer = z.object({
  id: z.string(),
  name: z.string(),
  priceFen: Fen,
  months: z.number().int(),
  multiplier: z.number(),
  badge: z.string(),
  pack: z.array(z.object({ name: z.string(), summary: z.string() })),
});

export const MembershipTerm = z.object({
  planId: z.string(),
  planName: z.string(),
  badge: z.string(),
  multiplier: z.number(),
  active: z.boolean(),
  /** First and last Beijing dates of the term (有效期至 lastDay). */
  startDate: LocalDate,
  lastDay: LocalDate,
  termEnd: Instant,
  /** Months of the pack given so far in this term. */
  packsIssued: z.number().int().nonnegative(),
  /** The latest purchase may be refunded now (within 7 days, no perk used since): until when, and how much. */
  refund: z.object({ allowed: z.boolean(), until: Instant.nullable(), amountFen: Fen, reason: z.enum(['no_purchase', 'too_late', 'perk_used']).nullable() }),
});
export type MembershipTerm = z.infer<typeof MembershipTerm>;

export const MyMembership = z.object({
  plans: z.array(PlanOffer),
  current: MembershipTerm.nullable(),
  /** The member's tier multiplier and whether the brand multiplies both (else the better applies). */
  tierMultiplier: z.number(),
  stackPlusWithTier: z.boolean(),
});
export type MyMembership = z.infer<typeof MyMembership>;

export const MembershipPurchaseRequest = z.object({ planId: z.string().min(1).max(64), requestId: RequestId }).strict();
export const MembershipRefundRequest = z.object({ requestId: RequestId }).strict();

export const MembershipRefundResponse = z.object({
  outRefundNo: z.string(),
  refundFen: Fen,
  state: z.enum(['requested', 'success', 'failed']),
  current: MembershipTerm.nullable(),
});

export const MembershipMembers = z.object({
  activeCount: z.number().int().nonnegative(),
  /** Terms ending within 30 days, soonest first (at most 100). */
  endingSoon: z.array(z.object({ memberId: MemberId, phoneMasked: z.string(), planName: z.string(), lastDay: LocalDate, termEnd: Instant })),
});
