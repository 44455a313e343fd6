/**
 * The checkout's decision with no database: from plain values (code, account, wallet, rules, tiers,
 * tag rules, now) to a refusal or the plan the unit of work writes. Business outcomes: points, buckets,
 * debt repaid, tier, coupons and their allocations, stamps, refusals; property tests for the invariants
 * (ledger entries sum to the balance change, a discount never exceeds what is payable, the earned points
 * are what was credited plus the debt repaid).
 */
import fc from 'fast-check';
import type { CheckoutRequest, EarningRulesVersion } from '../../shared/contract';
import { balanceOf, earnPoints, earningBucket, type PointsState, type TierProgram } from '../../shared/domain';
import type { MemberCouponRecord } from '../../functions/adapters/dynamo/coupon-repo';
import type { MemberRecord } from '../../functions/adapters/dynamo/member-repo';
import type { Account } from '../../functions/core/account';
import type { BrandConfig } from '../../functions/core/brand';
import { decideCheckout, decidePreview, memberCodeRefusal, unknownCoupon, type CheckoutInput, type TillRead } from '../../functions/checkout/decide';

// Prepare: the demo program (¥1 = 1 point, tiers at ¥500 ×1.2 and ¥1,500 ×1.5, year-end expiry).
const program: TierProgram = {
  basis: 'spend',
  window: { kind: 'rolling', months: 12 },
  downgrade: 'oneLevel',
  tiers: [
    { code: 'MEMBER', name: '普通会员', rank: 0, threshold: 0, multiplier: 1, retentionMonths: 12, birthdayGift: null, perks: [] },
    { code: 'SILVER', name: '银卡会员', rank: 1, threshold: 50_000, multiplier: 1.2, retentionMonths: 12, birthdayGift: null, perks: [] },
    { code: 'GOLD', name: '金卡会员', rank: 2, threshold: 150_000, multiplier: 1.5, retentionMonths: 12, birthdayGift: null, perks: [] },
  ],
};
const rules = (over: Partial<EarningRulesVersion> = {}): EarningRulesVersion => ({
  version: 3,
  effectiveFrom: '2020-01-01T00:00:00.000Z',
  createdAt: '2020-01-01T00:00:00.000Z',
  createdBy: 'test',
  spend: { pointsPerYuan: 1, rounding: 'floor', minOrderFen: 0, excludedSkus: [], excludedCategories: ['礼品卡'], skuMultipliers: [], categoryMultipliers: [], applyTierMultiplier: true, capPerOrder: null },
  events: { registration: { points: 0, limit: null }, firstPurchase: { points: 0, limit: null }, profileCompleted: { points: 50, limit: null }, productScan: { points: 10, limit: null } },
  birthday: { mode: 'multiplier', multiplier: 2 },
  holdingDays: 0,
  expiry: { policy: 'yearEnd' },
  ...over,
});
const brand: BrandConfig = { rules: [rules()], tiers: { ...program, rev: 1, updatedAt: null, updatedBy: null } };

const NOW = new Date('2026-03-10T04:00:00.000Z');
const DAY = '2026-03-10';

function member(over: Partial<MemberRecord> = {}): MemberRecord {
  return {
    memberId: 'm_alice',
    phone: '13900000002',
    openid: 'o-alice',
    name: '爱丽丝',
    gender: null,
    birthday: null,
    tier: { tierCode: 'MEMBER', since: '2026-01-01', retainUntil: null, manual: null },
    qualifying: {},
    qrev: 4,
    familyRole: 'none',
    familyPrimaryId: null,
    familyCount: 0,
    familySince: null,
    familyInvite: null,
    firstPurchaseAt: '2026-01-05T04:00:00.000Z',
    lastPurchaseAt: '2026-01-05T04:00:00.000Z',
    consentAt: '2026-01-01T00:00:00.000Z',
    createdAt: '2026-01-01T00:00:00.000Z',
    source: 'test',
    ...over,
  };
}
const account = (m: MemberRecord, state: PointsState = { buckets: [], debt: 0 }, holder: MemberRecord = m): Account => ({
  member: m,
  holder,
  points: { memberId: holder.memberId, state, rev: 7, earnedTotal: 0 },
});

