/**
 * Daily figures (issue 18): kept as things happen by the table's stream consumer (functions/insight),
 * read by the dashboard per day shown, never by scanning members. Money in fen, local days (Asia/Shanghai).
 */
import * as z from 'zod';
import { LocalDate, StoreId } from './common';

const N = z.number().int();

/** One template's coupons of a day. */
export const CouponDayFigures = z.object({ templateId: z.string(), name: z.string().nullable(), issued: N, redeemed: N });

/** What happened on one local day, for the brand or for one store. */
export const DailyFigures = z.object({
  day: LocalDate,
  /** Members registered that day, and by source (store poster, self, import, …; see functions/insight). */
  newMembers: N,
  newMembersBySource: z.record(z.string(), N),
  /** Distinct members who bought, scanned a product code or claimed a coupon that day. */
  activeMembers: N,
  /** Member orders recorded that day and what was paid; returns recorded that day and what went back. */
  orders: N,
  spendFen: N,
  returns: N,
  refundFen: N,
  /** Distinct members who bought that day and had bought before. */
  repeatPurchasers: N,
  pointsEarned: N,
  pointsSpent: N,
  pointsExpired: N,
  /** All members' points balance at the end of the day (closing figure). */
  pointsOutstanding: N,
  couponsIssued: N,
  couponsRedeemed: N,
  coupons: z.array(CouponDayFigures),
  complaintsOpened: N,
  complaintsResolved: N,
  /** Complaints whose first response came after their due time, or that were still unanswered when due, that day. */
  complaintsOverdue: N,
  ratings: N,
  ratingSum: N,
  careSent: N,
  /** Care messages not sent because the member had no acceptance left for the template. */
  careNoConsent: N,
  storedValueRechargedFen: N,
  storedValueSpentFen: N,
  storedValueRefundedFen: N,
  /** Stored balances of all members at the end of the day (closing figure). */
  storedValueOutstandingFen: N,
  tierUps: N,
  tierDowns: N,
});
export type DailyFigures = z.infer<typeof DailyFigures>;

export const DASHBOARD_PERIODS = [7, 30, 90] as const;

export const DashboardQuery = z
  .object({
    days: z.coerce
      .number()
      .int()
      .refine((d) => (DASHBOARD_PERIODS as readonly number[]).includes(d), 'one of 7, 30, 90')
      .default(30),
    /** Last day shown; default today (the brand's day). */
    to: LocalDate.optional(),
  })
  .strict();
export type DashboardQuery = z.infer<typeof DashboardQuery>;

export const StoreDashboardParams = z.object({ storeId: StoreId });

/** Sums over a period; closing figures (outstanding) are the last day's. */
export const PeriodTotals = DailyFigures.omit({ day: true }).extend({ from: LocalDate, to: LocalDate });
export type PeriodTotals = z.infer<typeof PeriodTotals>;

export const Dashboard = z.object({
  scope: z.union([z.literal('brand'), z.object({ storeId: StoreId, storeName: z.string().nullable() })]),
  from: LocalDate,
  to: LocalDate,
  /** One entry per day from `from` to `to`, oldest first (days with nothing happening are zeros). */
  days: z.array(DailyFigures),
  totals: PeriodTotals,
  /** The same length of time just before `from`, for the KPI tiles' change. */
  previous: PeriodTotals,
  /** Members at the end of `to` (brand: all; store: registered there). */
  members: N,
  /** Items read to build this answer (the bench and the page's footnote read it). */
  itemsRead: N,
});
export type Dashboard = z.infer<typeof Dashboard>;

/** The reports a CSV export can hold (each page's export button names one). */
export const REPORTS = ['daily', 'stores', 'tiers', 'lifecycle', 'rfm', 'pyramid', 'planner', 'repurchase', 'campaign'] as const;
export const ReportExportRequest = z
  .object({
    report: z.enum(REPORTS),
    days: z.number().int().refine((d) => (DASHBOARD_PERIODS as readonly number[]).includes(d), 'one of 7, 30, 90').optional(),
    storeId: StoreId.optional(),
    campaignId: z.string().max(64).optional(),
    /** The planner's target shares (report `planner`). */
    shares: z.array(z.number().min(0).max(100)).max(10).optional(),
  })
  .strict();
export type ReportExportRequest = z.infer<typeof ReportExportRequest>;
export const ReportExport = z.object({ report: z.enum(REPORTS), fileName: z.string(), downloadUrl: z.string(), rows: N });
export type ReportExport = z.infer<typeof ReportExport>;
