import { LoginRequest, LoginResponse } from '../auth';
import type { RouteSlice } from './spec';

/** Sign-in (functions/auth). */
export const authRoutes = {
  login: {
    method: 'POST',
    path: '/auth/login',
    summary: 'Exchange a wx.login code for a session token',
    auth: 'public',
    body: LoginRequest,
    response: LoginResponse,
    errors: ['unauthorized', 'wechat_blocked', 'wechat_unavailable'],
  },
} as const satisfies RouteSlice;
