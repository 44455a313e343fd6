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
    errors: ['brand_not_configured', 'member_not_found', 'not_registered'],
  },
  adminGetTiers: {
    method: 'GET',
    path: '/admin/tiers',
    summary: 'The tier program',
    auth: ['admin'],
    response: TierProgramResponse,
    errors: ['brand_not_configured'],
  },
  adminPutTiers: {
    method: 'PUT',
    path: '/admin/tiers',
    summary: 'Replace the tier program (audited)',
    auth: ['admin'],
    body: TierProgramSchema,
    response: TierProgramResponse,
    errors: ['brand_not_configured', 'template_not_found', 'tiers_changed'],
  },
  adminMemberTierHistory: {
    method: 'GET',
    path: '/admin/members/{memberId}/tier-history',
    summary: "A member's tier history",
    auth: ['admin'],
    params: MemberIdParams,
    response: TierHistoryResponse,
    errors: ['member_not_found'],
  },
  adminSetTier: {
    method: 'PUT',
    path: '/admin/members/{memberId}/tier',
    summary: 'Set a tier by hand until a given date (audited)',
    auth: ['admin'],
    params: MemberIdParams,
    body: ManualTierRequest,
    response: AdminMemberView,
    errors: ['brand_not_configured', 'busy', 'family_secondary', 'member_not_found', 'unknown_tier', 'until_in_past'],
  },
} as const satisfies RouteSlice;
