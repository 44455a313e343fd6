/**
 * Stores and staff (issue 16): who may do what to a store's staff, what a session may still do when its
 * holder's roles changed after sign-in, and the life of an invite. Pure: no I/O.
 *
 * A person holds at most one place in one store (ROLE#staff with `storeRole` clerk or manager) and may be
 * an admin besides. A manager is staff at her store (she works its till) and manages its clerks.
 */

export type StoreRoleName = 'clerk' | 'manager';

/** What the table says about a person now (her role items). */
export interface CurrentRoles {
  store: { storeId: string; storeRole: StoreRoleName } | null;
  admin: boolean;
}

/** The session roles a person's current role items give ('member' always: any signed-in person). */
export function sessionRolesOf(c: CurrentRoles): ('member' | 'staff' | 'manager' | 'admin')[] {
  const roles: ('member' | 'staff' | 'manager' | 'admin')[] = ['member'];
  if (c.store) roles.push('staff');
  if (c.store?.storeRole === 'manager') roles.push('manager');
  if (c.admin) roles.push('admin');
  return roles;
}

/**
 * What a token may still do: its roles that the person still holds (token ∩ current), the store roles
 * only while she is still at the token's store. A role granted after sign-in needs a new sign-in.
 */
export function effectiveRoles<R extends string>(token: { roles: readonly R[]; storeId: string | null }, current: CurrentRoles): { roles: R[]; storeId: string | null } {
  const now = sessionRolesOf(current) as string[];
  const sameStore = !!current.store && current.store.storeId === token.storeId;
  const roles = token.roles.filter((r) => r === 'member' || (now.includes(r) && (r === 'admin' || sameStore)));
  return { roles, storeId: roles.includes('staff' as R) ? token.storeId : null };
}

/** The acting person, as her (effective) session says. */
export interface StaffActor {
  roles: readonly string[];
  storeId: string | null;
}

/** An admin sees every store's staff; a manager only her own store's. */
export function canSeeStaff(actor: StaffActor, storeId: string): boolean {
  return actor.roles.includes('admin') || (actor.roles.includes('manager') && actor.storeId === storeId);
}

/**
 * Inviting, removing: an admin for any store and either position; a manager only clerks of her own
 * store (a manager never invites or removes a manager, nor herself).
 */
export function canManage(actor: StaffActor & { openid?: string }, storeId: string, position: StoreRoleName, target?: string): boolean {
  if (actor.roles.includes('admin')) return true;
  if (!actor.roles.includes('manager') || actor.storeId !== storeId) return false;
  return position === 'clerk' && (target === undefined || target !== actor.openid);
}

/** An invite is valid this long after it was made. */
export const INVITE_VALID_HOURS = 24;

export function inviteExpiry(createdAt: Date): string {
  return new Date(createdAt.getTime() + INVITE_VALID_HOURS * 3600_000).toISOString();
}

export type InviteState = 'open' | 'used' | 'expired';

/** Used wins over expired: a used invite stays "used" after its day. */
export function inviteState(inv: { expiresAt: string; usedBy: string | null }, now: Date): InviteState {
  if (inv.usedBy) return 'used';
  return now.toISOString() < inv.expiresAt ? 'open' : 'expired';
}

/** The invite alphabet: capitals and digits without look-alikes (no 0/O, 1/I). 32 symbols, 10 of them: 50 bits. */
export const INVITE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const INVITE_LENGTH = 10;

/** An invite code from random bytes (at least INVITE_LENGTH of them). */
export function inviteCodeFrom(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < INVITE_LENGTH; i++) s += INVITE_ALPHABET[bytes[i]! % INVITE_ALPHABET.length];
  return s;
}

/** The mini-program page that accepts an invite (what its QR code and link carry). */
export const JOIN_PAGE = 'staff/join/index';
export const invitePath = (code: string) => `${JOIN_PAGE}?code=${code}`;

/** Never removing the last admin: another admin must remain. */
export function anotherAdmin(admins: readonly string[], removing: string): string | null {
  return admins.find((a) => a !== removing) ?? null;
}
