/**
 * Stored value (储值, issue 17): the rules, pure. A member's balance keeps principal (what she paid)
 * and bonus (what the brand gave) apart. Spending takes both in proportion to the balance; a return
 * gives back what its order took, in the proportions taken; a refund of the balance follows the
 * 7-day rule below. No I/O: the use cases (functions/storedvalue, checkout, returns) read, decide here,
 * and write one transaction.
 */

/** A named account holds at most ¥5,000 (single-purpose prepaid card rules), unless configured otherwise. */
export const DEFAULT_STORED_VALUE_CAP_FEN = 500_000;

/** A recharge untouched for this long (and with no spending since it was credited) refunds in full. */
export const FULL_REFUND_DAYS = 7;

export interface BalanceParts {
  principalFen: number;
  bonusFen: number;
}

export const totalOf = (b: BalanceParts) => b.principalFen + b.bonusFen;

/**
 * The principal and bonus a payment of `payFen` takes from `balance`: principal part =
 * round(pay × P / (P + B)), kept within what each side holds, so the two parts always sum to `payFen`
 * and neither side goes below zero. Null when the balance does not cover the payment.
 */
export function splitPayment(balance: BalanceParts, payFen: number): BalanceParts | null {
  if (!Number.isInteger(payFen) || payFen < 0) return null;
  const { principalFen: p, bonusFen: b } = balance;
  if (p < 0 || b < 0 || payFen > p + b) return null;
  if (payFen === 0) return { principalFen: 0, bonusFen: 0 };
  let principal = Math.round((payFen * p) / (p + b));
  principal = Math.min(p, Math.max(payFen - b, principal));
  return { principalFen: principal, bonusFen: payFen - principal };
}

/** Cumulative share, rounded down, so the parts of several partial returns add up to the whole. */
const shareOf = (total: number, part: number, whole: number) => (whole === 0 ? 0 : Math.floor((total * part) / whole));

/**
 * What a return gives back to the balance. The refund goes to the balance first, up to the part the
 * order paid from it (`taken`); cumulatively, so several partial returns give back exactly what was
 * taken, in the proportions taken. `returnedBefore` / `returnedAfter`: the order's refunded total
 * before and after this return.
 */
export function balanceBack(taken: BalanceParts, returnedBefore: number, returnedAfter: number): BalanceParts {
  const paid = totalOf(taken);
  const cumBefore = Math.min(Math.max(0, returnedBefore), paid);
  const cumAfter = Math.min(Math.max(cumBefore, returnedAfter), paid);
  const principalBefore = shareOf(taken.principalFen, cumBefore, paid);
  const principalAfter = shareOf(taken.principalFen, cumAfter, paid);
  const principal = principalAfter - principalBefore;
  return { principalFen: principal, bonusFen: cumAfter - cumBefore - principal };
}

/** The cap check: would the balance plus this recharge (principal and bonus) exceed the cap? */
export function exceedsCap(balance: BalanceParts, recharge: BalanceParts, capFen: number): boolean {
  return totalOf(balance) + totalOf(recharge) > capFen;
}

/** A recharge payment as the refund rule sees it (a paid WeChat Pay order of kind recharge). */
export interface RechargePaid {
  outTradeNo: string;
  /** What she paid: the principal it credited. */
  amountFen: number;
  /** The bonus it credited. */
  bonusFen: number;
  paidAt: string;
  /** Refunds already accepted against this payment. */
  refundedFen: number;
}

/** The balance as the refund rule sees it. */
export interface RefundBalance extends BalanceParts {
  /** Bonus credited by recharges and not yet taken away by refunds: granted − held = bonus already spent. */
  bonusGrantedFen: number;
  /** The last time the balance paid for something (null: never). */
  lastSpendAt: string | null;
}

/** One WeChat refund of a recharge payment, and what it takes from the balance (given back if it fails). */
export interface RefundPart {
  outTradeNo: string;
  refundFen: number;
  rule: 'full' | 'partial';
  /** What this part takes from the balance (principal, bonus) and from the bonus granted. */
  takes: BalanceParts & { grantedFen: number };
}

export interface RefundQuote {
  /** full: only untouched recent recharges, refunded whole; partial: the general rule applies (to all or part); none: nothing to refund. */
  rule: 'full' | 'partial' | 'mixed' | 'none';
  refundFen: number;
  /** Bonus that leaves the balance without being paid out (the recharges' bonus and what is forfeited). */
  bonusLeavingFen: number;
  /** Principal that leaves the balance without being paid out (covers bonus already spent). */
  principalKeptFen: number;
  /** Bonus already spent, subtracted from what the general rule refunds. */
  bonusSpentFen: number;
  parts: RefundPart[];
  /** What the whole refund takes from the balance: all of it. */
  takes: BalanceParts & { grantedFen: number };
}

const DAY_MS = 86_400_000;

