/**
 * Limits (issue 20): the windows per caller are well formed, and serverless.yml throttles exactly the routes
 * that carry a limit per caller (and sign-in), by API Gateway's route keys, under the default for the rest.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { load } from 'js-yaml';
import { routes, type RouteSpec } from '../../shared/contract/routes';
import { QUOTAS, quotaWindows, type QuotaName } from '../../shared/domain/quotas';

const sls = load(readFileSync(join(__dirname, '..', '..', 'serverless.yml'), 'utf8')) as {
  resources: { extensions: { HttpApiStage: { Properties: { DefaultRouteSettings: Record<string, number>; RouteSettings: Record<string, Record<string, number>> } } } };
  provider: { httpApi: { cors: { allowedOrigins: string[]; exposedResponseHeaders?: string[] } } };
};
const stage = sls.resources.extensions.HttpApiStage.Properties;

describe('limits per caller', () => {
  test('each window is counted once per call and ends after its length', () => {
    fc.assert(
      fc.property(fc.constantFrom(...(Object.keys(QUOTAS) as QuotaName[])), fc.integer({ min: 1_600_000_000_000, max: 2_000_000_000_000 }), (name, now) => {
        for (const w of quotaWindows(name, now)) {
          const s = Math.floor(now / 1000);
          expect(w.start).toBeLessThanOrEqual(s);
          expect(s).toBeLessThan(w.start + w.seconds);
          expect(w.resetsIn).toBe(Math.max(1, w.start + w.seconds - s));
          expect(w.start % w.seconds).toBe(0);
        }
      }),
    );
  });

  test('a longer window never allows fewer calls than a shorter one', () => {
    for (const rule of Object.values(QUOTAS)) {
      const ws = [...rule.windows].sort((a, b) => a.seconds - b.seconds);
      for (let i = 1; i < ws.length; i++) expect(ws[i]!.limit).toBeGreaterThanOrEqual(ws[i - 1]!.limit);
    }
  });
});

describe('API Gateway throttling', () => {
  const limited = (Object.entries(routes) as [string, RouteSpec][]).filter(([name, spec]) => spec.quota || name === 'login');

  test('every route with a limit per caller (and sign-in) has route throttling, by its route key', () => {
    expect(limited.length).toBeGreaterThanOrEqual(6);
    for (const [, spec] of limited) expect(stage.RouteSettings[`${spec.method} ${spec.path}`]).toMatchObject({ ThrottlingBurstLimit: expect.any(Number), ThrottlingRateLimit: expect.any(Number) });
  });

  test('no route setting names a route that does not exist; each is below the default', () => {
    const keys = new Set(Object.values(routes).map((s) => `${s.method} ${s.path}`));
    for (const [key, set] of Object.entries(stage.RouteSettings)) {
      expect(keys.has(key)).toBe(true);
      expect(set.ThrottlingRateLimit!).toBeLessThanOrEqual(stage.DefaultRouteSettings.ThrottlingRateLimit!);
    }
  });

  test('CORS answers the configured H5 origin only, and lets it read Retry-After', () => {
    expect(sls.provider.httpApi.cors.allowedOrigins).toEqual(['${self:custom.h5Origin}']);
    expect(sls.provider.httpApi.cors.exposedResponseHeaders).toContain('Retry-After');
  });
});
