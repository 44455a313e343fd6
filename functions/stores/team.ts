/**
 * A store's staff (issue 16): its manager sees her store's clerks and managers, invites and removes
 * clerks; an admin does so for any store, invites managers, appoints and removes them. Who may do what is
 * decided in shared/domain/staff.ts; removals take effect within 60 s on every route (functions/lib/roles.ts).
 */
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { Invite, StaffMember, StorePosition, StoreStaffResponse } from '../../shared/contract';
import type { PosterCode } from '../../shared/contract/common';
import { HOME_PAGE, storeScene } from '../../shared/domain/attribution';
import { canManage, canSeeStaff, inviteCodeFrom, inviteExpiry, invitePath, INVITE_LENGTH } from '../../shared/domain/staff';
import { getStore } from '../adapters/dynamo/brand-repo';
import { getStoreRole, listStoreStaff, removeStoreRole, saveInvite, setStoreRole, type StaffRecord } from '../adapters/dynamo/staff-repo';
import { clock } from '../lib/clock';
import { fail } from '../lib/errors';
import { forgetRoles } from '../lib/roles';
import type { Session } from '../lib/session';
import { posterCode } from '../wechat/collaboration';

const member = (s: StaffRecord): StaffMember => ({ openid: s.openid, position: s.storeRole, name: s.name, since: s.grantedAt, grantedBy: s.grantedBy });

const forbiddenFor = (session: Session, storeId: string) =>
  fail('forbidden', session.roles.includes('manager') ? `a manager manages only her own store (${session.storeId ?? 'none'}), not ${storeId}` : 'this needs the store manager or an admin');

async function storeOrFail(storeId: string) {
  const store = await getStore(storeId);
  if (!store) throw fail('store_not_found', `no store ${storeId}`);
  return store;
}

/** The store's registration poster (小程序码, scene `store=<id>`), for its manager or an admin; not for a closed store. */
export async function storePoster(session: Session, storeId: string): Promise<z.input<typeof PosterCode>> {
  if (!canSeeStaff(session, storeId)) throw forbiddenFor(session, storeId);
  const store = await storeOrFail(storeId);
  if (!store.open) throw fail('store_closed', `store ${storeId} is closed`);
  return posterCode({ page: HOME_PAGE, scene: storeScene(storeId) });
}

/** The store and its staff, managers first. */
export async function storeStaff(session: Session, storeId: string): Promise<StoreStaffResponse> {
  if (!canSeeStaff(session, storeId)) throw forbiddenFor(session, storeId);
  const [store, staff] = await Promise.all([storeOrFail(storeId), listStoreStaff(storeId)]);
  staff.sort((a, b) => Number(b.storeRole === 'manager') - Number(a.storeRole === 'manager') || a.grantedAt.localeCompare(b.grantedAt));
  return { store: { ...store }, staff: staff.map(member) };
}

/** A one-time invite, valid 24 h, to join the store as `position`. */
export async function createInvite(session: Session, storeId: string, position: StorePosition): Promise<Invite> {
  if (!canManage(session, storeId, position)) throw forbiddenFor(session, storeId);
  const store = await storeOrFail(storeId);
  if (!store.open) throw fail('store_closed', `store ${storeId} is closed`);
  const now = clock.now();
  for (let i = 0; i < 3; i++) {
    const code = inviteCodeFrom(randomBytes(INVITE_LENGTH));
    const inv = { code, storeId, storeRole: position, createdBy: session.openid, createdAt: now.toISOString(), expiresAt: inviteExpiry(now), usedBy: null, usedAt: null };
    const out = await saveInvite(inv, { at: inv.createdAt, actor: session.openid, action: 'staff.invite', target: `store:${storeId}`, before: null, after: { position, expiresAt: inv.expiresAt } });
    if (out.ok) return { code, storeId, storeName: store.name, position, expiresAt: inv.expiresAt, path: invitePath(code) };
  }
  throw fail('busy', 'could not draw a free invite code');
}

/** Removes a clerk (her manager or an admin) or a manager (an admin) from the store. */
export async function removeStaff(session: Session, storeId: string, openid: string): Promise<{ ok: true }> {
  const current = await getStoreRole(openid);
  if (!current || current.storeId !== storeId) {
    if (!canSeeStaff(session, storeId)) throw forbiddenFor(session, storeId);
    throw fail('staff_not_found', `${openid} is not on the staff of ${storeId}`);
  }
  if (!canManage({ ...session }, storeId, current.storeRole, openid)) throw forbiddenFor(session, storeId);
  const onlyClerk = !session.roles.includes('admin');
  const out = await removeStoreRole({
    openid,
    storeId,
    onlyClerk,
    audit: { at: clock.now().toISOString(), actor: session.openid, action: current.storeRole === 'manager' ? 'staff.remove-manager' : 'staff.remove', target: `store:${storeId}`, before: member(current), after: null },
  });
  if (!out.ok) throw fail('staff_not_found', `${openid} left ${storeId} meanwhile`);
  forgetRoles(openid);
  return { ok: true };
}

/** Appoints one of the store's clerks as manager, or makes a manager a clerk again (admins). */
export async function setStaffPosition(session: Session, storeId: string, openid: string, position: StorePosition): Promise<StaffMember> {
  const current = await getStoreRole(openid);
  if (!current || current.storeId !== storeId) throw fail('staff_not_found', `${openid} is not on the staff of ${storeId}`);
  const next = { ...current, storeRole: position };
  if (current.storeRole !== position) {
    const out = await setStoreRole({
      openid,
      storeId,
      storeRole: position,
      audit: { at: clock.now().toISOString(), actor: session.openid, action: position === 'manager' ? 'staff.appoint-manager' : 'staff.demote-manager', target: `store:${storeId}`, before: member(current), after: member(next) },
    });
    if (!out.ok) throw fail('staff_not_found', `${openid} left ${storeId} meanwhile`);
    forgetRoles(openid);
  }
  return member(next);
}
