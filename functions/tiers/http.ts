import { route, router } from '../lib/http';
import { setTier } from './manual';
import { getTiers, putTiers } from './program';
import { memberTierHistory, myTier } from './views';

/** HTTP entry points of the tiers capability: the member's tier page; the program, tier history and hand-set tiers for admins. */
export const mine = route('myTier', ({ session }) => myTier(session));

export const admin = router({
  adminGetTiers: route('adminGetTiers', () => getTiers()),
  adminPutTiers: route('adminPutTiers', ({ session, body }) => putTiers(session, body)),
  adminMemberTierHistory: route('adminMemberTierHistory', ({ params }) => memberTierHistory(params.memberId)),
  adminSetTier: route('adminSetTier', ({ session, params, body }) => setTier(session, params.memberId, body)),
});
