import { deskRoutes } from '../../shared/contract/routes/desk';
import { route, router } from '../lib/http';
import { deskSearch, deskView, replaceCard, reportLost, setFrozen } from './desk';

/** The service desk (admins): find, member view, freeze, lost card, replacement: one Lambda. */
export const handler = router({
  deskSearch: route(deskRoutes, 'deskSearch', ({ query }) => deskSearch(query.q)),
  deskMember: route(deskRoutes, 'deskMember', ({ params }) => deskView(params.memberId)),
  deskFreeze: route(deskRoutes, 'deskFreeze', ({ session, params, body }) => setFrozen(session, params.memberId, body)),
  deskReportLost: route(deskRoutes, 'deskReportLost', ({ session, params, body }) => reportLost(session, params.memberId, body)),
  deskReplaceCard: route(deskRoutes, 'deskReplaceCard', ({ session, params, body }) => replaceCard(session, params.memberId, body)),
});
