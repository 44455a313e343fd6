import { lazy, type RouteSlice } from './spec';

// Schemas are built on first use, not when the slice is loaded (see spec.ts).
const pay = lazy(() => require('../pay') as typeof import('../pay'));

/** WeChat Pay orders: the notification URL, the member's payment status, the admin's payments (functions/pay). */
export const payRoutes = {
  wechatPayNotify: {
    method: 'POST',
    path: '/pay/wechat/notify',
    summary:
      "WeChat Pay's notification (TRANSACTION.SUCCESS, REFUND.*): raw body, signature, timestamp and nonce checked, resource decrypted; 204 when handled, otherwise 4xx/5xx {code: FAIL, message} so WeChat retries",
    auth: 'public',
    status: 204,
    get response() {
      return pay().PayNotifyAnswer;
    },
    errors: ['pay_notify_rejected', 'pay_notify_invalid', 'busy', 'pay_unavailable'],
  },
  myPayment: {
    method: 'GET',
    path: '/members/me/payments/{outTradeNo}',
    summary: "One of the member's payments: created (waiting), paid (credited), closed or refunded; the page polls it after paying",
    auth: ['member'],
    get params() {
      return pay().OutTradeNoParams;
    },
    get response() {
      return pay().PaymentStatus;
    },
    errors: ['payment_not_found', 'not_registered'],
  },
  adminPayments: {
    method: 'GET',
    path: '/admin/payments',
    summary: 'WeChat Pay orders, newest first (filter by kind and state, paged)',
    auth: ['admin'],
    get query() {
      return pay().AdminPaymentsQuery;
    },
    get response() {
      return pay().AdminPaymentsResponse;
    },
  },
  adminRefunds: {
    method: 'GET',
    path: '/admin/refunds',
    summary: 'Refunds through WeChat Pay, newest first (paged)',
    auth: ['admin'],
    get query() {
      return pay().AdminRefundsQuery;
    },
    get response() {
      return pay().AdminRefundsResponse;
    },
  },
  adminPaymentExceptions: {
    method: 'GET',
    path: '/admin/payment-exceptions',
    summary: 'Reconciliation exceptions of the last 30 days (facts not matching the order, credits refused), newest first',
    auth: ['admin'],
    get response() {
      return pay().PaymentExceptionsResponse;
    },
  },
  adminReconcilePayment: {
    method: 'POST',
    path: '/admin/payments/{outTradeNo}/reconcile',
    summary: 'Ask WeChat Pay about one order now: credits it once if paid, closes it if expired unpaid',
    auth: ['admin'],
    get params() {
      return pay().OutTradeNoParams;
    },
    get response() {
      return pay().ReconcileResult;
    },
    errors: ['payment_not_found', 'pay_unavailable', 'busy'],
  },
} as const satisfies RouteSlice;
