/**
 * Coupon discounts at the till: one pure function decides which of a member's coupons apply to a
 * basket, why the others do not, and how each discount is spread over the lines (so a partial
 * return can give back the right share). The discount never exceeds what is payable, and the
 * allocations of each coupon sum exactly to its discount.
 */
import { allocate } from './rules';
import { groupThousands } from './money';

export type CouponKind = 'amountOff' | 'percentOff' | 'threshold' | 'gift' | 'stampCard';

export type CouponScope =
  | { kind: 'all' }
  | { kind: 'categories'; categories: string[] }
  | { kind: 'skus'; skus: string[] };

export interface CouponTerms {
  kind: CouponKind;
  /** amountOff / threshold: fen taken off. */
  amountOffFen?: number;
  /** percentOff: percent taken off (e.g. 15 = 15% off, i.e. 八五折). */
  percentOff?: number;
  /** percentOff: the most it can take off, fen; null = no cap. */
  maxDiscountFen?: number | null;
  /** threshold (满减) and any kind: the eligible subtotal needed, fen. */
  thresholdFen?: number;
  /** gift: the SKU given free (one unit). */
  giftSku?: string;
  scope: CouponScope;
  /** Stores where it can be used; null = every store. */
  stores: string[] | null;
  /** Can be combined with other coupons in one order. */
  stackable: boolean;
  /** stampCard: N qualifying purchases (each paying at least minOrderFen in scope) earn one reward coupon. */
  stampCard?: { purchasesNeeded: number; minOrderFen: number; rewardTemplateId: string } | undefined;
}

export interface CouponAtTill {
  id: string;
  ownerId: string;
  state: 'available' | 'used' | 'expired' | 'voided';
  validFrom: string;
  validUntil: string;
  terms: CouponTerms;
}

export interface BasketLine {
  sku: string;
  category?: string | undefined;
  quantity: number;
  unitPriceFen: number;
}

/** The owner of a coupon reference the till could not find (no such id or code). */
export const UNKNOWN_OWNER = '(unknown)';

export type RefusalReason =
  | 'unknown'
  | 'not_owner'
  | 'used'
  | 'expired'
  | 'voided'
  | 'not_yet_valid'
  | 'wrong_store'
  | 'out_of_scope'
  | 'below_threshold'
  | 'not_stackable'
  | 'duplicate'
  | 'gift_not_in_order'
  | 'nothing_left_to_discount'
  | 'not_for_checkout';

export const REFUSAL_TEXT: Record<RefusalReason, string> = {
  unknown: '未找到该券',
  not_owner: '不是该会员的券',
  used: '券已使用',
  expired: '券已过期',
  voided: '券已作废',
  not_yet_valid: '券尚未生效',
  wrong_store: '本店不可用',
  out_of_scope: '订单中没有适用商品',
  below_threshold: '未达到使用门槛',
  not_stackable: '不可与其他券同时使用',
  duplicate: '同一张券重复提交',
  gift_not_in_order: '订单中没有赠品商品',
  nothing_left_to_discount: '订单已无可优惠金额',
  not_for_checkout: '集点卡不能直接抵扣',
};

export interface AppliedCoupon {
  couponId: string;
  discountFen: number;
  /** Discount per basket line (same order as the lines); sums to discountFen. */
  allocationsFen: number[];
}

export interface CouponRefusal {
  couponId: string;
  reason: RefusalReason;
  message: string;
}

export interface CouponEvaluation {
  linesTotalFen: number;
  discountFen: number;
  payableFen: number;
  applied: AppliedCoupon[];
  refusals: CouponRefusal[];
}

export function inScope(scope: CouponScope, line: BasketLine): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'skus') return scope.skus.includes(line.sku);
  return !!line.category && scope.categories.includes(line.category);
}

/**
 * Applies coupons in the order given. Each coupon is checked (owner, state, validity, store, scope,
 * threshold, stacking) and refused with a reason, or computes its discount on what is still
 * payable on its eligible lines after the coupons before it.
 */
