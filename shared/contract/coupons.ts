/** Coupons: templates (admin), the coupon centre and the member's wallet. */
import * as z from 'zod';
import { Fen, Instant } from './common';

const Code = z.string().trim().min(1).max(64);

export const CouponScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('categories'), categories: z.array(Code).min(1).max(50) }),
  z.object({ kind: z.literal('skus'), skus: z.array(Code).min(1).max(500) }),
]);

export const CouponValidity = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), from: Instant, until: Instant }),
  z.object({ kind: z.literal('afterIssue'), days: z.number().int().min(1).max(3650) }),
]);

export const CouponTemplateInput = z
  .object({
    name: z.string().trim().min(1).max(30),
    description: z.string().trim().max(200).default(''),
    kind: z.enum(['amountOff', 'percentOff', 'threshold', 'gift', 'stampCard']),
    amountOffFen: Fen.optional(),
    percentOff: z.number().int().min(1).max(90).optional(),
    maxDiscountFen: Fen.nullable().optional(),
    thresholdFen: Fen.optional(),
    giftSku: Code.optional(),
    stampCard: z.object({ purchasesNeeded: z.number().int().min(2).max(50), minOrderFen: Fen, rewardTemplateId: z.string().min(1).max(64) }).optional(),
    scope: CouponScopeSchema,
    /** Stores where it can be used; null = all. */
    stores: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,32}$/)).min(1).max(500).nullable(),
    stackable: z.boolean(),
    validity: CouponValidity,
    /** Total that can ever be issued; null = unlimited. */
    stock: z.number().int().min(1).max(10_000_000).nullable(),
    /** Most one member can hold from this template; null = no limit. */
    perMemberLimit: z.number().int().min(1).max(100).nullable(),
    /** Shown in the coupon centre for members to claim. */
    claimable: z.boolean(),
    /** Members may exchange this many points for one coupon; null/absent = not exchangeable. */
    pointsCost: z.number().int().min(1).max(1_000_000).nullable().optional(),
    /** Given to every new member when she registers (新人礼). */
    registrationGift: z.boolean().optional(),
  })
  .strict()
  .superRefine((t, ctx) => {
    const need = (field: keyof typeof t, message: string) => {
      if (t[field] === undefined || t[field] === null) ctx.addIssue({ code: 'custom', path: [field], message });
    };
    if (t.kind === 'amountOff') need('amountOffFen', 'an amount-off coupon needs amountOffFen');
    if (t.kind === 'threshold') {
      need('amountOffFen', '满减 needs amountOffFen');
      need('thresholdFen', '满减 needs thresholdFen');
      if (t.amountOffFen !== undefined && t.thresholdFen !== undefined && t.amountOffFen >= t.thresholdFen) {
        ctx.addIssue({ code: 'custom', path: ['amountOffFen'], message: 'must be less than thresholdFen' });
      }
    }
    if (t.kind === 'percentOff') need('percentOff', 'a percent-off coupon needs percentOff');
    if (t.kind === 'gift') need('giftSku', 'a gift coupon needs giftSku');
    if (t.kind === 'stampCard') need('stampCard', 'a stamp card needs stampCard');
    if (t.validity.kind === 'fixed' && t.validity.until <= t.validity.from) {
      ctx.addIssue({ code: 'custom', path: ['validity', 'until'], message: 'must be after from' });
    }
  });
export type CouponTemplateInput = z.infer<typeof CouponTemplateInput>;

export const CouponTemplate = z.object({
  id: z.string(),
  state: z.enum(['active', 'paused']),
  definition: CouponTemplateInput,
  issued: z.number().int(),
  /** Left to issue; null when the stock is unlimited. */
  remaining: z.number().int().nullable(),
  /** Redeemed (used at a till), net of coupons a whole-order return gave back. */
  redeemed: z.number().int(),
  /** redeemed / issued, 0..1 (0 when none issued). */
  redemptionRate: z.number(),
  createdAt: Instant,
  createdBy: z.string(),
  rev: z.number().int(),
});
export type CouponTemplate = z.infer<typeof CouponTemplate>;

