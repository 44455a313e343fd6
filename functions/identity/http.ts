import { identityRoutes } from '../../shared/contract/routes/identity';
import { route, router } from '../lib/http';
import { correctBirthday } from './birthday';
import { memberMerges, mergeMembers, previewMerge } from './merge';
import { deskApprove, deskRebinds, deskRefuse, memberConfirm, memberRefuse, myRebind, notices, pendingForMe, requestRebind } from './rebind';

/** 换绑 on the member side: the new account asks, the old account sees and decides, notices. */
export const member = router({
  rebindCreate: route(identityRoutes, 'rebindCreate', ({ session, body }) => requestRebind(session, body.phoneCode)),
  rebindMine: route(identityRoutes, 'rebindMine', ({ session }) => myRebind(session)),
  rebindPendingForMe: route(identityRoutes, 'rebindPendingForMe', ({ session }) => pendingForMe(session)),
  rebindConfirmByMember: route(identityRoutes, 'rebindConfirmByMember', ({ session, params }) => memberConfirm(session, params.requestId)),
  rebindRefuseByMember: route(identityRoutes, 'rebindRefuseByMember', ({ session, params }) => memberRefuse(session, params.requestId)),
  myNotices: route(identityRoutes, 'myNotices', ({ session }) => notices(session)),
});

/** The desk: birthday correction, 换绑 decisions, merging duplicates. */
export const desk = router({
  deskCorrectBirthday: route(identityRoutes, 'deskCorrectBirthday', ({ session, params, body }) => correctBirthday(session, params.memberId, body)),
  deskRebinds: route(identityRoutes, 'deskRebinds', ({ query }) => deskRebinds(query.state)),
  deskRebindApprove: route(identityRoutes, 'deskRebindApprove', ({ session, params, body }) => deskApprove(session, params.requestId, body.reason)),
  deskRebindRefuse: route(identityRoutes, 'deskRebindRefuse', ({ session, params, body }) => deskRefuse(session, params.requestId, body.reason)),
  deskMergePreview: route(identityRoutes, 'deskMergePreview', ({ query }) => previewMerge(query.keepId, query.mergeId)),
  deskMerge: route(identityRoutes, 'deskMerge', ({ session, body }) => mergeMembers(session, body)),
  deskMemberMerges: route(identityRoutes, 'deskMemberMerges', ({ params }) => memberMerges(params.memberId)),
});
