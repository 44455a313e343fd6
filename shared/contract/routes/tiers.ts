import { lazy, type RouteSlice } from './spec';

// Schemas are built on first use, not when the slice is loaded (see spec.ts).
const common = lazy(() => require('../common') as typeof import('../common'));
const points = lazy(() => require('../points') as typeof import('../points'));
const program = lazy(() => require('../program') as typeof import('../program'));
const tiers = lazy(() => require('../tiers') as typeof import('../tiers'));

/** Tiers: the member's tier page; the program, tier history and hand-set tiers for admins (functions/tiers). */
export const tiersRoutes = {
  myTier: {
    method: 'GET',
    path: '/members/me/tier',
    summary: 'All tiers with their benefits, progress to the next, what keeps the current one, tier history',
    auth: ['member'],
    get response() {
      return tiers().MyTierResponse;
    },
    errors: ['brand_not_configured', 'member_not_found', 'not_registered'],
  },
  adminGetTiers: {
    method: 'GET',
    path: '/admin/tiers',
    summary: 'The tier program',
    auth: ['admin'],
    get response() {
      return program().TierProgramResponse;
    },
    errors: ['brand_not_configured'],
  },
  adminPutTiers: {
    method: 'PUT',
    path: '/admin/tiers',
    summary: 'Replace the tier program (audited)',
    auth: ['admin'],
    get body() {
      return program().TierProgramSchema;
    },
    get response() {
      return program().TierProgramResponse;
    },
    errors: ['brand_not_configured', 'template_not_found', 'tiers_changed'],
  },
  adminMemberTierHistory: {
    method: 'GET',
    path: '/admin/members/{memberId}/tier-history',
    summary: "A member's tier history",
    auth: ['admin'],
    get params() {
      return common().MemberIdParams;
    },
    get response() {
      return tiers().TierHistoryResponse;
    },
    errors: ['member_not_found'],
  },
  adminSetTier: {
    method: 'PUT',
    path: '/admin/members/{memberId}/tier',
    summary: 'Set a tier by hand until a given date (audited)',
    auth: ['admin'],
    get params() {
      return common().MemberIdParams;
    },
    get body() {
      return tiers().ManualTierRequest;
    },
    get response() {
      return points().AdminMemberView;
    },
    errors: ['brand_not_configured', 'busy', 'family_secondary', 'member_not_found', 'unknown_tier', 'until_in_past'],
  },
} as const satisfies RouteSlice;
