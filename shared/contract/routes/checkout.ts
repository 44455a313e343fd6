import { lazy, type RouteSlice } from './spec';

// Schemas are built on first use, not when the slice is loaded (see spec.ts).
const checkout = lazy(() => require('../checkout') as typeof import('../checkout'));

/** The till: checkout and its preview (functions/checkout). */
export const checkoutRoutes = {
  checkout: {
    method: 'POST',
    path: '/staff/checkouts',
    summary: "Record a purchase at the till against a member code; earns points (idempotent on storeId + orderId)",
    auth: ['staff'],
    get body() {
      return checkout().CheckoutRequest;
    },
    get response() {
      return checkout().CheckoutResponse;
    },
    errors: ['amount_exceeds_payable', 'brand_not_configured', 'busy', 'coupon_refused', 'coupon_used', 'member_code_expired', 'member_code_not_found', 'member_code_used', 'member_not_found', 'order_conflict', 'store_closed', 'member_frozen', 'balance_insufficient'],
  },
  checkoutPreview: {
    method: 'POST',
    path: '/staff/checkouts/preview',
    summary: "Before confirming: the member's usable coupons, the discount of the ticked ones or why each cannot be used, payable, points",
    auth: ['staff'],
    get body() {
      return checkout().CheckoutPreviewRequest;
    },
    get response() {
      return checkout().CheckoutPreviewResponse;
    },
    errors: ['amount_exceeds_payable', 'brand_not_configured', 'coupon_refused', 'coupon_used', 'member_code_expired', 'member_code_not_found', 'member_code_used', 'member_not_found', 'store_closed', 'member_frozen', 'balance_insufficient'],
  },
  staffStore: {
    method: 'GET',
    path: '/staff/store',
    summary: "The clerk's store (its name for the till's header)",
    auth: ['staff'],
    get response() {
      return checkout().StaffStoreResponse;
    },
  },
  nextOrderNumber: {
    method: 'POST',
    path: '/staff/order-numbers',
    summary: "A fresh order number for the till: store, the brand's day, the store's sequence of that day (S001-20261201-0007)",
    auth: ['staff'],
    get response() {
      return checkout().OrderNumberResponse;
    },
  },
} as const satisfies RouteSlice;
