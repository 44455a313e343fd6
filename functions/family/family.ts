/**
 * Family accounts (主副卡). Rules, as the family page explains them:
 * - A primary card invites with an 8-digit code (24 hours, single use); at most MAX_SECONDARIES.
 * - Joining moves the secondary's points (with their expiry dates) to the primary: one transfer
 *   entry on each side. A member who owes points from a return settles that first.
 * - While linked, the secondary's earnings and qualifying totals go to the primary; both see the
 *   primary's balance and tier; only the primary spends.
 * - Either side can end the link. Points and qualifying totals already with the primary stay there;
 *   the secondary's later earnings go to her own account, and her own tier record (frozen while
 *   linked) applies again.
 */
import { randomInt } from 'node:crypto';
import type { FamilyView } from '../../shared/contract';
import { balanceOf, maskPhone, transferAll } from '../../shared/domain';
import { getFamilyInvite, listFamilyLinks, recordFamilyInvite, recordFamilyJoin, recordFamilyLeave } from '../adapters/dynamo/family-repo';
import { getMember, getPoints } from '../adapters/dynamo/member-repo';
import { clock } from '../lib/clock';
import { fail, failAs } from '../lib/errors';
import type { Session } from '../lib/session';
import { resolveMemberId } from '../core';
import { loadAccount, optimistic } from '../core';

export const MAX_SECONDARIES = 4;
const INVITE_HOURS = 24;

export async function familyView(memberId: string): Promise<FamilyView> {
  const acct = await loadAccount(memberId);
  const { member, holder } = acct;
  const links = member.familyRole === 'primary' ? await listFamilyLinks(member.memberId) : [];
  const now = clock.now().toISOString();
  return {
    role: member.familyRole,
    primary:
      member.familyRole === 'secondary'
        ? { id: holder.memberId, name: holder.name, phoneMasked: maskPhone(holder.phone), since: member.familySince ?? member.createdAt }
        : null,
    secondaries: links.map((l) => ({ id: l.memberId as never, name: l.name, phoneMasked: l.phoneMasked, since: l.since })),
    balance: balanceOf(acct.points.state),
    invite: member.familyInvite && member.familyInvite.expiresAt > now ? member.familyInvite : null,
    maxSecondaries: MAX_SECONDARIES,
  };
}

export async function myFamily(session: Session): Promise<FamilyView> {
  return familyView(await resolveMemberId(session));
}

export async function inviteFamily(session: Session): Promise<{ code: string; expiresAt: string }> {
  const memberId = await resolveMemberId(session);
  return optimistic(async () => {
    const me = await getMember(memberId);
    if (!me) throw fail('member_not_found', 'member not found');
    if (me.familyRole === 'secondary') throw fail('family_already_linked', 'a secondary card cannot invite; leave the family first');
    if (me.familyCount >= MAX_SECONDARIES) throw fail('family_full', `a primary card has at most ${MAX_SECONDARIES} secondary cards`);
    const now = clock.now();
    const code = String(randomInt(10_000_000, 100_000_000));
    const expiresAt = new Date(now.getTime() + INVITE_HOURS * 3600_000).toISOString();
    const out = await recordFamilyInvite({ memberId, qrev: me.qrev, invite: { code, primaryId: memberId, expiresAt }, previousCode: me.familyInvite?.code ?? null, at: now.toISOString() });
    return out.ok ? { done: { code, expiresAt } } : 'retry';
  });
}

export async function joinFamily(session: Session, code: string): Promise<FamilyView> {
  const memberId = await resolveMemberId(session);
  await optimistic(async () => {
    const now = clock.now();
    const at = now.toISOString();
    const invite = await getFamilyInvite(code);
    const field = [{ path: 'code', message: 'invalid or expired' }];
    if (!invite) throw fail('family_invite_invalid', 'no such invitation code', field);
    if (invite.expiresAt <= at) throw fail('family_invite_expired', 'this invitation has expired; ask for a new one', field);
    if (invite.primaryId === memberId) throw fail('family_self', 'you cannot join your own family card', field);
    const [me, primary, myPoints, primaryPoints] = await Promise.all([getMember(memberId), getMember(invite.primaryId), getPoints(memberId), getPoints(invite.primaryId)]);
    if (!me || !primary) throw fail('member_not_found', 'member not found');
    if (me.familyRole !== 'none') throw fail('family_already_linked', 'you already belong to a family card');
    if (primary.familyRole === 'secondary') throw fail('family_already_linked', 'the inviter is a secondary card');
    if (primary.familyCount >= MAX_SECONDARIES) throw fail('family_full', `a primary card has at most ${MAX_SECONDARIES} secondary cards`);
    if (myPoints.state.debt > 0) throw fail('family_has_debt', `settle the ${myPoints.state.debt} points owed from a return first`);

    const moved = transferAll(myPoints.state, primaryPoints.state);
    const source = { kind: 'family', id: `${primary.memberId}#${memberId}#${at}` };
    const out = await recordFamilyJoin({
      code,
      at,
      secondary: { memberId, qrev: me.qrev },
      primary: { memberId: primary.memberId, qrev: primary.qrev, familyCount: primary.familyCount },
      link: { memberId, name: me.name, phoneMasked: maskPhone(me.phone), since: at },
      transfer:
        moved.moved > 0
          ? {
              from: { before: myPoints, next: moved.from, entries: [{ type: 'transfer', points: -moved.moved, description: '积分转入主卡', source }] },
              to: {
                before: primaryPoints,
                next: moved.to,
                entries: [{ type: 'transfer', points: moved.moved, description: '副卡积分转入', source, byMemberId: memberId, byMember: `${me.name ?? '副卡'} ${maskPhone(me.phone)}` }],
              },
            }
          : null,
    });
    if (out.ok) return { done: true };
    if (out.failed === 'invite_gone') throw fail('family_invite_invalid', 'this invitation was used or withdrawn', field);
    return 'retry';
  });
  return familyView(memberId);
}

/** A secondary leaves (no memberId), or the primary removes one of her secondaries. */
export async function leaveFamily(session: Session, secondaryId?: string): Promise<FamilyView> {
  const memberId = await resolveMemberId(session);
  await optimistic(async () => {
    const me = await getMember(memberId);
    if (!me) throw fail('member_not_found', 'member not found');
    let secondary = me;
    if (secondaryId && secondaryId !== memberId) {
      if (me.familyRole !== 'primary') throw fail('forbidden', 'only the primary card can remove a secondary card');
      const s = await getMember(secondaryId);
      if (!s || s.familyPrimaryId !== memberId) throw fail('not_in_family', 'this member is not in your family');
      secondary = s;
    } else if (me.familyRole !== 'secondary' || !me.familyPrimaryId) {
      throw failAs('not_in_family', 'state', 'you are not a secondary card of a family');
    }
    const primary = secondary.memberId === me.memberId ? await getMember(me.familyPrimaryId!) : me;
    if (!primary) throw fail('member_not_found', 'the primary card no longer exists');
    const out = await recordFamilyLeave({
      secondary: { memberId: secondary.memberId, qrev: secondary.qrev },
      primary: { memberId: primary.memberId, qrev: primary.qrev, familyCount: primary.familyCount },
    });
    return out.ok ? { done: true } : 'retry';
  });
  return familyView(memberId);
}
