/**
 * 换绑: a person on a new WeChat account proves (through WeChat's getPhoneNumber, as registration does)
 * a phone whose member is bound to another WeChat account, and asks to move the member to this one.
 * The desk (after checking her identity) or the member from her old account confirms; the old binding
 * ends and the new one starts in one transaction (a race cannot bind twice), audited, and the old
 * account finds a notice on its next open. Staff and admin roles stay with the old openid.
 * Requests expire after REBIND_DAYS.
 */
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { DeskRebindsResponse, MyRebindResponse, NoticesResponse, PendingRebindsResponse, RebindDecision, RebindView } from '../../shared/contract';
import { maskPhone, normalizePhone } from '../../shared/domain';
import { REBIND_DAYS, decideRebindRequest, rebindState, type RebindStoredState } from '../../shared/domain/rebind';
import { findIdentity } from '../adapters/dynamo/identity-repo';
import { getMemberForMerge } from '../adapters/dynamo/merge-repo';
import { findMemberIdByPhone, getMember } from '../adapters/dynamo/member-repo';
import {
  getMemberRebind,
  getOpenidRebind,
  getRebind,
  listNotices,
  listRebinds,
  recordRebindConfirm,
  recordRebindRefuse,
  recordRebindRequest,
  type RebindRecord,
} from '../adapters/dynamo/rebind-repo';
import { WeChatError, wechat } from '../adapters/wechat/client';
import { clock } from '../lib/clock';
import { fail } from '../lib/errors';
import type { Session } from '../lib/session';
import { resolveMemberId } from '../core';

type Out<T extends z.ZodType> = z.input<T>;

const view = (r: RebindRecord, now: string): Out<typeof RebindView> => ({
  id: r.requestId,
  state: rebindState(r, now),
  phoneMasked: maskPhone(r.phone),
  createdAt: r.createdAt,
  expiresAt: r.expiresAt,
  decidedAt: r.decidedAt,
  decidedBy: r.decidedBy,
});

/** The phone proved by WeChat for this account (the code is spent once, as at registration). */
async function provedPhone(phoneCode: string, openid: string): Promise<string> {
  try {
    const p = await wechat.getPhoneNumber(phoneCode, openid);
    return normalizePhone(p.purePhoneNumber, p.countryCode);
  } catch (e) {
    if (e instanceof WeChatError && e.errcode === 40029) {
      throw fail('invalid_phone_code', 'the phone authorisation code is invalid or already used; ask again', [{ path: 'phoneCode', message: 'invalid or already used' }]);
    }
    if (e instanceof WeChatError) throw fail('wechat_unavailable', `WeChat refused the phone lookup (${e.errcode})`);
    throw e;
  }
}

export async function requestRebind(session: Session, phoneCode: string): Promise<Out<typeof RebindView>> {
  // Checked before the phone code is spent: a WeChat account that is a member moves nothing.
  if ((await findIdentity(session.openid)).memberId) throw fail('wechat_bound_elsewhere', 'this WeChat account is already a member');
  const phone = await provedPhone(phoneCode, session.openid);
  for (let attempt = 0; attempt < 4; attempt++) {
    const now = clock.now().toISOString();
    const ownerId = await findMemberIdByPhone(phone);
    const owner = ownerId ? await getMemberForMerge(ownerId) : null;
    const pending = owner ? await getMemberRebind(owner.memberId) : null;
    const step = decideRebindRequest({
      openid: session.openid,
      openidMember: (await findIdentity(session.openid)).memberId,
      phoneOwner: owner ? { memberId: owner.memberId, openid: owner.openid, mergedInto: owner.mergedInto } : null,
      pending,
      now,
    });
    if (!step.ok) {
      if (step.refusal === 'wechat_bound_elsewhere') throw fail('wechat_bound_elsewhere', 'this WeChat account is already a member');
      if (step.refusal === 'rebind_pending') throw fail('rebind_pending', 'another WeChat account has a pending request for this member');
      throw fail('rebind_not_needed', 'this phone has no member bound to another WeChat account; register instead', [{ path: 'phoneCode', message: 'no move needed' }]);
    }
    if (step.step === 'answer') {
      const r = await getRebind(step.requestId);
      if (r) return view(r, now);
      continue;
    }
    const record: RebindRecord = {
      requestId: `rb_${randomBytes(10).toString('hex')}`,
      memberId: owner!.memberId,
      phone,
      newOpenid: session.openid,
      oldOpenid: owner!.openid!,
      state: 'pending',
      createdAt: now,
      expiresAt: new Date(Date.parse(now) + REBIND_DAYS * 86_400_000).toISOString(),
      decidedAt: null,
      decidedBy: null,
    };
    const out = await recordRebindRequest(record, now);
    if (out.ok) return view(record, now);
    // A request was made meanwhile: decide again (answer it if it is ours, else pending).
  }
  throw fail('rebind_pending', 'another request for this member is being made');
}

