/** The till's tick of a coupon: coupons that do not combine are never ticked together; the better one is proposed. */
import { evaluateCoupons, tickCoupon, type CouponAtTill, type TickableCoupon } from '../../shared/domain/coupons';
import { orderNumber } from '../../functions/checkout/till';

const big: TickableCoupon = { id: 'c-big', stackable: false, aloneFen: 5000 }; // 满300减50 on a ¥400 basket
const small: TickableCoupon = { id: 'c-small', stackable: false, aloneFen: 2000 }; // 立减20
const s1: TickableCoupon = { id: 'c-s1', stackable: true, aloneFen: 1000 };
const s2: TickableCoupon = { id: 'c-s2', stackable: true, aloneFen: 1500 };
const all = [big, small, s1, s2];

describe('tickCoupon', () => {
  it('ticks the first coupon and any stackable one beside stackable ones', () => {
    expect(tickCoupon([], 'c-big', all, 0)).toEqual({ kind: 'ticked', selected: ['c-big'] });
    expect(tickCoupon(['c-s1'], 'c-s2', all, 1000)).toEqual({ kind: 'ticked', selected: ['c-s1', 'c-s2'] });
  });

  it('unticks a ticked coupon', () => {
    expect(tickCoupon(['c-s1', 'c-s2'], 'c-s1', all, 2500)).toEqual({ kind: 'unticked', selected: ['c-s2'] });
  });

  it('keeps the better of two non-combinable coupons: the one ticked when it takes more off', () => {
    const out = tickCoupon(['c-big'], 'c-small', all, 5000);
    expect(out).toEqual({ kind: 'conflict', selected: ['c-big'], chosen: ['c-big'], chosenFen: 5000, other: ['c-small'], otherFen: 2000 });
  });

  it('switches to the tapped coupon when it alone takes more off than what is ticked', () => {
    const out = tickCoupon(['c-small'], 'c-big', all, 2000);
    expect(out).toMatchObject({ kind: 'conflict', selected: ['c-big'], chosenFen: 5000, other: ['c-small'], otherFen: 2000 });
  });

  it('weighs a non-stackable coupon against several stackable ones together', () => {
    expect(tickCoupon(['c-s1', 'c-s2'], 'c-big', all, 2500)).toMatchObject({ kind: 'conflict', selected: ['c-big'], other: ['c-s1', 'c-s2'] });
    expect(tickCoupon(['c-s1', 'c-s2'], 'c-small', all, 2500)).toMatchObject({ kind: 'conflict', selected: ['c-s1', 'c-s2'], other: ['c-small'] });
  });

  it('never leaves two non-combinable coupons ticked, so the discount never drops to 0 at confirmation', () => {
    const terms = (stackable: boolean, amountOffFen: number) => ({ kind: 'amountOff' as const, amountOffFen, scope: { kind: 'all' as const }, stores: null, stackable });
    const coupon = (id: string, stackable: boolean, off: number): CouponAtTill => ({ id, ownerId: 'm1', state: 'available', validFrom: '2026-01-01', validUntil: '2027-01-01', terms: terms(stackable, off) });
    const wallet = [coupon('c-big', false, 5000), coupon('c-small', false, 2000)];
    const evaluate = (ids: string[]) =>
      evaluateCoupons({ lines: [{ sku: 'A', quantity: 1, unitPriceFen: 40000 }], coupons: wallet.filter((c) => ids.includes(c.id)), memberId: 'm1', storeId: 'S001', now: '2026-06-01' });
    // Both ticked, the shared rules refuse both: ¥0 off (what the till used to let through).
    expect(evaluate(['c-big', 'c-small']).discountFen).toBe(0);
    const out = tickCoupon(['c-big'], 'c-small', all, evaluate(['c-big']).discountFen);
    expect(evaluate(out.selected).discountFen).toBe(5000);
  });
});

describe('orderNumber', () => {
  it('is the store, the day without dashes and a four-digit sequence', () => {
    expect(orderNumber('S001', '2026-12-01', 7)).toBe('S001-20261201-0007');
    expect(orderNumber('S001', '2026-12-01', 12345)).toBe('S001-20261201-12345');
  });
});
