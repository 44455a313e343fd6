import * as z from 'zod';
import type { RouteSlice } from './spec';

/** The OpenAPI document (functions/openapi). */
export const openapiRoutes = {
  openapi: {
    method: 'GET',
    path: '/openapi.json',
    summary: 'This API as an OpenAPI 3.1 document',
    auth: 'public',
    response: z.record(z.string(), z.unknown()),
  },
} as const satisfies RouteSlice;
