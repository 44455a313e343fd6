import { lazy, type RouteSlice } from './spec';

// Schemas are built on first use, not when the slice is loaded (see spec.ts).
const desk = lazy(() => require('../desk') as typeof import('../desk'));
const common = lazy(() => require('../common') as typeof import('../common'));

/** The service desk (admins): find, member view, freeze / unfreeze, lost card and replacement (functions/desk). */
export const deskRoutes = {
  deskSearch: {
    method: 'GET',
    path: '/admin/desk/members',
    summary: 'Find members by phone, card number or member id (one search box)',
    auth: ['admin'],
    get query() {
      return desk().DeskSearchQuery;
    },
    get response() {
      return desk().DeskSearchResponse;
    },
    errors: ['brand_not_configured', 'member_not_found'],
  },
  deskMember: {
    method: 'GET',
    path: '/admin/desk/members/{memberId}',
    summary: "The desk's member view: profile, points, tier, card, frozen or not",
    auth: ['admin'],
    get params() {
      return common().MemberIdParams;
    },
    get response() {
      return desk().DeskMemberView;
    },
    errors: ['member_not_found', 'brand_not_configured'],
  },
  deskFreeze: {
    method: 'PUT',
    path: '/admin/desk/members/{memberId}/freeze',
    summary: 'Freeze (no earning, spending or member code) or unfreeze a member, with a reason; audited',
    auth: ['admin'],
    get params() {
      return common().MemberIdParams;
    },
    get body() {
      return desk().FreezeRequest;
    },
    get response() {
      return desk().DeskMemberView;
    },
    errors: ['member_not_found', 'busy', 'brand_not_configured'],
  },
  deskReportLost: {
    method: 'POST',
    path: '/admin/desk/members/{memberId}/card/lost',
    summary: "Report the member's card lost: it can no longer be bound or used; audited",
    auth: ['admin'],
    get params() {
      return common().MemberIdParams;
    },
    get body() {
      return desk().LostCardRequest;
    },
    get response() {
      return desk().DeskMemberView;
    },
    errors: ['member_not_found', 'no_active_card', 'busy', 'brand_not_configured'],
  },
  deskReplaceCard: {
    method: 'POST',
    path: '/admin/desk/members/{memberId}/card/replacement',
    summary: "Bind an unbound card to the member as a replacement (its opening points and tier are not given); audited",
    auth: ['admin'],
    get params() {
      return common().MemberIdParams;
    },
    get body() {
      return desk().ReplaceCardRequest;
    },
    get response() {
      return desk().DeskMemberView;
    },
    errors: ['member_not_found', 'card_number_invalid', 'card_not_found', 'card_bound', 'card_lost', 'member_has_card', 'member_frozen', 'busy', 'brand_not_configured', 'card_attempts_limited', 'card_locked', 'card_pin_wrong'],
  },
} as const satisfies RouteSlice;
