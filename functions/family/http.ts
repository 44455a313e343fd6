import { familyRoutes } from '../../shared/contract/routes/family';
import { route, router } from '../lib/http';
import { inviteFamily, joinFamily, leaveFamily, myFamily } from './family';

/** Family accounts: one Lambda for the four routes. */
export const handler = router({
  myFamily: route(familyRoutes, 'myFamily', ({ session }) => myFamily(session)),
  familyInvite: route(familyRoutes, 'familyInvite', ({ session }) => inviteFamily(session)),
  familyJoin: route(familyRoutes, 'familyJoin', ({ session, body }) => joinFamily(session, body.code)),
  familyLeave: route(familyRoutes, 'familyLeave', ({ session, body }) => leaveFamily(session, body.memberId)),
});
