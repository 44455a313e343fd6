import fc from 'fast-check';
import { evaluateCoupons, inScope, keepsStamp, stampsFor, UNKNOWN_OWNER, type BasketLine, type CouponAtTill, type CouponTerms, type StampCardAtTill } from '../../shared/domain';

const NOW = '2026-11-23T04:00:00.000Z';
const coupon = (id: string, terms: Partial<CouponTerms> & Pick<CouponTerms, 'kind'>, over: Partial<CouponAtTill> = {}): CouponAtTill => ({
  id,
  ownerId: 'm1',
  state: 'available',
  validFrom: '2026-01-01T00:00:00.000Z',
  validUntil: '2026-12-31T15:59:59.999Z',
  terms: { scope: { kind: 'all' }, stores: null, stackable: true, ...terms },
  ...over,
});
const basket: BasketLine[] = [
  { sku: 'DRESS', category: '服装', quantity: 1, unitPriceFen: 39_900 },
  { sku: 'SOCKS', category: '配件', quantity: 3, unitPriceFen: 2_000 },
];
const run = (coupons: CouponAtTill[], lines = basket, storeId = 'S001') => evaluateCoupons({ lines, coupons, memberId: 'm1', storeId, now: NOW });

describe('coupon discounts: examples', () => {
  test('amount off, 满减 with its threshold, percent off with a cap, gift', () => {
    expect(run([coupon('a', { kind: 'amountOff', amountOffFen: 5_000 })]).discountFen).toBe(5_000);
    expect(run([coupon('t', { kind: 'threshold', amountOffFen: 5_000, thresholdFen: 50_000 })]).refusals[0]!.reason).toBe('below_threshold');
    expect(run([coupon('t', { kind: 'threshold', amountOffFen: 5_000, thresholdFen: 40_000 })]).discountFen).toBe(5_000);
    expect(run([coupon('p', { kind: 'percentOff', percentOff: 20, maxDiscountFen: 6_000 })]).discountFen).toBe(6_000);
    expect(run([coupon('p', { kind: 'percentOff', percentOff: 10, maxDiscountFen: null })]).discountFen).toBe(4_590);
    const gift = run([coupon('g', { kind: 'gift', giftSku: 'SOCKS' })]);
    expect(gift.applied[0]).toEqual({ couponId: 'g', discountFen: 2_000, allocationsFen: [0, 2_000] });
    expect(run([coupon('g', { kind: 'gift', giftSku: 'HAT' })]).refusals[0]!.reason).toBe('gift_not_in_order');
  });

  test('each refusal has its reason', () => {
    const r = run([
      coupon('owner', { kind: 'amountOff', amountOffFen: 100 }, { ownerId: 'm2' }),
      coupon('nosuch', { kind: 'amountOff', amountOffFen: 100 }, { ownerId: UNKNOWN_OWNER }),
      coupon('used', { kind: 'amountOff', amountOffFen: 100 }, { state: 'used' }),
      coupon('late', { kind: 'amountOff', amountOffFen: 100 }, { validUntil: '2026-11-01T00:00:00.000Z' }),
      coupon('early', { kind: 'amountOff', amountOffFen: 100 }, { validFrom: '2026-12-01T00:00:00.000Z' }),
      coupon('store', { kind: 'amountOff', amountOffFen: 100, stores: ['S002'] }),
      coupon('scope', { kind: 'amountOff', amountOffFen: 100, scope: { kind: 'categories', categories: ['美妆'] } }),
      coupon('stamp', { kind: 'stampCard' }),
      coupon('solo', { kind: 'amountOff', amountOffFen: 100, stackable: false }),
    ]);
    expect(r.refusals.map((x) => [x.couponId, x.reason])).toEqual([
      ['owner', 'not_owner'],
      ['nosuch', 'unknown'],
      ['used', 'used'],
      ['late', 'expired'],
      ['early', 'not_yet_valid'],
      ['store', 'wrong_store'],
      ['scope', 'out_of_scope'],
      ['stamp', 'not_for_checkout'],
      ['solo', 'not_stackable'],
    ]);
    expect(r.applied).toEqual([]);
  });

  test('a coupon larger than the order stops at what is payable; the next one finds nothing left', () => {
    const r = run([coupon('big', { kind: 'amountOff', amountOffFen: 100_000 }), coupon('more', { kind: 'amountOff', amountOffFen: 100 })]);
    expect(r.discountFen).toBe(45_900);
    expect(r.payableFen).toBe(0);
    expect(r.refusals.map((x) => x.reason)).toEqual(['nothing_left_to_discount']);
  });

  test('a category coupon only touches its lines', () => {
    const r = run([coupon('acc', { kind: 'amountOff', amountOffFen: 1_000, scope: { kind: 'categories', categories: ['配件'] } })]);
    expect(r.applied[0]!.allocationsFen).toEqual([0, 1_000]);
  });
});

