import * as z from 'zod';
import { ErrorBody } from './common';
import { errorStatuses, routeErrorCodes, type ErrorCode } from './errors';
import { routes, type RouteSpec } from './routes';

/** Builds the OpenAPI 3.1 document from the route table: the schemas are the zod contract itself. */
export function buildOpenApi(info: { title: string; version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  const errorSchema = z.toJSONSchema(ErrorBody, { unrepresentable: 'any' });
  for (const [name, spec] of Object.entries(routes) as [string, RouteSpec][]) {
    const op: Record<string, unknown> = {
      operationId: name,
      summary: spec.summary,
      security: spec.auth === 'public' ? [] : [{ bearer: [] }],
      'x-roles': spec.auth,
      responses: {
        [String(spec.status ?? 200)]: {
          description: 'OK',
          content: { 'application/json': { schema: toSchema(spec.response, 'output') } },
        },
        ...errorResponses(routeErrorCodes(spec), errorSchema),
      },
      'x-error-codes': routeErrorCodes(spec),
    };
    if (spec.body) {
      op.requestBody = {
        required: true,
        content: { 'application/json': { schema: toSchema(spec.body, 'input') } },
      };
    }
    const parameters: unknown[] = [];
    for (const [where, schemaOf] of [
      ['path', spec.params],
      ['query', spec.query],
    ] as const) {
      if (!schemaOf) continue;
      const q = toSchema(schemaOf, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [pname, schema] of Object.entries(q.properties ?? {})) {
        parameters.push({ name: pname, in: where, required: where === 'path' || (q.required?.includes(pname) ?? false), schema });
      }
    }
    if (parameters.length) op.parameters = parameters;
    paths[spec.path] ??= {};
    paths[spec.path]![spec.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info,
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  };
}

function toSchema(schema: z.ZodType, io: 'input' | 'output') {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any' });
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Invalid input; `fields` names each failing field',
  401: 'Missing or invalid token',
  403: 'Role or store not allowed',
  404: 'Not found',
  409: 'Refused by the current state',
  422: 'Refused',
  500: 'Unexpected failure',
  503: 'Unavailable for now; retry',
};

/**
 * One response per status the route's error codes answer with (the catalogue, shared/contract/errors.ts):
 * the description names the codes, the schema's `error.code` lists them.
 */
function errorResponses(codes: ErrorCode[], schema: unknown): Record<string, unknown> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) for (const s of errorStatuses(code)) if (s > 0) byStatus.set(s, [...(byStatus.get(s) ?? []), code]);
  const out: Record<string, unknown> = {};
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    const withCodes = structuredClone(schema) as { properties?: { error?: { properties?: { code?: Record<string, unknown> } } } };
    const code = withCodes.properties?.error?.properties?.code;
    if (code) code.enum = list;
    out[String(status)] = {
      description: `${STATUS_TEXT[status] ?? 'Error'}: ${list.join(', ')}`,
      content: { 'application/json': { schema: withCodes } },
    };
  }
  return out;
}
