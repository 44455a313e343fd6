import { lazy, type RouteSlice } from './spec';

// Schemas are built on first use, not when the slice is loaded (see spec.ts).
const common = lazy(() => require('../common') as typeof import('../common'));
const identity = lazy(() => require('../identity') as typeof import('../identity'));

/** The desk's identity operations: birthday correction, 换绑, merging duplicates (functions/identity). */
export const identityRoutes = {
  deskCorrectBirthday: {
    method: 'PUT',
    path: '/admin/desk/members/{memberId}/birthday',
    summary: "The desk corrects a member's birthday (the member sets it once herself), with a reason; audited",
    auth: ['admin'],
    get params() {
      return common().MemberIdParams;
    },
    get body() {
      return identity().BirthdayCorrectionRequest;
    },
    get response() {
      return identity().BirthdayCorrectionResponse;
    },
    errors: ['busy', 'member_not_found', 'member_merged'],
  },
  rebindCreate: {
    method: 'POST',
    path: '/members/rebind-requests',
    summary: 'On a new WeChat account: ask to move the member who has this WeChat-proved phone to it (换绑)',
    auth: ['member', 'staff', 'admin'],
    get body() {
      return identity().RebindCreateRequest;
    },
    get response() {
      return identity().RebindView;
    },
    errors: ['invalid_phone_code', 'rebind_not_needed', 'rebind_pending', 'wechat_bound_elsewhere', 'wechat_unavailable'],
  },
  rebindMine: {
    method: 'GET',
    path: '/members/rebind-requests/mine',
    summary: "The new account's latest 换绑 request and its state",
    auth: ['member', 'staff', 'admin'],
    get response() {
      return identity().MyRebindResponse;
    },
  },
  rebindPendingForMe: {
    method: 'GET',
    path: '/members/me/rebind-requests',
    summary: 'The old account: pending requests to move her membership to another WeChat account',
    auth: ['member'],
    get response() {
      return identity().PendingRebindsResponse;
    },
    errors: ['not_registered'],
  },
  rebindConfirmByMember: {
    method: 'POST',
    path: '/members/me/rebind-requests/{requestId}/confirm',
    summary: 'The old account confirms: her membership moves to the new WeChat account, this one is unbound',
    auth: ['member'],
    get params() {
      return identity().RebindIdParams;
    },
    get response() {
      return identity().RebindDecision;
    },
    errors: ['busy', 'not_registered', 'rebind_closed', 'rebind_not_found'],
  },
  rebindRefuseByMember: {
    method: 'POST',
    path: '/members/me/rebind-requests/{requestId}/refuse',
    summary: 'The old account refuses a 换绑 request',
    auth: ['member'],
    get params() {
      return identity().RebindIdParams;
    },
    get response() {
      return identity().RebindDecision;
    },
    errors: ['not_registered', 'rebind_closed', 'rebind_not_found'],
  },
  myNotices: {
    method: 'GET',
    path: '/members/notices',
    summary: "This WeChat account's in-app notices (e.g. its membership moved to another account)",
    auth: ['member', 'staff', 'admin'],
    get response() {
      return identity().NoticesResponse;
    },
  },
  deskRebinds: {
    method: 'GET',
    path: '/admin/desk/rebinds',
    summary: '换绑 requests for the desk (pending by default)',
    auth: ['admin'],
    get query() {
      return identity().DeskRebindsQuery;
    },
    get response() {
      return identity().DeskRebindsResponse;
    },
  },
  deskRebindApprove: {
    method: 'POST',
    path: '/admin/desk/rebinds/{requestId}/approve',
    summary: 'The desk, having checked the identity, moves the member to the new WeChat account; audited',
    auth: ['admin'],
    get params() {
      return identity().RebindIdParams;
    },
    get body() {
      return identity().DeskRebindDecisionRequest;
    },
    get response() {
      return identity().RebindDecision;
    },
    errors: ['busy', 'rebind_closed', 'rebind_not_found'],
  },
  deskRebindRefuse: {
    method: 'POST',
    path: '/admin/desk/rebinds/{requestId}/refuse',
    summary: 'The desk refuses a 换绑 request; audited',
    auth: ['admin'],
    get params() {
      return identity().RebindIdParams;
    },
    get body() {
      return identity().DeskRebindDecisionRequest;
    },
    get response() {
      return identity().RebindDecision;
    },
    errors: ['rebind_closed', 'rebind_not_found'],
  },
  deskMergePreview: {
    method: 'GET',
    path: '/admin/desk/merges/preview',
    summary: 'What merging one member into another would move (points, coupons, tags, WeChat binding)',
    auth: ['admin'],
    get query() {
      return identity().MergePreviewQuery;
    },
    get response() {
      return identity().MergePreview;
    },
    errors: ['brand_not_configured', 'member_not_found'],
  },
  deskMerge: {
    method: 'POST',
    path: '/admin/desk/merges',
    summary: 'Merge a duplicate member into the kept one (idempotent; audited)',
    auth: ['admin'],
    get body() {
      return identity().MergeRequest;
    },
    get response() {
      return identity().MergeResult;
    },
    errors: ['busy', 'member_not_found', 'merge_self', 'member_merged', 'merge_blocked', 'balance_outstanding'],
  },
  deskMemberMerges: {
    method: 'GET',
    path: '/admin/desk/members/{memberId}/merges',
    summary: 'Which member this one was merged into, and which were merged into it (their history stays under their ids)',
    auth: ['admin'],
    get params() {
      return common().MemberIdParams;
    },
    get response() {
      return identity().MemberMerges;
    },
    errors: ['member_not_found'],
  },
} as const satisfies RouteSlice;
