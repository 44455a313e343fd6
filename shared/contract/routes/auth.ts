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
  },
} as const satisfies RouteSlice;
