import { lazy, type RouteSlice } from './spec';

// Schemas are built on first use, not when the slice is loaded (see spec.ts).
const m = lazy(() => require('../membership') as typeof import('../membership'));
const pay = lazy(() => require('../pay') as typeof import('../pay'));

/** Paid membership (付费会员, issue 17): the member's term and purchases, the admin's plans (functions/membership). */
export const membershipRoutes = {
  myMembership: {
    method: 'GET',
    path: '/members/me/membership',
    summary: "Plans on offer, the member's current term (badge, multiplier, last day, packs given) and whether her latest purchase may be refunded; gives a month's coupon pack still due",
    auth: ['member'],
    get response() {
      return m().MyMembership;
    },
    errors: ['member_not_found', 'not_registered', 'brand_not_configured', 'busy'],
  },
  buyMembership: {
    method: 'POST',
    path: '/members/me/membership/purchases',
    summary: 'Buy or renew a plan: a WeChat Pay order (the term is extended when it is paid); a retried request answers the same order',
    auth: ['member'],
    get body() {
      return m().MembershipPurchaseRequest;
    },
    get response() {
      return pay().PaymentStarted;
    },
    errors: ['plan_not_found', 'plan_inactive', 'member_not_found', 'not_registered', 'member_frozen', 'busy', 'pay_unavailable'],
  },
  refundMembership: {
    method: 'POST',
    path: '/members/me/membership/refund',
    summary: 'Refund the latest purchase (within 7 days, no perk used since): its months leave the term, its pack coupons are voided, the money goes back through WeChat Pay',
    auth: ['member'],
    get body() {
      return m().MembershipRefundRequest;
    },
    get response() {
      return m().MembershipRefundResponse;
    },
    errors: ['membership_refund_not_allowed', 'member_not_found', 'not_registered', 'busy', 'pay_refund_refused', 'payment_not_found'],
  },
  adminMembershipPlans: {
    method: 'GET',
    path: '/admin/membership-plans',
    summary: 'Every plan (on offer or not) and the membership settings',
    auth: ['admin'],
    get response() {
      return m().AdminMembershipPlans;
    },
  },
  adminCreateMembershipPlan: {
    method: 'POST',
    path: '/admin/membership-plans',
    summary: 'A new plan (price, months, multiplier, monthly coupon pack, badge); audited',
    auth: ['admin'],
    get body() {
      return m().MembershipPlanInput;
    },
    get response() {
      return m().MembershipPlan;
    },
    status: 201,
    errors: ['template_not_found', 'busy'],
  },
  adminEditMembershipPlan: {
    method: 'PUT',
    path: '/admin/membership-plans/{planId}',
    summary: 'Edit a plan over the revision read (terms already bought keep what they were sold with); audited',
    auth: ['admin'],
    get params() {
      return m().MembershipPlanIdParams;
    },
    get body() {
      return m().MembershipPlanEdit;
    },
    get response() {
      return m().MembershipPlan;
    },
    errors: ['plan_not_found', 'plan_changed', 'template_not_found'],
  },
  adminMembershipSettings: {
    method: 'PUT',
    path: '/admin/membership-settings',
    summary: "Whether the plan's multiplier multiplies the tier's (stackPlusWithTier) or the better one applies; audited",
    auth: ['admin'],
    get body() {
      return m().MembershipSettings;
    },
    get response() {
      return m().MembershipSettings;
    },
    errors: ['plan_changed'],
  },
  adminMembershipMembers: {
    method: 'GET',
    path: '/admin/membership/members',
    summary: 'Members with a running term (count) and the terms ending within 30 days (masked phones)',
    auth: ['admin'],
    get response() {
      return m().MembershipMembers;
    },
  },
} as const satisfies RouteSlice;
