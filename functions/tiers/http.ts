import { tiersRoutes } from '../../shared/contract/routes/tiers';
import { route, router } from '../lib/http';
import { setTier } from './manual';
import { getTiers, putTiers } from './program';
import { memberTierHistory, myTier } from './views';

/** HTTP entry points of the tiers capability: the member's tier page; the program, tier history and hand-set tiers for admins. */
export const mine = route(tiersRoutes, 'myTier', ({ session }) => myTier(session));

export const admin = router({
  adminGetTiers: route(tiersRoutes, 'adminGetTiers', () => getTiers()),
  adminPutTiers: route(tiersRoutes, 'adminPutTiers', ({ session, body }) => putTiers(session, body)),
  adminMemberTierHistory: route(tiersRoutes, 'adminMemberTierHistory', ({ params }) => memberTierHistory(params.memberId)),
  adminSetTier: route(tiersRoutes, 'adminSetTier', ({ session, params, body }) => setTier(session, params.memberId, body)),
});
