/**
 * Paying from the stored balance at the till, decided with no database (functions/checkout/decide.ts):
 * the split between principal and bonus, the refusal naming balanceFen, points earned on what was paid
 * whatever paid it, and what the order keeps for returns.
 */
import type { CheckoutRequest, EarningRulesVersion } from '../../shared/contract';
import type { TierProgram } from '../../shared/domain';
import type { BalanceRecord } from '../../functions/adapters/dynamo/balance-repo';
import type { MemberRecord } from '../../functions/adapters/dynamo/member-repo';
import type { Account } from '../../functions/core/account';
import type { BrandConfig } from '../../functions/core/brand';
import { decideCheckout, type CheckoutInput } from '../../functions/checkout/decide';

const program: TierProgram = {
  basis: 'spend',
  window: { kind: 'rolling', months: 12 },
  downgrade: 'oneLevel',
  tiers: [{ code: 'MEMBER', name: '普通会员', rank: 0, threshold: 0, multiplier: 1, retentionMonths: 12, birthdayGift: null, perks: [] }],
};
const rules: EarningRulesVersion = {
  version: 1,
  effectiveFrom: '2020-01-01T00:00:00.000Z',
  createdAt: '2020-01-01T00:00:00.000Z',
  createdBy: 'test',
  spend: { pointsPerYuan: 1, rounding: 'floor', minOrderFen: 0, excludedSkus: [], excludedCategories: [], skuMultipliers: [], categoryMultipliers: [], applyTierMultiplier: true, capPerOrder: null },
  events: { registration: { points: 0, limit: null }, firstPurchase: { points: 0, limit: null }, profileCompleted: { points: 0, limit: null }, productScan: { points: 0, limit: null } },
  birthday: { mode: 'multiplier', multiplier: 2 },
  holdingDays: 0,
  expiry: { policy: 'yearEnd' },
};
const brand: BrandConfig = { rules: [rules], tiers: { ...program, rev: 1, updatedAt: null, updatedBy: null } };
const member: MemberRecord = {
  memberId: 'm_alice00000',
  phone: '13900000002',
  openid: 'o-alice',
  name: null,
  gender: null,
  birthday: null,
  tier: { tierCode: 'MEMBER', since: '2026-01-01', retainUntil: null, manual: null },
  qualifying: {},
  qrev: 1,
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
} as MemberRecord;
const account: Account = { member, holder: member, points: { memberId: member.memberId, state: { buckets: [], debt: 0 }, rev: 3, earnedTotal: 0 } } as Account;
const balance = (p: number, b: number): BalanceRecord => ({ memberId: member.memberId, principalFen: p, bonusFen: b, bonusGrantedFen: b, lastSpendAt: null, rev: 5, exists: true, updatedAt: null });
const req = (over: Partial<CheckoutRequest> = {}): CheckoutRequest => ({
  memberCode: '660000000000000018',
  orderId: 'A1',
  storeId: 'S001',
  amountFen: 12_000,
  items: [{ sku: 'SKU-1', name: '真丝睡衣', quantity: 1, unitPriceFen: 12_000 }],
  ...over,
});
const input = (over: Partial<CheckoutInput> = {}): CheckoutInput => ({
  req: req(),
  requestHash: 'h',
  staffOpenid: 'clerk',
  now: new Date('2026-03-10T04:00:00.000Z'),
  day: '2026-03-10',
  account,
  brand,
  rules,
  till: { wallet: [], atTill: [], resolved: [] },
  tagRules: [],
  ...over,
});

describe('paying from the balance at the till', () => {
  it('splits ¥120 from ¥500 + ¥50 in proportion, keeps it on the order, earns points on what was paid', () => {
    const d = decideCheckout(input({ req: req({ balanceFen: 12_000 }), storedBalance: balance(50_000, 5_000) }));
    const cash = decideCheckout(input());
    if (!d.ok || !cash.ok) throw new Error('refused');
    expect(d.result.storedValue).toEqual({ paidFen: 12_000, principalFen: 10_909, bonusFen: 1_091, remainingFen: 43_000 });
    expect(d.plan.storedValue).toMatchObject({ principalFen: 10_909, bonusFen: 1_091, before: { rev: 5 } });
    expect(d.plan.order.balancePaid).toEqual({ principalFen: 10_909, bonusFen: 1_091 });
    expect(d.result.pointsEarned).toBe(cash.result.pointsEarned);
    expect(cash.plan.storedValue).toBeUndefined();
    expect(cash.result.storedValue).toBeUndefined();
  });

  it('a part of the amount: only that part leaves the balance', () => {
    const d = decideCheckout(input({ req: req({ balanceFen: 2_000 }), storedBalance: balance(1_000, 1_000) }));
    expect(d.ok && d.result.storedValue).toEqual({ paidFen: 2_000, principalFen: 1_000, bonusFen: 1_000, remainingFen: 0 });
  });

  it('refuses more than the balance, naming balanceFen and what there is; this very order may have spent it', () => {
    const d = decideCheckout(input({ req: req({ balanceFen: 12_000 }), storedBalance: balance(10_000, 1_000) }));
    expect(d).toMatchObject({ ok: false, refusal: { code: 'balance_insufficient', fields: [{ path: 'balanceFen', limit: 11_000 }], mayBeThisOrder: true } });
    const none = decideCheckout(input({ req: req({ balanceFen: 100 }), storedBalance: null }));
    expect(none).toMatchObject({ ok: false, refusal: { code: 'balance_insufficient', fields: [{ limit: 0 }] } });
  });
});
