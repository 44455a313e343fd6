/** Points, tiers, family accounts, returns and the admin's member tools. */
import { z } from 'zod';
import { Fen, Instant, LocalDate, MemberId, Points, StoreId } from './common';
import { LedgerEntryType, PointsEntry } from './members';

export const Expiring = z.object({ date: LocalDate, points: Points });

export const PointsSummary = z.object({
  /** Everything in the account (= the sum of the ledger). */
  balance: Points,
  /** What can be spent today. */
  spendable: Points,
  /** Purchase points still in the return window. */
  held: Points,
  /** Points owed from returns, taken from future earnings. */
  debt: Points,
  /** Upcoming expiries, soonest first. */
  expiring: z.array(Expiring),
  /** 'family': the balance shown is the family's shared one (the primary's account). */
  account: z.enum(['own', 'family']),
});
export type PointsSummary = z.infer<typeof PointsSummary>;

export const LedgerQuery = z.object({
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  type: LedgerEntryType.optional(),
});

export const LedgerPage = z.object({
  summary: PointsSummary,
  entries: z.array(PointsEntry),
  cursor: z.string().nullable(),
});
export type LedgerPage = z.infer<typeof LedgerPage>;

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

export const FamilyMember = z.object({ id: MemberId, name: z.string().nullable(), phoneMasked: z.string(), since: Instant });

export const FamilyView = z.object({
  role: z.enum(['none', 'primary', 'secondary']),
  primary: FamilyMember.nullable(),
  secondaries: z.array(FamilyMember),
  /** The shared balance (the primary's account) when linked, else the member's own. */
  balance: Points,
  /** The primary's open invitation, if any. */
  invite: z.object({ code: z.string(), expiresAt: Instant }).nullable(),
  maxSecondaries: z.number().int(),
});
export type FamilyView = z.infer<typeof FamilyView>;

export const FamilyInviteResponse = z.object({ code: z.string().regex(/^\d{8}$/), expiresAt: Instant });
export const FamilyJoinRequest = z.object({ code: z.string().regex(/^\d{8}$/, 'the invitation code is 8 digits') }).strict();
export const FamilyLeaveRequest = z
  .object({ /** The primary removes this secondary; a secondary leaves without it. */ memberId: MemberId.optional() })
  .strict();

const ReturnLine = z.object({ sku: z.string().trim().min(1).max(64), quantity: z.number().int().positive().max(10_000) });

export const ReturnRequest = z
  .object({
    storeId: StoreId,
    orderId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected 1-64 letters, digits, _ or -'),
    returnId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected 1-64 letters, digits, _ or -'),
    /** Refunded amount, fen; or give the returned lines instead. */
    amountFen: Fen.refine((v) => v > 0, 'amount must be positive').optional(),
    lines: z.array(ReturnLine).min(1).max(200).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.amountFen === undefined) === (v.lines === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['amountFen'], message: 'give either amountFen or lines, not both' });
    }
  });
export type ReturnRequest = z.infer<typeof ReturnRequest>;

export const ReturnResponse = z.object({
  returnId: z.string(),
  orderId: z.string(),
  storeId: z.string(),
  memberId: MemberId,
  refundFen: Fen,
  /** Points taken back for this return (as requested by the proportion). */
  pointsReversed: Points,
  /** The part the balance could not cover, now owed. */
  shortfall: Points,
  balance: Points,
  /** What is left of the order to return. */
  remainingFen: Fen,
  /** Coupons given back to the wallet (a whole order returned while they are still valid). */
  couponsRestored: z.array(z.string()),
  /** Stamp cards whose stamp from this order was taken back (what is left paid fell below the card's minimum). */
  stampsRemoved: z.array(z.string()).optional(),
  /** Reward coupons of re-opened stamp cards taken back (only while unused). */
  rewardsVoided: z.array(z.string()).optional(),
  replayed: z.boolean(),
  phoneMasked: z.string(),
});
export type ReturnResponse = z.infer<typeof ReturnResponse>;

// ---- admin ----

export const MemberLookupQuery = z.object({ phone: z.string().regex(/^1\d{10}$/, 'an 11-digit mainland mobile number') });
export const MemberIdParams = z.object({ memberId: MemberId });

export const AdminMemberView = z.object({
  id: MemberId,
  phone: z.string(),
  name: z.string().nullable(),
  birthday: LocalDate.nullable(),
  registeredAt: Instant,
  tier: z.object({ code: z.string(), name: z.string(), since: LocalDate, retainUntil: LocalDate.nullable() }),
  manualTier: z.object({ code: z.string(), until: LocalDate, by: z.string(), reason: z.string() }).nullable(),
  qualifyingTotal: z.number().int(),
  points: PointsSummary,
  family: z.object({ role: z.enum(['none', 'primary', 'secondary']), primaryId: MemberId.nullable() }),
});
export type AdminMemberView = z.infer<typeof AdminMemberView>;

export const AdjustmentRequest = z
  .object({
    /** Client-generated id: a retried submission adjusts once. */
    adjustmentId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'expected 8-64 letters, digits, _ or -'),
    points: z
      .number()
      .int('whole points only')
      .refine((v) => v !== 0, 'must not be zero')
      .refine((v) => Math.abs(v) <= 1_000_000, 'at most 1,000,000 at a time'),
    reason: z.string().trim().min(2, 'give a reason').max(100),
  })
  .strict();
export type AdjustmentRequest = z.infer<typeof AdjustmentRequest>;

export const AdjustmentResponse = z.object({ entry: PointsEntry, balance: Points, replayed: z.boolean() });

export const ManualTierRequest = z
  .object({
    tierCode: z.string().min(1).max(20),
    /** Last day of the hand-set tier; required: a hand-set tier always ends. */
    until: LocalDate,
    reason: z.string().trim().min(2, 'give a reason').max(100),
  })
  .strict();

export const TierHistoryResponse = z.object({ entries: z.array(TierHistoryEntry) });

export const AuditEntry = z.object({
  at: Instant,
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
});
export const AuditQuery = z.object({ target: z.string().max(100).optional(), limit: z.coerce.number().int().min(1).max(100).optional() });
export const AuditResponse = z.object({ entries: z.array(AuditEntry) });

export const ShortfallsResponse = z.object({
  members: z.array(z.object({ id: MemberId, phoneMasked: z.string(), debt: Points, since: Instant })),
});

export const JobReport = z.object({ job: z.string(), runId: z.string(), done: z.boolean(), processed: z.number().int(), changed: z.number().int() });
