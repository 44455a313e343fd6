import { route, router } from '../lib/http';
import { adjust } from './adjustments';
import { memberLedger, pointsHistory, shortfalls } from './ledger';
import { getRules, putRules } from './rules';

/** HTTP entry points of the points capability: the member's history; earning rules, ledgers, adjustments, debts for admins. */
export const history = route('pointsHistory', ({ session, query }) => pointsHistory(session, query));

export const admin = router({
  adminGetRules: route('adminGetRules', () => getRules()),
  adminPutRules: route('adminPutRules', ({ session, body }) => putRules(session, body)),
  adminMemberLedger: route('adminMemberLedger', ({ params, query }) => memberLedger(params.memberId, query)),
  adminAdjustPoints: route('adminAdjustPoints', ({ session, params, body }) => adjust(session, params.memberId, body)),
  adminShortfalls: route('adminShortfalls', () => shortfalls()),
});
