/** Questionnaires (问卷, issue 19): the admin builds, publishes and closes them; members answer once. */
import * as z from 'zod';
import { Instant, MemberIdParams } from './common';
import { Tag } from './segments';

export const SurveyId = z.string().regex(/^sv_[0-9a-f]{16}$/, 'not a survey id');
export const SurveyIdParams = z.object({ surveyId: SurveyId });
const SegmentRef = z.string().regex(/^[A-Za-z0-9_-]{4,64}$/, 'not an id');
const QuestionId = z.string().regex(/^q\d{1,2}$/, 'not a question id');
const OptionId = z.string().regex(/^o\d{1,2}$/, 'not an option id');
/** A profile fact's name (肤质, 口味…). */
export const FactKey = z.string().trim().min(1, 'give a name').max(12, 'at most 12 characters').regex(/^[^.#$=\s]+$/, 'no spaces, dots, =, # or $');

export const QuestionKind = z.enum(['single', 'multiple', 'text']);

export const QuestionInput = z
  .object({
    kind: QuestionKind,
    title: z.string().trim().min(1, 'give a question').max(60, 'at most 60 characters'),
    required: z.boolean().optional(),
    options: z
      .array(z.object({ label: z.string().trim().min(1, 'give an option').max(30, 'at most 30 characters'), tag: Tag.nullable().optional() }).strict())
      .max(10, 'at most 10 options')
      .optional(),
    factKey: FactKey.nullable().optional(),
  })
  .strict();

export const SurveyAudience = z.discriminatedUnion('kind', [z.object({ kind: z.literal('all') }).strict(), z.object({ kind: z.literal('segment'), segmentId: SegmentRef }).strict()]);
export type SurveyAudience = z.infer<typeof SurveyAudience>;

/** A draft as the builder saves it (create or replace while still a draft). */
export const SurveyInput = z
  .object({
    title: z.string().trim().min(1, 'give a title').max(30, 'at most 30 characters'),
    intro: z.string().trim().max(200, 'at most 200 characters').default(''),
    questions: z.array(QuestionInput).min(1, 'add at least one question').max(20, 'at most 20 questions'),
    audience: SurveyAudience,
    /** Points for the first complete answer (0: none). */
    points: z.number().int().min(0).max(10_000),
  })
  .strict();
export type SurveyInput = z.infer<typeof SurveyInput>;

export const SurveyOption = z.object({ id: z.string(), label: z.string(), tag: z.string().nullable() });
export const SurveyQuestion = z.object({
  id: z.string(),
  kind: QuestionKind,
  title: z.string(),
  required: z.boolean(),
  options: z.array(SurveyOption),
  factKey: z.string().nullable(),
});
export const SurveyState = z.enum(['draft', 'open', 'closed']);

export const Survey = z.object({
  id: z.string(),
  title: z.string(),
  intro: z.string(),
  questions: z.array(SurveyQuestion),
  audience: SurveyAudience,
  /** The saved segment's name when the audience is one (null when it was deleted). */
  segmentName: z.string().nullable(),
  points: z.number().int(),
  state: SurveyState,
  createdAt: Instant,
  updatedAt: Instant,
  publishedAt: Instant.nullable(),
  closedAt: Instant.nullable(),
  responses: z.number().int(),
});
export type Survey = z.infer<typeof Survey>;
export const SurveyList = z.object({ surveys: z.array(Survey) });

export const QuestionResult = z.object({
  id: z.string(),
  kind: QuestionKind,
  title: z.string(),
  factKey: z.string().nullable(),
  answered: z.number().int(),
  options: z.array(z.object({ id: z.string(), label: z.string(), tag: z.string().nullable(), count: z.number().int(), share: z.number() })),
});
export const SurveyResults = z.object({ survey: Survey, responses: z.number().int(), questions: z.array(QuestionResult) });

export const SurveyTextQuery = z
  .object({
    questionId: QuestionId,
    /** From the previous page's `next`. */
    cursor: z.string().regex(/^[0-9A-Za-z:.TZ_#-]{1,120}$/, 'not a cursor').optional(),
    limit: z.coerce.number().int().min(1).max(50).optional(),
  })
  .strict();
export const SurveyTextAnswers = z.object({
  questionId: z.string(),
  answers: z.array(z.object({ text: z.string(), at: Instant })),
  next: z.string().nullable(),
});

/** A member's view: the surveys open to her (answered or not). */
export const MemberSurvey = z.object({
  id: z.string(),
  title: z.string(),
  intro: z.string(),
  points: z.number().int(),
  questions: z.array(SurveyQuestion.omit({ factKey: true }).extend({ options: z.array(SurveyOption.omit({ tag: true })) })),
  answered: z.boolean(),
  answeredAt: Instant.nullable(),
});
export type MemberSurvey = z.infer<typeof MemberSurvey>;
export const MemberSurveyList = z.object({ surveys: z.array(MemberSurvey) });

/** Answers by question id: chosen option ids for a choice question, the text for a text question. */
export const SurveyAnswerRequest = z
  .object({
    answers: z.record(QuestionId, z.union([z.array(OptionId).max(10), z.string().max(500)])),
  })
  .strict();
export type SurveyAnswerRequest = z.infer<typeof SurveyAnswerRequest>;

export const SurveyAnswerResult = z.object({
  surveyId: z.string(),
  answeredAt: Instant,
  /** Points given for this answer (0 when the survey gives none or a limit held them back). */
  points: z.number().int(),
  tags: z.array(z.string()),
  /** The same answers sent again: the first answer's result. */
  replayed: z.boolean(),
});

/** The admin's view of one member's questionnaires: her profile facts from answers, and what she answered. */
export const AdminMemberSurveysParams = MemberIdParams;
export const AdminMemberSurveys = z.object({
  memberId: z.string(),
  /** Profile facts by name (肤质: 干性), from her latest answer naming each. */
  facts: z.record(z.string(), z.string()),
  answered: z.array(z.object({ surveyId: z.string(), title: z.string(), at: Instant, points: z.number().int(), tags: z.array(z.string()) })),
});
