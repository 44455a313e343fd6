import { lazy, type RouteSlice } from './spec';

// Schemas are built on first use, not when the slice is loaded (see spec.ts).
const surveys = lazy(() => require('../surveys') as typeof import('../surveys'));

/** Questionnaires (问卷, issue 19): the admin's builder and results, members' answers (functions/surveys). */
export const surveysRoutes = {
  adminListSurveys: {
    method: 'GET',
    path: '/admin/surveys',
    summary: 'Surveys, newest first, with their state and number of answers',
    auth: ['admin'],
    get response() {
      return surveys().SurveyList;
    },
    errors: [],
  },
  adminCreateSurvey: {
    method: 'POST',
    path: '/admin/surveys',
    summary: 'Save a new survey as a draft (audited): questions, options with tags, fact keys, audience, points',
    auth: ['admin'],
    get body() {
      return surveys().SurveyInput;
    },
    get response() {
      return surveys().Survey;
    },
    status: 201,
    errors: ['conflict', 'segment_not_found'],
  },
  adminGetSurvey: {
    method: 'GET',
    path: '/admin/surveys/{surveyId}',
    summary: 'One survey',
    auth: ['admin'],
    get params() {
      return surveys().SurveyIdParams;
    },
    get response() {
      return surveys().Survey;
    },
    errors: ['survey_not_found'],
  },
  adminUpdateSurvey: {
    method: 'PUT',
    path: '/admin/surveys/{surveyId}',
    summary: 'Replace a draft survey (audited); a published one cannot change',
    auth: ['admin'],
    get params() {
      return surveys().SurveyIdParams;
    },
    get body() {
      return surveys().SurveyInput;
    },
    get response() {
      return surveys().Survey;
    },
    errors: ['segment_not_found', 'survey_not_draft', 'survey_not_found'],
  },
  adminPublishSurvey: {
    method: 'POST',
    path: '/admin/surveys/{surveyId}/publish',
    summary: 'Open a draft survey to its audience (audited); its option tags join the tag catalogue',
    auth: ['admin'],
    get params() {
      return surveys().SurveyIdParams;
    },
    get response() {
      return surveys().Survey;
    },
    errors: ['segment_not_found', 'survey_not_draft', 'survey_not_found'],
  },
  adminCloseSurvey: {
    method: 'POST',
    path: '/admin/surveys/{surveyId}/close',
    summary: 'Close an open survey (audited): no more answers; results stay',
    auth: ['admin'],
    get params() {
      return surveys().SurveyIdParams;
    },
    get response() {
      return surveys().Survey;
    },
    errors: ['survey_not_found', 'survey_not_open'],
  },
  adminSurveyResults: {
    method: 'GET',
    path: '/admin/surveys/{surveyId}/results',
    summary: 'Results per question: answers counted, counts and shares per option',
    auth: ['admin'],
    get params() {
      return surveys().SurveyIdParams;
    },
    get response() {
      return surveys().SurveyResults;
    },
    errors: ['survey_not_found'],
  },
  adminSurveyTexts: {
    method: 'GET',
    path: '/admin/surveys/{surveyId}/texts',
    summary: "A text question's answers, newest first, a page at a time",
    auth: ['admin'],
    get params() {
      return surveys().SurveyIdParams;
    },
    get query() {
      return surveys().SurveyTextQuery;
    },
    get response() {
      return surveys().SurveyTextAnswers;
    },
    errors: ['survey_not_found'],
  },
  adminMemberSurveys: {
    method: 'GET',
    path: '/admin/members/{memberId}/surveys',
    summary: "A member's profile facts from questionnaires and the surveys she answered (the admin member page)",
    auth: ['admin'],
    get params() {
      return surveys().AdminMemberSurveysParams;
    },
    get response() {
      return surveys().AdminMemberSurveys;
    },
    errors: ['member_not_found'],
  },
  mySurveys: {
    method: 'GET',
    path: '/members/me/surveys',
    summary: 'The open surveys meant for the member (everyone, or a segment she is in), answered or not',
    auth: ['member'],
    get response() {
      return surveys().MemberSurveyList;
    },
    errors: ['not_registered'],
  },
  mySurvey: {
    method: 'GET',
    path: '/members/me/surveys/{surveyId}',
    summary: 'One open survey meant for the member, with whether she answered it',
    auth: ['member'],
    get params() {
      return surveys().SurveyIdParams;
    },
    get response() {
      return surveys().MemberSurvey;
    },
    errors: ['member_not_found', 'not_registered', 'survey_not_for_member', 'survey_not_found', 'survey_not_open'],
  },
  answerSurvey: {
    method: 'POST',
    path: '/members/me/surveys/{surveyId}/answers',
    summary: 'Answer a survey once (complete answers only): tags and profile facts, then the points; the same answers again replay',
    auth: ['member'],
    get params() {
      return surveys().SurveyIdParams;
    },
    get body() {
      return surveys().SurveyAnswerRequest;
    },
    get response() {
      return surveys().SurveyAnswerResult;
    },
    errors: ['brand_not_configured', 'busy', 'invalid_answer', 'member_frozen', 'member_not_found', 'not_registered', 'survey_answered', 'survey_not_for_member', 'survey_not_found', 'survey_not_open'],
  },
} as const satisfies RouteSlice;
