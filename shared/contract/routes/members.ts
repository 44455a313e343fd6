import { lazy, type RouteSlice } from './spec';

// Schemas are built on first use, not when the slice is loaded (see spec.ts).
const common = lazy(() => require('../common') as typeof import('../common'));
const members = lazy(() => require('../members') as typeof import('../members'));
const points = lazy(() => require('../points') as typeof import('../points'));

/** Members: registration, the member's profile and code; the admin's member view (functions/members). */
export const membersRoutes = {
  register: {
    method: 'POST',
    path: '/members',
    summary: 'Register with the WeChat phone number, or bind this WeChat identity to the member who has it',
    auth: ['member', 'staff', 'admin'],
    get body() {
      return members().RegisterRequest;
    },
    get response() {
      return members().RegisterResponse;
    },
    quota: 'register',
    errors: ['brand_not_configured', 'busy', 'invalid_phone_code', 'member_not_found', 'phone_bound_elsewhere', 'policy_outdated', 'unknown_store', 'wechat_bound_elsewhere', 'wechat_unavailable'],
  },
  getMe: {
    method: 'GET',
    path: '/members/me',
    summary: "The signed-in member's profile, tier, points and progress",
    auth: ['member'],
    get response() {
      return members().MemberProfile;
    },
    errors: ['brand_not_configured', 'member_not_found', 'not_registered'],
  },
  updateMe: {
    method: 'PATCH',
    path: '/members/me',
    summary: 'Update name, gender, birthday (the birthday is set once; later changes go through the desk)',
    auth: ['member'],
    get body() {
      return members().UpdateProfileRequest;
    },
    get response() {
      return members().MemberProfile;
    },
    errors: ['brand_not_configured', 'busy', 'member_not_found', 'not_registered', 'birthday_locked'],
  },
  issueMemberCode: {
    method: 'POST',
    path: '/members/me/code',
    summary: 'A fresh 18-digit member code for the till (single use, short-lived)',
    auth: ['member'],
    get response() {
      return members().MemberCodeResponse;
    },
    quota: 'memberCode',
    errors: ['busy', 'not_registered', 'member_frozen'],
  },
  adminFindMember: {
    method: 'GET',
    path: '/admin/members',
    summary: 'Find a member by phone number',
    auth: ['admin'],
    get query() {
      return points().MemberLookupQuery;
    },
    get response() {
      return points().AdminMemberView;
    },
    errors: ['brand_not_configured', 'member_not_found'],
  },
  adminGetMember: {
    method: 'GET',
    path: '/admin/members/{memberId}',
    summary: "A member's account: points, debt, tier state, family",
    auth: ['admin'],
    get params() {
      return common().MemberIdParams;
    },
    get response() {
      return points().AdminMemberView;
    },
    errors: ['brand_not_configured', 'member_not_found'],
  },
  adminRevealPhone: {
    method: 'POST',
    path: '/admin/members/{memberId}/phone',
    summary: "A member's whole phone number, for an admin holding the phones permission; each reveal is audited",
    auth: ['admin'],
    get params() {
      return common().MemberIdParams;
    },
    get response() {
      return points().PhoneRevealResponse;
    },
    errors: ['busy', 'member_not_found', 'no_phone_permission'],
  },
} as const satisfies RouteSlice;