function coupon(id: string, over: Partial<MemberCouponRecord> = {}): MemberCouponRecord {
  return {
    memberId: 'm_alice',
    couponId: id,
    templateId: `t_${id}`,
    name: `券 ${id}`,
    summary: '减 50 元',
    code: `8800000000000${id.length}`,
    terms: { kind: 'amountOff', amountOffFen: 5_000, scope: { kind: 'all' }, stores: null, stackable: true },
    state: 'available',
    validFrom: '2026-01-01T00:00:00.000Z',
    validUntil: '2026-12-31T15:59:59.999Z',
    issuedAt: '2026-01-01T00:00:00.000Z',
    source: 'claim',
    shard: 2,
    ...over,
  };
}
/** The till's read: each ref resolved against the wallet (as readTillCoupons does, without lookups by code). */
function tillOf(wallet: MemberCouponRecord[], refs: string[] = []): TillRead {
  return {
    wallet,
    resolved: refs.map((r) => wallet.find((c) => c.couponId === r)?.couponId ?? r),
    atTill: refs.map((r) => {
      const c = wallet.find((w) => w.couponId === r);
      return c ? { id: c.couponId, ownerId: c.memberId, state: c.state, validFrom: c.validFrom, validUntil: c.validUntil, terms: c.terms } : unknownCoupon(r);
    }),
  };
}

const request = (over: Partial<CheckoutRequest> = {}): CheckoutRequest => ({
  memberCode: '660000000000000018',
  orderId: 'A1',
  storeId: 'S001',
  amountFen: 39_900,
  items: [{ sku: 'SKU-1', name: '真丝睡衣', quantity: 1, unitPriceFen: 39_900 }],
  ...over,
});

function input(over: Partial<CheckoutInput> = {}): CheckoutInput {
  return { req: request(), requestHash: 'h1', staffOpenid: 'demo-staff', now: NOW, day: DAY, account: account(member()), brand, rules: rules(), till: tillOf([]), tagRules: [], ...over };
}

function planOf(i: CheckoutInput) {
  const d = decideCheckout(i);
  if (!d.ok) throw new Error(`refused: ${d.refusal.code}`);
  return d;
}

