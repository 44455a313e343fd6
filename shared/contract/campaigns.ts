/** Campaigns: a segment, a subscribe-message template with its fields, an optional coupon, a schedule; approved by a second admin. */
import * as z from 'zod';
import { CAMPAIGN_EVERY, CAMPAIGN_OUTCOMES, CAMPAIGN_STATES, HOLDOUT_MAX_PERCENT, WINDOW_DAYS_MAX, WINDOW_DAYS_MIN, unknownPlaceholders } from '../domain/campaigns';
import { Instant, LocalDate } from './common';

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');
export const CampaignStateSchema = z.enum(CAMPAIGN_STATES);
export const CampaignOutcomeSchema = z.enum(CAMPAIGN_OUTCOMES);

export const CampaignScheduleSchema = z.union([
  z.object({ once: z.object({ at: Instant }).strict() }).strict(),
  z
    .object({
      recurring: z
        .object({
          every: z.enum(CAMPAIGN_EVERY),
          /** Local time (brand's time zone) of each run. */
          at: HHMM,
          /** First local day it may run. */
          from: LocalDate,
          /** Last local day it may run; absent = until cancelled. */
          until: LocalDate.optional(),
        })
        .strict(),
    })
    .strict(),
]);

export const CampaignTemplateSchema = z
  .object({
    /** The WeChat subscribe-message template the member consented to. */
    templateId: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ or -'),
    /** WeChat data key (thing1, date2...) -> text with {name}, {tier}, {coupon}, {date}. */
    fields: z
      .record(z.string().regex(/^[a-z_]+\d+$/, 'a WeChat data key such as thing1'), z.string().trim().min(1).max(100))
      .refine((f) => Object.keys(f).length >= 1 && Object.keys(f).length <= 10, 'one to ten fields'),
  })
  .strict()
  .superRefine((t, ctx) => {
    for (const u of unknownPlaceholders(t.fields)) {
      ctx.addIssue({ code: 'custom', path: ['fields', u.key], message: `unknown placeholder {${u.name}}: use {name}, {tier}, {coupon} or {date}` });
    }
  });

export const CampaignInput = z
  .object({
    name: z.string().trim().min(1).max(30),
    segmentId: z.string().trim().min(1).max(64),
    template: CampaignTemplateSchema,
    /** Mini-program page the message opens; default the coupon wallet (with a coupon) or the home page. */
    page: z.string().trim().min(1).max(128).regex(/^[A-Za-z0-9_/?=&.-]+$/, 'a mini-program page path').optional(),
    couponTemplateId: z.string().regex(/^t_[0-9a-z]{6,40}$/, 'not a template id').optional(),
    schedule: CampaignScheduleSchema,
    /**
     * The control group: this share of the segment (whole percent, 0-50; default 0) gets neither the
     * message nor the coupon, chosen per member by a hash of the campaign and member ids.
     */
    holdoutPercent: z
      .number()
      .int('the holdout share is a whole percent from 0 to 50')
      .min(0, 'the holdout share is a whole percent from 0 to 50')
      .max(HOLDOUT_MAX_PERCENT, 'the holdout share is a whole percent from 0 to 50')
      .optional(),
    /** Days after a run in which purchases count toward the results (7-30; default 14). */
    windowDays: z
      .number()
      .int('the measurement window is 7 to 30 days')
      .min(WINDOW_DAYS_MIN, 'the measurement window is 7 to 30 days')
      .max(WINDOW_DAYS_MAX, 'the measurement window is 7 to 30 days')
      .optional(),
  })
  .strict();
export type CampaignInput = z.infer<typeof CampaignInput>;

export const Campaign = z.object({
  id: z.string(),
  state: CampaignStateSchema,
  definition: CampaignInput,
  segmentName: z.string().nullable(),
  couponName: z.string().nullable(),
  createdBy: z.string(),
  createdAt: Instant,
  submittedBy: z.string().nullable(),
  submittedAt: Instant.nullable(),
  approvedBy: z.string().nullable(),
  approvedAt: Instant.nullable(),
  rejectedBy: z.string().nullable(),
  rejectedAt: Instant.nullable(),
  rejectReason: z.string().nullable(),
  cancelledBy: z.string().nullable(),
  cancelledAt: Instant.nullable(),
  /** When the next run is due (approved campaigns); null otherwise. */
  nextRunAt: Instant.nullable(),
  nextRunId: z.string().nullable(),
  lastRunId: z.string().nullable(),
  runs: z.number().int(),
  rev: z.number().int(),
});
export type Campaign = z.infer<typeof Campaign>;

