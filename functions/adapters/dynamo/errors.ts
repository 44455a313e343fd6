import { TransactionCanceledException, ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

/** Cancellation reason codes of a TransactWriteItems call, one per item, in order ('None' = fine). */
export function cancellationReasons(e: unknown): string[] | null {
  if (e instanceof TransactionCanceledException || (e as { name?: string })?.name === 'TransactionCanceledException') {
    const reasons = (e as TransactionCanceledException).CancellationReasons ?? [];
    return reasons.map((r) => r.Code ?? 'None');
  }
  return null;
}

/**
 * The item a cancelled transaction returned for position `index` (with
 * ReturnValuesOnConditionCheckFailure: ALL_OLD), unmarshalled; null when none came back.
 */
export function cancellationItem(e: unknown, index: number): Record<string, unknown> | null {
  if (!cancellationReasons(e)) return null;
  const item = (e as TransactionCanceledException).CancellationReasons?.[index]?.Item;
  return item ? unmarshall(item) : null;
}

export function isConditionFailed(e: unknown): boolean {
  return e instanceof ConditionalCheckFailedException || (e as { name?: string })?.name === 'ConditionalCheckFailedException';
}

/** Conflicts with another transaction in flight: safe to retry after a short pause. */
export function isRetryableConflict(e: unknown): boolean {
  const name = (e as { name?: string })?.name;
  if (name === 'TransactionConflictException' || name === 'TransactionInProgressException') return true;
  const reasons = cancellationReasons(e);
  return !!reasons && reasons.includes('TransactionConflict') && !reasons.includes('ConditionalCheckFailed');
}

export const pause = (attempt: number) =>
  new Promise((r) => setTimeout(r, Math.random() * Math.min(250, 10 * 2 ** attempt) + 2));

const TRANSIENT_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'AbortError',
]);
const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'EAI_AGAIN', 'UND_ERR_SOCKET']);

/**
 * The database failed underneath (issue 20): throttled, erred, timed out, reset or out of the request's time
 * budget, after the SDK's own retries. The outcome of a write may be unknown: the caller retries with the
 * same idempotency key and gets the first result. Answered as a 503 with Retry-After (functions/lib/http.ts).
 */
export function isTransientDatabaseError(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const err = e as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number }; $fault?: string; cause?: unknown };
  if (err.name && TRANSIENT_NAMES.has(err.name)) return true;
  if (err.code && TRANSIENT_CODES.has(err.code)) return true;
  // A network failure the SDK wrapped after its retries ("AWS SDK error wrapper for TimeoutError: socket hang up").
  if (typeof err.message === 'string' && /^AWS SDK error wrapper for /.test(err.message)) return true;
  if (err.$fault === 'server' || (err.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  return err.cause !== undefined && err.cause !== e && isTransientDatabaseError(err.cause);
}
