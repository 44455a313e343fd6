/**
 * Limits per caller (issue 20): counts a call against its action's windows (shared/domain/quotas.ts) and
 * refuses it with 429 `too_many_requests` and Retry-After beyond them. `route()` applies a route's declared
 * quota; sign-in applies its own once WeChat has named the caller.
 */
import { QUOTAS, quotaWindows, type QuotaName } from '../../shared/domain/quotas';
import { countCall } from '../adapters/dynamo/quota-repo';
import { fail } from './errors';

export async function enforceQuota(name: QuotaName, who: { openid: string; memberId?: string | null }): Promise<void> {
  const caller = QUOTAS[name].per === 'member' && who.memberId ? `m:${who.memberId}` : `o:${who.openid}`;
  const scale = Number(process.env.QUOTA_SCALE) || 1;
  const r = await countCall(name, caller, quotaWindows(name, Date.now(), scale));
  if (!r.ok) {
    const e = fail('too_many_requests', `${name}: too many calls from this caller; retry in ${r.retryAfter} s`);
    e.retryAfter = r.retryAfter;
    throw e;
  }
}
