/** Returns at the till. */
import * as z from 'zod';
import { Fen, MemberId, Points, StoreId } from './common';

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
  /** The part of the refund given back to the stored balance (储值, paid from it), in the proportions taken. */
  toBalance: z.object({ backFen: Fen, principalFen: Fen, bonusFen: Fen }).optional(),
});
export type ReturnResponse = z.infer<typeof ReturnResponse>;

/** Finding a member's recent orders at the clerk's store: by her member code or phone, or by an order number. */
export const StaffOrdersQuery = z
  .object({
    memberCode: z.string().regex(/^\d{18}$/, 'member code is 18 digits').optional(),
    phone: z.string().regex(/^1\d{10}$/, 'an 11-digit mainland mobile number').optional(),
    orderId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected 1-64 letters, digits, _ or -').optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    const given = [v.memberCode, v.phone, v.orderId].filter((x) => x !== undefined).length;
    if (given !== 1) ctx.addIssue({ code: 'custom', path: ['memberCode'], message: 'give exactly one of memberCode, phone or orderId' });
  });
export type StaffOrdersQuery = z.infer<typeof StaffOrdersQuery>;

/** One order as the return desk sees it: what was bought, what came back, what can still be refunded. */
export const StaffOrderView = z.object({
  orderId: z.string(),
  createdAt: z.string(),
  amountFen: Fen,
  returnedFen: Fen,
  /** The most that can still be refunded (the amount paid less what was refunded). */
  refundableFen: Fen,
  lines: z.array(
    z.object({
      sku: z.string(),
      name: z.string(),
      quantity: z.number().int(),
      returnedQty: z.number().int(),
      /** What these units paid, after coupons. */
      paidFen: Fen,
    }),
  ),
});
export type StaffOrderView = z.infer<typeof StaffOrderView>;

export const StaffOrdersResponse = z.object({
  member: z.object({ memberId: MemberId, phoneMasked: z.string() }).nullable(),
  /** Newest first, at most 20. */
  orders: z.array(StaffOrderView),
});
export type StaffOrdersResponse = z.infer<typeof StaffOrdersResponse>;
