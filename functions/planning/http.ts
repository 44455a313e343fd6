import { planningRoutes } from '../../shared/contract/routes/planning';
import { route, router } from '../lib/http';
import { latestSnapshot, planTiers, putRepurchaseSettings, repurchaseReport, repurchaseSettings } from './planning';

/** Snapshots, the tier planner, repurchase cycles and the consumables' settings: one Lambda. */
export const handler = router({
  adminSnapshot: route(planningRoutes, 'adminSnapshot', () => latestSnapshot()),
  adminTierPlanner: route(planningRoutes, 'adminTierPlanner', ({ body }) => planTiers(body)),
  adminRepurchase: route(planningRoutes, 'adminRepurchase', () => repurchaseReport()),
  adminRepurchaseSettings: route(planningRoutes, 'adminRepurchaseSettings', () => repurchaseSettings()),
  adminPutRepurchaseSettings: route(planningRoutes, 'adminPutRepurchaseSettings', ({ session, body }) => putRepurchaseSettings(session, body)),
});
