import { route } from '../lib/http';
import { getMyProfile, issueMemberCode, myTier, pointsHistory, register, updateMyProfile } from './members';

/** HTTP entry points of the members capability (thin: the contract and the use cases do the work). */
export const registerMember = route('register', ({ session, body }) => register(session, body.phoneCode, body.storeId));
export const getMe = route('getMe', ({ session }) => getMyProfile(session));
export const updateMe = route('updateMe', ({ session, body }) => updateMyProfile(session, body));
export const issueCode = route('issueMemberCode', ({ session }) => issueMemberCode(session));
export const points = route('pointsHistory', ({ session, query }) => pointsHistory(session, query));
export const tier = route('myTier', ({ session }) => myTier(session));
