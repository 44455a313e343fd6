import { lazy, type RouteSlice } from './spec';

// Schemas are built on first use, not when the slice is loaded (see spec.ts).
const care = lazy(() => require('../care') as typeof import('../care'));

/** Care messages: consent, preferences, settings, the log, job runs (functions/care). */
export const careRoutes = {
  reportSubscriptions: {
    method: 'POST',
    path: '/members/me/subscriptions',
    summary: 'Report what the member accepted in requestSubscribeMessage: one acceptance per accepted template (idempotent on requestId)',
    auth: ['member'],
    get body() {
      return care().SubscriptionsRequest;
    },
    get response() {
      return care().SubscriptionsResponse;
    },
    errors: ['not_registered', 'unknown_template'],
  },
  myCarePreferences: {
    method: 'GET',
    path: '/members/me/care-preferences',
    summary: 'Which care messages the member wants, the templates with acceptances left, and what to ask at each moment',
    auth: ['member'],
    get response() {
      return care().CarePreferencesResponse;
    },
    errors: ['not_registered'],
  },
  updateCarePreferences: {
    method: 'PUT',
    path: '/members/me/care-preferences',
    summary: 'Turn care message kinds on or off (a kind turned off is never sent)',
    auth: ['member'],
    get body() {
      return care().CarePreferencesRequest;
    },
    get response() {
      return care().CarePreferencesResponse;
    },
    errors: ['not_registered'],
  },
  adminGetCareSettings: {
    method: 'GET',
    path: '/admin/care-settings',
    summary: 'Care-job settings: jobs on/off and their days, quiet hours, weekly cap, subscribe templates and their fields',
    auth: ['admin'],
    get response() {
      return care().CareSettingsResponse;
    },
  },
  adminPutCareSettings: {
    method: 'PUT',
    path: '/admin/care-settings',
    summary: 'Replace the care-job settings (audited; conditioned on the revision read)',
    auth: ['admin'],
    get body() {
      return care().CareSettingsRequest;
    },
    get response() {
      return care().CareSettingsResponse;
    },
    errors: ['settings_changed', 'template_not_found'],
  },
  adminCareLog: {
    method: 'GET',
    path: '/admin/care-log',
    summary: "A day's care-message attempts with their outcome (sent, no consent, opted out, quiet hours, capped, WeChat error)",
    auth: ['admin'],
    get query() {
      return care().CareLogQuery;
    },
    get response() {
      return care().CareLogResponse;
    },
  },
  adminRunCareJob: {
    method: 'POST',
    path: '/admin/care-jobs/{job}/run',
    summary: 'Run a care job for a day now (support and tests); idempotent per member and occasion like the scheduled run',
    auth: ['admin'],
    get params() {
      return care().CareJobParams;
    },
    get body() {
      return care().CareJobRunRequest;
    },
    get response() {
      return care().CareJobResult;
    },
  },
} as const satisfies RouteSlice;