const lineArb = fc.record({
  sku: fc.constantFrom('A', 'B', 'C', 'D'),
  category: fc.constantFrom('服装', '配件', '美妆', undefined),
  quantity: fc.integer({ min: 1, max: 5 }),
  unitPriceFen: fc.integer({ min: 0, max: 100_000 }),
});
const scopeArb = fc.oneof(
  fc.constant({ kind: 'all' as const }),
  fc.record({ kind: fc.constant('skus' as const), skus: fc.subarray(['A', 'B', 'C', 'D']) }),
  fc.record({ kind: fc.constant('categories' as const), categories: fc.subarray(['服装', '配件', '美妆']) }),
);
const termsArb: fc.Arbitrary<CouponTerms> = fc.record({
  kind: fc.constantFrom('amountOff', 'percentOff', 'threshold', 'gift', 'stampCard') as fc.Arbitrary<CouponTerms['kind']>,
  amountOffFen: fc.integer({ min: 1, max: 200_000 }),
  percentOff: fc.integer({ min: 1, max: 100 }),
  maxDiscountFen: fc.option(fc.integer({ min: 1, max: 50_000 }), { nil: null }),
  thresholdFen: fc.integer({ min: 0, max: 300_000 }),
  giftSku: fc.constantFrom('A', 'B', 'C', 'D'),
  scope: scopeArb,
  stores: fc.option(fc.subarray(['S001', 'S002']), { nil: null }),
  stackable: fc.boolean(),
});
const couponsArb = fc.array(
  fc.record({ id: fc.string({ minLength: 1, maxLength: 4 }), ownerId: fc.constantFrom('m1', 'm2'), state: fc.constantFrom('available', 'available', 'used'), terms: termsArb }),
  { maxLength: 5 },
);

describe('coupon discounts: properties', () => {
  test('never more than payable; each coupon’s allocations sum to its discount; no discount lands outside a coupon’s scope', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 6 }), couponsArb, (lines, raw) => {
        const coupons = raw.map((c) => ({ ...c, validFrom: '2026-01-01T00:00:00.000Z', validUntil: '2026-12-31T00:00:00.000Z' }) as CouponAtTill);
        const r = run(coupons, lines);
        const total = lines.reduce((s, l) => s + l.quantity * l.unitPriceFen, 0);
        expect(r.linesTotalFen).toBe(total);
        expect(r.discountFen).toBeLessThanOrEqual(total);
        expect(r.payableFen).toBeGreaterThanOrEqual(0);
        const perLine = lines.map(() => 0);
        for (const a of r.applied) {
          expect(a.allocationsFen.reduce((s, x) => s + x, 0)).toBe(a.discountFen);
          const c = coupons.find((x) => x.id === a.couponId)!;
          a.allocationsFen.forEach((x, i) => {
            expect(x).toBeGreaterThanOrEqual(0);
            if (x > 0) expect(inScope(c.terms.scope, lines[i]!)).toBe(true);
            perLine[i]! += x;
          });
          expect(c.ownerId).toBe('m1');
          expect(c.terms.kind).not.toBe('stampCard');
        }
        perLine.forEach((d, i) => expect(d).toBeLessThanOrEqual(lines[i]!.quantity * lines[i]!.unitPriceFen));
        expect(r.applied.length + r.refusals.length).toBe(coupons.length);
      }),
      { numRuns: 500 },
    );
  });
});

