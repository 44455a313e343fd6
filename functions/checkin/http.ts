import { checkinRoutes } from '../../shared/contract/routes/checkin';
import { route, router } from '../lib/http';
import { checkIn, myCheckIn } from './checkin';
import { checkInSettings, putCheckInSettings } from './settings';

/** Daily check-in: the member's calendar and check-in, the admin's settings. One Lambda. */
export const handler = router({
  myCheckIn: route(checkinRoutes, 'myCheckIn', ({ session }) => myCheckIn(session)),
  checkIn: route(checkinRoutes, 'checkIn', ({ session }) => checkIn(session)),
  adminCheckInSettings: route(checkinRoutes, 'adminCheckInSettings', () => checkInSettings()),
  adminPutCheckInSettings: route(checkinRoutes, 'adminPutCheckInSettings', ({ session, body }) => putCheckInSettings(session, body)),
});
