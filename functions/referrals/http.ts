import { referralsRoutes } from '../../shared/contract/routes/referrals';
import { route, router } from '../lib/http';
import { adminPutReferralSettings, adminReferralSettings, adminReferrals, myReferral, myReferralPoster } from './referrals';

/** The member's invitation page and the admin's settings, leaderboard and signals: one Lambda. */
export const handler = router({
  myReferral: route(referralsRoutes, 'myReferral', ({ session }) => myReferral(session)),
  myReferralPoster: route(referralsRoutes, 'myReferralPoster', ({ session }) => myReferralPoster(session)),
  adminReferralSettings: route(referralsRoutes, 'adminReferralSettings', () => adminReferralSettings()),
  adminPutReferralSettings: route(referralsRoutes, 'adminPutReferralSettings', ({ session, body }) => adminPutReferralSettings(session, body)),
  adminReferrals: route(referralsRoutes, 'adminReferrals', () => adminReferrals()),
});
