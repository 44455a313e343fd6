/** Clerk attribution (issue 19, part C): a clerk's registration QR, leaderboards, service ratings. */
import * as z from 'zod';
import { Fen, Instant, StoreId } from './common';

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month YYYY-MM');
const OrderId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected 1-64 letters, digits, _ or -');

/** A clerk's or a store's figures of one month. */
export const ClerkGrowthFigures = z.object({
  /** Members registered through her QR (a store: through its posters and its clerks' QRs). */
  registrations: z.number().int(),
  /** Orders of those members (wherever they bought) and what they paid. */
  orders: z.number().int(),
  salesFen: z.number().int(),
  /** Refunds of their returns in the month; net sales = salesFen - refundFen. */
  refundFen: z.number().int(),
  netSalesFen: z.number().int(),
  /** Service ratings given in the month (1–5): average to one decimal, null when none. */
  rating: z.number().nullable(),
  ratingCount: z.number().int(),
});
export type ClerkGrowthFigures = z.infer<typeof ClerkGrowthFigures>;

/** GET /staff/growth: her registration QR at her store and her figures of this month. */
export const MyGrowthResponse = z.object({
  storeId: StoreId,
  storeName: z.string(),
  /** Her code at this store (8 characters); the QR carries `path`, a printed mini-program code `scene`. */
  code: z.string(),
  path: z.string(),
  scene: z.string(),
  month: z.string(),
  figures: ClerkGrowthFigures,
  /** Her service rating over all time. */
  rating: z.number().nullable(),
  ratingCount: z.number().int(),
});
export type MyGrowthResponse = z.infer<typeof MyGrowthResponse>;

export const ClerkLeaderboardQuery = z.object({
  /** A local month; this month when absent. */
  month: Month.optional(),
  /** What ranks the rows: registrations (then net sales) or net sales (then registrations). */
  sort: z.enum(['registrations', 'sales']).optional(),
});
export type ClerkLeaderboardQuery = z.infer<typeof ClerkLeaderboardQuery>;

/** A clerk on a leaderboard: by name, else her masked phone; never her WeChat id on screen. */
export const ClerkRow = ClerkGrowthFigures.extend({
  rank: z.number().int(),
  /** Her WeChat id (for keys and tests; pages never show it). */
  openid: z.string(),
  name: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  storeId: StoreId,
  storeName: z.string(),
  /** She no longer works at this store (her figures stay with it). */
  left: z.boolean(),
});
export type ClerkRow = z.infer<typeof ClerkRow>;

export const ClerkStoreRow = ClerkGrowthFigures.extend({
  rank: z.number().int(),
  storeId: StoreId,
  storeName: z.string(),
});
export type ClerkStoreRow = z.infer<typeof ClerkStoreRow>;

const Period = {
  month: z.string(),
  /** The months on offer, newest first (this month, last month, …). */
  months: z.array(z.string()),
  sort: z.enum(['registrations', 'sales']),
};

/** A member's rating of a clerk's service, as the store's manager reads it (no member named). */
export const ServiceRatingEntry = z.object({
  at: Instant,
  stars: z.number().int(),
  comment: z.string().nullable(),
  /** The clerk who served: name, else a masked phone (never her WeChat id). */
  clerkName: z.string().nullable(),
  clerkPhoneMasked: z.string().nullable(),
});
export type ServiceRatingEntry = z.infer<typeof ServiceRatingEntry>;

/** GET /stores/{storeId}/leaderboard: the store's clerks (its manager, or an admin), and its latest ratings. */
export const StoreClerkLeaderboard = z.object({
  ...Period,
  store: ClerkStoreRow,
  clerks: z.array(ClerkRow),
  /** The store's 20 latest service ratings, newest first (whatever the month). */
  ratings: z.array(ServiceRatingEntry),
});
export type StoreClerkLeaderboard = z.infer<typeof StoreClerkLeaderboard>;

/** GET /admin/leaderboard: every store and the brand's clerks (top 50). */
export const BrandClerkLeaderboard = z.object({
  ...Period,
  stores: z.array(ClerkStoreRow),
  clerks: z.array(ClerkRow),
});
export type BrandClerkLeaderboard = z.infer<typeof BrandClerkLeaderboard>;

export const ClerkLeaderboardParams = z.object({ storeId: StoreId });

/** GET /members/me/service-rating: her newest order of the last 7 days served by a clerk and not rated yet. */
export const PendingServiceRating = z.object({
  pending: z
    .object({
      storeId: StoreId,
      storeName: z.string(),
      orderId: z.string(),
      createdAt: Instant,
      amountFen: Fen,
      /** Who served her (name, else 店员). */
      clerkName: z.string().nullable(),
    })
    .nullable(),
});
export type PendingServiceRating = z.infer<typeof PendingServiceRating>;

export const RateServiceRequest = z.object({
  storeId: StoreId,
  orderId: OrderId,
  stars: z.number().int().min(1).max(5),
  comment: z.string().trim().max(200).optional(),
});
export type RateServiceRequest = z.infer<typeof RateServiceRequest>;

export const RateServiceResponse = z.object({ storeId: StoreId, orderId: z.string(), stars: z.number().int() });
export type RateServiceResponse = z.infer<typeof RateServiceResponse>;
