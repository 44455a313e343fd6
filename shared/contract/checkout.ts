import * as z from 'zod';
import { Fen, MemberId, Points, StoreId } from './common';
import { MemberInsight } from './insight';
import { BalancePaid } from './storedvalue';

export const CheckoutLine = z.object({
  sku: z.string().trim().min(1).max(64),
  name: z.string().trim().min(1).max(100),
  category: z.string().trim().min(1).max(64).optional(),
  quantity: z.number().int().positive().max(10_000),
  unitPriceFen: Fen,
});
export type CheckoutLine = z.infer<typeof CheckoutLine>;

export const CheckoutRequest = z
  .object({
    memberCode: z.string().regex(/^\d{18}$/, 'member code is 18 digits'),
    orderId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected 1-64 letters, digits, _ or -'),
    storeId: StoreId,
    /** What the member paid, in fen. */
    amountFen: Fen.refine((v) => v > 0, 'amount must be positive'),
    items: z.array(CheckoutLine).min(1, 'at least one line').max(200),
    /** The member's coupons to redeem with this order: coupon ids or scanned coupon codes. */
    coupons: z
      .array(z.string().regex(/^(c_[0-9a-f]{16}|\d{16})$/, 'a coupon id or a 16-digit coupon code'))
      .max(5, 'at most 5 coupons per order')
      .optional(),
    /** The part of amountFen paid from the member's stored balance (储值), authorised by her code; 0 by default. */
    balanceFen: Fen.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.balanceFen !== undefined && v.balanceFen > v.amountFen) {
      ctx.addIssue({ code: 'custom', path: ['balanceFen'], message: `balance part (${v.balanceFen}) exceeds the amount paid (${v.amountFen})` });
    }
    const linesTotal = v.items.reduce((s, l) => s + l.quantity * l.unitPriceFen, 0);
    if (v.amountFen > linesTotal) {
      ctx.addIssue({
        code: 'custom',
        path: ['amountFen'],
        message: `amount paid (${v.amountFen}) exceeds the lines' total (${linesTotal})`,
      });
    }
  });
export type CheckoutRequest = z.infer<typeof CheckoutRequest>;

export const CheckoutPreviewRequest = z
  .object({
    memberCode: z.string().regex(/^\d{18}$/, 'member code is 18 digits'),
    storeId: StoreId,
    items: z.array(CheckoutLine).min(1, 'at least one line').max(200),
    coupons: z
      .array(z.string().regex(/^(c_[0-9a-f]{16}|\d{16})$/, 'a coupon id or a 16-digit coupon code'))
      .max(5, 'at most 5 coupons per order')
      .optional(),
  })
  .strict();
export type CheckoutPreviewRequest = z.infer<typeof CheckoutPreviewRequest>;

export const CouponLineResult = z.object({ couponId: z.string(), name: z.string(), discountFen: Fen });
export const CouponRefusalResult = z.object({ coupon: z.string(), reason: z.string(), message: z.string() });

/** What the till shows before confirming: the discount, what is payable, why a coupon cannot be used. */
export const CheckoutPreviewResponse = z.object({
  memberId: MemberId,
  phoneMasked: z.string(),
  linesTotalFen: Fen,
  discountFen: Fen,
  payableFen: Fen,
  applied: z.array(CouponLineResult),
  refusals: z.array(CouponRefusalResult),
  /** Points the payable amount would earn (at today's rules and the member's tier). */
  pointsPreview: Points,
  /** The member's coupons that are available now, for the clerk to tick. */
  memberCoupons: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      summary: z.string(),
      validUntil: z.string(),
      /** Combines with other coupons in one order (otherwise it must be used alone). */
      stackable: z.boolean(),
      /** What it alone takes off this basket (0 when it does not apply), for proposing the better of two. */
      aloneFen: Fen,
    }),
  ),
  /** The member in plain words for the clerk: the tier's name and the points balance of her account. */
  standing: z.object({ tierName: z.string(), balance: Points }).optional(),
  /** Who the member is for the clerk: tags, lifecycle stage, RFM scores (see shared/domain/rfm.ts). */
  insight: MemberInsight.optional(),
  /** The member's stored balance (储值), for paying from it. */
  storedValue: z.object({ principalFen: Fen, bonusFen: Fen, totalFen: Fen }).optional(),
});
export type CheckoutPreviewResponse = z.infer<typeof CheckoutPreviewResponse>;

export const CheckoutResponse = z.object({
  memberId: MemberId,
  orderId: z.string(),
  storeId: z.string(),
  /** Points this purchase earned (spend plus any bonus), before repaying any return debt. */
  pointsEarned: Points,
  /** How the spend points were computed, step by step. */
  breakdown: z.array(z.object({ key: z.string(), label: z.string(), points: Points })),
  /** Event bonuses earned with this purchase (e.g. the first purchase). */
  bonuses: z.array(z.object({ label: z.string(), points: Points })),
  /** When the purchase points become spendable (after the return window); null when at once. */
  availableOn: z.string().nullable(),
  ruleVersion: z.number().int(),
  /** The balance of the account credited (the family's shared one for a secondary card). */
  balance: Points,
  /** The points went to the family's primary card. */
  toFamily: z.boolean(),
  tier: z.object({ code: z.string(), name: z.string() }),
  /** true when the tier changed because of this purchase. */
  upgraded: z.boolean(),
  /** Coupons redeemed with this order. */
  coupons: z.array(CouponLineResult),
  discountFen: Fen,
  /** Stamp cards this purchase stamped (集点卡), and whether it filled them. */
  stamps: z.array(z.object({ couponId: z.string(), name: z.string(), stamps: z.number().int(), needed: z.number().int(), completed: z.boolean() })).optional(),
  /** true when this answer replays an earlier, identical checkout. */
  replayed: z.boolean(),
  /** The member's phone, masked, so the clerk can confirm the person. */
  phoneMasked: z.string(),
  /** What was paid from the stored balance (储值) and what is left of it. */
  storedValue: BalancePaid.optional(),
});
export type CheckoutResponse = z.infer<typeof CheckoutResponse>;

/** The clerk's store as the till shows it. */
export const StaffStoreResponse = z.object({ storeId: StoreId, name: z.string() });
export type StaffStoreResponse = z.infer<typeof StaffStoreResponse>;

/** A proposed order number: store, the brand's day and the store's sequence of that day (S001-20261201-0007). */
export const OrderNumberResponse = z.object({ orderId: z.string() });
export type OrderNumberResponse = z.infer<typeof OrderNumberResponse>;
