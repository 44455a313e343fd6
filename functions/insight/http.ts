import { insightRoutes } from '../../shared/contract/routes/insight';
import { route, router } from '../lib/http';
import { brandDashboard, storeDashboard } from './dashboard';
import { exportReport } from './exports';

/** The dashboard, a store's view and report exports: one Lambda. */
export const handler = router({
  adminDashboard: route(insightRoutes, 'adminDashboard', ({ query }) => brandDashboard(query)),
  storeDashboard: route(insightRoutes, 'storeDashboard', ({ session, params, query }) => storeDashboard(session, query, params.storeId)),
  adminExportReport: route(insightRoutes, 'adminExportReport', ({ session, body }) => exportReport(session, body)),
});
