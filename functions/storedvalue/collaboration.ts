/**
 * What other capabilities may ask of stored value (issue 17): the payment kind `recharge` (what
 * crediting a paid recharge writes, what a failed refund gives back), registered by the payments
 * helper at the payment Lambdas' entry; and the till's reads and writes of the balance.
 */
import type { PaymentKind, PaymentOrder, PaymentRefund } from '../pay/collaboration';
import { getBalance, listBalanceLedger, refundGiveBack, rechargeCredit, type BalanceEntryRecord } from '../adapters/dynamo/balance-repo';

const num = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0);

/**
 * recharge: principal = what was paid (order.amountFen), bonus = the package's bonus as it was when the
 * order was made (item.detail.bonusFen); guarded by the outTradeNo, so a paid order credits once.
 * A failed refund gives back what it took (its detail: principalFen, bonusFen, grantedFen), once.
 */
export const rechargePaymentKind: PaymentKind = {
  async credit(order: PaymentOrder, at: string) {
    const bonusFen = num(order.item.detail.bonusFen);
    const description = `储值充值（${order.item.name}）`;
    return [rechargeCredit({ memberId: order.memberId, outTradeNo: order.outTradeNo, principalFen: order.amountFen, bonusFen, description, at })];
  },
  async refundFailed(refund: PaymentRefund, at: string) {
    const d = refund.detail;
    return [
      refundGiveBack({
        memberId: refund.memberId,
        outRefundNo: refund.outRefundNo,
        principalFen: num(d.principalFen),
        bonusFen: num(d.bonusFen),
        grantedFen: num(d.grantedFen),
        refundFen: refund.refundFen,
        at,
      }),
    ];
  },
};

/**
 * What the member's stored balance holds (principal + bonus), in fen. A balance is money the brand owes:
 * deleting the account or merging it into another waits until it is refunded (`balance_outstanding`).
 */
export async function storedValueHeld(memberId: string): Promise<number> {
  const b = await getBalance(memberId);
  return b.principalFen + b.bonusFen;
}

/** Her balance and its whole ledger, newest first, for the copy of her data (PIPL art. 45). */
export async function storedValueForCopy(memberId: string): Promise<{ principalFen: number; bonusFen: number; entries: BalanceEntryRecord[] }> {
  const [b, entries] = await Promise.all([
    getBalance(memberId),
    (async () => {
      const all: BalanceEntryRecord[] = [];
      let after: string | null = null;
      do {
        const page = await listBalanceLedger(memberId, { limit: 200, afterSk: after });
        all.push(...page.entries);
        after = page.lastSk;
      } while (after);
      return all;
    })(),
  ]);
  return { principalFen: b.principalFen, bonusFen: b.bonusFen, entries };
}
