import { membersRoutes } from '../../shared/contract/routes/members';
import { route, router } from '../lib/http';
import { getMyProfile, issueMemberCode, register, updateMyProfile } from './members';
import { findMember, memberView, revealMemberPhone } from './views';

/** HTTP entry points of the members capability (thin: the contract and the use cases do the work). */
export const registerMember = route(membersRoutes, 'register', ({ session, body }) =>
  register(session, body.phoneCode, body.storeId, body.policyVersions, { referralCode: body.referralCode, clerkCode: body.clerkCode }),
);
export const getMe = route(membersRoutes, 'getMe', ({ session }) => getMyProfile(session));
export const updateMe = route(membersRoutes, 'updateMe', ({ session, body }) => updateMyProfile(session, body));
export const issueCode = route(membersRoutes, 'issueMemberCode', ({ session }) => issueMemberCode(session));

/** The admin's member page: find by phone, read one member. */
export const admin = router({
  adminFindMember: route(membersRoutes, 'adminFindMember', ({ session, query }) => findMember(session, query.phone)),
  adminGetMember: route(membersRoutes, 'adminGetMember', ({ session, params }) => memberView(session, params.memberId)),
  adminRevealPhone: route(membersRoutes, 'adminRevealPhone', ({ session, params }) => revealMemberPhone(session, params.memberId)),
});
