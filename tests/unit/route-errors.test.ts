import { routes, type RouteSpec } from '../../shared/contract';
import { errorStatuses, impliedErrorCodes, isErrorCode, routeErrorCodes } from '../../shared/contract/errors';
import { buildOpenApi } from '../../shared/contract/openapi';
import { raisedCodesByRoute } from '../route-errors';

const specs = Object.entries(routes) as [string, RouteSpec][];

describe('the error codes of each route', () => {
  test('the codes a route declares are in the catalogue, once, and not among those every such route answers', () => {
    for (const [name, spec] of specs) {
      const declared = [...(spec.errors ?? [])];
      expect([name, declared.filter((c) => !isErrorCode(c))]).toEqual([name, []]);
      expect([name, declared.length]).toEqual([name, new Set(declared).size]);
      const implied = new Set(impliedErrorCodes(spec));
      expect([name, declared.filter((c) => implied.has(c))]).toEqual([name, []]);
    }
  });

  test("the OpenAPI document lists each route's codes under the statuses they answer with", () => {
    const doc = buildOpenApi({ title: 't', version: '1' }) as {
      paths: Record<string, Record<string, { operationId: string; 'x-error-codes': string[]; responses: Record<string, { content?: { 'application/json': { schema: { properties?: { error?: { properties?: { code?: { enum?: string[] } } } } } } } }> }>>;
    };
    const ops = new Map(Object.values(doc.paths).flatMap((p) => Object.values(p).map((o) => [o.operationId, o] as const)));
    for (const [name, spec] of specs) {
      const op = ops.get(name)!;
      expect([name, op['x-error-codes']]).toEqual([name, routeErrorCodes(spec)]);
      for (const code of routeErrorCodes(spec)) {
        for (const status of errorStatuses(code)) {
          const listed = op.responses[String(status)]?.content?.['application/json'].schema.properties?.error?.properties?.code?.enum ?? [];
          expect([name, status, code, listed.includes(code)]).toEqual([name, status, code, true]);
        }
      }
    }
  });

  test('every code a use case can raise is declared by its route (read from functions/ with the TypeScript checker)', () => {
    const { byRoute, untyped } = raisedCodesByRoute();
    expect(untyped).toEqual([]);
    expect(Object.keys(byRoute).sort()).toEqual(Object.keys(routes).sort());
    for (const [name, spec] of specs) {
      const answered = new Set(routeErrorCodes(spec));
      expect([name, byRoute[name]!.filter((c) => !answered.has(c as never))]).toEqual([name, []]);
    }
  }, 300_000);
});
