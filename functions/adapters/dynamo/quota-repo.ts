/**
 * Counters of calls per caller (issue 20: limits per caller), one conditional write per call: the item is the
 * caller's longest window (QUOTA#<action>#<caller> / <seconds>#<start>, removed by TTL an hour after it
 * ends) holding its count `n` and one attribute per shorter window (`w<seconds>_<start>`). The write moves
 * every counter only while each is under its limit, so concurrent calls can never pass one; a refusal reads
 * the counters back to say which window is full and when it ends.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { QuotaWindow } from '../../../shared/domain/quotas';
import { db } from './client';
import { isConditionFailed } from './errors';
import { keys } from './keys';

export async function countCall(name: string, caller: string, windows: readonly QuotaWindow[]): Promise<{ ok: true } | { ok: false; retryAfter: number }> {
  const { client, table } = db();
  const sorted = [...windows].sort((a, b) => b.seconds - a.seconds);
  const outer = sorted[0]!;
  const inner = sorted.slice(1);
  const names: Record<string, string> = { '#ttl': 'ttl' };
  const values: Record<string, number> = { ':one': 1, ':l0': outer.limit, ':ttl': outer.start + outer.seconds + 3600 };
  const adds = ['n :one'];
  const conditions = ['(attribute_not_exists(n) OR n < :l0)'];
  inner.forEach((w, i) => {
    names[`#w${i}`] = `w${w.seconds}_${w.start}`;
    values[`:l${i + 1}`] = w.limit;
    adds.push(`#w${i} :one`);
    conditions.push(`(attribute_not_exists(#w${i}) OR #w${i} < :l${i + 1})`);
  });
  try {
    await client.send(
      new UpdateCommand({
        TableName: table,
        Key: keys.quota(name, caller, outer.seconds, outer.start),
        UpdateExpression: `ADD ${adds.join(', ')} SET #ttl = if_not_exists(#ttl, :ttl)`,
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { ok: true };
  } catch (e) {
    if (!isConditionFailed(e)) throw e;
    const old = ((e as { Item?: Record<string, unknown> }).Item ?? {}) as Record<string, unknown>;
    const count = (attr: unknown) => (typeof attr === 'number' ? attr : typeof attr === 'object' && attr && 'N' in attr ? Number((attr as { N: string }).N) : 0);
    // The longest full window decides when the caller may try again.
    const full = sorted.filter((w, i) => count(i === 0 ? old.n : old[`w${w.seconds}_${w.start}`]) >= w.limit);
    return { ok: false, retryAfter: Math.max(...(full.length ? full : sorted).map((w) => w.resetsIn)) };
  }
}
