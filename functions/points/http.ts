import { pointsRoutes } from '../../shared/contract/routes/points';
import { route, router } from '../lib/http';
import { adjust } from './adjustments';
import { memberLedger, pointsHistory, shortfalls } from './ledger';
import { getRules, putRules } from './rules';

/** HTTP entry points of the points capability: the member's history; earning rules, ledgers, adjustments, debts for admins. */
export const history = route(pointsRoutes, 'pointsHistory', ({ session, query }) => pointsHistory(session, query));

export const admin = router({
  adminGetRules: route(pointsRoutes, 'adminGetRules', () => getRules()),
  adminPutRules: route(pointsRoutes, 'adminPutRules', ({ session, body }) => putRules(session, body)),
  adminMemberLedger: route(pointsRoutes, 'adminMemberLedger', ({ params, query }) => memberLedger(params.memberId, query)),
  adminAdjustPoints: route(pointsRoutes, 'adminAdjustPoints', ({ session, params, body }) => adjust(session, params.memberId, body)),
  adminShortfalls: route(pointsRoutes, 'adminShortfalls', () => shortfalls()),
});
