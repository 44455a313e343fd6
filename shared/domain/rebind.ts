/**
 * 换绑: moving a member to a new WeChat account, the pure decisions. A person on a new WeChat account
 * proves a phone through WeChat; when that phone's member is bound to another WeChat account she may
 * ask to move it. The desk (after checking her identity) or the member from her old account confirms;
 * a request not decided within REBIND_DAYS expires.
 */
export const REBIND_DAYS = 7;

export type RebindStoredState = 'pending' | 'confirmed' | 'refused';
export type RebindState = RebindStoredState | 'expired';

/** The state as people see it: a pending request past its expiry is expired. */
export function rebindState(r: { state: RebindStoredState; expiresAt: string }, now: string): RebindState {
  return r.state === 'pending' && r.expiresAt <= now ? 'expired' : r.state;
}

export type RebindAsk =
  | { ok: true; step: 'create' }
  /** The same new account asks again while its request is pending: answer that request. */
  | { ok: true; step: 'answer'; requestId: string }
  | { ok: false; refusal: 'wechat_bound_elsewhere' | 'rebind_not_needed' | 'rebind_pending' };

/**
 * What a request from `openid` for the phone's member means, from what was read: her own openid's member
 * (she is already a member: nothing to move), the phone's member and its WeChat binding, and the member's
 * pending request (if any).
 */
export function decideRebindRequest(read: {
  openid: string;
  openidMember: string | null;
  phoneOwner: { memberId: string; openid: string | null; mergedInto: string | null } | null;
  pending: { requestId: string; newOpenid: string; expiresAt: string } | null;
  now: string;
}): RebindAsk {
  if (read.openidMember) return { ok: false, refusal: 'wechat_bound_elsewhere' };
  const owner = read.phoneOwner;
  // Nobody has the phone, or its member has no WeChat account: registration binds it, no move needed.
  if (!owner || !owner.openid || owner.mergedInto) return { ok: false, refusal: 'rebind_not_needed' };
  if (owner.openid === read.openid) return { ok: false, refusal: 'rebind_not_needed' };
  const p = read.pending;
  if (p && p.expiresAt > read.now) {
    if (p.newOpenid === read.openid) return { ok: true, step: 'answer', requestId: p.requestId };
    return { ok: false, refusal: 'rebind_pending' };
  }
  return { ok: true, step: 'create' };
}

/** Whether a decision may be made on a request now. */
export function canDecide(r: { state: RebindStoredState; expiresAt: string }, now: string): boolean {
  return rebindState(r, now) === 'pending';
}
