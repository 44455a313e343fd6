/**
 * Questionnaires (问卷, issue 19): pure rules. A survey is a short list of questions (single choice,
 * multiple choice, short text); a choice's option may give a tag, a question may name a profile fact
 * (肤质, 口味…). A member's answers are checked against the survey, turned into tags and facts, and
 * counted into the results. No I/O.
 */

export type QuestionKind = 'single' | 'multiple' | 'text';

export interface SurveyOption {
  id: string;
  label: string;
  /** The tag a member who picks this option gets (memberTags). */
  tag: string | null;
}

export interface SurveyQuestion {
  id: string;
  kind: QuestionKind;
  title: string;
  required: boolean;
  /** Choice questions only; empty for text. */
  options: SurveyOption[];
  /** The profile fact this question fills (`surveyFacts[factKey]`), e.g. 肤质. */
  factKey: string | null;
}

/** A question as the builder sends it: ids are given by position when saved. */
export interface QuestionInput {
  kind: QuestionKind;
  title: string;
  required?: boolean;
  options?: { label: string; tag?: string | null }[];
  factKey?: string | null;
}

/** Answers by question id: the chosen option ids of a choice question, the text of a text question. */
export type Answers = Record<string, string[] | string>;

export interface FieldProblem {
  path: string;
  message: string;
}

export const MAX_QUESTIONS = 20;
export const MAX_OPTIONS = 10;
export const MAX_TEXT = 200;

/** Questions with ids by position (q1, q2…; options o1, o2… within their question). */
export function withIds(questions: readonly QuestionInput[]): SurveyQuestion[] {
  return questions.map((q, i) => ({
    id: `q${i + 1}`,
    kind: q.kind,
    title: q.title.trim(),
    required: q.required ?? true,
    options: q.kind === 'text' ? [] : (q.options ?? []).map((o, j) => ({ id: `o${j + 1}`, label: o.label.trim(), tag: o.tag?.trim() ? o.tag.trim() : null })),
    factKey: q.factKey?.trim() ? q.factKey.trim() : null,
  }));
}

/**
 * What is wrong with a survey's questions, by field (`questions.1.options`…): none at all; a choice
 * question without 2–10 options or with the same option twice; a text question with options; a fact key
 * named by two questions.
 */
export function questionProblems(questions: readonly QuestionInput[]): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (questions.length === 0) out.push({ path: 'questions', message: 'add at least one question' });
  if (questions.length > MAX_QUESTIONS) out.push({ path: 'questions', message: `at most ${MAX_QUESTIONS} questions` });
  const facts = new Map<string, number>();
  questions.forEach((q, i) => {
    const options = q.options ?? [];
    if (q.kind === 'text') {
      if (options.length > 0) out.push({ path: `questions.${i}.options`, message: 'a text question has no options' });
    } else {
      if (options.length < 2) out.push({ path: `questions.${i}.options`, message: 'a choice question needs at least 2 options' });
      if (options.length > MAX_OPTIONS) out.push({ path: `questions.${i}.options`, message: `at most ${MAX_OPTIONS} options` });
      const seen = new Set<string>();
      options.forEach((o, j) => {
        const label = o.label.trim();
        if (seen.has(label)) out.push({ path: `questions.${i}.options.${j}.label`, message: 'the same option twice' });
        seen.add(label);
      });
    }
    const key = q.factKey?.trim();
    if (key) {
      if (facts.has(key)) out.push({ path: `questions.${i}.factKey`, message: `also named by question ${facts.get(key)! + 1}` });
      else facts.set(key, i);
    }
  });
  return out;
}

/**
 * The answers normalised (text trimmed, option ids in the survey's order, unanswered optional questions
 * dropped), or what is wrong with them by field (`answers.q2`): an unknown question, an unknown option,
 * more than one option for a single choice, a choice where text is due or the other way round, a text too
 * long, or a required question unanswered. Only complete answers are accepted.
 */
export function checkAnswers(questions: readonly SurveyQuestion[], answers: Answers): { ok: true; answers: Answers } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const byId = new Map(questions.map((q) => [q.id, q]));
  for (const id of Object.keys(answers)) {
    if (!byId.has(id)) problems.push({ path: `answers.${id}`, message: 'no such question in this survey' });
  }
  const out: Answers = {};
  for (const q of questions) {
    const path = `answers.${q.id}`;
    const a = Object.prototype.hasOwnProperty.call(answers, q.id) ? answers[q.id] : undefined;
    if (q.kind === 'text') {
      if (a !== undefined && typeof a !== 'string') {
        problems.push({ path, message: 'expected a text' });
        continue;
      }
      const text = (a ?? '').trim();
      if (text.length > MAX_TEXT) problems.push({ path, message: `at most ${MAX_TEXT} characters` });
      else if (text) out[q.id] = text;
      else if (q.required) problems.push({ path, message: 'this question must be answered' });
      continue;
    }
    if (a !== undefined && !Array.isArray(a)) {
      problems.push({ path, message: 'expected the chosen options' });
      continue;
    }
    const chosen = new Set(a ?? []);
    const unknown = [...chosen].filter((o) => !q.options.some((x) => x.id === o));
    if (unknown.length) {
      problems.push({ path, message: `no such option: ${unknown.join(', ')}` });
      continue;
    }
    if (q.kind === 'single' && chosen.size > 1) {
      problems.push({ path, message: 'choose one option' });
      continue;
    }
    if (chosen.size === 0) {
      if (q.required) problems.push({ path, message: 'this question must be answered' });
      continue;
    }
    out[q.id] = q.options.filter((o) => chosen.has(o.id)).map((o) => o.id);
  }
  return problems.length ? { ok: false, problems } : { ok: true, answers: out };
}

