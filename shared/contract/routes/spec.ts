import type * as z from 'zod';
import type { Role } from '../common';
import type { ErrorCode } from '../errors';
import type { QuotaName } from '../../domain/quotas';

/**
 * One HTTP route: method, path, who may call it and the zod schemas of what it takes and answers.
 * Routes are declared in per-capability slices (routes/<capability>.ts) so that a Lambda bundle
 * builds only the schemas of its own routes; routes/index.ts merges them into the full table.
 */
export interface RouteSpec {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  summary: string;
  /** Roles allowed; `public` routes take no token. */
  auth: 'public' | readonly Role[];
  body?: z.ZodType;
  query?: z.ZodType;
  /** Path parameters, named as in `path` ({memberId}). */
  params?: z.ZodType;
  response: z.ZodType;
  /** Status of a successful answer. */
  status?: number;
  /** A successful answer is plain text (the response schema is a string), not JSON: WeChat's push URL. */
  text?: boolean;
  /**
   * The error codes its use case may raise (from the catalogue, shared/contract/errors.ts), beyond those
   * `route()` answers for every route (`impliedErrorCodes`); the OpenAPI document lists both. Checked
   * against the code by tests/unit/route-errors.test.ts.
   */
  errors?: readonly ErrorCode[];
  /**
   * Issue 20: a limit per caller (shared/domain/quotas.ts) `route()` counts each call against, after the
   * session and the input are checked; beyond it the answer is 429 `too_many_requests` with Retry-After.
   */
  quota?: QuotaName;
}

/** A capability's routes by name. */
export type RouteSlice = Record<string, RouteSpec>;

/**
 * A schema module loaded on first use. A slice names its routes' schemas through getters over such
 * loaders, so loading a slice (and a Lambda's module init) builds no schema, and zod itself is loaded
 * with the first one: a function builds the schemas of the routes it is called for, when it is called.
 * Everything that reads `spec.body`, `spec.response`… (route(), the OpenAPI document, tests) gets the
 * schema itself.
 */
export function lazy<M>(load: () => M): () => M {
  let loaded: M | undefined;
  return () => (loaded ??= load());
}
