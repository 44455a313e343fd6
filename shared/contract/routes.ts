import { z } from 'zod';
import { LoginRequest, LoginResponse } from './auth';
import { CheckoutRequest, CheckoutResponse } from './checkout';
import {
  MemberCodeResponse,
  MemberProfile,
  PointsHistoryQuery,
  PointsHistoryResponse,
  RegisterRequest,
  RegisterResponse,
  UpdateProfileRequest,
} from './members';
import { Role } from './common';

/**
 * Every HTTP route, once. The handlers, the mini-program's API client, the OpenAPI document
 * and the test that checks serverless.yml all read this table.
 */
export interface RouteSpec {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  summary: string;
  /** Roles allowed; `public` routes take no token. */
  auth: 'public' | readonly Role[];
  body?: z.ZodType;
  query?: z.ZodType;
  response: z.ZodType;
  /** Status of a successful answer. */
  status?: number;
}

export const HealthResponse = z.object({ status: z.literal('ok'), table: z.string(), time: z.string() });

export const routes = {
  health: {
    method: 'GET',
    path: '/health',
    summary: 'Readiness: answers 200 once the table is reachable',
    auth: 'public',
    response: HealthResponse,
  },
  openapi: {
    method: 'GET',
    path: '/openapi.json',
    summary: 'This API as an OpenAPI 3.1 document',
    auth: 'public',
    response: z.record(z.string(), z.unknown()),
  },
  login: {
    method: 'POST',
    path: '/auth/login',
    summary: 'Exchange a wx.login code for a session token',
    auth: 'public',
    body: LoginRequest,
    response: LoginResponse,
  },
  register: {
    method: 'POST',
    path: '/members',
    summary: 'Register with the WeChat phone number, or bind this WeChat identity to the member who has it',
    auth: ['member', 'staff', 'admin'],
    body: RegisterRequest,
    response: RegisterResponse,
  },
  getMe: {
    method: 'GET',
    path: '/members/me',
    summary: "The signed-in member's profile, tier, points and progress",
    auth: ['member'],
    response: MemberProfile,
  },
  updateMe: {
    method: 'PATCH',
    path: '/members/me',
    summary: 'Update name, gender, birthday',
    auth: ['member'],
    body: UpdateProfileRequest,
    response: MemberProfile,
  },
  issueMemberCode: {
    method: 'POST',
    path: '/members/me/code',
    summary: 'A fresh 18-digit member code for the till (single use, short-lived)',
    auth: ['member'],
    response: MemberCodeResponse,
  },
  pointsHistory: {
    method: 'GET',
    path: '/members/me/points',
    summary: 'Points balance and ledger, newest first',
    auth: ['member'],
    query: PointsHistoryQuery,
    response: PointsHistoryResponse,
  },
  checkout: {
    method: 'POST',
    path: '/staff/checkouts',
    summary: "Record a purchase at the till against a member code; earns points (idempotent on storeId + orderId)",
    auth: ['staff'],
    body: CheckoutRequest,
    response: CheckoutResponse,
  },
} as const satisfies Record<string, RouteSpec>;

export type RouteName = keyof typeof routes;
export type RouteBody<N extends RouteName> = (typeof routes)[N] extends { body: z.ZodType }
  ? z.input<(typeof routes)[N]['body']>
  : undefined;
export type RouteResponse<N extends RouteName> = z.infer<(typeof routes)[N]['response']>;
