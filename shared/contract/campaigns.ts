/** Campaigns: a segment, a subscribe-message template with its fields, an optional coupon, a schedule; approved by a second admin. */
import * as z from 'zod';
import { CAMPAIGN_EVERY, CAMPAIGN_OUTCOMES, CAMPAIGN_STATES, unknownPlaceholders } from '../domain/campaigns';
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
export const CampaignResults = z.object({
  campaignId: z.string(),
  state: CampaignStateSchema,
  runs: z.array(CampaignRunSummary.extend({ recipients: z.array(CampaignRecipient) })),
  totals: z.object({ targeted: z.number().int(), consented: z.number().int(), sent: z.number().int(), couponsIssued: z.number().int(), couponsRedeemed: z.number().int() }),
});
export type CampaignResults = z.infer<typeof CampaignResults>;

export const CampaignRunResponse = z.object({
  campaign: Campaign,
  run: CampaignRunSummary.nullable(),
  /** Why nothing ran (another run holds the campaign, or nothing is left to run). */
  skipped: z.string().nullable(),
});
