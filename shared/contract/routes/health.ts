import * as z from 'zod';
import type { RouteSlice } from './spec';

export const HealthResponse = z.object({ status: z.literal('ok'), table: z.string(), time: z.string() });

/** Readiness (functions/health). */
export const healthRoutes = {
  health: {
    method: 'GET',
    path: '/health',
    summary: 'Readiness: answers 200 once the table is reachable',
    auth: 'public',
    response: HealthResponse,
    errors: ['table_unavailable'],
  },
} as const satisfies RouteSlice;
