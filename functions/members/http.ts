import { route, router } from '../lib/http';
import { getMyProfile, issueMemberCode, register, updateMyProfile } from './members';
import { findMember, memberView } from './views';

/** HTTP entry points of the members capability (thin: the contract and the use cases do the work). */
export const registerMember = route('register', ({ session, body }) => register(session, body.phoneCode, body.storeId));
export const getMe = route('getMe', ({ session }) => getMyProfile(session));
export const updateMe = route('updateMe', ({ session, body }) => updateMyProfile(session, body));
export const issueCode = route('issueMemberCode', ({ session }) => issueMemberCode(session));

/** The admin's member page: find by phone, read one member. */
export const admin = router({
  adminFindMember: route('adminFindMember', ({ query }) => findMember(query.phone)),
  adminGetMember: route('adminGetMember', ({ params }) => memberView(params.memberId)),
});
