/**
 * Limits per caller (issue 20): how often one person may do the expensive or abusable things. Each
 * action has windows (a minute against bursts, a day against slow abuse); a call beyond any of them is
 * refused with 429 and Retry-After until its window ends. Counted per WeChat identity (openid) before she
 * is a member (sign-in, registration and its billed phone lookup) and per member after (member codes,
 * coupon claims, product scans, complaints). API Gateway's route throttling (serverless.yml) bounds all
 * callers together; these bound one caller, so a burst from one leaves the others unaffected.
 * Pure: the windows from the limits and an instant (real time: quotas are about request rates).
 */
export type QuotaName = 'signIn' | 'register' | 'memberCode' | 'couponClaim' | 'productScan' | 'complaint';

export interface QuotaWindowRule {
  /** At most this many calls… */
  limit: number;
  /** …per this many seconds (fixed windows aligned on the epoch). */
  seconds: number;
}

export interface QuotaRule {
  /** Who is counted: her WeChat identity, or the member (who may have signed in from several). */
  per: 'openid' | 'member';
  windows: readonly QuotaWindowRule[];
}

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

export const QUOTAS: Record<QuotaName, QuotaRule> = {
  // A mini-program signs in once per launch; a page reload or two more.
  signIn: { per: 'openid', windows: [{ limit: 20, seconds: MINUTE }, { limit: 200, seconds: DAY }] },
  // Each registration spends a billed phone lookup (getuserphonenumber).
  register: { per: 'openid', windows: [{ limit: 5, seconds: HOUR }, { limit: 10, seconds: DAY }] },
  // The member code page refreshes its code every minute or so, and on a tap.
  memberCode: { per: 'member', windows: [{ limit: 20, seconds: MINUTE }, { limit: 300, seconds: DAY }] },
  couponClaim: { per: 'member', windows: [{ limit: 20, seconds: MINUTE }, { limit: 200, seconds: DAY }] },
  productScan: { per: 'member', windows: [{ limit: 20, seconds: MINUTE }, { limit: 200, seconds: DAY }] },
  complaint: { per: 'member', windows: [{ limit: 5, seconds: HOUR }, { limit: 20, seconds: DAY }] },
};

export interface QuotaWindow {
  seconds: number;
  limit: number;
  /** The window's start, epoch seconds: the counter's key. */
  start: number;
  /** Seconds until the window ends (Retry-After when it is full). */
  resetsIn: number;
}

/**
 * The windows a call at `nowMs` counts in. `scale` multiplies every limit: a deployment may loosen or
 * tighten them all (QUOTA_SCALE; the integration tests, where one test member files dozens of complaints
 * and scans, run with a larger one; the limits' own tests with 1).
 */
export function quotaWindows(name: QuotaName, nowMs: number, scale = 1): QuotaWindow[] {
  const now = Math.floor(nowMs / 1000);
  return QUOTAS[name].windows.map(({ limit, seconds }) => {
    const start = now - (now % seconds);
    return { seconds, limit: Math.max(1, Math.round(limit * scale)), start, resetsIn: Math.max(1, start + seconds - now) };
  });
}
