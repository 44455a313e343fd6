import { insightRoutes } from '../../shared/contract/routes/insight';
import { route, router } from '../lib/http';
import { dashboard } from './dashboard';
import { exportReport } from './exports';

/** The dashboard, a store's view and report exports: one Lambda. */
export const handler = router({
  adminDashboard: route(insightRoutes, 'adminDashboard', ({ session, query }) => dashboard(session, query)),
  storeDashboard: route(insightRoutes, 'storeDashboard', ({ session, params, query }) => dashboard(session, query, params.storeId)),
  adminExportReport: route(insightRoutes, 'adminExportReport', ({ session, body }) => exportReport(session, body)),
});
