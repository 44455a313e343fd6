import { lazy, type RouteSlice } from './spec';

// Schemas are built on first use, not when the slice is loaded (see spec.ts).
const checkin = lazy(() => require('../checkin') as typeof import('../checkin'));

/** Daily check-in (functions/checkin). */
export const checkinRoutes = {
  myCheckIn: {
    method: 'GET',
    path: '/members/me/check-in',
    summary: "This month's check-in calendar, today's state, the streak, the next streak reward and today's points",
    auth: ['member'],
    get response() {
      return checkin().CheckInView;
    },
    errors: ['brand_not_configured', 'not_registered'],
  },
  checkIn: {
    method: 'POST',
    path: '/members/me/check-in',
    summary: "Check in today (once per Beijing day): the day's points through the 每日签到 rule, a streak reward when due; a repeat answers the first result",
    auth: ['member'],
    get response() {
      return checkin().CheckInResponse;
    },
    errors: ['brand_not_configured', 'busy', 'checkin_disabled', 'member_frozen', 'member_not_found', 'not_registered'],
  },
  adminCheckInSettings: {
    method: 'GET',
    path: '/admin/check-in-settings',
    summary: 'Check-in settings: on or off, the streak rewards, their cap per week or month',
    auth: ['admin'],
    get response() {
      return checkin().CheckInSettingsResponse;
    },
  },
  adminPutCheckInSettings: {
    method: 'PUT',
    path: '/admin/check-in-settings',
    summary: 'Save the check-in settings (audited)',
    auth: ['admin'],
    errors: ['settings_changed'],
    get body() {
      return checkin().PutCheckInSettings;
    },
    get response() {
      return checkin().CheckInSettingsResponse;
    },
  },
} as const satisfies RouteSlice;
