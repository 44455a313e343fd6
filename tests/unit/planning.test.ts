/**
 * Issue 18, part C: the snapshot's aggregation (bands partition the members, shares add up to 100,
 * histogram buckets are consistent), the planner (reproduces target shares on generated spend within
 * one percentage point, counts moves exactly) and repurchase medians.
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { planThresholds, roundestIn } from '../../shared/domain/planner';
import { dueDayOf, medianDays, repeatInterval } from '../../shared/domain/repurchase';
import { DEFAULT_RFM_CONFIG } from '../../shared/domain/rfm';
import { addMember, addToHistogram, bandSizes, bucketLow, bucketOf, emptyPartial, mergePartials, pyramidOf, tierMovesByMonth, type Histogram } from '../../shared/domain/snapshot';
import { qualifyingTier } from '../../shared/domain/tiers';

const LADDER = [
  { code: 'silver', name: '银卡', rank: 0, threshold: 0 },
  { code: 'gold', name: '金卡', rank: 1, threshold: 300_000 },
  { code: 'platinum', name: '铂金卡', rank: 2, threshold: 1_000_000 },
];

/** A seeded generator (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const normal = (r: () => number) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());

type Shape = 'lognormal' | 'uniform' | 'pareto' | 'mixture';
function generate(seed: number, n: number, shape: Shape, zeroShare: number): number[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => {
    if (r() < zeroShare) return 0;
    if (shape === 'lognormal') return Math.max(1000, Math.round(Math.exp(11 + 1.1 * normal(r))));
    if (shape === 'uniform') return 1000 + Math.floor(r() * 2_000_000);
    if (shape === 'pareto') return Math.round(10_000 / Math.pow(1 - r(), 1 / 1.5));
    return r() < 0.7 ? Math.max(1000, Math.round(Math.exp(10 + 0.6 * normal(r)))) : Math.max(1000, Math.round(Math.exp(13 + 0.8 * normal(r))));
  });
}

describe('histogram buckets', () => {
  it('every amount lies in its bucket: bucketLow(b) <= x < bucketLow(b+1), and buckets are 0.5 % wide', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2_000_000_000 }), (x) => {
        const b = bucketOf(x);
        expect(bucketLow(b)).toBeLessThanOrEqual(x);
        expect(bucketLow(b + 1)).toBeGreaterThan(x);
        if (x > 1000) expect(bucketLow(b + 1) / bucketLow(b)).toBeLessThan(1.0052);
      }),
    );
    expect(bucketOf(0)).toBe(-1);
  });
});

describe('snapshot aggregation', () => {
  const day = '2026-12-01';
  const member = (r: () => number) => {
    const months: Record<string, { orders: number; spendFen: number }> = {};
    const bought = r() < 0.8;
    let last: string | null = null;
    if (bought) {
      for (let i = 0; i < 14; i++) {
        if (r() < 0.3) {
          const m = `2026-${String(12 - (i % 12)).padStart(2, '0')}`;
          months[i < 12 ? m : `2025-${String(12 - (i - 12)).padStart(2, '0')}`] = { orders: 1 + Math.floor(r() * 3), spendFen: Math.floor(r() * 100_000) };
        }
      }
      last = `2026-${String(1 + Math.floor(r() * 11)).padStart(2, '0')}-0${1 + Math.floor(r() * 9)}T04:00:00.000Z`;
    }
    return { facts: { tierCode: ['silver', 'gold', 'platinum'][Math.floor(r() * 3)]!, firstPurchaseAt: last ? '2025-01-01T04:00:00.000Z' : null, lastPurchaseAt: last, months }, qualifying: r() < 0.05 ? null : Math.floor(r() * 2_000_000) };
  };

  it('segments merge to the same totals in any split; bands partition the members; shares add up to 100', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 5 }), (seed, n, parts) => {
        const r = rng(seed);
        const ms = Array.from({ length: n }, () => member(r));
        const whole = emptyPartial(DEFAULT_RFM_CONFIG);
        for (const m of ms) addMember(whole, m, day, DEFAULT_RFM_CONFIG);
        const split = Array.from({ length: parts }, () => emptyPartial(DEFAULT_RFM_CONFIG));
        ms.forEach((m, i) => addMember(split[i % parts]!, m, day, DEFAULT_RFM_CONFIG));
        const merged = split.reduce((a, b) => mergePartials(a, b), emptyPartial(DEFAULT_RFM_CONFIG));
        expect(merged).toEqual(whole);
        expect(Object.values(whole.lifecycle).reduce((a, b) => a + b, 0)).toBe(n);
        expect(Object.values(whole.tiers).reduce((a, b) => a + b, 0)).toBe(n);
        const pyr = pyramidOf(whole.spend);
        expect(pyr.reduce((a, b) => a + b.members, 0)).toBe(n);
        const spend = Object.values(whole.spend).reduce((a, b) => a + b.s, 0);
        if (spend > 0) expect(Math.abs(pyr.reduce((a, b) => a + b.spendShare, 0) - 100)).toBeLessThanOrEqual(0.2);
        // Bands are ranked: a higher band's lowest spend is at least the next one's.
        for (let i = 1; i < pyr.length; i++) if (pyr[i]!.members > 0 && pyr[i - 1]!.members > 0) expect(pyr[i - 1]!.minSpendFen).toBeGreaterThanOrEqual(pyr[i]!.minSpendFen);
      }),
      { numRuns: 60 },
    );
  });

  it('a partial grows with the buckets in use, not with members: 200,000 members stay far below the 400 KB item limit', () => {
    const r = rng(3);
    const p = emptyPartial(DEFAULT_RFM_CONFIG);
    const tiers = ['MEMBER', 'SILVER', 'GOLD', 'PLATINUM'];
    for (let i = 0; i < 200_000; i++) {
      const spend = Math.round(Math.exp(10 + 2 * normal(r)));
      addMember(p, { facts: { tierCode: tiers[i % 4]!, firstPurchaseAt: null, lastPurchaseAt: null, months: { '2026-11': { orders: 1, spendFen: spend } } }, qualifying: spend }, day, DEFAULT_RFM_CONFIG);
    }
    const packed = gzipSync(Buffer.from(JSON.stringify(p))).length;
    expect(packed).toBeLessThan(150_000);
  });

  it('band sizes are 10/20/30/40 % of the members by rank and add up', () => {
    expect(bandSizes(1000)).toEqual([100, 200, 300, 400]);
    expect(bandSizes(7)).toEqual([1, 1, 2, 3]);
    fc.assert(fc.property(fc.integer({ min: 0, max: 100_000 }), (n) => expect(bandSizes(n).reduce((a, b) => a + b, 0)).toBe(n)));
  });

  it('the pyramid matches an exact ranking: members exactly, spend share within 0.5 pp', () => {
    const values = generate(7, 5000, 'lognormal', 0.1);
    const orders = values.map((v, i) => (v ? 1 + (i % 5) : 0));
    const h: Histogram = {};
    values.forEach((v, i) => addToHistogram(h, v, orders[i]));
    const pyr = pyramidOf(h);
    const sorted = values.map((v, i) => [v, orders[i]!] as const).sort((a, b) => b[0] - a[0]);
    const total = values.reduce((a, b) => a + b, 0);
    let at = 0;
    bandSizes(values.length).forEach((size, i) => {
      const band = sorted.slice(at, at + size);
      at += size;
      expect(pyr[i]!.members).toBe(size);
      const share = (band.reduce((a, b) => a + b[0], 0) * 100) / total;
      expect(Math.abs(pyr[i]!.spendShare - share)).toBeLessThanOrEqual(0.5);
      expect(pyr[i]!.minSpendFen).toBeLessThanOrEqual(band[band.length - 1]![0]);
      expect(pyr[i]!.minSpendFen).toBeGreaterThanOrEqual(band[band.length - 1]![0] / 1.006);
    });
  });

  it('tier moves per month count ups and downs by rank', () => {
    const rank = new Map(LADDER.map((t) => [t.code, t.rank]));
    expect(
      tierMovesByMonth(
        [
          { from: 'silver', to: 'gold', day: '2026-11-03' },
          { from: 'platinum', to: 'gold', day: '2026-11-09' },
          { from: 'gold', to: 'platinum', day: '2026-12-01' },
          { from: 'gone', to: 'gold', day: '2026-12-01' },
        ],
        (c) => rank.get(c),
      ),
    ).toEqual({ '2026-11': { ups: 1, downs: 1 }, '2026-12': { ups: 1, downs: 0 } });
  });
});

describe('tier-threshold planner', () => {
  const histogramOf = (values: number[], tiers?: string[]) => {
    const h: Histogram = {};
    values.forEach((v, i) => addToHistogram(h, v, 0, tiers?.[i] ?? 'silver'));
    return h;
  };
  /** The shares the proposal gives, counted member by member as the tier program compares (total >= threshold). */
  const realShares = (values: number[], thresholds: number[]) => {
    const ladder = thresholds.map((t, i) => ({ code: String(i), name: String(i), rank: i, threshold: t, multiplier: 1, retentionMonths: 12, birthdayGift: null, perks: [] }));
    const counts = thresholds.map(() => 0);
    for (const v of values) counts[qualifyingTier({ tiers: ladder }, v).rank]!++;
    return counts.map((c) => (c * 100) / values.length);
  };

  it('reproduces the target shares on generated spend within one percentage point', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e9 }),
        fc.constantFrom<Shape>('lognormal', 'uniform', 'pareto', 'mixture'),
        fc.integer({ min: 2, max: 5 }).chain((k) => fc.array(fc.integer({ min: 5, max: 60 }), { minLength: k, maxLength: k })),
        fc.integer({ min: 0, max: 30 }),
        (seed, shape, raw, zeroPct) => {
          const sum = raw.reduce((a, b) => a + b, 0);
          const shares = raw.map((x) => (x * 100) / sum);
          shares[0] = 100 - shares.slice(1).reduce((a, b) => a + b, 0);
          fc.pre(zeroPct < shares[0]! - 1);
          const values = generate(seed, 4000, shape, zeroPct / 100);
          const plan = planThresholds(histogramOf(values), shares, LADDER);
          const thresholds = plan.tiers.map((t) => t.thresholdFen);
          for (let i = 1; i < thresholds.length; i++) expect(thresholds[i]).toBeGreaterThan(thresholds[i - 1]!);
          const real = realShares(values, thresholds);
          real.forEach((s, i) => {
            expect(Math.abs(s - shares[i]!)).toBeLessThanOrEqual(1);
            expect(plan.tiers[i]!.members).toBe(Math.round((s * values.length) / 100));
          });
        },
      ),
      { numRuns: 120 },
    );
  });

  it('counts moves up / down / unchanged against the tiers held now, member by member', () => {
    const r = rng(42);
    const values = generate(42, 3000, 'lognormal', 0.05);
    const held = values.map(() => LADDER[Math.floor(r() * 3)]!.code);
    const plan = planThresholds(histogramOf(values, held), [60, 30, 10], LADDER);
    const th = plan.tiers.map((t) => t.thresholdFen);
    let up = 0;
    let down = 0;
    let same = 0;
    values.forEach((v, i) => {
      const k = v >= th[2]! ? 2 : v >= th[1]! ? 1 : 0;
      const cur = LADDER.find((t) => t.code === held[i])!.rank;
      if (k > cur) up++;
      else if (k < cur) down++;
      else same++;
    });
    expect({ up: plan.movesUp, down: plan.movesDown, same: plan.unchanged }).toEqual({ up, down, same });
    expect(plan.tiers.map((t) => t.code)).toEqual(['silver', 'gold', 'platinum']);
    expect(plan.tiers.map((t) => t.currentThresholdFen)).toEqual([0, 300_000, 1_000_000]);
    expect(plan.tiers[0]!.thresholdFen).toBe(0);
  });

  it('proposes round amounts when the counts allow', () => {
    expect(roundestIn(123_456, 131_000)).toBe(130_000);
    expect(roundestIn(123_456, 123_999)).toBe(123_500);
    expect(roundestIn(7, 7)).toBe(7);
  });

  it('an empty brand gives zero members and no moves', () => {
    const p = planThresholds({}, [70, 20, 10], LADDER);
    expect(p.members).toBe(0);
    expect(p.tiers.map((t) => t.members)).toEqual([0, 0, 0]);
  });
});