describe('checkout decision', () => {
  test('a purchase earns floor(yuan) points into a bucket expiring at the end of next year, spends the code, and answers', () => {
    const { plan, result } = planOf(input());
    expect(result).toMatchObject({ memberId: 'm_alice', orderId: 'A1', pointsEarned: 399, balance: 399, bonuses: [], availableOn: null, ruleVersion: 3, toFamily: false, upgraded: false, replayed: false, phoneMasked: '139****0002' });
    expect(plan.earning.state).toEqual({ buckets: [{ expiresOn: '2027-12-31', availableOn: DAY, points: 399 }], debt: 0 });
    expect(plan.earning.entries).toEqual([
      expect.objectContaining({ type: 'earn', points: 399, description: '门店消费积分', source: { kind: 'order', id: 'S001#A1' }, storeId: 'S001', ruleVersion: 3, note: null, detail: { amountFen: 39_900, availableOn: DAY, grossPoints: 399, debtRepaid: 0 } }),
    ]);
    expect(plan).toMatchObject({ memberCode: '660000000000000018', orderRef: 'S001#A1', redemptions: [], stamps: [], holder: { memberId: 'm_alice', qrev: 4 }, buyer: { memberId: 'm_alice', qrev: 4, movesLastBuy: true } });
    expect(plan.order).toMatchObject({ requestHash: 'h1', memberId: 'm_alice', accountId: 'm_alice', spendPoints: 399, lineAllocationsFen: [39_900], bucket: { expiresOn: '2027-12-31', availableOn: DAY }, month: '2026-03', staffOpenid: 'demo-staff', result });
    expect(plan.earning.standing!.qualifying).toEqual({ '2026-03': { spendFen: 39_900, points: 399 } });
    expect(plan.buyer.facts).toMatchObject({ lastPurchaseAt: NOW.toISOString(), lastStoreId: 'S001', factMonths: { '2026-03': { orders: 1, spendFen: 39_900 } } });
  });

  test('held points: the bucket becomes spendable after the holding days', () => {
    const { plan, result } = planOf(input({ rules: rules({ holdingDays: 7 }) }));
    expect(result.availableOn).toBe('2026-03-17');
    expect(plan.earning.state.buckets).toEqual([{ expiresOn: '2027-12-31', availableOn: '2026-03-17', points: 399 }]);
  });

  test('the first purchase earns its bonus, spendable at once, in its own entry; a later purchase does not', () => {
    const r = rules({ holdingDays: 7, events: { ...rules().events, firstPurchase: { points: 100, limit: null } } });
    const first = planOf(input({ rules: r, account: account(member({ firstPurchaseAt: null, lastPurchaseAt: null })) }));
    expect(first.result).toMatchObject({ pointsEarned: 499, balance: 499, bonuses: [{ label: '首次消费奖励', points: 100 }] });
    expect(first.plan.earning.state.buckets).toEqual([
      { expiresOn: '2027-12-31', availableOn: DAY, points: 100 },
      { expiresOn: '2027-12-31', availableOn: '2026-03-17', points: 399 },
    ]);
    expect(first.plan.earning.entries[1]).toEqual({ type: 'earn', points: 100, description: '首次消费奖励', source: { kind: 'event', id: 'event#firstPurchase#m_alice' }, storeId: 'S001', ruleVersion: 3, byMemberId: null, byMember: null });
    expect(first.plan.order.spendPoints).toBe(399);
    expect(planOf(input({ rules: r })).result.bonuses).toEqual([]);
  });

  test('return debt is repaid first from the earning, and the entry says how much', () => {
    const r = rules({ events: { ...rules().events, firstPurchase: { points: 100, limit: null } } });
    const acct = account(member({ firstPurchaseAt: null }), { buckets: [], debt: 450 });
    const { plan, result } = planOf(input({ rules: r, account: acct }));
    // 399 spend points all repay debt; the bonus repays the last 51 and credits 49 (its entry names no debt).
    expect(plan.earning.entries.map((e) => [e.points, e.note ?? null])).toEqual([
      [0, '其中 399 积分抵扣退货欠分'],
      [49, null],
    ]);
    expect(plan.earning.state.debt).toBe(0);
    expect(result).toMatchObject({ pointsEarned: 499, balance: 49 });
    expect(plan.earning.standing!.qualifying['2026-03']).toEqual({ spendFen: 39_900, points: 499 });
  });

  test('crossing a threshold upgrades at once; the tier multiplier applies to the next purchase', () => {
    const m = member({ qualifying: { '2026-02': { spendFen: 20_000, points: 200 } } });
    const { plan, result } = planOf(input({ account: account(m) }));
    expect(result).toMatchObject({ tier: { code: 'SILVER', name: '银卡会员' }, upgraded: true });
    expect(plan.earning.standing).toMatchObject({ tier: { tierCode: 'SILVER', since: DAY, retainUntil: '2027-03-10' }, change: { from: 'MEMBER', to: 'SILVER', reason: 'purchase' } });
    const silver = member({ tier: { tierCode: 'SILVER', since: '2026-01-01', retainUntil: '2027-01-01', manual: null } });
    expect(planOf(input({ account: account(silver) })).result.pointsEarned).toBe(478);
  });

  test('a secondary card earns for the primary: her entries name her, the primary qualifies, her own profile keeps her facts', () => {
    const primary = member({ memberId: 'm_primary', phone: '13900000009', familyRole: 'primary', qrev: 9 });
    const secondary = member({ familyRole: 'secondary', familyPrimaryId: 'm_primary' });
    const { plan, result } = planOf(input({ account: account(secondary, { buckets: [], debt: 0 }, primary) }));
    expect(result.toFamily).toBe(true);
    expect(plan.earning.entries[0]).toMatchObject({ byMemberId: 'm_alice', byMember: '爱丽丝 139****0002' });
    expect(plan.holder).toEqual({ memberId: 'm_primary', qrev: 9 });
    expect(plan.buyer).toMatchObject({ memberId: 'm_alice', qrev: 4 });
    expect(plan.order).toMatchObject({ memberId: 'm_alice', accountId: 'm_primary' });
  });

  test('coupons: the discount is allocated to the lines, points are earned on what was paid, each redemption names its shard', () => {
    const wallet = [coupon('c1')];
    const req = request({ amountFen: 34_900, coupons: ['c1'] });
    const { plan, result } = planOf(input({ req, till: tillOf(wallet, ['c1']) }));
    expect(result).toMatchObject({ discountFen: 5_000, pointsEarned: 349, coupons: [{ couponId: 'c1', name: '券 c1', discountFen: 5_000 }] });
    expect(plan.redemptions).toEqual([{ couponId: 'c1', templateId: 't_c1', shard: 2 }]);
    expect(plan.order.coupons).toEqual([{ couponId: 'c1', discountFen: 5_000, allocationsFen: [5_000] }]);
  });

  test('refusals: paying more than payable, a used coupon (maybe by this very order), a coupon refused for another reason', () => {
    const wallet = [coupon('c1'), coupon('c2', { state: 'used', usedFor: 'S001#A0' }), coupon('c3', { terms: { ...coupon('c3').terms, stores: ['S009'] } })];
    const over = decideCheckout(input({ req: request({ coupons: ['c1'] }), till: tillOf(wallet, ['c1']) }));
    expect(over).toEqual({ ok: false, refusal: expect.objectContaining({ code: 'amount_exceeds_payable', mayBeThisOrder: false, fields: [{ path: 'amountFen', message: 'at most 34900' }] }) });
    const used = decideCheckout(input({ req: request({ coupons: ['c2'] }), till: tillOf(wallet, ['c2']) }));
    expect(used).toEqual({ ok: false, refusal: expect.objectContaining({ code: 'coupon_used', mayBeThisOrder: true }) });
    const store = decideCheckout(input({ req: request({ coupons: ['c3'] }), till: tillOf(wallet, ['c3']) }));
    expect(store).toEqual({ ok: false, refusal: expect.objectContaining({ code: 'coupon_refused', fields: [expect.objectContaining({ path: 'coupons.0' })] }) });
    const unknown = decideCheckout(input({ req: request({ coupons: ['nope'] }), till: tillOf(wallet, ['nope']) }));
    expect(unknown).toEqual({ ok: false, refusal: expect.objectContaining({ code: 'coupon_refused' }) });
  });

  test('a stamp card in the wallet earns a stamp; the one that fills it completes it', () => {
    const card = coupon('s1', { terms: { kind: 'stampCard', scope: { kind: 'all' }, stores: null, stackable: true, stampCard: { purchasesNeeded: 3, minOrderFen: 10_000, rewardTemplateId: 't_r' } }, stamps: 2, stampOrders: ['S001#A0', 'S001#B0'] });
    const { plan, result } = planOf(input({ till: tillOf([card]) }));
    expect(plan.stamps).toEqual([{ couponId: 's1', before: 2, completes: true }]);
    expect(plan.order.stamps).toEqual(['s1']);
    expect(result.stamps).toEqual([{ couponId: 's1', name: '券 s1', stamps: 3, needed: 3, completed: true }]);
  });

  test('a birthday-month purchase earns the birthday multiplier', () => {
    expect(planOf(input({ account: account(member({ birthday: '1992-03-08' })) })).result.pointsEarned).toBe(798);
  });

  test('the member code: unknown 404, used 409, expired 422 (each may be this very order, spent by an earlier attempt)', () => {
    expect(memberCodeRefusal(null, NOW)).toMatchObject({ code: 'member_code_not_found', mayBeThisOrder: true });
    const code = { code: '660000000000000018', memberId: 'm_alice', expiresAt: '2026-03-10T04:02:00.000Z', usedAt: null, usedFor: null };
    expect(memberCodeRefusal(code, NOW)).toBeNull();
    expect(memberCodeRefusal({ ...code, usedAt: NOW.toISOString() }, NOW)).toMatchObject({ code: 'member_code_used' });
    expect(memberCodeRefusal(code, new Date('2026-03-10T04:02:00.000Z'))).toMatchObject({ code: 'member_code_expired' });
  });

  test('preview: what is payable after the ticked coupons, the points it earns, the usable coupons (no stamp cards, none of another store)', () => {
    const wallet = [coupon('c1'), coupon('c3', { terms: { ...coupon('c3').terms, stores: ['S009'] } }), coupon('s1', { terms: { kind: 'stampCard', scope: { kind: 'all' }, stores: null, stackable: true } })];
    const p = decidePreview({ req: { memberCode: '660000000000000018', storeId: 'S001', items: request().items, coupons: ['c1'] }, now: NOW, day: DAY, account: account(member()), brand, rules: rules(), till: tillOf(wallet, ['c1']) });
    expect(p).toMatchObject({ linesTotalFen: 39_900, discountFen: 5_000, payableFen: 34_900, pointsPreview: 349, refusals: [], applied: [{ couponId: 'c1', discountFen: 5_000 }] });
    expect(p.memberCoupons.map((c) => c.id)).toEqual(['c1']);
  });

  test('property: entries sum to the balance change, earned = credited + debt repaid, the debt never grows, discount ≤ payable', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 50_000 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 20_000 }),
        fc.integer({ min: 0, max: 2_000 }),
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 0, max: 60_000 }),
        fc.boolean(),
        (prices, debt, held, bonus, couponFen, underpay) => {
          const items = prices.map((p, i) => ({ sku: `S${i}`, name: `商品${i}`, quantity: 1, unitPriceFen: p }));
          const total = prices.reduce((s, p) => s + p, 0);
          const wallet = couponFen > 0 ? [coupon('c1', { terms: { kind: 'amountOff', amountOffFen: couponFen, scope: { kind: 'all' }, stores: null, stackable: true } })] : [];
          const refs = wallet.map((c) => c.couponId);
          const payable = total - Math.min(total, couponFen);
          const amountFen = underpay ? Math.floor(payable / 2) : payable;
          const state: PointsState = { buckets: held ? [{ expiresOn: '2026-12-31', availableOn: '2026-01-01', points: held }] : [], debt };
          const r = rules({ events: { ...rules().events, firstPurchase: { points: bonus, limit: null } } });
          const d = decideCheckout(input({ req: request({ amountFen, items, coupons: refs }), rules: r, account: account(member({ firstPurchaseAt: null }), state), till: tillOf(wallet, refs) }));
          if (!d.ok) throw new Error(d.refusal.code);
          const { plan, result } = d;
          const sum = plan.earning.entries.reduce((s, e) => s + e.points, 0);
          expect(balanceOf(plan.earning.state) - balanceOf(state)).toBe(sum);
          expect(plan.earning.earned).toBe(sum + (debt - plan.earning.state.debt));
          expect(plan.earning.state.debt).toBeLessThanOrEqual(debt);
          expect(plan.earning.state.debt).toBeGreaterThanOrEqual(0);
          expect(result.balance).toBe(balanceOf(plan.earning.state));
          expect(result.discountFen).toBeLessThanOrEqual(total);
          expect(total - result.discountFen).toBe(payable);
          for (const c of plan.order.coupons ?? []) expect(c.allocationsFen.reduce((s, a) => s + a, 0)).toBe(c.discountFen);
        },
      ),
    );
  });
});

