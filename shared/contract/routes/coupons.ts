import { lazy, type RouteSlice } from './spec';

// Schemas are built on first use, not when the slice is loaded (see spec.ts).
const coupons = lazy(() => require('../coupons') as typeof import('../coupons'));

/** Coupon templates, the coupon centre, the wallet, redemption (functions/coupons). */
export const couponsRoutes = {
  adminCreateCouponTemplate: {
    method: 'POST',
    path: '/admin/coupon-templates',
    summary: 'Create a coupon template (audited)',
    auth: ['admin'],
    get body() {
      return coupons().CouponTemplateInput;
    },
    get response() {
      return coupons().CouponTemplate;
    },
    errors: ['busy'],
    status: 201,
  },
  adminListCouponTemplates: {
    method: 'GET',
    path: '/admin/coupon-templates',
    summary: 'Coupon templates with issued and remaining stock',
    auth: ['admin'],
    get response() {
      return coupons().TemplateList;
    },
  },
  adminSetCouponTemplateState: {
    method: 'PUT',
    path: '/admin/coupon-templates/{templateId}/state',
    summary: 'Pause or resume a coupon template (audited)',
    auth: ['admin'],
    get params() {
      return coupons().TemplateIdParams;
    },
    get body() {
      return coupons().TemplateStateRequest;
    },
    get response() {
      return coupons().CouponTemplate;
    },
    errors: ['template_changed', 'template_not_found'],
  },
  adminEditCouponTemplate: {
    method: 'PUT',
    path: '/admin/coupon-templates/{templateId}',
    summary: 'Edit a coupon template (audited): applies to coupons issued from now on; the type cannot change; stock never below what was issued',
    auth: ['admin'],
    get params() {
      return coupons().TemplateIdParams;
    },
    get body() {
      return coupons().TemplateEditRequest;
    },
    get response() {
      return coupons().CouponTemplate;
    },
    errors: ['invalid_template', 'template_changed', 'template_not_found'],
  },
  couponCentre: {
    method: 'GET',
    path: '/coupons/centre',
    summary: 'Coupons a member can claim, with stock left and her own limit',
    auth: ['member'],
    get response() {
      return coupons().CentreResponse;
    },
    errors: ['not_registered'],
  },
  claimCoupon: {
    method: 'POST',
    path: '/coupons/centre/{templateId}/claim',
    summary: 'Claim a coupon (idempotent on requestId; never beyond stock or the per-member limit)',
    auth: ['member'],
    get params() {
      return coupons().TemplateIdParams;
    },
    get body() {
      return coupons().ClaimRequest;
    },
    get response() {
      return coupons().ClaimResponse;
    },
    quota: 'couponClaim',
    errors: ['busy', 'claim_limit', 'insufficient_points', 'member_not_found', 'not_registered', 'sold_out', 'template_ended', 'template_not_found', 'template_paused', 'member_frozen'],
  },
  issueCoupons: {
    method: 'POST',
    path: '/admin/coupon-templates/{templateId}/issue',
    summary: 'Issue a coupon to chosen members (admin or clerk) or to every member of a tier (admin); idempotent per batch',
    auth: ['admin', 'staff'],
    get params() {
      return coupons().TemplateIdParams;
    },
    get body() {
      return coupons().IssueRequest;
    },
    get response() {
      return coupons().IssueResponse;
    },
    errors: ['template_not_found'],
  },
  exchangeCoupon: {
    method: 'POST',
    path: '/coupons/exchange/{templateId}',
    summary: 'Exchange points for a coupon: the points are spent and the coupon issued in one transaction (idempotent on requestId)',
    auth: ['member'],
    get params() {
      return coupons().TemplateIdParams;
    },
    get body() {
      return coupons().ClaimRequest;
    },
    get response() {
      return coupons().ExchangeResponse;
    },
    errors: ['busy', 'claim_limit', 'insufficient_points', 'member_not_found', 'not_registered', 'sold_out', 'template_ended', 'template_not_found', 'template_paused', 'member_frozen'],
  },
  redeemCoupon: {
    method: 'POST',
    path: '/staff/coupons/redeem',
    summary: "Redeem a gift coupon by its code without a purchase (idempotent on redemptionId)",
    auth: ['staff'],
    get body() {
      return coupons().RedeemRequest;
    },
    get response() {
      return coupons().RedeemResponse;
    },
    errors: ['coupon_expired', 'coupon_not_found', 'coupon_not_yet_valid', 'coupon_unavailable', 'coupon_used', 'not_standalone', 'wrong_store', 'member_frozen'],
  },
  myCoupons: {
    method: 'GET',
    path: '/members/me/coupons',
    summary: "The member's wallet: available, used and expired coupons",
    auth: ['member'],
    get query() {
      return coupons().WalletQuery;
    },
    get response() {
      return coupons().WalletResponse;
    },
    errors: ['busy', 'not_registered'],
  },
} as const satisfies RouteSlice;
