/**
 * The decisions of a coupon claim (shared/domain/coupon-claim.ts), without a database: examples, and
 * properties over a model of the unit of work's conditions (a shard's `remaining > 0`, the member's
 * counter below her limit, the request's once-only key): never more issued than the stock, a member
 * never over her limit, one coupon per request, sold out only when every shard has run dry.
 */
import fc from 'fast-check';
import { balanceOf, type PointsState } from '../../shared/domain';
import {
  afterIssueFailure,
  couponTermsOf,
  decideIssue,
  decidePayment,
  dryShardsOf,
  type IssuableTemplate,
  type IssueFailure,
  type IssueRefusal,
} from '../../shared/domain/coupon-claim';

const AT = '2026-11-23T04:00:00.000Z';
const template = (over: Partial<IssuableTemplate> = {}, def: Partial<IssuableTemplate['definition']> = {}): IssuableTemplate => ({
  id: 't1',
  state: 'active',
  shards: 4,
  definition: {
    name: '满100减10',
    kind: 'threshold',
    amountOffFen: 1_000,
    thresholdFen: 10_000,
    scope: { kind: 'all' },
    stores: null,
    stackable: true,
    validity: { kind: 'afterIssue', days: 30 },
    stock: 100,
    perMemberLimit: 1,
    ...def,
  },
  ...over,
});
const draw = (pick = 0) => ({ pick: () => pick, couponId: 'c_1', code: '8800000000000001' });

describe('decideIssue: examples', () => {
  test('a paused template, an ended one, and one whose shards are all known dry are refused, in that order', () => {
    const ended = { validity: { kind: 'fixed' as const, from: '2026-01-01T00:00:00.000Z', until: AT } };
    expect(decideIssue({ template: template({ state: 'paused' }, ended), dry: new Set([0, 1, 2, 3]), memberId: 'm1', source: 'centre', at: AT, draw: draw() })).toEqual({ ok: false, refusal: 'template_paused' });
    expect(decideIssue({ template: template({}, ended), dry: new Set([0, 1, 2, 3]), memberId: 'm1', source: 'centre', at: AT, draw: draw() })).toEqual({ ok: false, refusal: 'template_ended' });
    expect(decideIssue({ template: template(), dry: new Set([0, 1, 2, 3]), memberId: 'm1', source: 'centre', at: AT, draw: draw() })).toEqual({ ok: false, refusal: 'sold_out' });
  });

  test('the coupon: a shard not known dry, valid N days from issue, the terms and summary of the template', () => {
    const d = decideIssue({ template: template(), dry: new Set([0, 2]), memberId: 'm1', source: 'centre', at: AT, draw: draw(1) });
    if (!d.ok) throw new Error('expected a coupon');
    expect(d.shard).toBe(3);
    expect(d.coupon).toEqual({
      memberId: 'm1',
      couponId: 'c_1',
      templateId: 't1',
      name: '满100减10',
      summary: expect.any(String),
      code: '8800000000000001',
      terms: { kind: 'threshold', amountOffFen: 1_000, thresholdFen: 10_000, scope: { kind: 'all' }, stores: null, stackable: true },
      state: 'available',
      validFrom: AT,
      validUntil: '2026-12-23T04:00:00.000Z',
      issuedAt: AT,
      source: 'centre',
      shard: 3,
    });
  });

  test('a fixed window is kept as it is; a stamp card starts with no stamps', () => {
    const fixed = { kind: 'fixed' as const, from: '2026-11-01T00:00:00.000Z', until: '2026-12-31T15:59:59.999Z' };
    const stamp = { purchasesNeeded: 5, minOrderFen: 0, rewardTemplateId: 't2' };
    const d = decideIssue({ template: template({}, { kind: 'stampCard', stampCard: stamp, validity: fixed, amountOffFen: undefined, thresholdFen: undefined }), dry: new Set(), memberId: 'm1', source: 'centre', at: AT, draw: draw() });
    if (!d.ok) throw new Error('expected a coupon');
    expect([d.coupon.validFrom, d.coupon.validUntil]).toEqual([fixed.from, fixed.until]);
    expect([d.coupon.stamps, d.coupon.stampOrders]).toEqual([0, []]);
    expect(d.coupon.terms.stampCard).toEqual(stamp);
  });

  test('terms leave out what the template does not set', () => {
    expect(couponTermsOf(template().definition)).not.toHaveProperty('percentOff');
    expect(couponTermsOf(template({}, { maxDiscountFen: null }).definition).maxDiscountFen).toBeNull();
  });

  test('dry shards: only a limited stock runs dry', () => {
    const shards = [
      { shard: 0, remaining: 0 },
      { shard: 1, remaining: 3 },
      { shard: 2, remaining: null },
    ];
    expect(dryShardsOf(10, shards)).toEqual([0, 2]);
    expect(dryShardsOf(null, shards)).toEqual([]);
  });
});

