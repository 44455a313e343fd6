/**
 * Refunding the balance (issue 17). The quote and the request apply the same rule
 * (shared/domain/stored-value.ts `refundQuote`): recharges untouched for up to 7 days refund in full;
 * otherwise the remaining principal minus the bonus already spent, spread over the recharge payments
 * newest first. One member request = one balance debit (one ledger row, guarded by the requestId, its
 * plan kept on the guard) sent with the first WeChat refund, then one refund per further payment;
 * refund numbers are derived from the requestId, so a retried request refunds once.
 */
import { createHash } from 'node:crypto';
import type { BalanceRefundRequest, BalanceRefundResult, RefundQuoteView } from '../../shared/contract';
import { refundQuote, type RechargePaid, type RefundPart, type RefundQuote } from '../../shared/domain/stored-value';
import { getBalance, getBalanceSource, refundTake, type BalanceRecord } from '../adapters/dynamo/balance-repo';
import { getMember } from '../adapters/dynamo/member-repo';
import { RefundTakesRefused, paymentsOf, startRefund, type PaymentOrder, type PaymentRefund } from '../pay/collaboration';
import { clock } from '../lib/clock';
import { fail } from '../lib/errors';
import type { Session } from '../lib/session';
import { optimistic, refuseFrozen, resolveMemberId } from '../core';

const num = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0);

/** The member's paid recharges as the rule sees them. */
export function rechargesOf(orders: PaymentOrder[]): RechargePaid[] {
  return orders
    .filter((o) => o.kind === 'recharge' && (o.state === 'paid' || o.state === 'refunded') && o.paidAt)
    .map((o) => ({ outTradeNo: o.outTradeNo, amountFen: o.amountFen, bonusFen: num(o.item.detail.bonusFen), paidAt: o.paidAt!, refundedFen: o.refundedFen }));
}

const refundBalanceOf = (b: BalanceRecord) => ({ principalFen: b.principalFen, bonusFen: b.bonusFen, bonusGrantedFen: b.bonusGrantedFen, lastSpendAt: b.lastSpendAt });

async function quoteFor(memberId: string): Promise<{ balance: BalanceRecord; quote: RefundQuote; orders: PaymentOrder[] }> {
  const balance = await getBalance(memberId);
  // An empty balance refunds nothing: no need to read the payments.
  const orders = balance.principalFen + balance.bonusFen > 0 ? await paymentsOf(memberId, 'recharge') : [];
  return { balance, orders, quote: refundQuote(refundBalanceOf(balance), rechargesOf(orders), clock.now()) };
}

export async function myRefundQuote(session: Session): Promise<RefundQuoteView> {
  const memberId = await resolveMemberId(session);
  const { balance, quote, orders } = await quoteFor(memberId);
  return {
    rule: quote.rule,
    refundFen: quote.refundFen,
    bonusLeavingFen: quote.bonusLeavingFen,
    principalKeptFen: quote.principalKeptFen,
    bonusSpentFen: quote.bonusSpentFen,
    remainingFen: balance.principalFen + balance.bonusFen - quote.takes.principalFen - quote.takes.bonusFen,
    parts: quote.parts.map((p) => ({ outTradeNo: p.outTradeNo, refundFen: p.refundFen, rule: p.rule, paidAt: orders.find((o) => o.outTradeNo === p.outTradeNo)?.paidAt ?? null })),
  };
}

/** A part of a request's plan, with its WeChat refund number (≤ 64 of [0-9A-Za-z_-]). */
interface PlannedRefund extends RefundPart {
  outRefundNo: string;
}

export const refundNumber = (memberId: string, requestId: string, i: number) =>
  `SVR${createHash('sha256').update(`${memberId}#${requestId}`).digest('hex').slice(0, 24)}N${i}`;

const REASON = '储值余额退款';

/** Sends (again) the WeChat refunds of a plan: idempotent on each refund number; the balance was debited with the first. */
async function sendPlan(plan: PlannedRefund[], from: number, first: PaymentRefund | null): Promise<PaymentRefund[]> {
  const out: PaymentRefund[] = first ? [first] : [];
  for (let i = from; i < plan.length; i++) {
    const p = plan[i]!;
    out.push(await startRefund({ outTradeNo: p.outTradeNo, outRefundNo: p.outRefundNo, refundFen: p.refundFen, reason: REASON, detail: { ...p.takes }, takes: [] }));
  }
  return out;
}

async function answer(memberId: string, rule: BalanceRefundResult['rule'], refunds: PaymentRefund[], replayed: boolean): Promise<BalanceRefundResult> {
  const b = await getBalance(memberId);
  return {
    refundFen: refunds.reduce((s, r) => s + r.refundFen, 0),
    rule,
    refunds: refunds.map((r) => ({ outTradeNo: r.outTradeNo, outRefundNo: r.outRefundNo, refundFen: r.refundFen, state: r.state })),
    balance: { principalFen: b.principalFen, bonusFen: b.bonusFen },
    replayed,
  };
}

const ruleOfPlan = (plan: PlannedRefund[]): BalanceRefundResult['rule'] =>
  plan.every((p) => p.rule === 'full') ? 'full' : plan.every((p) => p.rule === 'partial') ? 'partial' : 'mixed';

export async function requestBalanceRefund(session: Session, req: BalanceRefundRequest): Promise<BalanceRefundResult> {
  const memberId = await resolveMemberId(session);
  refuseFrozen(await getMember(memberId));
  const ref = `refund:${req.requestId}`;
  const resume = async (guard: Record<string, unknown>) => {
    const plan = guard.plan as PlannedRefund[];
    return answer(memberId, ruleOfPlan(plan), await sendPlan(plan, 0, null), true);
  };
  return optimistic(async () => {
    const guard = await getBalanceSource(memberId, ref);
    if (guard) return { done: await resume(guard) };
    const { balance, quote } = await quoteFor(memberId);
    if (quote.rule === 'none') {
      // Emptied by this very request meanwhile (a concurrent retry)? Then it answers.
      const again = await getBalanceSource(memberId, ref);
      if (again) return { done: await resume(again) };
      throw fail('refund_not_allowed', 'nothing of the balance can be refunded now');
    }
    const plan: PlannedRefund[] = quote.parts.map((p, i) => ({ ...p, outRefundNo: refundNumber(memberId, req.requestId, i) }));
    const at = clock.now().toISOString();
    const take = refundTake(balance, { requestId: req.requestId, principalFen: quote.takes.principalFen, bonusFen: quote.takes.bonusFen, grantedFen: quote.takes.grantedFen, refundFen: quote.refundFen, plan, at });
    const head = plan[0]!;
    let first: PaymentRefund;
    try {
      first = await startRefund({ outTradeNo: head.outTradeNo, outRefundNo: head.outRefundNo, refundFen: head.refundFen, reason: REASON, detail: { ...head.takes }, takes: [take] });
    } catch (e) {
      // The balance debit's conditions: this request was recorded meanwhile, or the balance moved.
      const again = await getBalanceSource(memberId, ref);
      if (again) return { done: await resume(again) };
      // The balance moved, or the transaction met another one: read again and decide again.
      if (e instanceof RefundTakesRefused || (await getBalance(memberId)).rev !== balance.rev) return 'retry';
      throw e;
    }
    return { done: await answer(memberId, ruleOfPlan(plan), await sendPlan(plan, 1, first), false) };
  });
}
