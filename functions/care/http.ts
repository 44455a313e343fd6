import { route, router } from '../lib/http';
import { adminCareLog, adminCareSettings, adminPutCareSettings, myCarePreferences, reportSubscriptions, updateCarePreferences } from './consent';
import { runCareJob } from './jobs';

/** Care messages: members' consent and preferences, admin settings, the send log and job runs (one Lambda). */
export const handler = router({
  reportSubscriptions: route('reportSubscriptions', ({ session, body }) => reportSubscriptions(session, body)),
  myCarePreferences: route('myCarePreferences', ({ session }) => myCarePreferences(session)),
  updateCarePreferences: route('updateCarePreferences', ({ session, body }) => updateCarePreferences(session, body.preferences)),
  adminGetCareSettings: route('adminGetCareSettings', () => adminCareSettings()),
  adminPutCareSettings: route('adminPutCareSettings', ({ session, body }) => adminPutCareSettings(session, body.rev, body.settings)),
  adminCareLog: route('adminCareLog', ({ query }) => adminCareLog(query)),
  adminRunCareJob: route('adminRunCareJob', ({ params, body }) => runCareJob(params.job, body.day)),
});
