/**
 * The admin's questionnaires: build a draft (questions, options with tags, fact keys, audience, points),
 * publish it to everyone or to a saved segment, close it, read the results per question and the text
 * answers a page at a time. Every change is audited.
 */
import { randomBytes } from 'node:crypto';
import type { Survey, SurveyInput } from '../../shared/contract/surveys';
import { maskPhonesDeep } from '../../shared/domain/audit';
import { aggregateResults, questionProblems, withIds, zeroCounters } from '../../shared/domain/survey';
import { addToCatalogue } from '../adapters/dynamo/facts-repo';
import { answersOf, closeSurvey, createSurvey, listSurveys, readSurveyMember, publishSurvey, readResults, readSurvey, replaceDraft, surveyTexts, type SurveyRecord } from '../adapters/dynamo/survey-repo';
import { clock } from '../lib/clock';
import { fail, failAs } from '../lib/errors';
import type { Session } from '../lib/session';
import { getSegment } from '../segments/collaboration';

const target = (id: string) => `survey:${id}`;

/** The survey as the admin sees it, with its segment's name and its number of answers. */
async function view(s: SurveyRecord, responses?: number): Promise<Survey> {
  const segment = s.audience.kind === 'segment' ? await getSegment(s.audience.segmentId) : null;
  const count = responses ?? (s.state === 'draft' ? 0 : (await readResults(s.id)).reduce((n, c) => n + c.responses, 0));
  const { createdBy: _by, ...rest } = s;
  return { ...rest, segmentName: segment?.name ?? null, responses: count };
}

async function surveyOr404(id: string): Promise<SurveyRecord> {
  const s = await readSurvey(id);
  if (!s) throw fail('survey_not_found', 'no such survey');
  return s;
}

/** Checks what zod cannot: the questions together, and that a segment audience names a saved segment. */
async function checkInput(input: SurveyInput): Promise<void> {
  const problems = questionProblems(input.questions);
  if (problems.length) throw fail('invalid_input', `invalid survey: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, problems);
  if (input.audience.kind === 'segment' && !(await getSegment(input.audience.segmentId))) {
    throw failAs('segment_not_found', 'referenced', 'no saved segment with this id', [{ path: 'audience.segmentId', message: 'no such segment' }]);
  }
}

const fields = (input: SurveyInput) => ({ title: input.title, intro: input.intro ?? '', questions: withIds(input.questions), audience: input.audience, points: input.points });

export async function adminSurveys() {
  const all = await listSurveys();
  return { surveys: await Promise.all(all.map((s) => view(s))) };
}

export async function adminSurvey(id: string): Promise<Survey> {
  return view(await surveyOr404(id));
}

export async function createDraft(session: Session, input: SurveyInput): Promise<Survey> {
  await checkInput(input);
  const at = clock.now().toISOString();
  const s: SurveyRecord = { id: `sv_${randomBytes(8).toString('hex')}`, ...fields(input), state: 'draft', createdAt: at, createdBy: session.openid, updatedAt: at, publishedAt: null, closedAt: null };
  const out = await createSurvey(s, { at, actor: session.openid, action: 'survey.create', target: target(s.id), before: null, after: { title: s.title, questions: s.questions.length, audience: s.audience, points: s.points } });
  if (!out.ok) throw fail('conflict', 'the survey could not be saved; try again');
  return view(s, 0);
}

export async function updateDraft(session: Session, id: string, input: SurveyInput): Promise<Survey> {
  const before = await surveyOr404(id);
  if (before.state !== 'draft') throw fail('survey_not_draft', 'only a draft can be changed');
  await checkInput(input);
  const at = clock.now().toISOString();
  const s: SurveyRecord = { ...before, ...fields(input), updatedAt: at };
  const out = await replaceDraft(s, { at, actor: session.openid, action: 'survey.update', target: target(id), before: { title: before.title, questions: before.questions, audience: before.audience, points: before.points }, after: { title: s.title, questions: s.questions, audience: s.audience, points: s.points } });
  if (!out.ok) throw fail('survey_not_draft', 'the survey was published meanwhile');
  return view(s, 0);
}

export async function publish(session: Session, id: string): Promise<Survey> {
  const before = await surveyOr404(id);
  if (before.state !== 'draft') throw fail('survey_not_draft', 'only a draft can be published');
  if (before.audience.kind === 'segment' && !(await getSegment(before.audience.segmentId))) {
    throw failAs('segment_not_found', 'referenced', 'the survey names a segment that no longer exists', [{ path: 'audience.segmentId', message: 'no such segment' }]);
  }
  const at = clock.now().toISOString();
  const s: SurveyRecord = { ...before, state: 'open', publishedAt: at, updatedAt: at };
  const out = await publishSurvey(s, zeroCounters(s.questions), { at, actor: session.openid, action: 'survey.publish', target: target(id), before: { state: 'draft' }, after: { state: 'open', audience: s.audience, points: s.points } });
  if (!out.ok) throw fail('survey_not_draft', 'the survey was published meanwhile');
  // The options' tags are offered to the segment builder and the till from now on.
  const tags = [...new Set(s.questions.flatMap((q) => q.options.flatMap((o) => (o.tag ? [o.tag] : []))))];
  if (tags.length) await addToCatalogue(tags, session.openid, at);
  return view(s, 0);
}

export async function close(session: Session, id: string): Promise<Survey> {
  const before = await surveyOr404(id);
  if (before.state !== 'open') throw fail('survey_not_open', 'only an open survey can be closed');
  const at = clock.now().toISOString();
  const out = await closeSurvey(id, at, { at, actor: session.openid, action: 'survey.close', target: target(id), before: { state: 'open' }, after: { state: 'closed' } });
  if (!out.ok) throw fail('survey_not_open', 'the survey was closed meanwhile');
  return view({ ...before, state: 'closed', closedAt: at, updatedAt: at });
}

export async function results(id: string) {
  const s = await surveyOr404(id);
  const shards = await readResults(id);
  const r = aggregateResults(s.questions, shards);
  return { survey: await view(s, r.responses), responses: r.responses, questions: r.questions };
}

export async function texts(id: string, query: { questionId: string; cursor?: string | undefined; limit?: number | undefined }) {
  const s = await surveyOr404(id);
  const q = s.questions.find((x) => x.id === query.questionId && x.kind === 'text');
  if (!q) throw fail('invalid_input', 'not a text question of this survey', [{ path: 'questionId', message: 'not a text question of this survey' }]);
  const page = await surveyTexts(id, q.id, query.cursor ?? null, query.limit ?? 20);
  // Members' own words: a mobile number typed into an answer is masked like every phone an admin sees.
  return { questionId: q.id, answers: page.answers.map((a) => ({ ...a, text: maskPhonesDeep(a.text) as string })), next: page.next };
}

/** A member's survey facts and the surveys she answered, newest first (the admin member page). */
export async function memberSurveys(memberId: string) {
  const [m, all] = await Promise.all([readSurveyMember(memberId), listSurveys()]);
  if (!m) throw fail('member_not_found', 'member not found');
  const published = all.filter((s) => s.state !== 'draft');
  const answers = await answersOf(memberId, published.map((s) => s.id));
  const answered = published
    .flatMap((s) => {
      const a = answers.get(s.id);
      return a ? [{ surveyId: s.id, title: s.title, at: a.at, points: a.points, tags: a.tags }] : [];
    })
    .sort((x, y) => (x.at < y.at ? 1 : -1));
  return { memberId, facts: m.surveyFacts, answered };
}
