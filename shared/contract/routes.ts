import { z } from 'zod';
import { LoginRequest, LoginResponse } from './auth';
import { CheckoutPreviewRequest, CheckoutPreviewResponse, CheckoutRequest, CheckoutResponse } from './checkout';
import {
  MemberCodeResponse,
  MemberProfile,
  RegisterRequest,
  RegisterResponse,
  UpdateProfileRequest,
} from './members';
import { Role } from './common';
import { EarningRulesInput, EarningRulesVersion, RulesResponse, TierProgramResponse, TierProgramSchema } from './program';
import {
  AdjustmentRequest,
  AdjustmentResponse,
  AdminMemberView,
  AuditQuery,
  AuditResponse,
  FamilyInviteResponse,
  FamilyJoinRequest,
  FamilyLeaveRequest,
  FamilyView,
  LedgerPage,
  LedgerQuery,
  ManualTierRequest,
  MemberIdParams,
  MemberLookupQuery,
  MyTierResponse,
  ReturnRequest,
  ReturnResponse,
  ShortfallsResponse,
  TierHistoryResponse,
} from './points';
import {
  CentreResponse,
  ClaimRequest,
  ClaimResponse,
  CouponTemplate,
  ExchangeResponse,
  IssueRequest,
  IssueResponse,
  RedeemRequest,
  RedeemResponse,
  CouponTemplateInput,
  TemplateIdParams,
  TemplateList,
  TemplateEditRequest,
  TemplateStateRequest,
  WalletQuery,
  WalletResponse,
} from './coupons';

/**
 * Every HTTP route, once. The handlers, the mini-program's API client, the OpenAPI document
 * and the test that checks serverless.yml all read this table.
 */
export interface RouteSpec {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  summary: string;
  /** Roles allowed; `public` routes take no token. */
  auth: 'public' | readonly Role[];
  body?: z.ZodType;
  query?: z.ZodType;
  /** Path parameters, named as in `path` ({memberId}). */
  params?: z.ZodType;
  response: z.ZodType;
  /** Status of a successful answer. */
  status?: number;
}

export const HealthResponse = z.object({ status: z.literal('ok'), table: z.string(), time: z.string() });

