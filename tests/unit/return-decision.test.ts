/**
 * The return's decision with no database: from the order, the holder's points, holder and buyer and the
 * buyer's wallet to a refusal or the plan the unit of work writes. Business outcomes: points taken back
 * in proportion (from the order's own bucket first), debt when already spent, coupons restored on a whole
 * return, stamps taken back, refusals; property: cumulative partial returns never take back more than
 * was earned (exactly that when the whole order comes back), and the entries sum to the balance change.
 */
import fc from 'fast-check';
import type { CheckoutResponse, ReturnRequest } from '../../shared/contract';
import { balanceOf, type PointsState } from '../../shared/domain';
import type { OrderRecord } from '../../functions/adapters/dynamo/checkout-repo';
import type { MemberCouponRecord } from '../../functions/adapters/dynamo/coupon-repo';
import type { MemberRecord } from '../../functions/adapters/dynamo/member-repo';
import { decideReturn, planReturn, type ReturnInput } from '../../functions/returns/decide';

const NOW = new Date('2026-03-12T04:00:00.000Z');
const DAY = '2026-03-12';
const BUCKET = { expiresOn: '2027-12-31', availableOn: '2026-03-17' };

function member(over: Partial<MemberRecord> = {}): MemberRecord {
  return {
    memberId: 'm_alice',
    phone: '13900000002',
    openid: 'o-alice',
    name: null,
    gender: null,
    birthday: null,
    tier: { tierCode: 'MEMBER', since: '2026-01-01', retainUntil: null, manual: null },
    qualifying: { '2026-03': { spendFen: 40_000, points: 400 } },
    qrev: 4,
    familyRole: 'none',
    familyPrimaryId: null,
    familyCount: 0,
    familySince: null,
    familyInvite: null,
    firstPurchaseAt: '2026-03-10T04:00:00.000Z',
    lastPurchaseAt: '2026-03-10T04:00:00.000Z',
    factMonths: { '2026-03': { orders: 1, spendFen: 40_000 } },
    consentAt: '2026-01-01T00:00:00.000Z',
    createdAt: '2026-01-01T00:00:00.000Z',
    source: 'test',
    ...over,
  };
}

/** ¥400 in two lines (2 × ¥100 pyjamas, 1 × ¥200 dress), 400 points into a held bucket. */
function order(over: Partial<OrderRecord> = {}): OrderRecord {
  return {
    storeId: 'S001',
    orderId: 'A1',
    requestHash: 'h',
    memberId: 'm_alice',
    accountId: 'm_alice',
    amountFen: 40_000,
    items: [
      { sku: 'PJ', name: '睡衣', quantity: 2, unitPriceFen: 10_000 },
      { sku: 'DRESS', name: '连衣裙', quantity: 1, unitPriceFen: 20_000 },
    ],
    lineAllocationsFen: [20_000, 20_000],
    coupons: [],
    stamps: [],
    spendPoints: 400,
    bucket: BUCKET,
    month: '2026-03',
    createdAt: '2026-03-10T04:00:00.000Z',
    returnedFen: 0,
    returnedPoints: 0,
    returnedQty: [0, 0],
    rev: 0,
    result: {} as CheckoutResponse,
    ...over,
  };
}

const req = (over: Partial<ReturnRequest> = {}): ReturnRequest => ({ storeId: 'S001', orderId: 'A1', returnId: 'R1', amountFen: 10_000, ...over });
const points = (state: PointsState) => ({ memberId: 'm_alice', state, rev: 5, earnedTotal: 400 });

function input(over: Partial<ReturnInput> = {}): ReturnInput {
  return {
    req: req(),
    requestHash: 'rh',
    staffOpenid: 'demo-staff',
    now: NOW,
    day: DAY,
    order: order(),
    points: points({ buckets: [{ ...BUCKET, points: 400 }], debt: 0 }),
    holder: member(),
    buyer: member(),
    wallet: [],
    ...over,
  };
}

function planOf(i: ReturnInput) {
  const d = decideReturn(i);
  if (!d.ok) throw new Error(`refused: ${d.refusal.code}`);
  return d;
}

