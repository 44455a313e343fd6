/**
 * Members' data rights, the pure rules: the deletion grace period, what a deletion request may do in each
 * state, what WeChat's user-information push means for us, and the push body (JSON or XML) read into one
 * shape. No I/O: functions/rights reads, asks these, and writes one unit of work.
 */

/** Days between a member's deletion request and the erasure of her data (she may cancel meanwhile). */
export const DELETION_GRACE_DAYS = 15;
const DAY_MS = 86_400_000;

/** A deletion request's life: pending (cancellable) → erasing (started, no way back) → done; or cancelled. */
export type DeletionState = 'pending' | 'cancelled' | 'erasing' | 'done';
export type DeletionSource = 'member' | 'wechat_phone_revoked' | 'wechat_account_cancelled';

export interface DeletionRecord {
  memberId: string;
  state: DeletionState;
  source: DeletionSource;
  requestedAt: string;
  dueAt: string;
}

/**
 * When the data of a request made at `at` are erased. A cancelled WeChat account has no grace: its
 * owner can never sign in again to cancel, and WeChat asks for prompt deletion; it is erased at the
 * job's next run. Everything else waits the grace period.
 */
export function deletionDueAt(at: Date, source: DeletionSource): string {
  return source === 'wechat_account_cancelled' ? at.toISOString() : new Date(at.getTime() + DELETION_GRACE_DAYS * DAY_MS).toISOString();
}

/** Whole days left until `dueAt` (rounded up, never negative). */
export function daysLeft(dueAt: string, now: Date): number {
  return Math.max(0, Math.ceil((Date.parse(dueAt) - now.getTime()) / DAY_MS));
}

export type DeletionRequestStep =
  /** A request is already pending or under way: answer it (a repeat is not a new grace period). */
  | { step: 'answer' }
  /** Write a new pending request (none yet, or the last one was cancelled). */
  | { step: 'request'; dueAt: string }
  /** The member is in a family account: she leaves it first (her points are shared). */
  | { step: 'refuse'; refusal: 'deletion_in_family' };

/**
 * What a deletion request does. A member herself must leave her family account first; WeChat's push is
 * never refused (the family link stays and the desk sees the request). A WeChat account cancellation
 * over a pending member request brings the erasure forward (`request` again with the earlier day).
 */
export function decideDeletionRequest(p: { existing: DeletionRecord | null; inFamily: boolean; source: DeletionSource; now: Date }): DeletionRequestStep {
  const e = p.existing;
  if (p.source === 'member' && p.inFamily && (!e || e.state === 'cancelled' || e.state === 'done')) return { step: 'refuse', refusal: 'deletion_in_family' };
  const dueAt = deletionDueAt(p.now, p.source);
  if (e && (e.state === 'erasing' || e.state === 'done')) return { step: 'answer' };
  if (e && e.state === 'pending') return dueAt < e.dueAt && p.source !== 'member' ? { step: 'request', dueAt } : { step: 'answer' };
  return { step: 'request', dueAt };
}

/** Only a pending request can be cancelled (erasure that has started goes on). */
export function canCancelDeletion(e: DeletionRecord | null): boolean {
  return !!e && e.state === 'pending';
}

// ---- WeChat's authorized_user_information_changes push ---------------------------------------------

/** The fields of the push we read (WeChat's names). */
export interface UserInfoChangePush {
  MsgType: string | null;
  Event: string | null;
  OpenID: string | null;
  AppID: string | null;
  RevokeInfo: string | null;
  CreateTime: number | null;
}

/** RevokeInfo code of the phone number (WeChat's enumeration: 6 nickname and avatar, 8 phone, 13 location…). */
export const REVOKE_PHONE = '8';

export type PushAction =
  /** Start the deletion path for this openid's member. */
  | { action: 'delete'; openid: string; source: DeletionSource }
  /** Nothing we keep is concerned (another event, another authorisation, nickname/avatar we never store). */
  | { action: 'ignore'; why: string };

/**
 * What a push means for us:
 * - user_authorization_revoke whose RevokeInfo lists 8 (phone): the phone is what makes her a member
 *   (our only key to her stores' history), so we start the deletion path with the usual grace period;
 *   she sees it in the app and may cancel (she would authorise her phone again to go on as a member).
 * - user_authorization_cancellation (her WeChat account is gone): deletion with no grace (erased at the
 *   job's next run); nobody can sign in with that account again.
 * - user_info_modified, or a revoke of something else (nickname and avatar, location, address…): we keep
 *   none of those, so there is nothing to delete; acknowledged.
 * A push for another appid is ignored.
 */
export function decidePush(p: UserInfoChangePush, appid: string): PushAction {
  if ((p.MsgType ?? '').toLowerCase() !== 'event') return { action: 'ignore', why: 'not an event' };
  if (p.AppID && p.AppID !== appid) return { action: 'ignore', why: 'another appid' };
  if (!p.OpenID) return { action: 'ignore', why: 'no openid' };
  if (p.Event === 'user_authorization_cancellation') return { action: 'delete', openid: p.OpenID, source: 'wechat_account_cancelled' };
  if (p.Event === 'user_authorization_revoke') {
    const codes = (p.RevokeInfo ?? '').split(/[,\s|]+/).filter(Boolean);
    return codes.includes(REVOKE_PHONE) ? { action: 'delete', openid: p.OpenID, source: 'wechat_phone_revoked' } : { action: 'ignore', why: `revoked ${codes.join(',') || 'nothing we keep'}` };
  }
  return { action: 'ignore', why: p.Event ?? 'no event' };
}

/**
 * The push body as WeChat sends it in plaintext mode: JSON (`{"ToUserName":…,"Event":…}`) or XML
 * (`<xml><Event><![CDATA[…]]></Event>…</xml>`), by what the body starts with. Keys are read trimmed
 * (one of WeChat's published JSON samples has `" OpenID"`). null when it is neither.
 */
export function readPushBody(raw: string): UserInfoChangePush | null {
  const text = raw.trim();
  let fields: Record<string, unknown>;
  if (text.startsWith('{')) {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
      fields = Object.fromEntries(Object.entries(parsed as Record<string, unknown>).map(([k, v]) => [k.trim(), v]));
    } catch {
      return null;
    }
  } else if (text.startsWith('<')) {
    fields = {};
    const re = /<([A-Za-z][\w]*)>\s*(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))\s*<\/\1>/g;
    for (let m = re.exec(text); m; m = re.exec(text)) if (m[1] !== 'xml') fields[m[1]!] = m[2] ?? m[3] ?? '';
    if (Object.keys(fields).length === 0) return null;
  } else {
    return null;
  }
  const str = (k: string) => {
    const v = fields[k];
    return typeof v === 'string' ? v.trim() || null : typeof v === 'number' ? String(v) : null;
  };
  const created = Number(str('CreateTime'));
  return {
    MsgType: str('MsgType'),
    Event: str('Event'),
    OpenID: str('OpenID'),
    AppID: str('AppID'),
    RevokeInfo: str('RevokeInfo'),
    CreateTime: Number.isFinite(created) ? created : null,
  };
}
