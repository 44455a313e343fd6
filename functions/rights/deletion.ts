/**
 * 注销账号 (PIPL art. 47): a request with a 15-day grace period she can cancel; then the erasure job
 * (scheduled.ts) erases her personal data. During the grace period her account works as before (she may
 * spend her points, which are forfeited at the end: the page says how many today). The desk sees every
 * pending request (`adminDeletions`).
 */
import type { AdminDeletionsResponse, DeletionStatus } from '../../shared/contract';
import { DELETION_GRACE_DAYS, canCancelDeletion, daysLeft, decideDeletionRequest, type DeletionRecord, type DeletionSource } from '../../shared/domain/rights';
import { maskPhone } from '../../shared/domain';
import { listMemberCoupons } from '../adapters/dynamo/coupon-repo';
import { getMember } from '../adapters/dynamo/member-repo';
import { cancelPendingDeletion, getDeletion, listPendingDeletions, memberPhones, savePendingDeletion } from '../adapters/dynamo/rights-repo';
import { clock } from '../lib/clock';
import { fail } from '../lib/errors';
import type { Session } from '../lib/session';
import { loadAccount, pointsSummary, resolveMemberId } from '../core';
import { storedValueHeld } from '../storedvalue/collaboration';

/** What she would lose and where her request stands. */
async function statusOf(memberId: string, d: DeletionRecord | null): Promise<DeletionStatus> {
  const now = clock.now();
  const [acct, coupons] = await Promise.all([loadAccount(memberId), listMemberCoupons(memberId)]);
  const own = acct.holder.memberId === memberId;
  const usable = coupons.filter((c) => c.state === 'available' && Date.parse(c.validUntil) > now.getTime()).length;
  const pending = !!d && (d.state === 'pending' || d.state === 'erasing');
  return {
    state: pending ? 'pending' : 'none',
    requestedAt: pending ? d.requestedAt : null,
    dueAt: pending ? d.dueAt : null,
    daysLeft: pending ? daysLeft(d.dueAt, now) : null,
    source: pending ? d.source : null,
    points: own ? pointsSummary(acct).balance : 0,
    coupons: usable,
    graceDays: DELETION_GRACE_DAYS,
  };
}

export async function myDeletion(session: Session): Promise<DeletionStatus> {
  const memberId = await resolveMemberId(session);
  return statusOf(memberId, await getDeletion(memberId));
}

/**
 * Starts the deletion path for a member (her own request, or WeChat's push), audited. A repeat answers
 * the pending request; a race with a cancel or another request is read again.
 */
export async function startDeletion(memberId: string, source: DeletionSource, actor: string): Promise<DeletionRecord | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const [existing, member] = await Promise.all([getDeletion(memberId), getMember(memberId)]);
    if (!member) throw fail('member_not_found', 'member not found');
    const now = clock.now();
    const step = decideDeletionRequest({ existing, inFamily: member.familyRole !== 'none', source, now });
    if (step.step === 'refuse') throw fail(step.refusal, 'leave the family account first');
    if (step.step === 'answer') return existing;
    const r: DeletionRecord = { memberId, state: 'pending', source, requestedAt: existing?.state === 'pending' ? existing.requestedAt : now.toISOString(), dueAt: step.dueAt };
    const out = await savePendingDeletion(r, existing, {
      at: now.toISOString(),
      actor,
      action: 'member.deletion_requested',
      target: `member:${memberId}`,
      before: existing ? { state: existing.state, dueAt: existing.dueAt } : null,
      after: { state: 'pending', dueAt: r.dueAt, source },
    });
    if (out.ok) return r;
  }
  throw fail('busy', 'the deletion request is busy; try again');
}

export async function requestDeletion(session: Session): Promise<DeletionStatus> {
  const memberId = await resolveMemberId(session);
  // Her stored balance is money owed to her: refunded first, never erased with her data.
  if ((await storedValueHeld(memberId)) > 0) throw fail('balance_outstanding', 'refund the stored balance before deleting the account');
  const r = await startDeletion(memberId, 'member', session.openid);
  return statusOf(memberId, r);
}

export async function cancelDeletion(session: Session): Promise<DeletionStatus> {
  const memberId = await resolveMemberId(session);
  const existing = await getDeletion(memberId);
  if (!canCancelDeletion(existing)) throw fail('deletion_not_pending', 'no pending deletion request to cancel');
  const at = clock.now().toISOString();
  const out = await cancelPendingDeletion(memberId, at, {
    at,
    actor: session.openid,
    action: 'member.deletion_cancelled',
    target: `member:${memberId}`,
    before: { state: 'pending', dueAt: existing!.dueAt },
    after: { state: 'cancelled' },
  });
  if (!out.ok) throw fail('deletion_not_pending', 'erasure has started; it can no longer be cancelled');
  return statusOf(memberId, null);
}

/** The desk's list: every pending deletion, soonest due first, phones masked. */
export async function adminDeletions(): Promise<AdminDeletionsResponse> {
  const pending = await listPendingDeletions();
  const phones = await memberPhones(pending.map((d) => d.memberId));
  return {
    deletions: pending.map((d) => ({
      memberId: d.memberId,
      phoneMasked: maskPhone(phones.get(d.memberId) ?? ''),
      requestedAt: d.requestedAt,
      dueAt: d.dueAt,
      source: d.source,
      erasing: d.state === 'erasing',
    })),
  };
}