describe('return decision', () => {
  test('a partial return takes back points in proportion from the order’s bucket and leaves the month’s qualifying total', () => {
    const { plan, result } = planOf(input());
    expect(result).toMatchObject({ refundFen: 10_000, pointsReversed: 100, shortfall: 0, balance: 300, remainingFen: 30_000, couponsRestored: [], replayed: false, phoneMasked: '139****0002' });
    expect(plan.movement.next).toEqual({ buckets: [{ ...BUCKET, points: 300 }], debt: 0 });
    expect(plan.movement.entries).toEqual([
      {
        type: 'reverse',
        points: -100,
        description: '退货扣回积分',
        source: { kind: 'return', id: 'S001#R1' },
        storeId: 'S001',
        note: null,
        byMemberId: null,
        byMember: null,
        detail: { orderId: 'A1', refundFen: 10_000, requested: 100, shortfall: 0 },
      },
    ]);
    expect(plan.returned).toEqual({ returnedFen: 10_000, returnedPoints: 100, returnedQty: [0, 0] });
    expect(plan.holder.qualifying['2026-03']).toEqual({ spendFen: 30_000, points: 300 });
    expect(plan.buyer.facts).toEqual({ factMonths: { '2026-03': { orders: 1, spendFen: 30_000 } } });
    expect(plan.record).toMatchObject({ requestHash: 'rh', orderId: 'A1', staffOpenid: 'demo-staff', refundFen: 10_000, result });
  });

  test('points already spent: the balance stops at zero and the rest becomes debt, named on the entry', () => {
    const { plan, result } = planOf(input({ req: req({ amountFen: 40_000 }), points: points({ buckets: [{ expiresOn: '2027-12-31', availableOn: '2026-01-01', points: 150 }], debt: 0 }) }));
    expect(result).toMatchObject({ pointsReversed: 400, shortfall: 250, balance: 0, remainingFen: 0 });
    expect(plan.movement.next).toEqual({ buckets: [], debt: 250 });
    expect(plan.movement.entries[0]).toMatchObject({ points: -150, note: '应扣 400，余额不足，250 积分将从今后积分中抵扣' });
    expect(plan.buyer.facts).toEqual({ factMonths: { '2026-03': { orders: 0, spendFen: 0 } } });
  });

  test('by lines: each line’s share of what was paid, cumulatively', () => {
    const first = planOf(input({ req: req({ amountFen: undefined, lines: [{ sku: 'PJ', quantity: 1 }] }) }));
    expect(first.result).toMatchObject({ refundFen: 10_000, pointsReversed: 100 });
    expect(first.plan.returned.returnedQty).toEqual([1, 0]);
    const o = order({ returnedFen: 10_000, returnedPoints: 100, returnedQty: [1, 0], rev: 1 });
    const second = planOf(input({ order: o, req: req({ returnId: 'R2', amountFen: undefined, lines: [{ sku: 'PJ', quantity: 1 }, { sku: 'DRESS', quantity: 1 }] }) }));
    expect(second.result).toMatchObject({ refundFen: 30_000, pointsReversed: 300, remainingFen: 0 });
  });

  test('refusals: more than is left, an unknown line, too many units, a fully returned order, a member gone', () => {
    expect(planReturn(order({ returnedFen: 35_000 }), req())).toMatchObject({ code: 'return_exceeds_order', fields: [{ path: 'amountFen', message: 'at most 5000' }] });
    expect(planReturn(order(), req({ amountFen: undefined, lines: [{ sku: 'HAT', quantity: 1 }] }))).toMatchObject({ code: 'return_line_unknown', fields: [{ path: 'lines.0.sku' }] });
    expect(planReturn(order(), req({ amountFen: undefined, lines: [{ sku: 'PJ', quantity: 3 }] }))).toMatchObject({ code: 'return_exceeds_order', fields: [{ path: 'lines.0.quantity', message: 'at most 2' }] });
    expect(decideReturn(input({ order: order({ returnedFen: 40_000 }) }))).toMatchObject({ ok: false, refusal: { code: 'order_fully_returned' } });
    expect(decideReturn(input({ buyer: null }))).toMatchObject({ ok: false, refusal: { code: 'member_not_found' } });
    // The order's own refusals come before a missing member.
    expect(decideReturn(input({ buyer: null, req: req({ amountFen: 50_000 }) }))).toMatchObject({ ok: false, refusal: { code: 'return_exceeds_order' } });
  });

  test('a secondary card’s return: points leave the primary’s account, the entry names the buyer, each profile keeps its own part', () => {
    const primary = member({ memberId: 'm_primary', phone: '13900000009', qrev: 9 });
    const { plan } = planOf(input({ order: order({ accountId: 'm_primary' }), holder: primary, buyer: member({ familyRole: 'secondary', familyPrimaryId: 'm_primary' }) }));
    expect(plan.movement.entries[0]).toMatchObject({ byMemberId: 'm_alice', byMember: '139****0002' });
    expect(plan.holder).toMatchObject({ memberId: 'm_primary', qrev: 9 });
    expect(plan.buyer).toMatchObject({ memberId: 'm_alice', qrev: 4 });
  });

  test('a whole order returned gives back its still-valid coupons; a partial return does not', () => {
    const used = (id: string, validUntil = '2026-12-31T15:59:59.999Z'): MemberCouponRecord => ({
      memberId: 'm_alice', couponId: id, templateId: `t_${id}`, name: id, summary: '', code: '8800000000000001',
      terms: { kind: 'amountOff', amountOffFen: 5_000, scope: { kind: 'all' }, stores: null, stackable: true },
      state: 'used', usedFor: 'S001#A1', validFrom: '2026-01-01T00:00:00.000Z', validUntil, issuedAt: '2026-01-01T00:00:00.000Z', source: 'claim',
    });
    const o = order({ coupons: [{ couponId: 'c1', discountFen: 5_000, allocationsFen: [2_500, 2_500] }, { couponId: 'c2', discountFen: 5_000, allocationsFen: [2_500, 2_500] }] });
    const wallet = [used('c1'), used('c2', '2026-03-01T00:00:00.000Z')];
    const whole = planOf(input({ order: o, wallet, req: req({ amountFen: 40_000 }) }));
    expect(whole.result.couponsRestored).toEqual(['c1']);
    expect(whole.plan.restores.map((c) => c.couponId)).toEqual(['c1']);
    expect(planOf(input({ order: o, wallet })).plan.restores).toEqual([]);
  });

  test('a stamp card loses the order’s stamp when what is left no longer pays its minimum; an unused reward is voided, a used one kept', () => {
    const card = (over: Partial<MemberCouponRecord>): MemberCouponRecord => ({
      memberId: 'm_alice', couponId: 's1', templateId: 't_s', name: '集点卡', summary: '', code: '8800000000000002',
      terms: { kind: 'stampCard', scope: { kind: 'all' }, stores: null, stackable: true, stampCard: { purchasesNeeded: 3, minOrderFen: 30_000, rewardTemplateId: 't_r' } },
      state: 'available', validFrom: '2026-01-01T00:00:00.000Z', validUntil: '2026-12-31T15:59:59.999Z', issuedAt: '2026-01-01T00:00:00.000Z', source: 'claim',
      stamps: 1, stampOrders: ['S001#A1'], ...over,
    });
    const o = order({ stamps: ['s1'] });
    const reward: MemberCouponRecord = { ...card({}), couponId: 'r1', terms: { kind: 'gift', giftSku: 'GIFT', scope: { kind: 'all' }, stores: null, stackable: true } };
    // ¥100 back of ¥400 leaves ¥300: the stamp stays; ¥200 back leaves ¥200: it goes.
    expect(planOf(input({ order: o, wallet: [card({})] })).plan.unstamps).toEqual([]);
    const gone = planOf(input({ order: o, wallet: [card({})], req: req({ amountFen: 20_000 }) }));
    expect(gone.plan.unstamps).toEqual([{ card: expect.objectContaining({ couponId: 's1' }), voidReward: null }]);
    expect(gone.result.stampsRemoved).toEqual(['s1']);
    const full = card({ state: 'used', usedFor: 'stamps#full', rewardCouponId: 'r1', stamps: 3 });
    const voided = planOf(input({ order: o, wallet: [full, reward], req: req({ amountFen: 20_000 }) }));
    expect(voided.result).toMatchObject({ stampsRemoved: ['s1'], rewardsVoided: ['r1'] });
    const kept = planOf(input({ order: o, wallet: [full, { ...reward, state: 'used' }], req: req({ amountFen: 20_000 }) }));
    expect(kept.plan.unstamps).toEqual([]);
    expect(kept.result.stampsRemoved).toBeUndefined();
  });

  test('property: cumulative partial returns never take back more than was earned, exactly that when all comes back; entries sum to the balance change', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 0, max: 5_000 }),
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 5_000 }),
        (amountFen, spendPoints, weights, otherPoints) => {
          // Split the order into returns by weight; the last one returns what is left.
          const totalW = weights.reduce((s, w) => s + w, 0);
          let o = order({ amountFen, spendPoints, items: [{ sku: 'X', name: 'x', quantity: 1, unitPriceFen: amountFen }], lineAllocationsFen: [amountFen], returnedQty: [0] });
          let state: PointsState = { buckets: [{ ...BUCKET, points: spendPoints }, ...(otherPoints ? [{ expiresOn: '2027-06-30', availableOn: '2026-01-01', points: otherPoints }] : [])], debt: 0 };
          let reversed = 0;
          let acc = 0;
          for (const [i, w] of weights.entries()) {
            acc += w;
            const target = i === weights.length - 1 ? amountFen : Math.floor((amountFen * acc) / totalW);
            const refund = target - o.returnedFen;
            if (refund <= 0) continue;
            const d = decideReturn(input({ order: o, points: points(state), req: req({ returnId: `R${i}`, amountFen: refund }) }));
            if (!d.ok) throw new Error(d.refusal.code);
            const { plan, result } = d;
            const sum = plan.movement.entries.reduce((s, e) => s + e.points, 0);
            expect(balanceOf(plan.movement.next) - balanceOf(state)).toBe(sum);
            expect(-sum + result.shortfall).toBe(result.pointsReversed);
            expect(balanceOf(plan.movement.next)).toBeGreaterThanOrEqual(0);
            reversed += result.pointsReversed;
            expect(reversed).toBeLessThanOrEqual(spendPoints);
            state = plan.movement.next;
            o = { ...o, ...plan.returned, rev: o.rev + 1 };
          }
          expect(reversed).toBe(spendPoints);
          expect(o.returnedFen).toBe(amountFen);
          // The member kept only her other points; nothing was owed since the order's points were all there.
          expect(state.debt).toBe(0);
          expect(balanceOf(state)).toBe(otherPoints);
        },
      ),
    );
  });
});
