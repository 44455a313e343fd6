import { AuditQuery, AuditResponse } from '../audit';
import type { RouteSlice } from './spec';

/** The audit trail (functions/audit). */
export const auditRoutes = {
  adminAudit: {
    method: 'GET',
    path: '/admin/audit',
    summary: 'Audit log of admin changes, newest first',
    auth: ['admin'],
    query: AuditQuery,
    response: AuditResponse,
  },
} as const satisfies RouteSlice;
