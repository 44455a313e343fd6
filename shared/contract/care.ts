/** Care messages: consent (subscriptions), member preferences, care settings, the send log, job runs. */
import * as z from 'zod';
import { CARE_JOBS, CARE_KINDS, CARE_OUTCOMES, CONSENT_MOMENTS } from '../domain/care';
import { Instant, LocalDate, MemberId } from './common';

export const CareKindSchema = z.enum(CARE_KINDS);
export const CareJobSchema = z.enum(CARE_JOBS);
export const CareOutcomeSchema = z.enum(CARE_OUTCOMES);

const TemplateId = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ or -');
const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');
const Days = z.number().int().min(1).max(365);

export const SubscriptionsRequest = z
  .object({
    /** The same requestId reported again counts once. */
    requestId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'expected 8-64 letters, digits, _ or -'),
    accepted: z.array(TemplateId).max(3),
    rejected: z.array(TemplateId).max(3).default([]),
    moment: z.enum(CONSENT_MOMENTS),
  })
  .strict();
export const ConsentCount = z.object({ kind: CareKindSchema.nullable(), templateId: z.string(), remaining: z.number().int() });
export const SubscriptionsResponse = z.object({ replayed: z.boolean(), counts: z.array(ConsentCount) });

export const CarePreferences = z.object(Object.fromEntries(CARE_KINDS.map((k) => [k, z.boolean()])) as Record<(typeof CARE_KINDS)[number], z.ZodBoolean>);
export const CarePreferencesRequest = z.object({ preferences: CarePreferences.partial() }).strict();
export const CarePreferencesResponse = z.object({
  preferences: CarePreferences,
  /** The brand's templates, with how many messages of each she can still receive. */
  templates: z.array(z.object({ kind: CareKindSchema, templateId: z.string(), title: z.string(), remaining: z.number().int() })),
  /** Template ids to ask for at each moment (at most three; kinds turned off left out). */
  ask: z.object(Object.fromEntries(CONSENT_MOMENTS.map((m) => [m, z.array(z.string())])) as Record<(typeof CONSENT_MOMENTS)[number], z.ZodArray<z.ZodString>>),
});

export const CareTemplateSchema = z
  .object({
    templateId: TemplateId,
    title: z.string().trim().min(1).max(20),
    fields: z.record(z.string().regex(/^[a-z_]+\d+$/, 'a WeChat data key such as thing1'), z.string().max(100)),
    page: z.string().max(128),
  })
  .strict();

export const CareSettingsSchema = z
  .object({
    jobs: z
      .object({
        birthday: z.object({ enabled: z.boolean() }).strict(),
        pointsExpiring: z.object({ enabled: z.boolean(), days: Days }).strict(),
        tier: z.object({ enabled: z.boolean() }).strict(),
        couponExpiring: z.object({ enabled: z.boolean(), days: Days }).strict(),
        winback: z.object({ enabled: z.boolean(), couponTemplateId: z.string().min(1).max(64).nullable() }).strict(),
        complaint: z.object({ enabled: z.boolean() }).strict(),
      })
      .strict(),
    quietHours: z.object({ start: HHMM, end: HHMM }).strict().nullable(),
    weeklyCap: z.number().int().min(1).max(50),
    templates: z.object(Object.fromEntries(CARE_KINDS.map((k) => [k, CareTemplateSchema])) as Record<(typeof CARE_KINDS)[number], typeof CareTemplateSchema>).strict(),
  })
  .strict();
export type CareSettingsInput = z.infer<typeof CareSettingsSchema>;

export const CareSettingsResponse = z.object({ settings: CareSettingsSchema, rev: z.number().int(), updatedAt: Instant.nullable(), updatedBy: z.string().nullable() });
export const CareSettingsRequest = z.object({ rev: z.number().int().min(0), settings: CareSettingsSchema }).strict();

export const CareLogEntry = z.object({
  memberId: MemberId,
  kind: CareKindSchema,
  occasion: z.string(),
  outcome: CareOutcomeSchema,
  errcode: z.number().int().nullable(),
  templateId: z.string().nullable(),
  at: Instant,
});
export const CareLogQuery = z.object({ day: LocalDate.optional(), limit: z.coerce.number().int().min(1).max(500).default(100) });
export const CareLogResponse = z.object({ day: LocalDate, entries: z.array(CareLogEntry), counts: z.record(z.string(), z.number().int()) });

export const CareJobParams = z.object({ job: CareJobSchema });
export const CareJobRunRequest = z.object({ day: LocalDate.optional() }).strict();
export const CareJobResult = z.object({
  job: CareJobSchema,
  day: LocalDate,
  enabled: z.boolean(),
  targeted: z.number().int(),
  sent: z.number().int(),
  noConsent: z.number().int(),
  optedOut: z.number().int(),
  quietHours: z.number().int(),
  capped: z.number().int(),
  duplicate: z.number().int(),
  wechatError: z.number().int(),
  /** Items read to find the members (index queries and per-candidate lookups). */
  itemsRead: z.number().int(),
  /** Coupons issued with the messages (birthday gift, win-back). */
  couponsIssued: z.number().int(),
});
export type CareJobResult = z.infer<typeof CareJobResult>;
