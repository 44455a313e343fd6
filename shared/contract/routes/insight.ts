import { lazy, type RouteSlice } from './spec';

// Schemas are built on first use, not when the slice is loaded (see spec.ts).
const figures = lazy(() => require('../figures') as typeof import('../figures'));

/** The marketers' dashboard over the daily figures, a store's view, and report exports (functions/insight). */
export const insightRoutes = {
  adminDashboard: {
    method: 'GET',
    path: '/admin/insight/dashboard',
    summary: 'The brand dashboard: daily figures for the last 7, 30 or 90 days with totals and the previous period (reads one item per day)',
    auth: ['admin'],
    get query() {
      return figures().DashboardQuery;
    },
    get response() {
      return figures().Dashboard;
    },
  },
  storeDashboard: {
    method: 'GET',
    path: '/stores/{storeId}/insight/dashboard',
    summary: "One store's daily figures (its manager or an admin)",
    auth: ['manager', 'admin'],
    get params() {
      return figures().StoreDashboardParams;
    },
    get query() {
      return figures().DashboardQuery;
    },
    get response() {
      return figures().Dashboard;
    },
    errors: ['store_not_found'],
  },
  adminExportReport: {
    method: 'POST',
    path: '/admin/insight/exports',
    summary: 'One report as a CSV file in S3 (UTF-8 with BOM), answered with a presigned download link',
    auth: ['admin'],
    get body() {
      return figures().ReportExportRequest;
    },
    get response() {
      return figures().ReportExport;
    },
    errors: ['brand_not_configured', 'campaign_not_found', 'store_not_found'],
  },
} as const satisfies RouteSlice;
