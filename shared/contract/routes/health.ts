import { lazy, type RouteSlice } from './spec';

// Schemas are built on first use, not when the slice is loaded (see spec.ts).
const health = lazy(() => require('../health') as typeof import('../health'));

/** Readiness (functions/health). */
export const healthRoutes = {
  health: {
    method: 'GET',
    path: '/health',
    summary: 'Readiness: answers 200 once the table is reachable',
    auth: 'public',
    get response() {
      return health().HealthResponse;
    },
    errors: ['table_unavailable'],
  },
} as const satisfies RouteSlice;
