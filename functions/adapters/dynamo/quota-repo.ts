/**
 * Counters of calls per caller and window (issue 20: limits per caller). One conditional ADD per window:
 * the counter moves only while it is under the limit, so concurrent calls can never pass it; TTL removes a
 * window's counter an hour after it ends.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { QuotaWindow } from '../../../shared/domain/quotas';
import { db } from './client';
import { isConditionFailed } from './errors';
import { keys } from './keys';

/** Counts one call in every window; the first full window refuses it (answering when it ends). */
export async function countCall(name: string, caller: string, windows: readonly QuotaWindow[]): Promise<{ ok: true } | { ok: false; retryAfter: number }> {
  const { client, table } = db();
  const refused = await Promise.all(
    windows.map(async (w) => {
      try {
        await client.send(
          new UpdateCommand({
            TableName: table,
            Key: keys.quota(name, caller, w.seconds, w.start),
            UpdateExpression: 'ADD n :one SET #ttl = if_not_exists(#ttl, :ttl)',
            ConditionExpression: 'attribute_not_exists(n) OR n < :limit',
            ExpressionAttributeNames: { '#ttl': 'ttl' },
            ExpressionAttributeValues: { ':one': 1, ':limit': w.limit, ':ttl': w.start + w.seconds + 3600 },
          }),
        );
        return null;
      } catch (e) {
        if (isConditionFailed(e)) return w.resetsIn;
        throw e;
      }
    }),
  );
  const waits = refused.filter((r): r is number => r !== null);
  return waits.length ? { ok: false, retryAfter: Math.max(...waits) } : { ok: true };
}
