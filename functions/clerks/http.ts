import { clerksRoutes } from '../../shared/contract/routes/clerks';
import { route, router } from '../lib/http';
import { myGrowth, myGrowthPoster } from './growth';
import { brandLeaderboard, storeLeaderboard } from './leaderboard';
import { pendingServiceRating, rateService } from './rating';

/** Clerk attribution (issue 19, part C): her registration QR, leaderboards, service ratings: one Lambda. */
export const handler = router({
  myGrowth: route(clerksRoutes, 'myGrowth', ({ session }) => myGrowth(session)),
  myGrowthPoster: route(clerksRoutes, 'myGrowthPoster', ({ session }) => myGrowthPoster(session)),
  storeLeaderboard: route(clerksRoutes, 'storeLeaderboard', ({ session, params, query }) => storeLeaderboard(session, params.storeId, query)),
  adminLeaderboard: route(clerksRoutes, 'adminLeaderboard', ({ query }) => brandLeaderboard(query)),
  pendingServiceRating: route(clerksRoutes, 'pendingServiceRating', ({ session }) => pendingServiceRating(session)),
  rateService: route(clerksRoutes, 'rateService', ({ session, body }) => rateService(session, body)),
});
