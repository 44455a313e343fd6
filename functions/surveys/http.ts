import { surveysRoutes } from '../../shared/contract/routes/surveys';
import { route, router } from '../lib/http';
import { adminSurvey, adminSurveys, close, createDraft, memberSurveys, publish, results, texts, updateDraft } from './admin';
import { answerSurvey, mySurvey, mySurveys } from './answers';

/** Questionnaires: the admin's builder and results, members' list and answers: one Lambda. */
export const handler = router({
  adminListSurveys: route(surveysRoutes, 'adminListSurveys', () => adminSurveys()),
  adminCreateSurvey: route(surveysRoutes, 'adminCreateSurvey', ({ session, body }) => createDraft(session, body)),
  adminGetSurvey: route(surveysRoutes, 'adminGetSurvey', ({ params }) => adminSurvey(params.surveyId)),
  adminUpdateSurvey: route(surveysRoutes, 'adminUpdateSurvey', ({ session, params, body }) => updateDraft(session, params.surveyId, body)),
  adminPublishSurvey: route(surveysRoutes, 'adminPublishSurvey', ({ session, params }) => publish(session, params.surveyId)),
  adminCloseSurvey: route(surveysRoutes, 'adminCloseSurvey', ({ session, params }) => close(session, params.surveyId)),
  adminSurveyResults: route(surveysRoutes, 'adminSurveyResults', ({ params }) => results(params.surveyId)),
  adminSurveyTexts: route(surveysRoutes, 'adminSurveyTexts', ({ params, query }) => texts(params.surveyId, query)),
  adminMemberSurveys: route(surveysRoutes, 'adminMemberSurveys', ({ params }) => memberSurveys(params.memberId)),
  mySurveys: route(surveysRoutes, 'mySurveys', ({ session }) => mySurveys(session)),
  mySurvey: route(surveysRoutes, 'mySurvey', ({ session, params }) => mySurvey(session, params.surveyId)),
  answerSurvey: route(surveysRoutes, 'answerSurvey', ({ session, params, body }) => answerSurvey(session, params.surveyId, body)),
});
