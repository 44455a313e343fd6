import { lazy, type RouteSlice } from './spec';

// Schemas are built on first use, not when the slice is loaded (see spec.ts).
const common = lazy(() => require('../common') as typeof import('../common'));
const points = lazy(() => require('../points') as typeof import('../points'));
const program = lazy(() => require('../program') as typeof import('../program'));

/** Points: the member's history; earning rules, ledgers, adjustments, debts for admins (functions/points). */
export const pointsRoutes = {
  pointsHistory: {
    method: 'GET',
    path: '/members/me/points',
    summary: 'Points balance and ledger, newest first',
    auth: ['member'],
    get query() {
      return points().LedgerQuery;
    },
    get response() {
      return points().LedgerPage;
    },
    errors: ['member_not_found', 'not_registered'],
  },
  adminGetRules: {
    method: 'GET',
    path: '/admin/rules',
    summary: 'Earning rules: the version in force, scheduled ones, all versions',
    auth: ['admin'],
    get response() {
      return program().RulesResponse;
    },
    errors: ['brand_not_configured'],
  },
  adminPutRules: {
    method: 'PUT',
    path: '/admin/rules',
    summary: 'A new version of the earning rules, applying from effectiveFrom (audited)',
    auth: ['admin'],
    get body() {
      return program().EarningRulesInput;
    },
    get response() {
      return program().EarningRulesVersion;
    },
    errors: ['brand_not_configured', 'busy', 'effective_in_past'],
  },
  adminMemberLedger: {
    method: 'GET',
    path: '/admin/members/{memberId}/ledger',
    summary: "A member's points ledger, newest first",
    auth: ['admin'],
    get params() {
      return common().MemberIdParams;
    },
    get query() {
      return points().LedgerQuery;
    },
    get response() {
      return points().LedgerPage;
    },
    errors: ['member_not_found'],
  },
  adminAdjustPoints: {
    method: 'POST',
    path: '/admin/members/{memberId}/adjustments',
    summary: 'Add or remove points with a reason (audited; idempotent on adjustmentId)',
    auth: ['admin'],
    get params() {
      return common().MemberIdParams;
    },
    get body() {
      return points().AdjustmentRequest;
    },
    get response() {
      return points().AdjustmentResponse;
    },
    errors: ['adjustment_conflict', 'brand_not_configured', 'busy', 'insufficient_points', 'member_not_found'],
    status: 201,
  },
  adminShortfalls: {
    method: 'GET',
    path: '/admin/shortfalls',
    summary: 'Members who owe points after returns',
    auth: ['admin'],
    get response() {
      return points().ShortfallsResponse;
    },
  },
} as const satisfies RouteSlice;
