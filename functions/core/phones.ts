/**
 * Who may see a member's whole phone number (issue 16): an admin whose role item carries the `phones`
 * permission, and then only through an explicit, audited reveal. Every admin view and export masks
 * phones (138****5678) by default; this is the one check the reveal routes and exports share.
 */
import { adminPermissions } from '../adapters/dynamo/admin-repo';
import { fail } from '../lib/errors';
import type { Session } from '../lib/session';

export async function holdsPhonePermission(session: Pick<Session, 'openid' | 'roles'>): Promise<boolean> {
  if (!session.roles.includes('admin')) return false;
  return (await adminPermissions(session.openid)).includes('phones');
}

/** Refuses (403 no_phone_permission) an admin without the permission. */
export async function requirePhonePermission(session: Pick<Session, 'openid' | 'roles'>): Promise<void> {
  if (!(await holdsPhonePermission(session))) throw fail('no_phone_permission', "this admin's role does not carry the phones permission");
}
