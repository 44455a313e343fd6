/**
 * The decisions of a product-code scan (shared/domain/product-scan.ts), without a database: the code
 * check, the plan of the unit of work, what a failure means, and a property over a model of the unit's
 * conditions (the used mark written only by the first scan): a code is scanned once.
 */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { earnPoints, earningBucket } from '../../shared/domain/earn';
import { makeProductCode, verifyProductCode, type Mac } from '../../shared/domain/product-codes';
import { afterScanFailure, checkScannedCode, planScan, scanPoints, type ScanFailure, type ScanResult, type ScannableBatch } from '../../shared/domain/product-scan';
import type { IssuableTemplate } from '../../shared/domain/coupon-claim';

const mac: Mac = (m) => createHmac('sha256', 'test-secret').update(m).digest();
const AT = '2026-11-23T04:00:00.000Z';
const DAY = '2026-11-23';
const batch = (over: Partial<ScannableBatch> = {}, def: Partial<ScannableBatch['definition']> = {}): ScannableBatch => ({
  batchNo: 7,
  state: 'active',
  shards: 4,
  definition: { sku: 'SKU-1', name: '面霜', count: 100, points: null, warrantyMonths: 12, dailyLimitPerMember: null, couponTemplateId: null, validFrom: '2026-01-01T00:00:00.000Z', validUntil: '2026-12-31T15:59:59.999Z', ...def },
  ...over,
});
const program = { basis: 'spend' as const, window: { kind: 'calendarYear' as const }, tiers: [] } as never;
const earning = (points: number) =>
  earnPoints({
    points: { buckets: [], debt: 0 },
    earnings: [{ points, bucket: earningBucket({ policy: 'never' }, DAY), entry: { description: '扫码积分', source: { kind: 'productScan', id: '7-3' } } }],
    standing: { qualifying: {}, tier: { tierCode: 'MEMBER', since: DAY, retainUntil: null, manual: null } },
    program,
    day: DAY,
  });
const draw = { pick: () => 0, couponId: 'c_1', code: '8800000000000001' };
const plan = (over: Partial<Parameters<typeof planScan>[0]> = {}) =>
  planScan({ memberId: 'm1', batch: batch(), serial: 5, at: AT, day: DAY, rule: { points: 10, limit: null }, earning: earning(10), facts: { lastScanAt: AT }, template: null, dry: new Set(), couponNote: null, draw, ...over });

describe('checkScannedCode', () => {
  const code = makeProductCode(mac, 7, 3);
  test('the signature, the batch and serial, the window, the state: in that order', () => {
    expect(checkScannedCode(verifyProductCode(mac, 'hello'), batch(), AT)).toMatchObject({ ok: false, refusal: 'code_invalid', signal: 'malformed' });
    const forged = code.slice(0, -1) + (code.endsWith('0') ? '1' : '0');
    expect(checkScannedCode(verifyProductCode(mac, forged), batch(), AT)).toMatchObject({ ok: false, refusal: 'code_invalid' });
    expect(checkScannedCode(verifyProductCode(mac, code), null, AT)).toEqual({ ok: false, refusal: 'code_invalid', signal: 'unknown', field: 'unknown code' });
    expect(checkScannedCode(verifyProductCode(mac, code), batch({}, { count: 3 }), AT)).toMatchObject({ ok: false, signal: 'unknown' });
    expect(checkScannedCode(verifyProductCode(mac, code), batch({ state: 'voided' }, { validFrom: '2026-12-01T00:00:00.000Z' }), AT)).toEqual({ ok: false, refusal: 'batch_not_started', date: '2026-12-01' });
    expect(checkScannedCode(verifyProductCode(mac, code), batch({}, { validUntil: '2026-11-01T00:00:00.000Z' }), AT)).toEqual({ ok: false, refusal: 'batch_ended', date: '2026-11-01' });
    expect(checkScannedCode(verifyProductCode(mac, code), batch({ state: 'voided' }), AT)).toEqual({ ok: false, refusal: 'batch_voided' });
    // A paused batch is refused by the unit of work's condition on the scan shard, not here.
    expect(checkScannedCode(verifyProductCode(mac, code), batch({ state: 'paused' }), AT)).toEqual({ ok: true, batchNo: 7, serial: 3, code });
  });
});

