/** Product codes: batches (admin), scanning and the member's products and warranties. */
import * as z from 'zod';
import { Instant, LocalDate, MemberId } from './common';

/** Most codes in one batch (the code layout allows 2^20; a print run beyond this is split). */
export const MAX_CODES_PER_BATCH = 1_000_000;

export const ProductBatchInput = z
  .object({
    sku: z.string().trim().min(1).max(64),
    /** Product name as members see it in "my products". */
    name: z.string().trim().min(1).max(40),
    count: z.number().int().min(1).max(MAX_CODES_PER_BATCH),
    /** Points for a scan; null = what the earning rules' product-scan event gives at the time of the scan. */
    points: z.number().int().min(0).max(100_000).nullable(),
    /** A coupon template issued with the scan (while its stock and per-member limit allow). */
    couponTemplateId: z.string().regex(/^t_[0-9a-z]{6,40}$/, 'not a template id').nullable().optional(),
    /** Warranty extension from the day of the scan, in months. */
    warrantyMonths: z.number().int().min(1).max(120).nullable().optional(),
    validFrom: Instant,
    validUntil: Instant,
    /** Scans of this batch one member may make per day, on top of the product-scan rule's own limit. */
    dailyLimitPerMember: z.number().int().min(1).max(100).nullable().optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.validUntil <= b.validFrom) ctx.addIssue({ code: 'custom', path: ['validUntil'], message: 'must be after validFrom' });
  });
export type ProductBatchInput = z.infer<typeof ProductBatchInput>;

export const BatchState = z.enum(['active', 'paused', 'voided']);
export type BatchState = z.infer<typeof BatchState>;

export const ProductBatch = z.object({
  id: z.string(),
  state: BatchState,
  definition: ProductBatchInput,
  scanned: z.number().int(),
  unscanned: z.number().int(),
  createdAt: Instant,
  createdBy: z.string(),
  rev: z.number().int(),
});
export type ProductBatch = z.infer<typeof ProductBatch>;

export const BatchIdParams = z.object({ batchId: z.string().regex(/^[1-9]\d{0,6}$/, 'not a batch id') });
export const BatchStateRequest = z
  .object({ state: BatchState, reason: z.string().trim().max(100).optional() })
  .strict();
export const BatchList = z.object({ batches: z.array(ProductBatch) });

/** A page of a batch's codes as CSV (serial,code,url,path); the first page starts with the header. */
export const BatchCodesQuery = z.object({
  offset: z.coerce.number().int().min(0).max(MAX_CODES_PER_BATCH).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
});
export const BatchCodesPage = z.object({
  batchId: z.string(),
  total: z.number().int(),
  offset: z.number().int(),
  /** Offset of the next page; null after the last. */
  next: z.number().int().nullable(),
  csv: z.string(),
});

export const SampleQuery = z.object({ count: z.coerce.number().int().min(1).max(60).optional() });
export const PrintableCode = z.object({ serial: z.number().int(), code: z.string(), url: z.string(), path: z.string() });
export const BatchSample = z.object({
  batch: z.object({ id: z.string(), sku: z.string(), name: z.string(), state: BatchState }),
  codes: z.array(PrintableCode),
});

export const ScanRequest = z.object({ code: z.string().trim().min(1).max(300) }).strict();
export const ScanResponse = z.object({
  code: z.string(),
  product: z.object({ sku: z.string(), name: z.string(), batchId: z.string() }),
  /** Points credited (0 when the batch gives none). */
  points: z.number().int(),
  /** The account's balance after the scan (the family's primary card for a secondary card). */
  balance: z.number().int(),
  coupon: z.object({ id: z.string(), name: z.string(), summary: z.string() }).nullable(),
  /** Why no coupon came with a batch that has one (sold_out, claim_limit, template_paused, template_ended). */
  couponNote: z.string().nullable(),
  warranty: z.object({ months: z.number().int(), until: LocalDate }).nullable(),
  scannedAt: Instant,
  /** The same member sent the same code again: the first scan's answer. */
  replayed: z.boolean(),
});
export type ScanResponse = z.infer<typeof ScanResponse>;

export const MyProduct = z.object({
  id: z.string(),
  sku: z.string(),
  name: z.string(),
  batchId: z.string(),
  scannedAt: Instant,
  points: z.number().int(),
  warrantyMonths: z.number().int().nullable(),
  /** Last day of the warranty (Asia/Shanghai), null without one. */
  warrantyUntil: LocalDate.nullable(),
  warrantyActive: z.boolean(),
});
export type MyProduct = z.infer<typeof MyProduct>;
export const MyProductsResponse = z.object({ products: z.array(MyProduct) });

export const AbuseQuery = z.object({
  /** The last day listed (default today), Asia/Shanghai. */
  date: LocalDate.optional(),
  /** How many days back from `date` (default 7). */
  days: z.coerce.number().int().min(1).max(31).optional(),
});
export const AbuseSignal = z.object({
  date: LocalDate,
  memberId: MemberId,
  phoneMasked: z.string(),
  /** Forged, altered or already-used codes sent that day. */
  failedCodes: z.number().int(),
  /** Scans refused by the daily limit that day. */
  limitHits: z.number().int(),
  lastAt: Instant,
  lastReason: z.string(),
});
export const AbuseResponse = z.object({ signals: z.array(AbuseSignal) });
