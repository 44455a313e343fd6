/**
 * Nightly snapshots, the tier-threshold planner and repurchase cycles (issue 18, functions/planning).
 * Snapshots are written once a night over the profile index (like tier evaluation); the planner and
 * the dashboard's distributions read the newest one.
 */
import * as z from 'zod';
import { Fen, LocalDate } from './common';
import { LifecycleStage } from './insight';

const N = z.number().int();

export const PYRAMID_BANDS = ['top10', 'next20', 'next30', 'bottom40'] as const;

/** One band of the contribution pyramid: members ranked by 12-month spend. */
export const PyramidBand = z.object({
  band: z.enum(PYRAMID_BANDS),
  members: N,
  spendFen: N,
  orders: N,
  /** Share of all 12-month spend, percent with one decimal. */
  spendShare: z.number(),
  ordersPerMember: z.number(),
  averageOrderFen: N,
  /** Lowest 12-month spend in the band. */
  minSpendFen: N,
});

export const Snapshot = z.object({
  day: LocalDate,
  takenAt: z.string(),
  members: N,
  /** tierCode -> members holding it. */
  tiers: z.record(z.string(), N),
  /** Tier moves per month (YYYY-MM), from the daily figures: ups and downs. */
  tierMoves: z.array(z.object({ month: z.string(), ups: N, downs: N })),
  lifecycle: z.record(LifecycleStage, N),
  /** rf[r-1][f-1] and rm[r-1][m-1]: member counts by RFM score (scores as in shared/domain/rfm.ts). */
  rf: z.array(z.array(N)),
  rm: z.array(z.array(N)),
  pyramid: z.array(PyramidBand),
  /** Items read to take it (the job's own cost). */
  itemsRead: N,
});
export type Snapshot = z.infer<typeof Snapshot>;
export const SnapshotResponse = z.object({ snapshot: Snapshot.nullable() });

/** Target shares of members per tier, lowest tier first, in percent; they sum to 100. */
export const PlannerRequest = z
  .object({
    shares: z
      .array(z.number().min(0).max(100))
      .min(2)
      .max(10)
      .refine((s) => Math.abs(s.reduce((a, b) => a + b, 0) - 100) < 0.01, 'shares must add up to 100'),
  })
  .strict();
export type PlannerRequest = z.infer<typeof PlannerRequest>;

export const PlannerTier = z.object({
  /** The current program's tier at this rank, when there is one. */
  code: z.string().nullable(),
  name: z.string().nullable(),
  targetShare: z.number(),
  /** Proposed qualifying 12-month spend (fen); 0 for the entry tier. */
  thresholdFen: Fen,
  currentThresholdFen: Fen.nullable(),
  /** Members who would hold this tier with the proposed thresholds, and their share in percent. */
  members: N,
  share: z.number(),
});

export const PlannerProposal = z.object({
  basedOn: LocalDate,
  members: N,
  tiers: z.array(PlannerTier),
  /** Members who would move up / down / stay against the tiers they hold now. */
  movesUp: N,
  movesDown: N,
  unchanged: N,
});
export type PlannerProposal = z.infer<typeof PlannerProposal>;

/** Median days between purchases, per SKU and per category. */
export const RepurchaseCycle = z.object({
  kind: z.enum(['sku', 'category']),
  key: z.string(),
  name: z.string().nullable(),
  /** Repeat intervals observed (a member buying it again). */
  intervals: N,
  medianDays: z.number().nullable(),
  consumable: z.boolean(),
});
export const RepurchaseReport = z.object({ cycles: z.array(RepurchaseCycle) });
export type RepurchaseReport = z.infer<typeof RepurchaseReport>;

// ---- additions by part C (planning): repurchase settings, the care job's answer, the snapshot job's answer ----

const Sku = z.string().trim().min(1).max(64);
/** Which SKUs / categories are consumables (their buyers get "time to buy again"), and the care job's switch. */
export const RepurchaseSettings = z
  .object({
    consumableSkus: z.array(Sku).max(500),
    consumableCategories: z.array(Sku).max(100),
    /** Repeat intervals needed before a cycle is used for reminders. */
    minIntervals: z.number().int().min(1).max(100),
    careEnabled: z.boolean(),
  })
  .strict();
export type RepurchaseSettings = z.infer<typeof RepurchaseSettings>;
export const RepurchaseSettingsResponse = z.object({ settings: RepurchaseSettings, rev: N });
export const PutRepurchaseSettings = z.object({ rev: N.min(0), settings: RepurchaseSettings }).strict();
