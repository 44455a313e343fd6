/**
 * STUB (pay-core branch only): the paid-membership part replaces this file at merge. It exists so that the
 * payment Lambdas' entry can register the real kind by name.
 */
import type { PaymentKind } from '../pay/collaboration';

export const membershipPaymentKind: PaymentKind = {
  async credit() {
    throw new Error('membership payments are not implemented in this branch');
  },
  async refundFailed() {
    throw new Error('membership refunds are not implemented in this branch');
  },
};