export const CampaignIdParams = z.object({ campaignId: z.string().regex(/^cmp_[0-9a-z]{6,40}$/, 'not a campaign id') });
export const CampaignList = z.object({ campaigns: z.array(Campaign) });
export const CampaignListQuery = z.object({ state: CampaignStateSchema.optional() });
export const CampaignRejectRequest = z.object({ reason: z.string().trim().min(1).max(200) }).strict();

export const CampaignRunSummary = z.object({
  runId: z.string(),
  scheduledAt: Instant,
  startedAt: Instant,
  finishedAt: Instant.nullable(),
  /** Members the segment matched at the run. */
  targeted: z.number().int(),
  /** Members with a consent for the template when the run reached them (all but no_consent and opted_out). */
  consented: z.number().int(),
  /** Members who got the message. */
  sent: z.number().int(),
  couponsIssued: z.number().int(),
  /** Members of the control group in this run (outcome holdout: no message, no coupon). */
  holdout: z.number().int(),
  /** Coupons of this run used since (read from the recipients' coupons). */
  couponsRedeemed: z.number().int(),
  outcomes: z.record(CampaignOutcomeSchema, z.number().int()),
});
export const CampaignRecipient = z.object({
  memberId: z.string(),
  outcome: CampaignOutcomeSchema,
  errcode: z.number().int().nullable(),
  couponId: z.string().nullable(),
  couponState: z.enum(['available', 'used', 'expired', 'voided']).nullable(),
  couponError: z.string().nullable(),
  at: Instant,
});
const Rate = z.number().nullable();
const GroupResult = z.object({
  members: z.number().int(),
  /** Members with an order within their window. */
  purchasers: z.number().int(),
  /** purchasers / members, 0..1 (null for an empty group). */
  purchaseRate: Rate,
  orders: z.number().int(),
  /** Paid in the windows, net of returns. */
  spendFen: z.number().int(),
  spendPerMemberFen: z.number().int().nullable(),
});
/**
 * Treated against control (issue 18), from the members' orders: each member's window runs from the
 * start of the first run that reached her to `windowDays` after the last one.
 */
export const HoldoutComparison = z.object({
  holdoutPercent: z.number().int(),
  windowDays: z.number().int(),
  /** When the last member's window closes; the figures may still move until then. */
  windowEndsAt: Instant,
  complete: z.boolean(),
  treated: GroupResult.extend({ couponsRedeemed: z.number().int() }),
  control: GroupResult,
  uplift: z.object({
    /** Purchase rate difference in percentage points. */
    ratePoints: Rate,
    /** Relative purchase-rate uplift (0.25 = +25 %); null when the control rate is 0. */
    rateRelative: Rate,
    spendPerMemberFen: z.number().int().nullable(),
  }),
  /** (spend per treated member − spend per control member) × treated members. */
  incrementalSpendFen: z.number().int().nullable(),
  /** The discounts the campaign's redeemed coupons gave (from the orders that used them). */
  couponCostFen: z.number().int(),
  /** (incremental spend − coupon cost) / coupon cost; null with no cost or no control group. */
  roi: Rate,
  /** Items read to compute it (orders are read per member, so the cost is the campaign's size). */
  itemsRead: z.number().int(),
});
export type HoldoutComparison = z.infer<typeof HoldoutComparison>;

export const CampaignResults = z.object({
  campaignId: z.string(),
  state: CampaignStateSchema,
  runs: z.array(CampaignRunSummary.extend({ recipients: z.array(CampaignRecipient) })),
  totals: z.object({ targeted: z.number().int(), consented: z.number().int(), sent: z.number().int(), couponsIssued: z.number().int(), couponsRedeemed: z.number().int() }),
  /** Treated against control; null before the first run. */
  comparison: HoldoutComparison.nullable(),
});
export type CampaignResults = z.infer<typeof CampaignResults>;

export const CampaignRunResponse = z.object({
  campaign: Campaign,
  run: CampaignRunSummary.nullable(),
  /** Why nothing ran (another run holds the campaign, or nothing is left to run). */
  skipped: z.string().nullable(),
});
