/** The marketer's configuration: earning rules (versioned) and the tier program. */
import * as z from 'zod';
import type { EarningRules, TierProgram } from '../domain';
import { Instant } from './common';

const Multiplier = z.number().min(0.1, 'at least 0.1').max(10, 'at most 10');
const Code = z.string().trim().min(1).max(64);
const Period = z.enum(['day', 'week', 'month']);
const Limit = z.object({ count: z.number().int().min(1).max(1000), period: Period }).nullable();
const EventRule = z.object({ points: z.number().int().min(0).max(100_000), limit: Limit });

const uniqueBy = <T>(key: (t: T) => string, what: string) => (list: T[], ctx: z.RefinementCtx) => {
  const seen = new Set<string>();
  list.forEach((t, i) => {
    const k = key(t);
    if (seen.has(k)) ctx.addIssue({ code: 'custom', path: [i], message: `duplicate ${what} ${k}` });
    seen.add(k);
  });
};

export const SpendRuleSchema = z.object({
  pointsPerYuan: z
    .number()
    .min(0, 'must not be negative')
    .max(100, 'at most 100 points per yuan')
    .refine((v) => Math.round(v * 100) === v * 100 || Math.abs(Math.round(v * 100) - v * 100) < 1e-9, 'at most two decimals'),
  rounding: z.enum(['floor', 'round', 'ceil']),
  minOrderFen: z.number().int().min(0).max(100_000_00),
  excludedSkus: z.array(Code).max(500).superRefine(uniqueBy((s) => s, 'SKU')),
  excludedCategories: z.array(Code).max(100).superRefine(uniqueBy((s) => s, 'category')),
  skuMultipliers: z.array(z.object({ sku: Code, multiplier: Multiplier })).max(500).superRefine(uniqueBy((m) => m.sku, 'SKU')),
  categoryMultipliers: z
    .array(z.object({ category: Code, multiplier: Multiplier }))
    .max(100)
    .superRefine(uniqueBy((m) => m.category, 'category')),
  applyTierMultiplier: z.boolean(),
  capPerOrder: z.number().int().min(1).max(10_000_000).nullable(),
});

export const BirthdayRuleSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('none') }),
  z.object({ mode: z.literal('bonus'), points: z.number().int().min(1).max(100_000) }),
  z.object({ mode: z.literal('multiplier'), multiplier: Multiplier }),
]);

export const ExpiryPolicySchema = z.discriminatedUnion('policy', [
  z.object({ policy: z.literal('never') }),
  z.object({ policy: z.literal('days'), days: z.number().int().min(1).max(3650) }),
  z.object({ policy: z.literal('yearEnd') }),
]);

/** What an admin submits; the server assigns the version. */
export const EarningRulesInput = z
  .object({
    /** When the new version applies; default now. Past instants are refused (history is not rewritten). */
    effectiveFrom: Instant.optional(),
    spend: SpendRuleSchema,
    events: z.object({
      registration: EventRule,
      firstPurchase: EventRule,
      profileCompleted: EventRule,
      productScan: EventRule,
      /** Issue 19: the daily check-in (签到); absent in versions saved before it. */
      checkIn: EventRule.optional(),
    }),
    birthday: BirthdayRuleSchema,
    holdingDays: z.number().int().min(0).max(90),
    expiry: ExpiryPolicySchema,
  })
  .strict();
export type EarningRulesInput = z.infer<typeof EarningRulesInput>;

export const EarningRulesVersion = EarningRulesInput.extend({
  version: z.number().int().positive(),
  effectiveFrom: Instant,
  createdAt: Instant,
  createdBy: z.string(),
});
export type EarningRulesVersion = z.infer<typeof EarningRulesVersion>;

export const RulesResponse = z.object({
  /** The version in force now. */
  current: EarningRulesVersion,
  /** Versions that apply later, if any. */
  scheduled: z.array(EarningRulesVersion),
  /** Every version, newest first. */
  versions: z.array(EarningRulesVersion),
});

const TierDefSchema = z.object({
  code: z.string().regex(/^[A-Z][A-Z0-9_]{0,19}$/, 'upper-case letters, digits, _ (max 20)'),
  name: z.string().trim().min(1).max(20),
  rank: z.number().int().min(0).max(20),
  threshold: z.number().int().min(0).max(100_000_000_00),
  multiplier: Multiplier,
  retentionMonths: z.number().int().min(1).max(36),
  birthdayGift: z.object({ couponTemplateId: z.string().max(64).nullable(), description: z.string().trim().min(1).max(60) }).nullable(),
  perks: z.array(z.string().trim().min(1).max(40)).max(10),
});

export const TierProgramSchema = z
  .object({
    basis: z.enum(['spend', 'points']),
    window: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('rolling'), months: z.number().int().min(1).max(36) }),
      z.object({ kind: z.literal('calendarYear') }),
    ]),
    downgrade: z.enum(['oneLevel', 'toQualifying']),
    tiers: z.array(TierDefSchema).min(1, 'at least one tier').max(10),
  })
  .strict()
  .superRefine((p, ctx) => {
    const sorted = [...p.tiers].map((t, i) => ({ t, i })).sort((a, b) => a.t.rank - b.t.rank);
    const codes = new Set<string>();
    p.tiers.forEach((t, i) => {
      if (codes.has(t.code)) ctx.addIssue({ code: 'custom', path: ['tiers', i, 'code'], message: `duplicate tier code ${t.code}` });
      codes.add(t.code);
    });
    sorted.forEach(({ t, i }, pos) => {
      if (t.rank !== pos) ctx.addIssue({ code: 'custom', path: ['tiers', i, 'rank'], message: 'ranks must be 0, 1, 2, … without gaps' });
      if (pos === 0 && t.threshold !== 0) ctx.addIssue({ code: 'custom', path: ['tiers', i, 'threshold'], message: 'the entry tier needs threshold 0' });
      const prev = sorted[pos - 1];
      if (prev && t.threshold <= prev.t.threshold) {
        ctx.addIssue({ code: 'custom', path: ['tiers', i, 'threshold'], message: 'thresholds must rise with the rank' });
      }
    });
  });

export const TierProgramResponse = TierProgramSchema.and(
  z.object({ rev: z.number().int().nonnegative(), updatedAt: Instant.nullable(), updatedBy: z.string().nullable() }),
);

// The zod schemas and the domain's types describe the same shapes.
type Assert<T extends true> = T;
export type _RulesMatch = Assert<Omit<EarningRulesVersion, 'createdAt' | 'createdBy'> extends EarningRules ? true : false>;
export type _TiersMatch = Assert<z.infer<typeof TierProgramSchema> extends TierProgram ? true : false>;
