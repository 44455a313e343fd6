/**
 * STUB (pay-core branch only): the stored-value part replaces this file at merge. It exists so that the
 * payment Lambdas' entry can register the real kind by name.
 */
import type { PaymentKind } from '../pay/collaboration';

export const rechargePaymentKind: PaymentKind = {
  async credit() {
    throw new Error('recharge payments are not implemented in this branch');
  },
  async refundFailed() {
    throw new Error('recharge refunds are not implemented in this branch');
  },
};