export function evaluateCoupons(input: {
  lines: readonly BasketLine[];
  coupons: readonly CouponAtTill[];
  memberId: string;
  storeId: string;
  now: string;
}): CouponEvaluation {
  const gross = input.lines.map((l) => l.quantity * l.unitPriceFen);
  const linesTotalFen = gross.reduce((s, x) => s + x, 0);
  const remaining = [...gross];
  const applied: AppliedCoupon[] = [];
  const refusals: CouponRefusal[] = [];
  const refuse = (c: CouponAtTill, reason: RefusalReason) => refusals.push({ couponId: c.id, reason, message: REFUSAL_TEXT[reason] });
  const seen = new Set<string>();
  const usable = input.coupons.filter((c) => {
    if (seen.has(c.id)) return refuse(c, 'duplicate'), false;
    seen.add(c.id);
    return true;
  });
  const several = usable.length > 1;

  for (const c of usable) {
    const t = c.terms;
    if (c.ownerId === UNKNOWN_OWNER) { refuse(c, 'unknown'); continue; }
    if (c.ownerId !== input.memberId) { refuse(c, 'not_owner'); continue; }
    if (c.state !== 'available') { refuse(c, c.state === 'used' ? 'used' : c.state === 'voided' ? 'voided' : 'expired'); continue; }
    if (input.now < c.validFrom) { refuse(c, 'not_yet_valid'); continue; }
    if (input.now > c.validUntil) { refuse(c, 'expired'); continue; }
    if (t.kind === 'stampCard') { refuse(c, 'not_for_checkout'); continue; }
    if (t.stores && !t.stores.includes(input.storeId)) { refuse(c, 'wrong_store'); continue; }
    if (several && !t.stackable) { refuse(c, 'not_stackable'); continue; }
    const eligible = input.lines.map((l) => inScope(t.scope, l));
    if (!eligible.some(Boolean)) { refuse(c, 'out_of_scope'); continue; }
    const eligibleFen = remaining.reduce((s, r, i) => s + (eligible[i] ? r : 0), 0);
    if (t.thresholdFen && gross.reduce((s, g, i) => s + (eligible[i] ? g : 0), 0) < t.thresholdFen) { refuse(c, 'below_threshold'); continue; }

    let wanted = 0;
    let weights = remaining.map((r, i) => (eligible[i] ? r : 0));
    if (t.kind === 'amountOff' || t.kind === 'threshold') wanted = t.amountOffFen ?? 0;
    else if (t.kind === 'percentOff') {
      wanted = Math.floor((eligibleFen * (t.percentOff ?? 0)) / 100);
      if (t.maxDiscountFen != null) wanted = Math.min(wanted, t.maxDiscountFen);
    } else if (t.kind === 'gift') {
      const i = input.lines.findIndex((l, j) => eligible[j] && l.sku === t.giftSku && remaining[j]! > 0);
      if (i < 0) { refuse(c, 'gift_not_in_order'); continue; }
      wanted = input.lines[i]!.unitPriceFen;
      weights = remaining.map((r, j) => (j === i ? r : 0));
    }
    const room = weights.reduce((s, w) => s + w, 0);
    const discountFen = Math.min(wanted, room);
    if (discountFen <= 0) { refuse(c, 'nothing_left_to_discount'); continue; }
    const allocationsFen = allocate(discountFen, weights);
    allocationsFen.forEach((a, i) => (remaining[i]! -= a));
    applied.push({ couponId: c.id, discountFen, allocationsFen });
  }
  const discountFen = applied.reduce((s, a) => s + a.discountFen, 0);
  return { linesTotalFen, discountFen, payableFen: linesTotalFen - discountFen, applied, refusals };
}

const yuan = (fen: number) => `¥${groupThousands(Math.floor(fen / 100))}${fen % 100 === 0 ? '' : `.${String(fen % 100).padStart(2, '0')}`}`;

/** One line a member understands: "满 ¥300 减 ¥50", "8.5 折，最高减 ¥30"… */
export function couponSummary(t: { kind: CouponKind; amountOffFen?: number | undefined; percentOff?: number | undefined; maxDiscountFen?: number | null | undefined; thresholdFen?: number | undefined; giftSku?: string | undefined; stampCard?: { purchasesNeeded: number } | undefined }): string {
  if (t.kind === 'amountOff') return `${yuan(t.amountOffFen ?? 0)} 代金券${t.thresholdFen ? `（满 ${yuan(t.thresholdFen)} 可用）` : ''}`;
  if (t.kind === 'threshold') return `满 ${yuan(t.thresholdFen ?? 0)} 减 ${yuan(t.amountOffFen ?? 0)}`;
  if (t.kind === 'percentOff') {
    const zhe = (100 - (t.percentOff ?? 0)) / 10;
    return `${zhe} 折${t.maxDiscountFen ? `，最高减 ${yuan(t.maxDiscountFen)}` : ''}`;
  }
  // The gift's product code (giftSku) is for the till; the member reads what to do with it.
  if (t.kind === 'gift') return '赠品券：到店出示即可领取赠品';
  return `集点卡：消费 ${t.stampCard?.purchasesNeeded ?? 0} 次得奖励`;
}

