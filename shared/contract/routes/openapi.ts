import { lazy, type RouteSlice } from './spec';

// Schemas are built on first use, not when the slice is loaded (see spec.ts).
const health = lazy(() => require('../health') as typeof import('../health'));

/** The OpenAPI document (functions/openapi). */
export const openapiRoutes = {
  openapi: {
    method: 'GET',
    path: '/openapi.json',
    summary: 'This API as an OpenAPI 3.1 document',
    auth: 'public',
    get response() {
      return health().OpenApiDocument;
    },
  },
} as const satisfies RouteSlice;