describe('afterIssueFailure', () => {
  test('a replayed request answers its first coupon; the limit refuses; a dry shard is noted; the rest draws again', () => {
    expect(afterIssueFailure({ kind: 'request_replayed', couponId: 'c_0' }, 2)).toEqual({ next: 'replay', couponId: 'c_0' });
    expect(afterIssueFailure({ kind: 'request_replayed', couponId: null }, 2)).toEqual({ next: 'retry', dry: null });
    expect(afterIssueFailure({ kind: 'limit_reached' }, 2)).toEqual({ next: 'refuse', refusal: 'claim_limit' });
    expect(afterIssueFailure({ kind: 'stock_out' }, 2)).toEqual({ next: 'retry', dry: 2 });
    expect(afterIssueFailure({ kind: 'revision_moved' }, 2)).toEqual({ next: 'retry', dry: null });
    expect(afterIssueFailure({ kind: 'conflict' }, 2)).toEqual({ next: 'retry', dry: null });
  });
});

describe('decidePayment', () => {
  const points: PointsState = { buckets: [{ expiresOn: '2027-12-31', availableOn: '2026-11-01', points: 300 }, { expiresOn: '2027-12-31', availableOn: '2026-12-01', points: 500 }], debt: 0 };
  test('only spendable points pay; a secondary card never pays', () => {
    expect(decidePayment({ familyRole: 'secondary', points, cost: 10, day: '2026-11-23' })).toEqual({ ok: false, refusal: 'secondary_card' });
    expect(decidePayment({ familyRole: 'none', points, cost: 400, day: '2026-11-23' })).toEqual({ ok: false, refusal: 'insufficient_points', available: 300 });
    const ok = decidePayment({ familyRole: 'primary', points, cost: 120, day: '2026-11-23' });
    if (!ok.ok) throw new Error('expected payment');
    expect(balanceOf(ok.next)).toBe(680);
  });
});

/** A model of the claim's unit of work: the same conditions as writeIssue, applied atomically. */
interface World {
  remaining: number[];
  counts: Map<string, number>;
  once: Map<string, string>;
  coupons: Map<string, string>;
}

function unitOfWork(w: World, u: { memberId: string; couponId: string; shard: number; limit: number | null; onceKey: string }): IssueFailure | null {
  // The once-only key lives in the member's partition: it is hers.
  const once = `${u.memberId}|${u.onceKey}`;
  const first = w.once.get(once);
  if (first !== undefined) return { kind: 'request_replayed', couponId: first };
  const held = w.counts.get(u.memberId) ?? 0;
  if (u.limit !== null && held >= u.limit) return { kind: 'limit_reached' };
  if (w.remaining[u.shard]! <= 0) return { kind: 'stock_out' };
  w.remaining[u.shard]!--;
  w.counts.set(u.memberId, held + 1);
  w.once.set(once, u.couponId);
  w.coupons.set(u.couponId, u.memberId);
  return null;
}