/** A stamp card in the wallet, as the till sees it. */
export interface StampCardAtTill {
  id: string;
  state: 'available' | 'used' | 'expired' | 'voided';
  validFrom: string;
  validUntil: string;
  terms: CouponTerms;
  /** Stamps collected so far. */
  stamps: number;
}

export interface Stamp {
  couponId: string;
  stampsBefore: number;
  stampsAfter: number;
  /** This stamp fills the card: its reward coupon is issued. */
  completes: boolean;
}

/**
 * The stamps an order earns: one per valid, unfilled stamp card good at this store whose in-scope
 * amount actually paid (after coupons) reaches the card's minimum. `paidLines` are the lines at
 * what was paid for them.
 */
export function stampsFor(input: { cards: readonly StampCardAtTill[]; paidLines: readonly BasketLine[]; storeId: string; now: string }): Stamp[] {
  const out: Stamp[] = [];
  for (const c of input.cards) {
    const def = c.terms.stampCard;
    if (c.terms.kind !== 'stampCard' || !def) continue;
    if (c.state !== 'available' || input.now < c.validFrom || input.now > c.validUntil) continue;
    if (c.terms.stores && !c.terms.stores.includes(input.storeId)) continue;
    if (c.stamps >= def.purchasesNeeded) continue;
    const paid = input.paidLines.reduce((s, l) => s + (inScope(c.terms.scope, l) ? l.quantity * l.unitPriceFen : 0), 0);
    if (paid <= 0 || paid < def.minOrderFen) continue;
    out.push({ couponId: c.id, stampsBefore: c.stamps, stampsAfter: c.stamps + 1, completes: c.stamps + 1 >= def.purchasesNeeded });
  }
  return out;
}

/**
 * Whether an order keeps the stamp it earned after a return: only while what remains paid of it
 * (in the card's scope) still reaches the card's minimum.
 */
export function keepsStamp(terms: CouponTerms, remainingPaidLines: readonly BasketLine[]): boolean {
  const def = terms.stampCard;
  if (!def) return false;
  const paid = remainingPaidLines.reduce((s, l) => s + (inScope(terms.scope, l) ? l.quantity * l.unitPriceFen : 0), 0);
  return paid > 0 && paid >= def.minOrderFen;
}

/** A coupon the clerk can tick at the till: whether it combines with others, and what it alone takes off this basket. */
export interface TickableCoupon {
  id: string;
  stackable: boolean;
  /** Its discount on this basket used alone (0 when it does not apply). */
  aloneFen: number;
}

export type TickOutcome =
  | { kind: 'ticked' | 'unticked'; selected: string[] }
  /**
   * The tick would put a coupon that does not combine with the others in one order: the better of the
   * two choices for this basket (`chosen`, ticked) is proposed, the other (`other`) stays one tap away.
   */
  | { kind: 'conflict'; selected: string[]; chosen: string[]; chosenFen: number; other: string[]; otherFen: number };

/**
 * The clerk taps coupon `id` while `selected` are ticked (taking `selectedFen` off together). Coupons
 * share an order only when every one of them is stackable (the rule `evaluateCoupons` applies): a tap
 * that would break it is a choice between what is ticked and `id` alone, and the one that takes more
 * off this basket is proposed (what is ticked, on a tie), so a ¥0 discount never reaches the confirmation.
 */
export function tickCoupon(selected: readonly string[], id: string, coupons: readonly TickableCoupon[], selectedFen: number): TickOutcome {
  if (selected.includes(id)) return { kind: 'unticked', selected: selected.filter((x) => x !== id) };
  const byId = (x: string) => coupons.find((c) => c.id === x);
  const tapped = byId(id);
  const combines = !!tapped?.stackable && selected.every((x) => byId(x)?.stackable ?? false);
  if (selected.length === 0 || combines) return { kind: 'ticked', selected: [...selected, id] };
  const aloneFen = tapped?.aloneFen ?? 0;
  const keep = selectedFen >= aloneFen;
  const current = [...selected];
  return keep
    ? { kind: 'conflict', selected: current, chosen: current, chosenFen: selectedFen, other: [id], otherFen: aloneFen }
    : { kind: 'conflict', selected: [id], chosen: [id], chosenFen: aloneFen, other: current, otherFen: selectedFen };
}
