import { route, router } from '../lib/http';
import { adjust, audit, findMember, getRules, getTiers, memberLedger, memberTierHistory, memberView, putRules, putTiers, setTier, shortfalls } from './admin';

/** The admin API: one Lambda for the admin routes (all need the admin role). */
export const handler = router({
  adminGetRules: route('adminGetRules', () => getRules()),
  adminPutRules: route('adminPutRules', ({ session, body }) => putRules(session, body)),
  adminGetTiers: route('adminGetTiers', () => getTiers()),
  adminPutTiers: route('adminPutTiers', ({ session, body }) => putTiers(session, body)),
  adminFindMember: route('adminFindMember', ({ query }) => findMember(query.phone)),
  adminGetMember: route('adminGetMember', ({ params }) => memberView(params.memberId)),
  adminMemberLedger: route('adminMemberLedger', ({ params, query }) => memberLedger(params.memberId, query)),
  adminMemberTierHistory: route('adminMemberTierHistory', ({ params }) => memberTierHistory(params.memberId)),
  adminAdjustPoints: route('adminAdjustPoints', ({ session, params, body }) => adjust(session, params.memberId, body)),
  adminSetTier: route('adminSetTier', ({ session, params, body }) => setTier(session, params.memberId, body)),
  adminShortfalls: route('adminShortfalls', () => shortfalls()),
  adminAudit: route('adminAudit', ({ query }) => audit(query)),
});