describe('the one earn-points recipe', () => {
  const standing = { qualifying: {}, tier: { tierCode: 'MEMBER', since: '2026-01-01', retainUntil: null, manual: null } };
  const event = (points: number) => ({ points, bucket: earningBucket({ policy: 'yearEnd' }, DAY), entry: { description: '商品扫码奖励', source: { kind: 'event', id: 'event#productScan#x' }, ruleVersion: 3 } });

  test('an event counts toward the tier only when the program qualifies on points', () => {
    expect(earnPoints({ points: { buckets: [], debt: 0 }, earnings: [event(10)], standing, program, day: DAY }).standing).toBeNull();
    const onPoints = earnPoints({ points: { buckets: [], debt: 0 }, earnings: [event(10)], standing, program: { ...program, basis: 'points' }, day: DAY });
    expect(onPoints.standing!.qualifying).toEqual({ '2026-03': { spendFen: 0, points: 10 } });
  });

  test('property: the ledger entries sum to the balance change and the earned total is credited + repaid', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1_000 }), { maxLength: 4 }), fc.integer({ min: 0, max: 3_000 }), (amounts, debt) => {
        const before: PointsState = { buckets: [], debt };
        const e = earnPoints({ points: before, earnings: amounts.map(event), standing, program: { ...program, basis: 'points' }, day: DAY });
        const sum = e.entries.reduce((s, x) => s + x.points, 0);
        expect(balanceOf(e.state)).toBe(sum);
        expect(e.earned).toBe(amounts.reduce((s, a) => s + a, 0));
        expect(e.earned).toBe(sum + e.debtRepaid);
        expect(e.state.debt).toBe(debt - e.debtRepaid);
      }),
    );
  });
});