describe('stamp cards', () => {
  const card = (id: string, stamps: number, over: Partial<StampCardAtTill> = {}, terms: Partial<CouponTerms> = {}): StampCardAtTill => ({
    id,
    state: 'available',
    validFrom: '2026-01-01T00:00:00.000Z',
    validUntil: '2026-12-31T15:59:59.999Z',
    stamps,
    terms: { kind: 'stampCard', scope: { kind: 'all' }, stores: null, stackable: true, stampCard: { purchasesNeeded: 3, minOrderFen: 10_000, rewardTemplateId: 't_r' }, ...terms },
    ...over,
  });
  const paid = (fen: number, sku = 'DRESS', category = '服装'): BasketLine[] => [{ sku, category, quantity: 1, unitPriceFen: fen }];
  const stamp = (cards: StampCardAtTill[], lines: BasketLine[], storeId = 'S001') => stampsFor({ cards, paidLines: lines, storeId, now: NOW });

  test('a purchase paying the minimum stamps once; the one that fills the card completes it', () => {
    expect(stamp([card('c', 0)], paid(10_000))).toEqual([{ couponId: 'c', stampsBefore: 0, stampsAfter: 1, completes: false }]);
    expect(stamp([card('c', 2)], paid(10_000))).toEqual([{ couponId: 'c', stampsBefore: 2, stampsAfter: 3, completes: true }]);
    expect(stamp([card('c', 0)], paid(9_999))).toEqual([]);
  });

  test('no stamp on a full, used, expired, not-yet-valid card, at another store, or outside its scope', () => {
    expect(stamp([card('c', 3)], paid(50_000))).toEqual([]);
    expect(stamp([card('c', 1, { state: 'used' })], paid(50_000))).toEqual([]);
    expect(stamp([card('c', 1, { validUntil: '2026-11-01T00:00:00.000Z' })], paid(50_000))).toEqual([]);
    expect(stamp([card('c', 1, { validFrom: '2026-12-01T00:00:00.000Z' })], paid(50_000))).toEqual([]);
    expect(stamp([card('c', 1, {}, { stores: ['S002'] })], paid(50_000))).toEqual([]);
    expect(stamp([card('c', 1, {}, { scope: { kind: 'categories', categories: ['咖啡'] } })], paid(50_000))).toEqual([]);
    expect(stamp([card('c', 1, {}, { scope: { kind: 'categories', categories: ['咖啡'] } })], paid(50_000, 'BEANS', '咖啡'))).toHaveLength(1);
  });

  test('property: at most one stamp per card per order, never past what is needed; a return keeps the stamp iff what is left still pays the minimum', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 2, max: 5 }), fc.integer({ min: 0, max: 30_000 }), fc.integer({ min: 0, max: 30_000 }), (stamps, needed, fen, min) => {
        const c = card('c', Math.min(stamps, needed), {}, { stampCard: { purchasesNeeded: needed, minOrderFen: min, rewardTemplateId: 't_r' } });
        const out = stamp([c, c], paid(fen));
        for (const s of out) {
          expect(s.stampsAfter).toBe(s.stampsBefore + 1);
          expect(s.stampsAfter).toBeLessThanOrEqual(needed);
          expect(s.completes).toBe(s.stampsAfter === needed);
        }
        const stamped = out.length > 0;
        expect(stamped).toBe(c.stamps < needed && fen > 0 && fen >= min);
        if (stamped) expect(keepsStamp(c.terms, paid(fen))).toBe(true);
        expect(keepsStamp(c.terms, paid(Math.floor(fen / 2)))).toBe(Math.floor(fen / 2) > 0 && Math.floor(fen / 2) >= min);
      }),
    );
  });
});