export const routes = {
  health: {
    method: 'GET',
    path: '/health',
    summary: 'Readiness: answers 200 once the table is reachable',
    auth: 'public',
    response: HealthResponse,
  },
  openapi: {
    method: 'GET',
    path: '/openapi.json',
    summary: 'This API as an OpenAPI 3.1 document',
    auth: 'public',
    response: z.record(z.string(), z.unknown()),
  },
  login: {
    method: 'POST',
    path: '/auth/login',
    summary: 'Exchange a wx.login code for a session token',
    auth: 'public',
    body: LoginRequest,
    response: LoginResponse,
  },
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
  pointsHistory: {
    method: 'GET',
    path: '/members/me/points',
    summary: 'Points balance and ledger, newest first',
    auth: ['member'],
    query: LedgerQuery,
    response: LedgerPage,
  },
  myTier: {
    method: 'GET',
    path: '/members/me/tier',
    summary: 'All tiers with their benefits, progress to the next, what keeps the current one, tier history',
    auth: ['member'],
    response: MyTierResponse,
  },
  myFamily: {
    method: 'GET',
    path: '/members/me/family',
    summary: 'The family account (主副卡) this member belongs to',
    auth: ['member'],
    response: FamilyView,
  },
  familyInvite: {
    method: 'POST',
    path: '/members/me/family/invites',
    summary: 'A primary card invites a secondary: an 8-digit code valid for 24 hours',
    auth: ['member'],
    response: FamilyInviteResponse,
  },
  familyJoin: {
    method: 'POST',
    path: '/members/me/family/join',
    summary: "Accept an invitation: this member's points move to the primary, future earnings go there",
    auth: ['member'],
    body: FamilyJoinRequest,
    response: FamilyView,
  },
  familyLeave: {
    method: 'POST',
    path: '/members/me/family/leave',
    summary: 'End a family link: a secondary leaves, or the primary removes a secondary',
    auth: ['member'],
    body: FamilyLeaveRequest,
    response: FamilyView,
  },
  checkout: {
    method: 'POST',
    path: '/staff/checkouts',
    summary: "Record a purchase at the till against a member code; earns points (idempotent on storeId + orderId)",
    auth: ['staff'],
    body: CheckoutRequest,
    response: CheckoutResponse,
  },
  checkoutPreview: {
    method: 'POST',
    path: '/staff/checkouts/preview',
    summary: "Before confirming: the member's usable coupons, the discount of the ticked ones or why each cannot be used, payable, points",
    auth: ['staff'],
    body: CheckoutPreviewRequest,
    response: CheckoutPreviewResponse,
  },
  returnOrder: {
    method: 'POST',
    path: '/staff/returns',
    summary: 'A return: reverses points in proportion to what came back (idempotent on storeId + returnId)',
    auth: ['staff'],
    body: ReturnRequest,
    response: ReturnResponse,
  },
  adminGetRules: {
    method: 'GET',
    path: '/admin/rules',
    summary: 'Earning rules: the version in force, scheduled ones, all versions',
    auth: ['admin'],
    response: RulesResponse,
  },
  adminPutRules: {
    method: 'PUT',
    path: '/admin/rules',
    summary: 'A new version of the earning rules, applying from effectiveFrom (audited)',
    auth: ['admin'],
    body: EarningRulesInput,
    response: EarningRulesVersion,
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
  adminMemberLedger: {
    method: 'GET',
    path: '/admin/members/{memberId}/ledger',
    summary: "A member's points ledger, newest first",
    auth: ['admin'],
    params: MemberIdParams,
    query: LedgerQuery,
    response: LedgerPage,
  },
  adminMemberTierHistory: {
    method: 'GET',
    path: '/admin/members/{memberId}/tier-history',
    summary: "A member's tier history",
    auth: ['admin'],
    params: MemberIdParams,
    response: TierHistoryResponse,
  },
  adminAdjustPoints: {
    method: 'POST',
    path: '/admin/members/{memberId}/adjustments',
    summary: 'Add or remove points with a reason (audited; idempotent on adjustmentId)',
    auth: ['admin'],
    params: MemberIdParams,
    body: AdjustmentRequest,
    response: AdjustmentResponse,
    status: 201,
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
  adminShortfalls: {
    method: 'GET',
    path: '/admin/shortfalls',
    summary: 'Members who owe points after returns',
    auth: ['admin'],
    response: ShortfallsResponse,
  },
  adminCreateCouponTemplate: {
    method: 'POST',
    path: '/admin/coupon-templates',
    summary: 'Create a coupon template (audited)',
    auth: ['admin'],
    body: CouponTemplateInput,
    response: CouponTemplate,
    status: 201,
  },
  adminListCouponTemplates: {
    method: 'GET',
    path: '/admin/coupon-templates',
    summary: 'Coupon templates with issued and remaining stock',
    auth: ['admin'],
    response: TemplateList,
  },
  adminSetCouponTemplateState: {
    method: 'PUT',
    path: '/admin/coupon-templates/{templateId}/state',
    summary: 'Pause or resume a coupon template (audited)',
    auth: ['admin'],
    params: TemplateIdParams,
    body: TemplateStateRequest,
    response: CouponTemplate,
  },
  adminEditCouponTemplate: {
    method: 'PUT',
    path: '/admin/coupon-templates/{templateId}',
    summary: 'Edit a coupon template (audited): applies to coupons issued from now on; the type cannot change; stock never below what was issued',
    auth: ['admin'],
    params: TemplateIdParams,
    body: TemplateEditRequest,
    response: CouponTemplate,
  },
  couponCentre: {
    method: 'GET',
    path: '/coupons/centre',
    summary: 'Coupons a member can claim, with stock left and her own limit',
    auth: ['member'],
    response: CentreResponse,
  },
  claimCoupon: {
    method: 'POST',
    path: '/coupons/centre/{templateId}/claim',
    summary: 'Claim a coupon (idempotent on requestId; never beyond stock or the per-member limit)',
    auth: ['member'],
    params: TemplateIdParams,
    body: ClaimRequest,
    response: ClaimResponse,
  },
  issueCoupons: {
    method: 'POST',
    path: '/admin/coupon-templates/{templateId}/issue',
    summary: 'Issue a coupon to chosen members (admin or clerk) or to every member of a tier (admin); idempotent per batch',
    auth: ['admin', 'staff'],
    params: TemplateIdParams,
    body: IssueRequest,
    response: IssueResponse,
  },
  exchangeCoupon: {
    method: 'POST',
    path: '/coupons/exchange/{templateId}',
    summary: 'Exchange points for a coupon: the points are spent and the coupon issued in one transaction (idempotent on requestId)',
    auth: ['member'],
    params: TemplateIdParams,
    body: ClaimRequest,
    response: ExchangeResponse,
  },
  redeemCoupon: {
    method: 'POST',
    path: '/staff/coupons/redeem',
    summary: "Redeem a gift coupon by its code without a purchase (idempotent on redemptionId)",
    auth: ['staff'],
    body: RedeemRequest,
    response: RedeemResponse,
  },
  myCoupons: {
    method: 'GET',
    path: '/members/me/coupons',
    summary: "The member's wallet: available, used and expired coupons",
    auth: ['member'],
    query: WalletQuery,
    response: WalletResponse,
  },
  adminAudit: {
    method: 'GET',
    path: '/admin/audit',
    summary: 'Audit log of admin changes, newest first',
    auth: ['admin'],
    query: AuditQuery,
    response: AuditResponse,
  },
} as const satisfies Record<string, RouteSpec>;

export type RouteName = keyof typeof routes;
export type RouteBody<N extends RouteName> = (typeof routes)[N] extends { body: z.ZodType }
  ? z.input<(typeof routes)[N]['body']>
  : undefined;
export type RouteParams<N extends RouteName> = (typeof routes)[N] extends { params: z.ZodType }
  ? z.input<(typeof routes)[N]['params']>
  : undefined;
export type RouteResponse<N extends RouteName> = z.infer<(typeof routes)[N]['response']>;
