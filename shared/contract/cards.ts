/** Pre-printed membership cards: batches (admin), binding (member, clerk), the member's card. */
import * as z from 'zod';
import { Instant, Points } from './common';

export const CardState = z.enum(['unbound', 'bound', 'lost']);

/** A card number as typed or printed: digits, spaces allowed (the check digit is checked by the use case). */
export const CardNoInput = z.string().trim().min(1).max(40);
export const CardPin = z.string().regex(/^\d{6}$/, 'the PIN is 6 digits');

export const CardBatchInput = z
  .object({
    /** How many cards (each gets a number and a PIN). */
    count: z.number().int().min(1).max(5_000),
    /** A name for the admin's list, e.g. 2026 春季门店开卡. */
    name: z.string().trim().min(1).max(40),
    /** Points each card carries, credited once when it is bound. */
    openingPoints: z.number().int().min(0).max(1_000_000).default(0),
    /** A tier each card carries (a floor: raises a lower tier when bound), or none. */
    tierCode: z.string().min(1).max(32).nullable().default(null),
  })
  .strict();
export type CardBatchInput = z.input<typeof CardBatchInput>;

export const CardBatchIdParams = z.object({ batchId: z.string().regex(/^cb_[0-9a-z]{6,40}$/, 'not a card batch id') });

export const CardBatch = z.object({
  id: z.string(),
  name: z.string(),
  count: z.number().int(),
  /** The first and last card numbers (serials are consecutive). */
  firstCardNo: z.string(),
  lastCardNo: z.string(),
  openingPoints: Points,
  tierCode: z.string().nullable(),
  /** creating: cards being written; ready: cards and the print file are there. */
  state: z.enum(['creating', 'ready']),
  bound: z.number().int().nonnegative(),
  lost: z.number().int().nonnegative(),
  exports: z.number().int().nonnegative(),
  createdAt: Instant,
  createdBy: z.string(),
});
export type CardBatch = z.infer<typeof CardBatch>;

export const CardBatchList = z.object({ batches: z.array(CardBatch) });

/** The print file (card numbers and PINs, CSV in S3): a short-lived download link. */
export const CardBatchExport = z.object({
  batchId: z.string(),
  fileName: z.string(),
  url: z.string(),
  expiresAt: Instant,
});
export type CardBatchExport = z.infer<typeof CardBatchExport>;

export const BindCardRequest = z.object({ cardNo: CardNoInput, pin: CardPin }).strict();
export type BindCardRequest = z.infer<typeof BindCardRequest>;

export const StaffBindCardRequest = z
  .object({
    /** The member's code as scanned at the till (read, not spent: the purchase may still use it). */
    memberCode: z.string().regex(/^\d{18}$/, 'member code is 18 digits'),
    cardNo: CardNoInput,
    pin: CardPin,
  })
  .strict();
export type StaffBindCardRequest = z.infer<typeof StaffBindCardRequest>;

export const MyCard = z.object({
  cardNoMasked: z.string(),
  state: CardState,
  boundAt: Instant.nullable(),
});

export const BindCardResponse = z.object({
  card: MyCard,
  /** What the card brought with it (0 / null for a replacement card or when it carried nothing). */
  carried: z.object({ points: Points, tierCode: z.string().nullable(), tierName: z.string().nullable() }),
  balance: Points,
  /** true when this binding already existed (a retry). */
  replayed: z.boolean(),
});
export type BindCardResponse = z.infer<typeof BindCardResponse>;

export const MyCardResponse = z.object({ card: MyCard.nullable(), frozen: z.boolean() });
export type MyCardResponse = z.infer<typeof MyCardResponse>;

export const CardBatchCreated = z.object({ batch: CardBatch, export: CardBatchExport });
export type CardBatchCreated = z.infer<typeof CardBatchCreated>;
