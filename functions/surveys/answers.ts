/**
 * A member's questionnaires: the open surveys meant for her (everyone, or a saved segment she is in now:
 * the segments' pure `matches` on her profile), and her one answer: checked against the survey, written in
 * ONE transaction (the answer item, created once; her tags and survey facts; her text answers; the results
 * counters), then the survey's points through the points capability, once per survey and member.
 */
import type { MemberSurvey, SurveyAnswerRequest } from '../../shared/contract/surveys';
import { matches, needsPoints, withTags } from '../../shared/domain/rfm';
import { answersFingerprint, checkAnswers, counterPaths, factsOf, resultShard, tagsOf, textsOf } from '../../shared/domain/survey';
import { pointsBalances } from '../adapters/dynamo/facts-repo';
import { answersOf, listSurveys, readAnswer, readSurvey, readSurveyMember, recordSurveyAnswer, type AnswerRecord, type SurveyMember, type SurveyRecord } from '../adapters/dynamo/survey-repo';
import { optimistic, resolveMemberId, today } from '../core';
import { rfmConfig } from '../facts/collaboration';
import { clock } from '../lib/clock';
import { fail } from '../lib/errors';
import type { Session } from '../lib/session';
import { awardEvent } from '../points/collaboration';
import { getSegment } from '../segments/collaboration';

/** Whether the survey is meant for this member now (its segment evaluated on her profile as it is). */
async function meantFor(s: SurveyRecord, m: SurveyMember): Promise<boolean> {
  if (s.audience.kind === 'all') return true;
  const segment = await getSegment(s.audience.segmentId);
  if (!segment) return false;
  const facts = { ...m.facts };
  if (needsPoints(segment.filter)) {
    const account = m.facts.familyRole === 'secondary' && m.facts.familyPrimaryId ? m.facts.familyPrimaryId : m.facts.memberId;
    facts.pointsBalance = (await pointsBalances([account])).balances.get(account) ?? 0;
  }
  return matches(segment.filter, facts, today(), await rfmConfig());
}

const memberView = (s: SurveyRecord, answer: AnswerRecord | null): MemberSurvey => ({
  id: s.id,
  title: s.title,
  intro: s.intro,
  points: s.points,
  questions: s.questions.map((q) => ({ id: q.id, kind: q.kind, title: q.title, required: q.required, options: q.options.map((o) => ({ id: o.id, label: o.label })) })),
  answered: !!answer,
  answeredAt: answer?.at ?? null,
});

async function memberOr404(memberId: string): Promise<SurveyMember> {
  const m = await readSurveyMember(memberId);
  if (!m) throw fail('member_not_found', 'member not found');
  return m;
}

export async function mySurveys(session: Session) {
  const memberId = await resolveMemberId(session);
  const [m, all] = await Promise.all([readSurveyMember(memberId), listSurveys()]);
  const open = all.filter((s) => s.state === 'open');
  const mine: SurveyRecord[] = [];
  if (m) for (const s of open) if (await meantFor(s, m)) mine.push(s);
  const answers = await answersOf(memberId, mine.map((s) => s.id));
  // Unanswered first (newest first within each).
  const views = mine.map((s) => memberView(s, answers.get(s.id) ?? null));
  return { surveys: [...views.filter((v) => !v.answered), ...views.filter((v) => v.answered)] };
}

/** An open survey meant for her: 404 unknown, 409 not open (a draft is unknown to members), 403 not meant for her. */
async function openSurveyFor(id: string, m: SurveyMember): Promise<SurveyRecord> {
  const s = await readSurvey(id);
  if (!s || s.state === 'draft') throw fail('survey_not_found', 'no such survey');
  if (s.state !== 'open') throw fail('survey_not_open', 'the survey is closed');
  if (!(await meantFor(s, m))) throw fail('survey_not_for_member', 'the survey is not meant for this member');
  return s;
}

export async function mySurvey(session: Session, id: string): Promise<MemberSurvey> {
  const memberId = await resolveMemberId(session);
  const m = await memberOr404(memberId);
  const s = await readSurvey(id);
  // A survey she answered stays readable after it closes.
  const answer = s ? await readAnswer(id, memberId) : null;
  if (s && answer) return memberView(s, answer);
  return memberView(await openSurveyFor(id, m), null);
}

export async function answerSurvey(session: Session, id: string, body: SurveyAnswerRequest) {
  const memberId = await resolveMemberId(session);
  const first = await memberOr404(memberId);
  if (first.frozen) throw fail('member_frozen', 'this member is frozen: no earning');
  const survey = await openSurveyFor(id, first);
  const checked = checkAnswers(survey.questions, body.answers);
  if (!checked.ok) throw fail('invalid_answer', `the answers do not fit the survey: ${checked.problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, checked.problems);
  const answers = checked.answers;
  const fingerprint = answersFingerprint(survey.questions, answers);
  const tags = tagsOf(survey.questions, answers);
  const facts = factsOf(survey.questions, answers);

  const written = await optimistic(async () => {
    const m = await memberOr404(memberId);
    const at = clock.now().toISOString();
    const answer: AnswerRecord = { surveyId: id, memberId, answers, fingerprint, at, points: survey.points, tags };
    const changesProfile = tags.some((t) => !m.facts.tags.includes(t)) || Object.entries(facts).some(([k, v]) => m.surveyFacts[k] !== v);
    const out = await recordSurveyAnswer({
      answer,
      profile: changesProfile ? { qrev: m.qrev, memberTags: withTags(m.facts.tags, tags), surveyFacts: { ...m.surveyFacts, ...facts } } : null,
      shard: resultShard(memberId),
      counters: counterPaths(survey.questions, answers),
      texts: textsOf(survey.questions, answers),
    });
    if (out.ok) return { done: { answer, replayed: false } };
    if (out.failed === 'already_answered') {
      const before = await readAnswer(id, memberId);
      if (!before) return 'retry';
      if (before.fingerprint !== fingerprint) throw fail('survey_answered', 'this member already answered the survey with other answers');
      return { done: { answer: before, replayed: true } };
    }
    if (out.failed === 'not_open') throw fail('survey_not_open', 'the survey was closed meanwhile');
    return 'retry';
  });

  // Points once per survey and member (the occurrence's guard): a replay awards what a crash may have missed.
  const a = written.answer;
  let points = 0;
  if (a.points > 0) {
    const award = await awardEvent(memberId, 'survey', id, { points: a.points, sourceKind: 'survey' });
    points = award.kind === 'awarded' || award.kind === 'already' ? a.points : 0;
  }
  return { surveyId: id, answeredAt: a.at, points, tags: a.tags, replayed: written.replayed };
}
