import { MemberIdParams } from '../common';
import { MemberCodeResponse, MemberProfile, RegisterRequest, RegisterResponse, UpdateProfileRequest } from '../members';
import { AdminMemberView, MemberLookupQuery } from '../points';
import type { RouteSlice } from './spec';

/** Members: registration, the member's profile and code; the admin's member view (functions/members). */
export const membersRoutes = {
  register: {
    method: 'POST',
    path: '/members',
    summary: 'Register with the WeChat phone number, or bind this WeChat identity to the member who has it',
    auth: ['member', 'staff', 'admin'],
    body: RegisterRequest,
    response: RegisterResponse,
    errors: ['brand_not_configured', 'busy', 'invalid_phone_code', 'member_not_found', 'phone_bound_elsewhere', 'unknown_store', 'wechat_bound_elsewhere', 'wechat_unavailable'],
  },
  getMe: {
    method: 'GET',
    path: '/members/me',
    summary: "The signed-in member's profile, tier, points and progress",
    auth: ['member'],
    response: MemberProfile,
    errors: ['brand_not_configured', 'member_not_found', 'not_registered'],
  },
  updateMe: {
    method: 'PATCH',
    path: '/members/me',
    summary: 'Update name, gender, birthday',
    auth: ['member'],
    body: UpdateProfileRequest,
    response: MemberProfile,
    errors: ['brand_not_configured', 'busy', 'member_not_found', 'not_registered'],
  },
  issueMemberCode: {
    method: 'POST',
    path: '/members/me/code',
    summary: 'A fresh 18-digit member code for the till (single use, short-lived)',
    auth: ['member'],
    response: MemberCodeResponse,
    errors: ['busy', 'not_registered'],
  },
  adminFindMember: {
    method: 'GET',
    path: '/admin/members',
    summary: 'Find a member by phone number',
    auth: ['admin'],
    query: MemberLookupQuery,
    response: AdminMemberView,
    errors: ['brand_not_configured', 'member_not_found'],
  },
  adminGetMember: {
    method: 'GET',
    path: '/admin/members/{memberId}',
    summary: "A member's account: points, debt, tier state, family",
    auth: ['admin'],
    params: MemberIdParams,
    response: AdminMemberView,
    errors: ['brand_not_configured', 'member_not_found'],
  },
} as const satisfies RouteSlice;