/** The tags checked answers give (each once, in the survey's order). */
export function tagsOf(questions: readonly SurveyQuestion[], answers: Answers): string[] {
  const tags: string[] = [];
  for (const q of questions) {
    const a = answers[q.id];
    if (!Array.isArray(a)) continue;
    for (const o of q.options) if (a.includes(o.id) && o.tag && !tags.includes(o.tag)) tags.push(o.tag);
  }
  return tags;
}

/** The profile facts checked answers give: a choice's labels (joined by 、), a text as written. */
export function factsOf(questions: readonly SurveyQuestion[], answers: Answers): Record<string, string> {
  const facts: Record<string, string> = {};
  for (const q of questions) {
    const a = answers[q.id];
    if (!q.factKey || a === undefined) continue;
    facts[q.factKey] = Array.isArray(a) ? q.options.filter((o) => a.includes(o.id)).map((o) => o.label).join('、') : a;
  }
  return facts;
}

/** Results counters are split over this many items, so concurrent submissions rarely touch the same one. */
export const RESULT_SHARDS = 4;

/** The shard of a member's counters (a stable spread of member ids). */
export function resultShard(memberId: string): number {
  let h = 0;
  for (let i = 0; i < memberId.length; i++) h = (h * 31 + memberId.charCodeAt(i)) >>> 0;
  return h % RESULT_SHARDS;
}

/**
 * One counters item: answers counted, and by question the times each option was chosen and the members who
 * answered it (`answered` for a choice, `text` for a text question).
 */
export interface ResultCounters {
  responses: number;
  counts: Record<string, Record<string, number>>;
}

/** Counters at zero for every option (an item is created with them at publishing, so updates only add). */
export function zeroCounters(questions: readonly SurveyQuestion[]): ResultCounters {
  const counts: Record<string, Record<string, number>> = {};
  for (const q of questions) counts[q.id] = q.kind === 'text' ? { text: 0 } : { ...Object.fromEntries(q.options.map((o) => [o.id, 0])), answered: 0 };
  return { responses: 0, counts };
}

/** The counter paths one checked answer adds 1 to: [question id, option id | 'answered' | 'text']. */
export function counterPaths(questions: readonly SurveyQuestion[], answers: Answers): [string, string][] {
  const out: [string, string][] = [];
  for (const q of questions) {
    const a = answers[q.id];
    if (a === undefined) continue;
    if (Array.isArray(a)) out.push(...a.map((o): [string, string] => [q.id, o]), [q.id, 'answered']);
    else out.push([q.id, 'text']);
  }
  return out;
}

export interface QuestionResult {
  id: string;
  kind: QuestionKind;
  title: string;
  factKey: string | null;
  /** Members who answered this question. */
  answered: number;
  options: { id: string; label: string; tag: string | null; count: number; share: number }[];
}

/** The results per question from the counters' shards: counts per option and their share of the answers. */
export function aggregateResults(questions: readonly SurveyQuestion[], shards: readonly ResultCounters[]): { responses: number; questions: QuestionResult[] } {
  const responses = shards.reduce((s, c) => s + (c.responses ?? 0), 0);
  const sum = (q: string, o: string) => shards.reduce((s, c) => s + (c.counts?.[q]?.[o] ?? 0), 0);
  return {
    responses,
    questions: questions.map((q) => {
      const options = q.options.map((o) => ({ id: o.id, label: o.label, tag: o.tag, count: sum(q.id, o.id) }));
      const answered = sum(q.id, q.kind === 'text' ? 'text' : 'answered');
      return {
        id: q.id,
        kind: q.kind,
        title: q.title,
        factKey: q.factKey,
        answered,
        options: options.map((o) => ({ ...o, share: answered > 0 ? Math.round((o.count / answered) * 1000) / 1000 : 0 })),
      };
    }),
  };
}

/** The same checked answers give the same fingerprint (a resubmission replays; other answers are refused). */
export function answersFingerprint(questions: readonly SurveyQuestion[], answers: Answers): string {
  return JSON.stringify(questions.map((q) => answers[q.id] ?? null));
}

/** The text answers of checked answers, by question (kept apart for the admin's paged reading). */
export function textsOf(questions: readonly SurveyQuestion[], answers: Answers): { questionId: string; text: string }[] {
  return questions.flatMap((q) => (q.kind === 'text' && typeof answers[q.id] === 'string' ? [{ questionId: q.id, text: answers[q.id] as string }] : []));
}
