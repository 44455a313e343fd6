import { lazy, type RouteSlice } from './spec';

// Schemas are built on first use, not when the slice is loaded (see spec.ts).
const rights = lazy(() => require('../rights') as typeof import('../rights'));

/** Members' data rights: agreements, data copy, deletion, WeChat's user-information push (functions/rights). */
export const rightsRoutes = {
  currentPolicy: {
    method: 'GET',
    path: '/policies/{kind}',
    summary: 'The agreement in force today (会员服务协议 or 隐私政策), with its version',
    auth: 'public',
    get params() {
      return rights().PolicyKindParams;
    },
    get response() {
      return rights().PolicyText;
    },
  },
  adminPolicy: {
    method: 'GET',
    path: '/admin/policies/{kind}',
    summary: 'An agreement: the version in force, the newest and every version saved',
    auth: ['admin'],
    get params() {
      return rights().PolicyKindParams;
    },
    get response() {
      return rights().AdminPolicyResponse;
    },
  },
  savePolicy: {
    method: 'POST',
    path: '/admin/policies/{kind}',
    summary: 'Save a new version of an agreement, in force from a day (today or later); audited',
    auth: ['admin'],
    status: 201,
    get params() {
      return rights().PolicyKindParams;
    },
    get body() {
      return rights().SavePolicyRequest;
    },
    get response() {
      return rights().PolicyText;
    },
    errors: ['busy', 'policy_date_past'],
  },
  myDataExport: {
    method: 'GET',
    path: '/members/me/data-export',
    summary: "The member's latest copy of her data: being written, or ready with a link valid 24 hours",
    auth: ['member'],
    get response() {
      return rights().DataExportStatus;
    },
    errors: ['not_registered'],
  },
  requestDataExport: {
    method: 'POST',
    path: '/members/me/data-export',
    summary: 'Ask for a copy of her data (profile, points, orders, coupons, complaints, consents); one a day; audited',
    auth: ['member'],
    status: 202,
    get response() {
      return rights().DataExportStatus;
    },
    errors: ['member_not_found', 'not_registered'],
  },
  myDeletion: {
    method: 'GET',
    path: '/members/me/deletion',
    summary: "The member's account deletion request, if any, and what she would lose",
    auth: ['member'],
    get response() {
      return rights().DeletionStatus;
    },
    errors: ['member_not_found', 'not_registered'],
  },
  requestDeletion: {
    method: 'POST',
    path: '/members/me/deletion',
    summary: 'Ask to delete the account: erased after a 15-day grace period she can cancel; audited',
    auth: ['member'],
    get body() {
      return rights().RequestDeletionRequest;
    },
    get response() {
      return rights().DeletionStatus;
    },
    errors: ['busy', 'deletion_in_family', 'balance_outstanding', 'member_not_found', 'not_registered'],
  },
  cancelDeletion: {
    method: 'POST',
    path: '/members/me/deletion/cancel',
    summary: 'Withdraw the deletion request during the grace period; audited',
    auth: ['member'],
    get response() {
      return rights().DeletionStatus;
    },
    errors: ['deletion_not_pending', 'member_not_found', 'not_registered'],
  },
  adminDeletions: {
    method: 'GET',
    path: '/admin/deletions',
    summary: 'Pending account deletions, soonest due first (phones masked)',
    auth: ['admin'],
    get response() {
      return rights().AdminDeletionsResponse;
    },
  },
  wechatPushVerify: {
    method: 'GET',
    path: '/wechat/push',
    summary: "WeChat's check of the message-push URL: answers echostr when the signature holds (plain text)",
    auth: 'public',
    text: true,
    get query() {
      return rights().WeChatPushQuery;
    },
    get response() {
      return rights().WeChatPushAnswer;
    },
    errors: ['push_signature_invalid'],
  },
  wechatPush: {
    method: 'POST',
    path: '/wechat/push',
    summary: "WeChat's message push (authorized_user_information_changes, JSON or XML): signature checked, answers success",
    auth: 'public',
    text: true,
    get query() {
      return rights().WeChatPushQuery;
    },
    get response() {
      return rights().WeChatPushAnswer;
    },
    errors: ['busy', 'deletion_in_family', 'member_not_found', 'push_signature_invalid'],
  },
} as const satisfies RouteSlice;