export async function myRebind(session: Session): Promise<Out<typeof MyRebindResponse>> {
  const r = await getOpenidRebind(session.openid);
  return { request: r ? view(r, clock.now().toISOString()) : null };
}

/** The old account's pending request (her member's, made from another account). */
export async function pendingForMe(session: Session): Promise<Out<typeof PendingRebindsResponse>> {
  const memberId = await resolveMemberId(session);
  const p = await getMemberRebind(memberId);
  const now = clock.now().toISOString();
  if (!p || p.expiresAt <= now) return { requests: [] };
  const r = await getRebind(p.requestId);
  return { requests: r && rebindState(r, now) === 'pending' ? [{ id: r.requestId, createdAt: r.createdAt, expiresAt: r.expiresAt }] : [] };
}

export async function notices(session: Session): Promise<Out<typeof NoticesResponse>> {
  return { notices: await listNotices(session.openid) };
}

const NOTICE = (at: string) =>
  `你的会员账户已于 ${new Date(at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })} 转到另一个微信账号，本微信不再是会员账户。如非本人操作，请联系客服。`;

/** The request, open for a decision now (404 unknown, 409 decided or expired). */
async function openRequest(requestId: string, memberId?: string): Promise<RebindRecord> {
  const r = await getRebind(requestId);
  const field = [{ path: 'requestId', message: 'no such request' }];
  if (!r || (memberId && r.memberId !== memberId)) throw fail('rebind_not_found', 'no such rebind request', field);
  if (rebindState(r, clock.now().toISOString()) !== 'pending') throw fail('rebind_closed', 'this request was already decided or has expired', [{ path: 'requestId', message: 'closed' }]);
  return r;
}

async function confirm(r: RebindRecord, by: 'desk' | 'member', actor: string, reason: string | null): Promise<Out<typeof RebindDecision>> {
  const at = clock.now().toISOString();
  const out = await recordRebindConfirm({
    request: r,
    by,
    at,
    notice: NOTICE(at),
    audit: {
      at,
      actor,
      action: 'member.rebind.confirm',
      target: `member:${r.memberId}`,
      before: { openid: r.oldOpenid },
      after: { openid: r.newOpenid, requestId: r.requestId, by, ...(reason ? { reason } : {}) },
    },
  });
  if (out.ok) return { id: r.requestId, state: 'confirmed', memberId: r.memberId };
  // Decided meanwhile (a concurrent confirmation won), the binding moved, or the new account became a member.
  throw fail('rebind_closed', `this request can no longer be confirmed (${out.failed})`, [{ path: 'requestId', message: 'closed' }]);
}

async function refuse(r: RebindRecord, by: 'desk' | 'member', actor: string, reason: string | null): Promise<Out<typeof RebindDecision>> {
  const at = clock.now().toISOString();
  const out = await recordRebindRefuse({
    request: r,
    by,
    at,
    audit: { at, actor, action: 'member.rebind.refuse', target: `member:${r.memberId}`, before: null, after: { requestId: r.requestId, newOpenid: r.newOpenid, by, ...(reason ? { reason } : {}) } },
  });
  if (out.ok) return { id: r.requestId, state: 'refused', memberId: r.memberId };
  throw fail('rebind_closed', 'this request was already decided or has expired', [{ path: 'requestId', message: 'closed' }]);
}

export async function memberConfirm(session: Session, requestId: string) {
  const memberId = await resolveMemberId(session);
  return confirm(await openRequest(requestId, memberId), 'member', session.openid, null);
}

export async function memberRefuse(session: Session, requestId: string) {
  const memberId = await resolveMemberId(session);
  return refuse(await openRequest(requestId, memberId), 'member', session.openid, null);
}

export async function deskApprove(session: Session, requestId: string, reason: string) {
  return confirm(await openRequest(requestId), 'desk', session.openid, reason);
}

export async function deskRefuse(session: Session, requestId: string, reason: string) {
  return refuse(await openRequest(requestId), 'desk', session.openid, reason);
}

/** The desk's list: pending (not yet expired) by default, or the decided ones, or the expired ones. */
export async function deskRebinds(state: z.infer<typeof import('../../shared/contract').RebindState> | undefined): Promise<Out<typeof DeskRebindsResponse>> {
  const now = clock.now().toISOString();
  const wanted = state ?? 'pending';
  const stored: RebindStoredState = wanted === 'expired' ? 'pending' : wanted;
  const rows = (await listRebinds(stored)).filter((r) => rebindState(r, now) === wanted);
  const members = await Promise.all(rows.map((r) => getMember(r.memberId)));
  return {
    requests: rows.map((r, i) => ({
      id: r.requestId,
      memberId: r.memberId,
      name: members[i]?.name ?? null,
      phoneMasked: maskPhone(r.phone),
      state: rebindState(r, now),
      createdAt: r.createdAt,
      expiresAt: r.expiresAt,
      decidedAt: r.decidedAt,
      decidedBy: r.decidedBy,
    })),
  };
}
