import { MemberIdParams } from '../common';
import { AdminMemberView } from '../points';
import { TierProgramResponse, TierProgramSchema } from '../program';
import { ManualTierRequest, MyTierResponse, TierHistoryResponse } from '../tiers';
import type { RouteSlice } from './spec';

/** Tiers: the member's tier page; the program, tier history and hand-set tiers for admins (functions/tiers). */
export const tiersRoutes = {
  myTier: {
    method: 'GET',
    path: '/members/me/tier',
    summary: 'All tiers with their benefits, progress to the next, what keeps the current one, tier history',
    auth: ['member'],
    response: MyTierResponse,
  },
  adminGetTiers: {
    method: 'GET',
    path: '/admin/tiers',
    summary: 'The tier program',
    auth: ['admin'],
    response: TierProgramResponse,
  },
  adminPutTiers: {
    method: 'PUT',
    path: '/admin/tiers',
    summary: 'Replace the tier program (audited)',
    auth: ['admin'],
    body: TierProgramSchema,
    response: TierProgramResponse,
  },
  adminMemberTierHistory: {
    method: 'GET',
    path: '/admin/members/{memberId}/tier-history',
    summary: "A member's tier history",
    auth: ['admin'],
    params: MemberIdParams,
    response: TierHistoryResponse,
  },
  adminSetTier: {
    method: 'PUT',
    path: '/admin/members/{memberId}/tier',
    summary: 'Set a tier by hand until a given date (audited)',
    auth: ['admin'],
    params: MemberIdParams,
    body: ManualTierRequest,
    response: AdminMemberView,
  },
} as const satisfies RouteSlice;
