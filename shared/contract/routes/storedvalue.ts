import { lazy, type RouteSlice } from './spec';

// Schemas are built on first use, not when the slice is loaded (see spec.ts).
const sv = lazy(() => require('../storedvalue') as typeof import('../storedvalue'));
const pay = lazy(() => require('../pay') as typeof import('../pay'));

/** Stored value (储值, issue 17): the member's balance, recharges, refunds; packages and the liability for admins (functions/storedvalue). */
export const storedValueRoutes = {
  myBalance: {
    method: 'GET',
    path: '/members/me/balance',
    summary: 'Her stored balance (principal and bonus apart), the cap, and the recharge packages on offer',
    auth: ['member'],
    get response() {
      return sv().BalanceView;
    },
    errors: ['not_registered', 'member_not_found'],
  },
  myBalanceLedger: {
    method: 'GET',
    path: '/members/me/balance/ledger',
    summary: 'Her balance movements (recharges, payments, returns, refunds), newest first, paged',
    auth: ['member'],
    get query() {
      return sv().BalanceLedgerQuery;
    },
    get response() {
      return sv().BalanceLedgerPage;
    },
    errors: ['not_registered'],
  },
  startRecharge: {
    method: 'POST',
    path: '/members/me/recharges',
    summary: 'Recharge with a package on offer: a WeChat Pay order (the balance is credited when it is paid); a retried requestId answers the same order',
    auth: ['member'],
    get body() {
      return sv().RechargeRequest;
    },
    get response() {
      return pay().PaymentStarted;
    },
    errors: ['not_registered', 'member_not_found', 'member_frozen', 'package_not_found', 'package_not_on_offer', 'balance_cap_exceeded', 'busy', 'pay_unavailable'],
  },
  myRefundQuote: {
    method: 'GET',
    path: '/members/me/balance/refund-quote',
    summary: 'What refunding her balance would give now and by which rule (7-day untouched recharges in full, otherwise remaining principal minus bonus spent)',
    auth: ['member'],
    get response() {
      return sv().RefundQuoteView;
    },
    errors: ['not_registered'],
  },
  requestBalanceRefund: {
    method: 'POST',
    path: '/members/me/balance/refunds',
    summary: 'Refund her balance through WeChat Pay by the quote\'s rule; a retried requestId refunds once',
    auth: ['member'],
    get body() {
      return sv().BalanceRefundRequest;
    },
    get response() {
      return sv().BalanceRefundResult;
    },
    errors: ['not_registered', 'member_frozen', 'refund_not_allowed', 'busy', 'pay_refund_refused', 'payment_not_found'],
  },
  adminListRechargePackages: {
    method: 'GET',
    path: '/admin/recharge-packages',
    summary: 'Recharge packages, newest first, with whether each is on offer now',
    auth: ['admin'],
    get response() {
      return sv().RechargePackageList;
    },
  },
  adminCreateRechargePackage: {
    method: 'POST',
    path: '/admin/recharge-packages',
    summary: 'Create a recharge package (amount, bonus, validity of the offer); audited',
    auth: ['admin'],
    get body() {
      return sv().RechargePackageInput;
    },
    get response() {
      return sv().RechargePackage;
    },
    errors: ['busy'],
    status: 201,
  },
  adminUpdateRechargePackage: {
    method: 'PUT',
    path: '/admin/recharge-packages/{packageId}',
    summary: 'Edit or stop a recharge package (orders already made keep their terms); audited',
    auth: ['admin'],
    get params() {
      return sv().RechargePackageIdParams;
    },
    get body() {
      return sv().RechargePackageInput;
    },
    get response() {
      return sv().RechargePackage;
    },
    errors: ['package_not_found', 'conflict'],
  },
  adminStoredValue: {
    method: 'GET',
    path: '/admin/stored-value',
    summary: 'Outstanding prepaid liability (principal, bonus) and recharged / spent / returned / refunded totals, from 16 counter shards (no scan)',
    auth: ['admin'],
    get response() {
      return sv().StoredValueSummary;
    },
  },
} as const satisfies RouteSlice;
