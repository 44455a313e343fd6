/** Tags, tag rules, RFM settings, member insight and segments (issue 6, items 1-3). */
import * as z from 'zod';
import { Instant, LocalDate, MemberId, StoreId } from './common';
import { LifecycleStage, MemberInsight } from './insight';

export { LifecycleStage, MemberInsight, Rfm } from './insight';

export const Tag = z.string().trim().min(1, 'give a tag').max(20, 'at most 20 characters');
const Score = z.number().int().min(0).max(5);
const Id = z.string().regex(/^[A-Za-z0-9_-]{4,64}$/, 'not an id');

/**
 * A saved or previewed filter. Every given criterion must hold; within a list any value may match,
 * except `tagsAll`. An empty list is no criterion. Scores: 0 means "no purchase" (R) or "no order in
 * 12 months" (F, M). Dates are inclusive local dates (Asia/Shanghai). `storeIds` matches the store of
 * the last purchase or of registration.
 */
export const SegmentFilter = z
  .object({
    tiers: z.array(z.string().min(1).max(20)).max(20).optional(),
    tagsAny: z.array(Tag).max(50).optional(),
    tagsAll: z.array(Tag).max(50).optional(),
    rScores: z.array(Score).max(6).optional(),
    fScores: z.array(Score).max(6).optional(),
    mScores: z.array(Score).max(6).optional(),
    lifecycle: z.array(LifecycleStage).max(5).optional(),
    birthdayMonth: z.number().int().min(1).max(12).optional(),
    storeIds: z.array(StoreId).max(50).optional(),
    registeredFrom: LocalDate.optional(),
    registeredTo: LocalDate.optional(),
    lastPurchaseFrom: LocalDate.optional(),
    lastPurchaseTo: LocalDate.optional(),
    pointsMin: z.number().int().min(0).optional(),
    pointsMax: z.number().int().min(0).optional(),
    /** Issue 19: questionnaire facts (肤质 is one of 干性, 混合性); every entry must hold. */
    facts: z
      .array(
        z
          .object({
            key: z.string().trim().min(1).max(12).regex(/^[^.#$=\s]+$/, 'no spaces, dots, =, # or $'),
            values: z.array(z.string().trim().min(1).max(30)).min(1).max(10),
          })
          .strict(),
      )
      .max(5)
      .optional(),
  })
  .strict();
export type SegmentFilter = z.infer<typeof SegmentFilter>;

export const Segment = z.object({
  id: z.string(),
  name: z.string(),
  filter: SegmentFilter,
  createdAt: Instant,
  createdBy: z.string(),
});
export type Segment = z.infer<typeof Segment>;

export const SegmentInput = z.object({ name: z.string().trim().min(1, 'give the segment a name').max(40), filter: SegmentFilter }).strict();
export const SegmentIdParams = z.object({ segmentId: Id });
export const SegmentList = z.object({ segments: z.array(Segment) });

/**
 * Which path answered (issue 18): `live` reads every profile now; `analytics` (large brands) runs SQL over
 * the member facts exported to S3, as of `asOf` (the nightly export's start, or its newest delta).
 */
export const SegmentEngine = z.enum(['live', 'analytics']);
const PathFields = { engine: SegmentEngine.optional(), asOf: Instant.nullable().optional() };

export const SegmentPreviewRequest = z.object({ filter: SegmentFilter }).strict();
export const SegmentPreview = z.object({
  count: z.number().int(),
  /** Up to 20 members. */
  sample: z.array(MemberInsight),
  itemsRead: z.number().int(),
  ...PathFields,
});

export const SegmentExport = z.object({
  segmentId: z.string(),
  count: z.number().int(),
  /** Whether phone numbers are in full (the admin's role carries the `phones` permission). */
  phonesVisible: z.boolean(),
  csv: z.string(),
  ...PathFields,
});

export const BulkTagRequest = z.object({ tag: Tag, requestId: Id.optional() }).strict();
export const BulkTagResponse = z.object({ tag: z.string(), matched: z.number().int(), tagged: z.number().int(), ...PathFields });

export const MemberTagsParams = z.object({ memberId: MemberId });
export const MemberTagsRequest = z
  .object({ add: z.array(Tag).max(20).optional(), remove: z.array(Tag).max(20).optional() })
  .strict()
  .refine((b) => (b.add?.length ?? 0) + (b.remove?.length ?? 0) > 0, { message: 'add or remove at least one tag', path: ['add'] });

export const TagCatalogueEntry = z.object({ tag: z.string(), createdAt: Instant, createdBy: z.string() });
export const TagCatalogue = z.object({ tags: z.array(TagCatalogueEntry) });
export const TagCreateRequest = z.object({ tag: Tag }).strict();

export const TagRuleInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('skuNameContains'), text: z.string().trim().min(1).max(40), tag: Tag, enabled: z.boolean().optional() }).strict(),
  z.object({ kind: z.literal('spend12mAtLeast'), fen: z.number().int().min(1).max(100_000_000_00), tag: Tag, enabled: z.boolean().optional() }).strict(),
  z.object({ kind: z.literal('orders12mAtLeast'), orders: z.number().int().min(1).max(1000), tag: Tag, enabled: z.boolean().optional() }).strict(),
]);
export type TagRuleInput = z.infer<typeof TagRuleInput>;
export const TagRule = z.object({
  id: z.string(),
  kind: z.enum(['skuNameContains', 'spend12mAtLeast', 'orders12mAtLeast']),
  tag: z.string(),
  text: z.string().optional(),
  fen: z.number().int().optional(),
  orders: z.number().int().optional(),
  enabled: z.boolean(),
  createdAt: Instant,
  updatedAt: Instant,
});
export type TagRule = z.infer<typeof TagRule>;
export const TagRuleList = z.object({ rules: z.array(TagRule) });
export const TagRuleParams = z.object({ ruleId: Id });
export const TagRuleDeleted = z.object({ id: z.string(), deleted: z.boolean() });

export const RfmConfigSchema = z
  .object({
    recencyMonths: z.tuple([z.number().int().min(1), z.number().int(), z.number().int(), z.number().int().max(120)]),
    frequencyOrders: z.tuple([z.number().int().min(2), z.number().int().max(1000)]),
    monetaryFen: z.tuple([z.number().int().min(0), z.number().int(), z.number().int().max(100_000_000)]),
    lifecycle: z.object({
      newDays: z.number().int().min(0).max(365),
      activeDays: z.number().int().min(1).max(3650),
      silentDays: z.number().int().min(1).max(3650),
      dormantDays: z.number().int().min(1).max(3650),
    }),
  })
  .strict();
export type RfmConfigSchema = z.infer<typeof RfmConfigSchema>;


/** Segment exports through S3 (issue 16): a background job, a download link when done. */
export const SegmentExportParams = z.object({
  segmentId: Id,
  exportId: z.string().regex(/^exp_[0-9a-z]{8,40}$/, 'not an export id'),
});
export const SegmentExportJob = z.object({
  exportId: z.string(),
  segmentId: z.string(),
  state: z.enum(['running', 'done', 'failed']),
  count: z.number().int().nullable(),
  phonesVisible: z.boolean(),
  createdAt: Instant,
  finishedAt: Instant.nullable(),
  /** The CSV (UTF-8 with BOM), a presigned link valid one hour, once done. */
  downloadUrl: z.string().nullable(),
});
