import { careRoutes } from '../../shared/contract/routes/care';
import { route, router } from '../lib/http';
import { adminCareLog, adminCareSettings, adminPutCareSettings, myCarePreferences, reportSubscriptions, updateCarePreferences } from './consent';
import { runCareJob } from './jobs';

/** Care messages: members' consent and preferences, admin settings, the send log and job runs (one Lambda). */
export const handler = router({
  reportSubscriptions: route(careRoutes, 'reportSubscriptions', ({ session, body }) => reportSubscriptions(session, body)),
  myCarePreferences: route(careRoutes, 'myCarePreferences', ({ session }) => myCarePreferences(session)),
  updateCarePreferences: route(careRoutes, 'updateCarePreferences', ({ session, body }) => updateCarePreferences(session, body.preferences)),
  adminGetCareSettings: route(careRoutes, 'adminGetCareSettings', () => adminCareSettings()),
  adminPutCareSettings: route(careRoutes, 'adminPutCareSettings', ({ session, body }) => adminPutCareSettings(session, body.rev, body.settings)),
  adminCareLog: route(careRoutes, 'adminCareLog', ({ query }) => adminCareLog(query)),
  adminRunCareJob: route(careRoutes, 'adminRunCareJob', ({ params, body }) => runCareJob(params.job, body.day)),
});
