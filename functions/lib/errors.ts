/**
 * Expected failures, named by a code of the error catalogue (shared/contract/errors.ts), which gives
 * their HTTP status: use cases raise them with `fail` (or `failAs` in a named situation), the HTTP
 * wrapper maps them. Anything else is unexpected and becomes 500.
 *
 *   if (coupon.state === 'used') throw fail('coupon_used', 'this coupon was already used', [{ path: 'code', message: 'already used' }]);
 */
import { ERRORS, type ErrorEntry, type ErrorSituations, type RaisedErrorCode, type SituationOf } from '../../shared/contract/errors';

export interface FieldError {
  path: string;
  message: string;
  /** The bound the field broke, when the rule has one (e.g. the most that can still be refunded, fen or units). */
  limit?: number;
}

/** The statuses an AppError answers with (the catalogue's codes a use case may raise). */
export type AppErrorStatus = 400 | 401 | 403 | 404 | 409 | 422 | 429 | 503;

export class AppError extends Error {
  readonly status: AppErrorStatus;
  readonly fields?: FieldError[];
  /** Seconds the client should wait before trying again (429, 503): the answer's Retry-After. */
  retryAfter?: number;

  /** Prefer `fail(code, …)`; the status always comes from the catalogue. */
  constructor(
    readonly code: RaisedErrorCode,
    message?: string,
    fields?: FieldError[],
    situation?: keyof ErrorSituations,
  ) {
    const entry: ErrorEntry = ERRORS[code];
    super(message ?? entry.message);
    this.name = 'AppError';
    this.status = (situation ? (entry.also?.[situation] ?? entry.status) : entry.status) as AppErrorStatus;
    if (fields) this.fields = fields;
  }
}

/**
 * The error named `code`, with the catalogue's status; `message` defaults to the catalogue's English
 * message; `fields` names the failing inputs (the catalogue's `field` says which one a code usually names).
 * @example throw fail('member_code_used', 'this member code was already used', [{ path: 'memberCode', message: 'already used' }]) // 409
 */
export function fail(code: RaisedErrorCode, message?: string, fields?: FieldError[]): AppError {
  return new AppError(code, message, fields);
}

/**
 * The error named `code` in one of the situations its catalogue entry names another status for.
 * @example throw failAs('template_not_found', 'referenced', 'no coupon template with this id', [{ path: 'couponTemplateId', message: 'no such coupon template' }]) // 422
 */
export function failAs<C extends RaisedErrorCode>(code: C, situation: SituationOf<C>, message?: string, fields?: FieldError[]): AppError {
  return new AppError(code, message, fields, situation);
}

