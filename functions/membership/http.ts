import { membershipRoutes } from '../../shared/contract/routes/membership';
import { route, router } from '../lib/http';
import { buyMembership, myMembership, refundMembership } from './membership';
import { createMembershipPlan, editMembershipPlan, listMembershipPlans, membershipMembers, saveMembershipSettings } from './plans';

/** Paid membership: the member's page, buying and refunding; the admin's plans, settings and members. One Lambda. */
export const handler = router({
  myMembership: route(membershipRoutes, 'myMembership', ({ session }) => myMembership(session)),
  buyMembership: route(membershipRoutes, 'buyMembership', ({ session, body }) => buyMembership(session, body)),
  refundMembership: route(membershipRoutes, 'refundMembership', ({ session, body }) => refundMembership(session, body)),
  adminMembershipPlans: route(membershipRoutes, 'adminMembershipPlans', () => listMembershipPlans()),
  adminCreateMembershipPlan: route(membershipRoutes, 'adminCreateMembershipPlan', ({ session, body }) => createMembershipPlan(session, body)),
  adminEditMembershipPlan: route(membershipRoutes, 'adminEditMembershipPlan', ({ session, params, body }) => editMembershipPlan(session, params.planId, body)),
  adminMembershipSettings: route(membershipRoutes, 'adminMembershipSettings', ({ session, body }) => saveMembershipSettings(session, body)),
  adminMembershipMembers: route(membershipRoutes, 'adminMembershipMembers', () => membershipMembers()),
});