export const TemplateIdParams = z.object({ templateId: z.string().regex(/^t_[0-9a-z]{6,40}$/, 'not a template id') });
/** An edit: the whole definition again plus the revision it was read at (a concurrent edit gets 409). */
export const TemplateEditRequest = z.object({ rev: z.number().int().min(0), definition: CouponTemplateInput }).strict();
export const TemplateStateRequest = z.object({ state: z.enum(['active', 'paused']) }).strict();
export const TemplateList = z.object({ templates: z.array(CouponTemplate) });

export const CentreEntry = z.object({
  templateId: z.string(),
  name: z.string(),
  description: z.string(),
  kind: z.string(),
  summary: z.string(),
  remaining: z.number().int().nullable(),
  /** How many more this member may claim; null = no limit. */
  canClaim: z.number().int().nullable(),
  soldOut: z.boolean(),
  /** Free to claim (claimable) and/or exchangeable for points. */
  claimable: z.boolean(),
  pointsCost: z.number().int().nullable(),
});
export const CentreResponse = z.object({ entries: z.array(CentreEntry) });

export const ClaimRequest = z.object({ requestId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'expected 8-64 letters, digits, _ or -') }).strict();

export const StampProgress = z.object({
  collected: z.number().int(),
  needed: z.number().int(),
  minOrderFen: Fen,
  /** The reward coupon issued when the card was filled. */
  rewardCouponId: z.string().nullable(),
});

export const WalletCoupon = z.object({
  id: z.string(),
  templateId: z.string(),
  name: z.string(),
  summary: z.string(),
  code: z.string(),
  state: z.enum(['available', 'used', 'expired', 'voided']),
  validFrom: Instant,
  validUntil: Instant,
  issuedAt: Instant,
  source: z.string(),
  kind: z.string().optional(),
  stamps: StampProgress.optional(),
});
export type WalletCoupon = z.infer<typeof WalletCoupon>;
export const ClaimResponse = z.object({ coupon: WalletCoupon, replayed: z.boolean() });
export const WalletQuery = z.object({ state: z.enum(['available', 'used', 'expired']).optional() });
export const WalletResponse = z.object({ coupons: z.array(WalletCoupon) });

export const ExchangeResponse = z.object({ coupon: WalletCoupon, replayed: z.boolean(), pointsSpent: z.number().int(), balance: z.number().int() });

export const RedeemRequest = z
  .object({
    storeId: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/),
    code: z.string().regex(/^\d{16}$/, 'a 16-digit coupon code'),
    /** The till's id for this redemption: a retry redeems once. */
    redemptionId: z.string().regex(/^[A-Za-z0-9_-]{4,64}$/, 'expected 4-64 letters, digits, _ or -'),
  })
  .strict();
export const RedeemResponse = z.object({
  couponId: z.string(),
  name: z.string(),
  summary: z.string(),
  phoneMasked: z.string(),
  redeemedAt: Instant,
  replayed: z.boolean(),
});

export const IssueRequest = z
  .object({
    /** The admin's id for this batch: re-sending it issues nothing twice. */
    batchId: z.string().regex(/^[A-Za-z0-9_-]{4,64}$/, 'expected 4-64 letters, digits, _ or -'),
    phones: z.array(z.string().regex(/^1\d{10}$/, 'an 11-digit mainland mobile number')).min(1).max(500).optional(),
    /** Every member of this tier (admins only). */
    tierCode: z.string().min(1).max(20).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.phones === undefined) === (v.tierCode === undefined)) ctx.addIssue({ code: 'custom', path: ['phones'], message: 'give either phones or tierCode' });
  });
export const IssueResponse = z.object({
  targeted: z.number().int(),
  issued: z.number().int(),
  /** Already issued by an earlier send of this batch. */
  repeated: z.number().int(),
  refused: z.array(z.object({ target: z.string(), reason: z.string() })),
});