describe('paid membership at the till (issue 17)', () => {
  const gold = () => account(member({ tier: { tierCode: 'GOLD', since: '2026-01-01', retainUntil: null, manual: null } }));
  test('the better of tier and plan: the plan ×2 over the entry tier earns double and notes a perk used', () => {
    const { plan, result } = planOf(input({ plus: { multiplier: 2 } }));
    expect(result.pointsEarned).toBe(798);
    expect(plan.plusPerk).toBe('m_alice');
    expect(decidePreview({ ...input({ plus: { multiplier: 2 } }), req: { memberCode: '660000000000000018', storeId: 'S001', items: request().items } }).pointsPreview).toBe(798);
  });
  test('a plan no better than the tier changes nothing and uses no perk; none at all is the tier alone', () => {
    const { plan, result } = planOf(input({ account: gold(), plus: { multiplier: 1.2 } }));
    expect(result.pointsEarned).toBe(598);
    expect(plan.plusPerk).toBeUndefined();
    expect(planOf(input({ account: gold(), plus: null })).result.pointsEarned).toBe(598);
  });
  test('both multiplied only when the brand stacks them', () => {
    const stacked = { ...brand, plus: { stackPlusWithTier: true } };
    const { plan, result } = planOf(input({ account: gold(), brand: stacked, plus: { multiplier: 2 } }));
    expect(result.pointsEarned).toBe(1197);
    expect(plan.plusPerk).toBe('m_alice');
    expect(planOf(input({ account: gold(), plus: { multiplier: 2 } })).result.pointsEarned).toBe(798);
  });
});
