import { MemberIdParams } from '../common';
import { AdjustmentRequest, AdjustmentResponse, LedgerPage, LedgerQuery, ShortfallsResponse } from '../points';
import { EarningRulesInput, EarningRulesVersion, RulesResponse } from '../program';
import type { RouteSlice } from './spec';

/** Points: the member's history; earning rules, ledgers, adjustments, debts for admins (functions/points). */
export const pointsRoutes = {
  pointsHistory: {
    method: 'GET',
    path: '/members/me/points',
    summary: 'Points balance and ledger, newest first',
    auth: ['member'],
    query: LedgerQuery,
    response: LedgerPage,
    errors: ['member_not_found', 'not_registered'],
  },
  adminGetRules: {
    method: 'GET',
    path: '/admin/rules',
    summary: 'Earning rules: the version in force, scheduled ones, all versions',
    auth: ['admin'],
    response: RulesResponse,
    errors: ['brand_not_configured'],
  },
  adminPutRules: {
    method: 'PUT',
    path: '/admin/rules',
    summary: 'A new version of the earning rules, applying from effectiveFrom (audited)',
    auth: ['admin'],
    body: EarningRulesInput,
    response: EarningRulesVersion,
    errors: ['brand_not_configured', 'busy', 'effective_in_past'],
  },
  adminMemberLedger: {
    method: 'GET',
    path: '/admin/members/{memberId}/ledger',
    summary: "A member's points ledger, newest first",
    auth: ['admin'],
    params: MemberIdParams,
    query: LedgerQuery,
    response: LedgerPage,
    errors: ['member_not_found'],
  },
  adminAdjustPoints: {
    method: 'POST',
    path: '/admin/members/{memberId}/adjustments',
    summary: 'Add or remove points with a reason (audited; idempotent on adjustmentId)',
    auth: ['admin'],
    params: MemberIdParams,
    body: AdjustmentRequest,
    response: AdjustmentResponse,
    errors: ['adjustment_conflict', 'brand_not_configured', 'busy', 'insufficient_points', 'member_not_found'],
    status: 201,
  },
  adminShortfalls: {
    method: 'GET',
    path: '/admin/shortfalls',
    summary: 'Members who owe points after returns',
    auth: ['admin'],
    response: ShortfallsResponse,
  },
} as const satisfies RouteSlice;
