import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { CheckoutRequest, UpdateProfileRequest, routes } from '../../shared/contract';
import { buildOpenApi } from '../../shared/contract/openapi';

const sls = load(readFileSync(join(__dirname, '..', '..', 'serverless.yml'), 'utf8')) as {
  functions: Record<string, { handler: string; events?: { httpApi?: { method: string; path: string } }[] }>;
};

describe('contract', () => {
  test('every route in the contract is served by serverless.yml, and nothing else is', () => {
    const served = Object.values(sls.functions)
      .flatMap((f) => f.events ?? [])
      .filter((e) => e.httpApi)
      .map((e) => `${e.httpApi!.method.toUpperCase()} ${e.httpApi!.path}`)
      .sort();
    const declared = Object.values(routes).map((r) => `${r.method} ${r.path}`).sort();
    expect(served).toEqual(declared);
  });

  test('a checkout whose amount exceeds its lines names amountFen', () => {
    const r = CheckoutRequest.safeParse({
      memberCode: '660000000000000000',
      orderId: 'A1',
      storeId: 'S001',
      amountFen: 2_000,
      items: [{ sku: 'x', name: 'y', quantity: 1, unitPriceFen: 1_000 }],
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['amountFen']);
  });

  test('profile updates are strict and not empty', () => {
    expect(UpdateProfileRequest.safeParse({}).success).toBe(false);
    expect(UpdateProfileRequest.safeParse({ tierCode: 'GOLD' }).success).toBe(false);
    expect(UpdateProfileRequest.safeParse({ name: '  王 ' }).data).toEqual({ name: '王' });
  });

  test('a date must be a calendar date: 30 February or month 13 is refused naming the field', () => {
    for (const birthday of ['1990-02-30', '1990-13-01', '1990-04-31', '1991-02-29', '1990-1-01']) {
      const r = UpdateProfileRequest.safeParse({ birthday });
      expect([birthday, r.success, r.error?.issues[0]?.path]).toEqual([birthday, false, ['birthday']]);
    }
    expect(UpdateProfileRequest.safeParse({ birthday: '1992-02-29' }).success).toBe(true);
  });

  test('the OpenAPI document has every operation with its responses', () => {
    const doc = buildOpenApi({ title: 't', version: '1' }) as { paths: Record<string, Record<string, { operationId: string; responses: object }>> };
    const ops = Object.values(doc.paths).flatMap((p) => Object.values(p).map((o) => o.operationId));
    expect(ops.sort()).toEqual(Object.keys(routes).sort());
  });
});
