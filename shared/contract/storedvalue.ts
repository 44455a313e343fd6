/** Stored value (储值, issue 17): the member's balance, its ledger, recharge packages, refunds, the liability. */
import * as z from 'zod';
import { Fen, Instant } from './common';

const PackageId = z.string().regex(/^pk_[0-9a-z]{6,40}$/, 'not a package id');
const RequestId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'expected 8-64 letters, digits, _ or -');

/** A recharge package as a member sees it: pay `amountFen`, get `bonusFen` on top. */
export const RechargePackageOffer = z.object({
  id: z.string(),
  name: z.string(),
  amountFen: Fen,
  bonusFen: Fen,
  validUntil: Instant.nullable(),
});
export type RechargePackageOffer = z.infer<typeof RechargePackageOffer>;

export const BalanceView = z.object({
  principalFen: Fen,
  bonusFen: Fen,
  totalFen: Fen,
  /** The most a named account may hold (principal + bonus). */
  capFen: Fen,
  /** Packages on offer now, the smallest first. */
  packages: z.array(RechargePackageOffer),
});
export type BalanceView = z.infer<typeof BalanceView>;

export const BalanceEntryKind = z.enum(['recharge', 'spend', 'return', 'refund', 'refundFailed', 'adjust']);
export const BalanceEntry = z.object({
  id: z.string(),
  kind: BalanceEntryKind,
  /** Signed: > 0 into the balance, < 0 out of it. */
  principalFen: z.number().int(),
  bonusFen: z.number().int(),
  at: Instant,
  description: z.string(),
  storeId: z.string().nullable(),
});
export type BalanceEntry = z.infer<typeof BalanceEntry>;

export const BalanceLedgerQuery = z
  .object({
    cursor: z.string().max(512).optional(),
    limit: z.coerce.number().int().min(1).max(100).optional(),
  })
  .strict();
export const BalanceLedgerPage = z.object({ entries: z.array(BalanceEntry), cursor: z.string().nullable() });
export type BalanceLedgerPage = z.infer<typeof BalanceLedgerPage>;

export const RechargeRequest = z.object({ packageId: PackageId, requestId: RequestId }).strict();
export type RechargeRequest = z.infer<typeof RechargeRequest>;

/** What a refund of the balance would give now, and by which rule (see the README, "Stored value"). */
export const RefundQuoteView = z.object({
  /** full: untouched recharges of the last 7 days; partial: remaining principal minus bonus spent; mixed: both; none: nothing. */
  rule: z.enum(['full', 'partial', 'mixed', 'none']),
  refundFen: Fen,
  /** Bonus that leaves the balance unpaid (a fully refunded recharge's bonus, or the forfeited rest). */
  bonusLeavingFen: Fen,
  /** Principal kept back because bonus was already spent. */
  principalKeptFen: Fen,
  bonusSpentFen: Fen,
  /** What stays in the balance after the refund. */
  remainingFen: Fen,
  /** The WeChat Pay refunds it would make, one per recharge payment, newest first. */
  parts: z.array(z.object({ outTradeNo: z.string(), refundFen: Fen, rule: z.enum(['full', 'partial']), paidAt: Instant.nullable() })),
});
export type RefundQuoteView = z.infer<typeof RefundQuoteView>;

export const BalanceRefundRequest = z.object({ requestId: RequestId }).strict();
export type BalanceRefundRequest = z.infer<typeof BalanceRefundRequest>;

export const BalanceRefundResult = z.object({
  refundFen: Fen,
  rule: z.enum(['full', 'partial', 'mixed']),
  refunds: z.array(z.object({ outTradeNo: z.string(), outRefundNo: z.string(), refundFen: Fen, state: z.enum(['requested', 'success', 'failed']) })),
  balance: z.object({ principalFen: Fen, bonusFen: Fen }),
  /** true when this answer is for an earlier request with the same id. */
  replayed: z.boolean(),
});
export type BalanceRefundResult = z.infer<typeof BalanceRefundResult>;

// ---- admin ----

export const RechargePackageIdParams = z.object({ packageId: PackageId });

export const RechargePackageInput = z
  .object({
    name: z.string().trim().min(1).max(40),
    /** What the member pays, ¥1 to ¥5,000. */
    amountFen: Fen.refine((v) => v >= 100 && v <= 500_000, 'amount must be between 100 and 500000 fen'),
    bonusFen: Fen.refine((v) => v <= 500_000, 'bonus must be at most 500000 fen'),
    validFrom: Instant.nullable().optional(),
    validUntil: Instant.nullable().optional(),
    active: z.boolean().optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.validFrom && v.validUntil && v.validUntil <= v.validFrom) ctx.addIssue({ code: 'custom', path: ['validUntil'], message: 'validUntil must be after validFrom' });
    if (v.bonusFen > v.amountFen) ctx.addIssue({ code: 'custom', path: ['bonusFen'], message: 'bonus must not exceed the amount' });
  });
export type RechargePackageInput = z.infer<typeof RechargePackageInput>;

export const RechargePackage = z.object({
  id: z.string(),
  name: z.string(),
  amountFen: Fen,
  bonusFen: Fen,
  validFrom: Instant.nullable(),
  validUntil: Instant.nullable(),
  active: z.boolean(),
  /** Active and within its validity now. */
  onOffer: z.boolean(),
  createdAt: Instant,
  updatedAt: Instant,
});
export type RechargePackage = z.infer<typeof RechargePackage>;
export const RechargePackageList = z.object({ packages: z.array(RechargePackage) });
export type RechargePackageList = z.infer<typeof RechargePackageList>;

/** Finance's view: the outstanding prepaid liability and the running totals, summed over the BALTOTAL shards. */
export const StoredValueSummary = z.object({
  outstanding: z.object({ principalFen: z.number().int(), bonusFen: z.number().int(), totalFen: z.number().int() }),
  /** outstanding = recharged + bonusGranted − spent + returned − refunded − forfeited (every fen accounted for). */
  totals: z.object({
    rechargedFen: z.number().int(),
    bonusGrantedFen: z.number().int(),
    spentFen: z.number().int(),
    returnedFen: z.number().int(),
    refundedFen: z.number().int(),
    /** Left the balance with refunds without being paid out: recharges' bonus, the forfeited rest. */
    forfeitedFen: z.number().int(),
  }),
  capFen: Fen,
});
export type StoredValueSummary = z.infer<typeof StoredValueSummary>;

/** The till: what paying from the balance took (in CheckoutResponse.balance). */
export const BalancePaid = z.object({ paidFen: Fen, principalFen: Fen, bonusFen: Fen, remainingFen: Fen });
export type BalancePaid = z.infer<typeof BalancePaid>;
