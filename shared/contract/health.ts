/** Readiness and the OpenAPI document. */
import * as z from 'zod';

export const HealthResponse = z.object({ status: z.literal('ok'), table: z.string(), time: z.string() });

/** The OpenAPI 3.1 document, as JSON. */
export const OpenApiDocument = z.record(z.string(), z.unknown());
