import { lazy, type RouteSlice } from './spec';

// Schemas are built on first use, not when the slice is loaded (see spec.ts).
const auth = lazy(() => require('../auth') as typeof import('../auth'));

/** Sign-in (functions/auth). */
export const authRoutes = {
  login: {
    method: 'POST',
    path: '/auth/login',
    summary: 'Exchange a wx.login code for a session token',
    auth: 'public',
    get body() {
      return auth().LoginRequest;
    },
    get response() {
      return auth().LoginResponse;
    },
    errors: ['unauthorized', 'wechat_blocked', 'wechat_unavailable', 'too_many_requests'],
  },
} as const satisfies RouteSlice;
