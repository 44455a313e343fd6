import { CheckoutPreviewRequest, CheckoutPreviewResponse, CheckoutRequest, CheckoutResponse } from '../checkout';
import type { RouteSlice } from './spec';

/** The till: checkout and its preview (functions/checkout). */
export const checkoutRoutes = {
  checkout: {
    method: 'POST',
    path: '/staff/checkouts',
    summary: "Record a purchase at the till against a member code; earns points (idempotent on storeId + orderId)",
    auth: ['staff'],
    body: CheckoutRequest,
    response: CheckoutResponse,
  },
  checkoutPreview: {
    method: 'POST',
    path: '/staff/checkouts/preview',
    summary: "Before confirming: the member's usable coupons, the discount of the ticked ones or why each cannot be used, payable, points",
    auth: ['staff'],
    body: CheckoutPreviewRequest,
    response: CheckoutPreviewResponse,
  },
} as const satisfies RouteSlice;
