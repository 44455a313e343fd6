/**
 * What other capabilities may ask of clerk attribution (issue 19). Registration (functions/members) asks
 * whose registration QR a clerk code is: the clerk and her store, while she still works there. The table's
 * stream consumer (functions/insight/stream.ts) hands each batch to `countClerkStats`.
 */
import { clerkOfCode } from '../adapters/dynamo/clerk-repo';
import { getStoreRole } from '../adapters/dynamo/staff-repo';

export { countClerkStats } from './stats';

export interface ClerkOfCode {
  openid: string;
  storeId: string;
}

/** The clerk (staff or manager) whose QR this code is, and her store, only while she still works at that store; else null. */
export async function clerkByCode(code: string): Promise<ClerkOfCode | null> {
  const found = await clerkOfCode(code);
  if (!found) return null;
  const role = await getStoreRole(found.openid);
  if (!role || role.storeId !== found.storeId) return null; // removed, or moved to another store
  return { openid: found.openid, storeId: found.storeId };
}
