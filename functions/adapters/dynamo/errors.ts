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
