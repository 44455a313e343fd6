/**
 * Revocation within 60 s (issue 16). The session token says which roles its holder had at sign-in; a
 * route open to staff, managers or admins also reads what she holds now (her role items: one consistent
 * Query of OPENID#<openid>, `findIdentity`) and keeps only the token's roles she still holds, at the same
 * store (`effectiveRoles`). A warm Lambda keeps that answer per person for `roleCacheSeconds` (≤ 30 s),
 * so a removed clerk's next request is refused at most that long after the removal. Member-only routes
 * stay token-only.
 */
import type { CurrentRoles } from '../../shared/domain/staff';
import { findIdentity } from '../adapters/dynamo/identity-repo';
import { clock } from './clock';
import { config } from './config';

const MAX_ENTRIES = 10_000;
const cache = new Map<string, { at: number; roles: CurrentRoles }>();

/** A person's role items now, from this Lambda's cache when read less than `roleCacheSeconds` ago. */
export async function currentRoles(openid: string): Promise<CurrentRoles> {
  const ttlMs = config().roleCacheSeconds * 1000;
  const now = clock.now().getTime();
  const hit = cache.get(openid);
  if (hit && now >= hit.at && now - hit.at < ttlMs) return hit.roles;
  const id = await findIdentity(openid);
  const roles: CurrentRoles = { store: id.staffStoreId && id.storeRole ? { storeId: id.staffStoreId, storeRole: id.storeRole } : null, admin: id.admin };
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  cache.set(openid, { at: now, roles });
  return roles;
}

/** Drops one person's cached roles (this Lambda just changed them), or all of them (tests). */
export function forgetRoles(openid?: string): void {
  if (openid === undefined) cache.clear();
  else cache.delete(openid);
}
