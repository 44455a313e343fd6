import { CareJobParams, CareJobResult, CareJobRunRequest, CareLogQuery, CareLogResponse, CarePreferencesRequest, CarePreferencesResponse, CareSettingsRequest, CareSettingsResponse, SubscriptionsRequest, SubscriptionsResponse } from '../care';
import type { RouteSlice } from './spec';

/** Care messages: consent, preferences, settings, the log, job runs (functions/care). */
export const careRoutes = {
  reportSubscriptions: {
    method: 'POST',
    path: '/members/me/subscriptions',
    summary: 'Report what the member accepted in requestSubscribeMessage: one acceptance per accepted template (idempotent on requestId)',
    auth: ['member'],
    body: SubscriptionsRequest,
    response: SubscriptionsResponse,
    errors: ['not_registered', 'unknown_template'],
  },
  myCarePreferences: {
    method: 'GET',
    path: '/members/me/care-preferences',
    summary: 'Which care messages the member wants, the templates with acceptances left, and what to ask at each moment',
    auth: ['member'],
    response: CarePreferencesResponse,
    errors: ['not_registered'],
  },
  updateCarePreferences: {
    method: 'PUT',
    path: '/members/me/care-preferences',
    summary: 'Turn care message kinds on or off (a kind turned off is never sent)',
    auth: ['member'],
    body: CarePreferencesRequest,
    response: CarePreferencesResponse,
    errors: ['not_registered'],
  },
  adminGetCareSettings: {
    method: 'GET',
    path: '/admin/care-settings',
    summary: 'Care-job settings: jobs on/off and their days, quiet hours, weekly cap, subscribe templates and their fields',
    auth: ['admin'],
    response: CareSettingsResponse,
  },
  adminPutCareSettings: {
    method: 'PUT',
    path: '/admin/care-settings',
    summary: 'Replace the care-job settings (audited; conditioned on the revision read)',
    auth: ['admin'],
    body: CareSettingsRequest,
    response: CareSettingsResponse,
    errors: ['settings_changed', 'template_not_found'],
  },
  adminCareLog: {
    method: 'GET',
    path: '/admin/care-log',
    summary: "A day's care-message attempts with their outcome (sent, no consent, opted out, quiet hours, capped, WeChat error)",
    auth: ['admin'],
    query: CareLogQuery,
    response: CareLogResponse,
  },
  adminRunCareJob: {
    method: 'POST',
    path: '/admin/care-jobs/{job}/run',
    summary: 'Run a care job for a day now (support and tests); idempotent per member and occasion like the scheduled run',
    auth: ['admin'],
    params: CareJobParams,
    body: CareJobRunRequest,
    response: CareJobResult,
  },
} as const satisfies RouteSlice;
