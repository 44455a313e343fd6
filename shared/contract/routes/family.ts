import { lazy, type RouteSlice } from './spec';

// Schemas are built on first use, not when the slice is loaded (see spec.ts).
const family = lazy(() => require('../family') as typeof import('../family'));

/** Family accounts (functions/family). */
export const familyRoutes = {
  myFamily: {
    method: 'GET',
    path: '/members/me/family',
    summary: 'The family account (主副卡) this member belongs to',
    auth: ['member'],
    get response() {
      return family().FamilyView;
    },
    errors: ['member_not_found', 'not_registered'],
  },
  familyInvite: {
    method: 'POST',
    path: '/members/me/family/invites',
    summary: 'A primary card invites a secondary: an 8-digit code valid for 24 hours',
    auth: ['member'],
    get response() {
      return family().FamilyInviteResponse;
    },
    errors: ['busy', 'family_already_linked', 'family_full', 'member_not_found', 'not_registered'],
  },
  familyJoin: {
    method: 'POST',
    path: '/members/me/family/join',
    summary: "Accept an invitation: this member's points move to the primary, future earnings go there",
    auth: ['member'],
    get body() {
      return family().FamilyJoinRequest;
    },
    get response() {
      return family().FamilyView;
    },
    errors: ['busy', 'family_already_linked', 'family_full', 'family_has_debt', 'family_invite_expired', 'family_invite_invalid', 'family_self', 'member_not_found', 'not_registered'],
  },
  familyLeave: {
    method: 'POST',
    path: '/members/me/family/leave',
    summary: 'End a family link: a secondary leaves, or the primary removes a secondary',
    auth: ['member'],
    get body() {
      return family().FamilyLeaveRequest;
    },
    get response() {
      return family().FamilyView;
    },
    errors: ['busy', 'member_not_found', 'not_in_family', 'not_registered'],
  },
} as const satisfies RouteSlice;