/** The use case's loop (issueCoupon) over the model: decide, write, decide again on the failure. */
function claim(w: World, t: IssuableTemplate, dry: Set<number>, memberId: string, requestId: string, rnd: () => number, seq: { n: number }) {
  for (let attempt = 0; attempt < 60; attempt++) {
    const d = decideIssue({ template: t, dry, memberId, source: 'centre', at: AT, draw: { pick: (n) => Math.floor(rnd() * n), couponId: `c_${seq.n++}`, code: '88' } });
    if (!d.ok) return { refusal: d.refusal as IssueRefusal | 'claim_limit' };
    const failure = unitOfWork(w, { memberId, couponId: d.coupon.couponId, shard: d.shard, limit: t.definition.perMemberLimit, onceKey: `coupon#${t.id}#${requestId}` });
    if (!failure) return { couponId: d.coupon.couponId, replayed: false };
    const next = afterIssueFailure(failure, d.shard);
    if (next.next === 'replay') return { couponId: next.couponId, replayed: true };
    if (next.next === 'refuse') return { refusal: next.refusal };
    if (next.dry !== null) dry.add(next.dry);
  }
  return { busy: true };
}

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('claims over the model: properties', () => {
  test('never beyond the stock or a member’s limit; one coupon per request; sold out only when the stock is gone', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 16 }),
        fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 30 })), { minLength: 1, maxLength: 120 }),
        fc.integer(),
        (stock, shards, limit, claims, seed) => {
          const t = template({ shards }, { stock, perMemberLimit: limit });
          const w: World = { remaining: Array.from({ length: shards }, (_, i) => Math.floor(stock / shards) + (i < stock % shards ? 1 : 0)), counts: new Map(), once: new Map(), coupons: new Map() };
          const dry = new Set(dryShardsOf(stock, w.remaining.map((remaining, shard) => ({ shard, remaining }))));
          const rnd = mulberry32(seed);
          const seq = { n: 0 };
          const answered = new Map<string, string>();
          for (const [m, r] of claims) {
            const memberId = `m${m}`;
            const requestId = `${memberId}-r${r}`;
            const out = claim(w, t, dry, memberId, requestId, rnd, seq);
            expect(out).not.toHaveProperty('busy');
            if ('couponId' in out && out.couponId) {
              // A repeated request answers the coupon it got first, and nothing new is issued.
              if (answered.has(requestId)) expect([out.couponId, out.replayed]).toEqual([answered.get(requestId), true]);
              else {
                expect(out.replayed).toBe(false);
                answered.set(requestId, out.couponId);
              }
            } else if ('refusal' in out) {
              if (out.refusal === 'sold_out') expect(w.remaining.every((x) => x === 0)).toBe(true);
              if (out.refusal === 'claim_limit') expect(w.counts.get(memberId)).toBe(limit);
            }
            const issued = w.coupons.size;
            expect(issued).toBeLessThanOrEqual(stock);
            expect(issued + w.remaining.reduce((s, x) => s + x, 0)).toBe(stock);
            for (const held of w.counts.values()) if (limit !== null) expect(held).toBeLessThanOrEqual(limit);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  test('a new request of a member under her limit gets a coupon while any stock is left', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 16 }), fc.integer({ min: 1, max: 80 }), fc.integer(), (stock, shards, claimers, seed) => {
        const t = template({ shards }, { stock, perMemberLimit: 1 });
        const w: World = { remaining: Array.from({ length: shards }, (_, i) => Math.floor(stock / shards) + (i < stock % shards ? 1 : 0)), counts: new Map(), once: new Map(), coupons: new Map() };
        const dry = new Set(dryShardsOf(stock, w.remaining.map((remaining, shard) => ({ shard, remaining }))));
        const rnd = mulberry32(seed);
        const seq = { n: 0 };
        for (let i = 0; i < claimers; i++) {
          const left = w.remaining.reduce((s, x) => s + x, 0);
          const out = claim(w, t, dry, `m${i}`, 'r', rnd, seq);
          if (left > 0) expect(out).toHaveProperty('couponId');
          else expect(out).toEqual({ refusal: 'sold_out' });
        }
        expect(w.coupons.size).toBe(Math.min(stock, claimers));
      }),
      { numRuns: 300 },
    );
  });
});
