import { route, router } from '../lib/http';
import { inviteFamily, joinFamily, leaveFamily, myFamily } from './family';

/** Family accounts: one Lambda for the four routes. */
export const handler = router({
  myFamily: route('myFamily', ({ session }) => myFamily(session)),
  familyInvite: route('familyInvite', ({ session }) => inviteFamily(session)),
  familyJoin: route('familyJoin', ({ session, body }) => joinFamily(session, body.code)),
  familyLeave: route('familyLeave', ({ session, body }) => leaveFamily(session, body.memberId)),
});
