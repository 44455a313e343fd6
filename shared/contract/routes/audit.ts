import { lazy, type RouteSlice } from './spec';

// Schemas are built on first use, not when the slice is loaded (see spec.ts).
const audit = lazy(() => require('../audit') as typeof import('../audit'));

/** The audit trail (functions/audit). */
export const auditRoutes = {
  adminAudit: {
    method: 'GET',
    path: '/admin/audit',
    summary: 'Audit log of admin changes, newest first',
    auth: ['admin'],
    get query() {
      return audit().AuditQuery;
    },
    get response() {
      return audit().AuditResponse;
    },
  },
} as const satisfies RouteSlice;
