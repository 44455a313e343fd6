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
  },
  getMe: {
    method: 'GET',
    path: '/members/me',
    summary: "The signed-in member's profile, tier, points and progress",
    auth: ['member'],
    response: MemberProfile,
  },
  updateMe: {
    method: 'PATCH',
    path: '/members/me',
    summary: 'Update name, gender, birthday',
    auth: ['member'],
    body: UpdateProfileRequest,
    response: MemberProfile,
  },
  issueMemberCode: {
    method: 'POST',
    path: '/members/me/code',
    summary: 'A fresh 18-digit member code for the till (single use, short-lived)',
    auth: ['member'],
    response: MemberCodeResponse,
  },
  adminFindMember: {
    method: 'GET',
    path: '/admin/members',
    summary: 'Find a member by phone number',
    auth: ['admin'],
    query: MemberLookupQuery,
    response: AdminMemberView,
  },
  adminGetMember: {
    method: 'GET',
    path: '/admin/members/{memberId}',
    summary: "A member's account: points, debt, tier state, family",
    auth: ['admin'],
    params: MemberIdParams,
    response: AdminMemberView,
  },
} as const satisfies RouteSlice;
