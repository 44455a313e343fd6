import { planningRoutes } from '../../shared/contract/routes/planning';
import { route, router } from '../lib/http';
import { latestSnapshot, planTiers, repurchaseReport } from './planning';

/** Snapshots, the tier planner and repurchase cycles: one Lambda. */
export const handler = router({
  adminSnapshot: route(planningRoutes, 'adminSnapshot', () => latestSnapshot()),
  adminTierPlanner: route(planningRoutes, 'adminTierPlanner', ({ body }) => planTiers(body)),
  adminRepurchase: route(planningRoutes, 'adminRepurchase', () => repurchaseReport()),
});
