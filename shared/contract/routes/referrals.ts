import { lazy, type RouteSlice } from './spec';

// Schemas are built on first use, not when the slice is loaded (see spec.ts).
const referrals = lazy(() => require('../referrals') as typeof import('../referrals'));
const common = lazy(() => require('../common') as typeof import('../common'));

/** Referrals (邀请有礼, issue 19, functions/referrals): the member's invitation, the admin's settings, leaderboard and signals. */
export const referralsRoutes = {
  myReferral: {
    method: 'GET',
    path: '/members/me/referral',
    summary: "The member's invitation: her referral code (created on first visit), the rules in full, the rewards, her friends (masked) and their progress",
    auth: ['member'],
    errors: ['not_registered'],
    get response() {
      return referrals().MyReferralResponse;
    },
  },
  myReferralPoster: {
    method: 'GET',
    path: '/members/me/referral/poster',
    summary: "The member's invitation as a mini-program code (小程序码) for a poster: a link to its image, made once and kept in S3",
    auth: ['member'],
    errors: ['not_registered', 'referral_disabled', 'wechat_unavailable'],
    get response() {
      return common().PosterCode;
    },
  },
  adminReferralSettings: {
    method: 'GET',
    path: '/admin/referral-settings',
    summary: 'The referral settings: on or off, the reward of each side, the qualifying minimum, the return window, the caps and the rules text',
    auth: ['admin'],
    get response() {
      return referrals().ReferralSettingsResponse;
    },
  },
  adminPutReferralSettings: {
    method: 'PUT',
    path: '/admin/referral-settings',
    summary: 'Save the referral settings (audited)',
    auth: ['admin'],
    errors: ['settings_changed', 'template_not_found'],
    get body() {
      return referrals().PutReferralSettings;
    },
    get response() {
      return referrals().ReferralSettingsResponse;
    },
  },
  adminReferrals: {
    method: 'GET',
    path: '/admin/referrals',
    summary: 'Referrers ranked (masked), totals, and signals: many friends who never buy, first orders returned',
    auth: ['admin'],
    get response() {
      return referrals().AdminReferralsResponse;
    },
  },
} as const satisfies RouteSlice;
