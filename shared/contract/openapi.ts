import * as z from 'zod';
import { ErrorBody } from './common';
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
        '400': errorResponse('Invalid input; `fields` names each failing field', errorSchema),
        ...(spec.auth === 'public'
          ? {}
          : {
              '401': errorResponse('Missing or invalid token', errorSchema),
              '403': errorResponse('Role or store not allowed', errorSchema),
            }),
      },
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

function errorResponse(description: string, schema: unknown) {
  return { description, content: { 'application/json': { schema } } };
}