describe('planScan', () => {
  test('points from the batch or the rule; the warranty to the day before N months on; the default daily limit', () => {
    expect(scanPoints(batch({}, { points: 25 }), 10)).toBe(25);
    expect(scanPoints(batch(), 10)).toBe(10);
    const p = plan();
    expect(p.result).toEqual({ sku: 'SKU-1', name: '面霜', points: 10, coupon: null, couponNote: null, warranty: { months: 12, until: '2027-11-22' } });
    expect(p.limit).toEqual({ count: 20, period: 'day', key: expect.any(String) });
    expect([p.scanShard, p.batchDayLimit, p.product.productId]).toEqual([1, null, '7-5']);
    expect(plan({ earning: null }).result.points).toBe(0);
    expect(plan({ batch: batch({}, { dailyLimitPerMember: 2 }) }).batchDayLimit).toEqual({ count: 2, day: DAY });
  });

  test('the coupon: issued like a claim, or a note saying why not; a note from an earlier attempt holds', () => {
    const template: IssuableTemplate = {
      id: 't1',
      state: 'active',
      shards: 2,
      definition: { name: '满100减10', kind: 'threshold', amountOffFen: 1_000, thresholdFen: 10_000, scope: { kind: 'all' }, stores: null, stackable: true, validity: { kind: 'afterIssue', days: 30 }, stock: 10, perMemberLimit: 1 },
    };
    const p = plan({ template });
    expect(p.coupon).toMatchObject({ limited: true, perMemberLimit: 1, coupon: { couponId: 'c_1', source: 'productScan', shard: 0 } });
    expect(p.result.coupon).toEqual({ id: 'c_1', name: '满100减10', summary: expect.any(String) });
    expect(plan({ template: { ...template, state: 'paused' } }).result).toMatchObject({ coupon: null, couponNote: 'template_paused' });
    expect(plan({ template, dry: new Set([0, 1]) }).result.couponNote).toBe('sold_out');
    expect(plan({ template, couponNote: 'claim_limit' })).toMatchObject({ coupon: null, result: { couponNote: 'claim_limit' } });
  });
});

describe('afterScanFailure', () => {
  const p = plan({ batch: batch({}, { dailyLimitPerMember: 2 }) });
  const result: ScanResult = p.result;
  test('her own earlier scan is answered again; anyone else is told the date', () => {
    expect(afterScanFailure({ kind: 'code_spent', mark: { memberId: 'm1', at: '2026-11-20T02:00:00.000Z', result } }, p)).toEqual({ next: 'replay', at: '2026-11-20T02:00:00.000Z', result });
    expect(afterScanFailure({ kind: 'code_spent', mark: { memberId: 'm2', at: '2026-11-20T18:00:00.000Z', result } }, p)).toEqual({ next: 'refuse', refusal: 'code_used', usedOn: '2026-11-21' });
    expect(afterScanFailure({ kind: 'code_spent', mark: null }, p)).toEqual({ next: 'retry' });
  });
  test('limits, a batch no longer active, the coupon, a moved revision', () => {
    expect(afterScanFailure({ kind: 'limit_reached', which: 'period' }, p)).toEqual({ next: 'refuse', refusal: 'scan_limit', count: 20, period: 'day' });
    expect(afterScanFailure({ kind: 'limit_reached', which: 'batch_day' }, p)).toEqual({ next: 'refuse', refusal: 'scan_limit', count: 2, period: 'day' });
    expect(afterScanFailure({ kind: 'batch_inactive' }, p)).toEqual({ next: 'check_batch' });
    expect(afterScanFailure({ kind: 'coupon_limit_reached' }, p)).toEqual({ next: 'retry', couponNote: 'claim_limit' });
    expect(afterScanFailure({ kind: 'stock_out' }, p)).toEqual({ next: 'retry' });
    expect(afterScanFailure({ kind: 'revision_moved' }, p)).toEqual({ next: 'retry' });
  });
});

describe('scans over the model: a code is scanned once', () => {
  test('points are credited once per code; her rescan answers the first scan, anyone else’s is refused', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 5 })), { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 50 }), (scans, points) => {
        const marks = new Map<number, { memberId: string; at: string; result: ScanResult }>();
        const credited = new Map<string, number>();
        for (const [m, serial] of scans) {
          const memberId = `m${m}`;
          const at = new Date(Date.parse(AT) + credited.size * 1000).toISOString();
          const p = plan({ memberId, serial, at, batch: batch({}, { points }), earning: earning(points) });
          // The unit of work: only the first scan writes the used mark (and so the points).
          const old = marks.get(serial);
          const failure: ScanFailure | null = old ? { kind: 'code_spent', mark: old } : null;
          if (!failure) {
            marks.set(serial, { memberId, at, result: p.result });
            credited.set(memberId, (credited.get(memberId) ?? 0) + p.earning!.earned);
            continue;
          }
          const next = afterScanFailure(failure, p);
          if (old!.memberId === memberId) expect(next).toEqual({ next: 'replay', at: old!.at, result: old!.result });
          else expect(next).toMatchObject({ next: 'refuse', refusal: 'code_used' });
        }
        const total = [...credited.values()].reduce((s, x) => s + x, 0);
        expect(total).toBe(points * marks.size);
      }),
      { numRuns: 200 },
    );
  });
});
