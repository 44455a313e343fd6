/** Points: balance, ledger, adjustments, return debts. */
import * as z from 'zod';
import { Instant, LocalDate, MemberId, Points } from './common';

export const LedgerEntryType = z.enum(['earn', 'spend', 'expire', 'reverse', 'adjust', 'transfer']);

export const PointsEntry = z.object({
  id: z.string(),
  type: LedgerEntryType,
  points: Points,
  /** Balance right after this entry. */
  balanceAfter: Points,
  createdAt: Instant,
  description: z.string(),
  source: z.object({ kind: z.string(), id: z.string() }),
  storeId: z.string().nullable(),
  /** The rule version that computed an earning. */
  ruleVersion: z.number().int().nullable(),
  /** The reason an admin gave, or other detail shown to the member. */
  note: z.string().nullable(),
  /** For a family account: the member whose purchase this was, masked. */
  byMember: z.string().nullable(),
});
export type PointsEntry = z.infer<typeof PointsEntry>;

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

// ---- the admin's member tools ----

export const MemberLookupQuery = z.object({ phone: z.string().regex(/^1\d{10}$/, 'an 11-digit mainland mobile number') });

export const AdminMemberView = z.object({
  id: MemberId,
  /** Always masked (138****5678); the whole number only through the audited reveal (POST /admin/members/{memberId}/phone). */
  phoneMasked: z.string(),
  /** Whether this admin holds the `phones` permission and may reveal the number. */
  phoneRevealable: z.boolean(),
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

/** A member's whole phone number, revealed to an admin with the `phones` permission; each reveal is audited. */
export const PhoneRevealResponse = z.object({ memberId: MemberId, phone: z.string(), revealedAt: Instant });
export type PhoneRevealResponse = z.infer<typeof PhoneRevealResponse>;

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

export const ShortfallsResponse = z.object({
  members: z.array(z.object({ id: MemberId, phoneMasked: z.string(), debt: Points, since: Instant })),
});

export const JobReport = z.object({ job: z.string(), runId: z.string(), done: z.boolean(), processed: z.number().int(), changed: z.number().int() });
