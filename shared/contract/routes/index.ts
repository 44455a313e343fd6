import type * as z from 'zod';
import { auditRoutes } from './audit';
import { authRoutes } from './auth';
import { campaignsRoutes } from './campaigns';
import { careRoutes } from './care';
import { checkoutRoutes } from './checkout';
import { complaintsRoutes } from './complaints';
import { couponsRoutes } from './coupons';
import { familyRoutes } from './family';
import { healthRoutes } from './health';
import { membersRoutes } from './members';
import { openapiRoutes } from './openapi';
import { pointsRoutes } from './points';
import { productsRoutes } from './products';
import { returnsRoutes } from './returns';
import { segmentsRoutes } from './segments';
import { tiersRoutes } from './tiers';
import { storesRoutes } from './stores';
import { cardsRoutes } from './cards';
import { deskRoutes } from './desk';
import { identityRoutes } from './identity';
import { rightsRoutes } from './rights';
import { importsRoutes } from './imports';
import { membershipRoutes } from './membership';
import { storedValueRoutes } from './storedvalue';
import { payRoutes } from './pay';
import { insightRoutes } from './insight';
import { planningRoutes } from './planning';
import { clerksRoutes } from './clerks';
import { checkinRoutes } from './checkin';
import { referralsRoutes } from './referrals';
import { surveysRoutes } from './surveys';
import type { RouteSlice } from './spec';

export type { RouteSlice, RouteSpec } from './spec';
export { HealthResponse } from '../health';

/**
 * Every HTTP route, once: the capabilities' slices merged. The mini-program's API client, the OpenAPI
 * document and the test that checks serverless.yml read this table; a handler reads only its own
 * capability's slice (routes/<capability>.ts), so its bundle builds only the schemas its routes use.
 */
export const routes = {
  ...healthRoutes,
  ...openapiRoutes,
  ...authRoutes,
  ...membersRoutes,
  ...pointsRoutes,
  ...tiersRoutes,
  ...familyRoutes,
  ...checkoutRoutes,
  ...returnsRoutes,
  ...couponsRoutes,
  ...productsRoutes,
  ...complaintsRoutes,
  ...careRoutes,
  ...segmentsRoutes,
  ...campaignsRoutes,
  ...auditRoutes,
  ...storesRoutes,
  ...cardsRoutes,
  ...deskRoutes,
  ...identityRoutes,
  ...rightsRoutes,
  ...importsRoutes,
  ...membershipRoutes,
  ...storedValueRoutes,
  ...payRoutes,
  ...insightRoutes,
  ...planningRoutes,
  ...clerksRoutes,
  ...checkinRoutes,
  ...referralsRoutes,
  ...surveysRoutes,
} as const satisfies RouteSlice;

export type RouteName = keyof typeof routes;
export type RouteBody<N extends RouteName> = (typeof routes)[N] extends { body: z.ZodType }
  ? z.input<(typeof routes)[N]['body']>
  : undefined;
export type RouteParams<N extends RouteName> = (typeof routes)[N] extends { params: z.ZodType }
  ? z.input<(typeof routes)[N]['params']>
  : undefined;
export type RouteResponse<N extends RouteName> = z.infer<(typeof routes)[N]['response']>;
