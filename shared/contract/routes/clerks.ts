import { lazy, type RouteSlice } from './spec';

// Schemas are built on first use, not when the slice is loaded (see spec.ts).
const clerks = lazy(() => require('../clerks') as typeof import('../clerks'));
const common = lazy(() => require('../common') as typeof import('../common'));

/** Clerk attribution (issue 19, part C): a clerk's registration QR, leaderboards, service ratings (functions/clerks). */
export const clerksRoutes = {
  myGrowth: {
    method: 'GET',
    path: '/staff/growth',
    summary: "The clerk's registration QR at her store (made on first use) and her registrations, members' sales and rating this month",
    auth: ['staff'],
    get response() {
      return clerks().MyGrowthResponse;
    },
    errors: ['store_not_found', 'busy'],
  },
  myGrowthPoster: {
    method: 'GET',
    path: '/staff/growth/poster',
    summary: "The clerk's registration mini-program code (小程序码) for a printed poster: a link to its image, made once and kept in S3",
    auth: ['staff'],
    get response() {
      return common().PosterCode;
    },
    errors: ['store_not_found', 'busy', 'wechat_unavailable'],
  },
  storeLeaderboard: {
    method: 'GET',
    path: '/stores/{storeId}/leaderboard',
    summary: "A store's clerks ranked by registrations or their members' net sales in a month, with ratings (its manager, or an admin)",
    auth: ['manager', 'admin'],
    get params() {
      return clerks().ClerkLeaderboardParams;
    },
    get query() {
      return clerks().ClerkLeaderboardQuery;
    },
    get response() {
      return clerks().StoreClerkLeaderboard;
    },
    errors: ['store_not_found'],
  },
  adminLeaderboard: {
    method: 'GET',
    path: '/admin/leaderboard',
    summary: "Every store and the brand's top clerks by registrations or their members' net sales in a month, with ratings",
    auth: ['admin'],
    get query() {
      return clerks().ClerkLeaderboardQuery;
    },
    get response() {
      return clerks().BrandClerkLeaderboard;
    },
    errors: [],
  },
  pendingServiceRating: {
    method: 'GET',
    path: '/members/me/service-rating',
    summary: 'Her newest order of the last 7 days served by a clerk and not rated yet (or none)',
    auth: ['member'],
    get response() {
      return clerks().PendingServiceRating;
    },
    errors: ['not_registered'],
  },
  rateService: {
    method: 'POST',
    path: '/members/me/service-rating',
    summary: "Rates the service of one of her orders (1–5, once per order, within 7 days); feeds the clerk's rating",
    auth: ['member'],
    get body() {
      return clerks().RateServiceRequest;
    },
    get response() {
      return clerks().RateServiceResponse;
    },
    errors: ['not_registered', 'order_not_found', 'service_rated', 'rating_closed', 'busy'],
  },
} as const satisfies RouteSlice;