describe('repurchase cycles', () => {
  it('intervals are whole days after an earlier purchase day', () => {
    expect(repeatInterval(null, '2026-12-01')).toBeNull();
    expect(repeatInterval('2026-12-01', '2026-12-01')).toBeNull();
    expect(repeatInterval('2026-12-05', '2026-12-01')).toBeNull();
    expect(repeatInterval('2026-11-01', '2026-12-01')).toBe(30);
  });
  it('median of the counts matches the median of the expanded list', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 200 }), (xs) => {
        const counts: Record<string, number> = {};
        for (const x of xs) counts[x] = (counts[x] ?? 0) + 1;
        const s = [...xs].sort((a, b) => a - b);
        const mid = Math.floor(s.length / 2);
        expect(medianDays(counts)).toBe(s.length % 2 ? s[mid] : (s[mid - 1]! + s[mid]!) / 2);
      }),
    );
    expect(medianDays({})).toBeNull();
  });
  it('the due day is the purchase day plus the SKU median (else the category), once enough intervals exist', () => {
    expect(dueDayOf('2026-12-01', { counts: { 30: 2 } }, null, 3)).toBeNull();
    expect(dueDayOf('2026-12-01', { counts: { 30: 2, 32: 1 } }, null, 3)).toBe('2016-12-31'.replace('2016', '2026'));
    expect(dueDayOf('2026-12-01', { counts: { 30: 1 } }, { counts: { 20: 3 } }, 3)).toBe('2026-12-21');
  });
});
