/**
 * Accepting a staff invite (issue 16): the signed-in person who opens it becomes a clerk (or manager) of
 * its store, once: the invite is marked used in the same transaction that creates her role item.
 */
import type { InviteView } from '../../shared/contract';
import { inviteState, invitePath } from '../../shared/domain/staff';
import { getStore } from '../adapters/dynamo/brand-repo';
import { findIdentity } from '../adapters/dynamo/identity-repo';
import { getMember } from '../adapters/dynamo/member-repo';
import { getInvite, recordInviteAccepted, type InviteRecord } from '../adapters/dynamo/staff-repo';
import { clock } from '../lib/clock';
import { fail } from '../lib/errors';
import { forgetRoles } from '../lib/roles';
import type { Session } from '../lib/session';

async function inviteOrFail(code: string): Promise<InviteRecord> {
  const inv = await getInvite(code);
  if (!inv) throw fail('invite_not_found', 'no such invite');
  return inv;
}

export async function viewInvite(code: string): Promise<InviteView> {
  const inv = await inviteOrFail(code);
  const store = await getStore(inv.storeId);
  return {
    code,
    storeId: inv.storeId,
    storeName: store?.name ?? inv.storeId,
    position: inv.storeRole,
    expiresAt: inv.expiresAt,
    path: invitePath(code),
    state: inviteState(inv, clock.now()),
  };
}

export async function acceptInvite(session: Session, code: string) {
  for (let round = 0; round < 4; round++) {
    const inv = await inviteOrFail(code);
    const now = clock.now();
    const state = inviteState(inv, now);
    if (state === 'used') throw fail(inv.usedBy === session.openid ? 'already_staff' : 'invite_used', 'this invite has been used');
    if (state === 'expired') throw fail('invite_expired', `this invite expired at ${inv.expiresAt}`);
    const [identity, store] = await Promise.all([findIdentity(session.openid), getStore(inv.storeId)]);
    if (identity.staffStoreId) throw fail('already_staff', `already on the staff of ${identity.staffStoreId}`);
    if (!store?.open) throw fail('store_closed', `store ${inv.storeId} is closed`);
    const name = identity.memberId ? ((await getMember(identity.memberId))?.name ?? null) : null;
    const at = now.toISOString();
    const out = await recordInviteAccepted({
      invite: inv,
      openid: session.openid,
      name,
      at,
      audit: { at, actor: session.openid, action: 'staff.join', target: `store:${inv.storeId}`, before: null, after: { openid: session.openid, position: inv.storeRole, invite: code, invitedBy: inv.createdBy } },
    });
    if (out.ok) {
      forgetRoles(session.openid);
      return { storeId: inv.storeId, storeName: store.name, position: inv.storeRole };
    }
    if (out.failed !== 'conflict') continue; // read again: the next round names what happened
  }
  throw fail('busy', 'the invite is being accepted by someone else; try again');
}
