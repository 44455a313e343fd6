/**
 * What other capabilities may ask of questionnaires (issue 19), for members' data rights (functions/rights):
 * her answers as she gave them, for her data copy; her answers made anonymous when her account is erased.
 */
import type { SurveyQuestion } from '../../shared/domain/survey';
import { answersOf, eraseSurveyAnswer, listSurveys } from '../adapters/dynamo/survey-repo';

/** The surveys she answered, each with her answer. */
async function answered(memberId: string) {
  const surveys = await listSurveys();
  const answers = await answersOf(memberId, surveys.map((s) => s.id));
  return surveys.flatMap((s) => {
    const a = answers.get(s.id);
    return a ? [{ survey: s, answer: a }] : [];
  });
}

/** Her answer to one question in words: the options' labels for a choice, her text for a text question. */
function inWords(q: SurveyQuestion, given: string[] | string | undefined): string {
  if (given === undefined) return '';
  if (q.kind === 'text') return String(given);
  const ids = Array.isArray(given) ? given : [given];
  return ids.map((id) => q.options.find((o) => o.id === id)?.label ?? id).join('、');
}

/** Her answers, oldest first, question by question. */
export async function surveyAnswersForCopy(memberId: string): Promise<{ title: string; at: string; answers: { question: string; answer: string }[] }[]> {
  return (await answered(memberId))
    .map(({ survey, answer }) => ({
      title: survey.title,
      at: answer.at,
      answers: survey.questions.filter((q) => answer.answers[q.id] !== undefined).map((q) => ({ question: q.title, answer: inWords(q, answer.answers[q.id]) })),
    }))
    .sort((x, y) => x.at.localeCompare(y.at));
}

/** Her account erased: her choices and texts removed from her answers, her text answers deleted. Answers how many. */
export async function forgetSurveyAnswers(memberId: string, at: string): Promise<number> {
  const found = (await answered(memberId)).filter(({ answer }) => Object.keys(answer.answers).length > 0);
  for (const { survey, answer } of found) {
    const texts = survey.questions.filter((q) => q.kind === 'text' && typeof answer.answers[q.id] === 'string').map((q) => q.id);
    await eraseSurveyAnswer(answer, texts, at);
  }
  return found.length;
}