/**
 * What refunding the whole balance gives, and how it is spread over the recharge payments.
 *
 * 1. A recharge paid at most 7 days ago, with no balance spending since it was credited (and no refund
 *    against it), refunds in full: its principal and its bonus leave the balance.
 * 2. What remains is refunded by the general rule: the remaining principal minus the bonus already spent,
 *    max(0, P − (granted − B)), spread over the other recharge payments newest first, each at most its
 *    amount less what was refunded from it. The remaining bonus is forfeited; the balance goes to zero.
 */
export function refundQuote(balance: RefundBalance, recharges: readonly RechargePaid[], now: Date): RefundQuote {
  const newestFirst = [...recharges].sort((a, b) => (a.paidAt < b.paidAt ? 1 : a.paidAt > b.paidAt ? -1 : a.outTradeNo < b.outTradeNo ? 1 : -1));
  const since = now.getTime() - FULL_REFUND_DAYS * DAY_MS;
  const untouched = (r: RechargePaid) =>
    r.refundedFen === 0 && Date.parse(r.paidAt) >= since && Date.parse(r.paidAt) <= now.getTime() && (!balance.lastSpendAt || balance.lastSpendAt < r.paidAt);

  const parts: RefundPart[] = [];
  let p = Math.max(0, balance.principalFen);
  let b = Math.max(0, balance.bonusFen);
  let granted = Math.max(0, balance.bonusGrantedFen);
  for (const r of newestFirst) {
    if (!untouched(r) || r.amountFen > p || r.bonusFen > b) continue;
    parts.push({ outTradeNo: r.outTradeNo, refundFen: r.amountFen, rule: 'full', takes: { principalFen: r.amountFen, bonusFen: r.bonusFen, grantedFen: Math.min(granted, r.bonusFen) } });
    p -= r.amountFen;
    b -= r.bonusFen;
    granted -= Math.min(granted, r.bonusFen);
  }
  const fullParts = parts.length;
  const bonusSpent = Math.max(0, granted - b);
  let refundable = Math.max(0, p - bonusSpent);
  const restStart = parts.length;
  for (const r of newestFirst) {
    if (refundable === 0) break;
    if (parts.some((x) => x.outTradeNo === r.outTradeNo)) continue;
    const room = Math.max(0, r.amountFen - r.refundedFen);
    const n = Math.min(room, refundable);
    if (n === 0) continue;
    parts.push({ outTradeNo: r.outTradeNo, refundFen: n, rule: 'partial', takes: { principalFen: n, bonusFen: 0, grantedFen: 0 } });
    refundable -= n;
  }
  const restParts = parts.slice(restStart);
  const restRefund = restParts.reduce((s, x) => s + x.refundFen, 0);
  // The rest of the balance (principal covering the bonus spent, the remaining bonus) leaves with the
  // first part of the general rule, so a failed refund of that part gives all of it back.
  if (restParts.length > 0) {
    const first = restParts[0]!;
    first.takes = { principalFen: first.refundFen + (p - restRefund), bonusFen: b, grantedFen: granted };
  }
  const refundFen = parts.reduce((s, x) => s + x.refundFen, 0);
  const takes = parts.reduce((s, x) => ({ principalFen: s.principalFen + x.takes.principalFen, bonusFen: s.bonusFen + x.takes.bonusFen, grantedFen: s.grantedFen + x.takes.grantedFen }), { principalFen: 0, bonusFen: 0, grantedFen: 0 });
  const rule = refundFen === 0 ? 'none' : restParts.length === 0 ? 'full' : fullParts === 0 ? 'partial' : 'mixed';
  return {
    rule,
    refundFen,
    bonusLeavingFen: rule === 'none' ? 0 : takes.bonusFen,
    principalKeptFen: rule === 'none' ? 0 : takes.principalFen - refundFen,
    bonusSpentFen: bonusSpent,
    parts: rule === 'none' ? [] : parts,
    takes: rule === 'none' ? { principalFen: 0, bonusFen: 0, grantedFen: 0 } : takes,
  };
}

/** A recharge package as the rules see it: on offer when active and within its validity. */
export interface RechargePackageTerms {
  amountFen: number;
  bonusFen: number;
  validFrom: string | null;
  validUntil: string | null;
  active: boolean;
}

export function packageOnOffer(p: RechargePackageTerms, now: string): boolean {
  return p.active && (!p.validFrom || p.validFrom <= now) && (!p.validUntil || p.validUntil >= now);
}

/** What the WeChat pay sheet and bill show: 储值 ¥500 送 ¥50 (≤ 127 characters). */
export function rechargeDescription(p: { amountFen: number; bonusFen: number }, yuan: (fen: number) => string): string {
  return p.bonusFen > 0 ? `储值 ${yuan(p.amountFen)} 送 ${yuan(p.bonusFen)}` : `储值 ${yuan(p.amountFen)}`;
}
