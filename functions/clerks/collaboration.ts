/**
 * What other capabilities may ask of clerk attribution (issue 19). Registration (functions/members) asks
 * whose registration QR a clerk code is: the clerk and her store, while she still works there. Rights (her data
 * copy, her erasure) ask for her ratings of the service. The table's
 * stream consumer (functions/insight/stream.ts) hands each batch to `countClerkStats`.
 */
import { clerkOfCode, ratingsOfOrders, removeRatingComment } from '../adapters/dynamo/clerk-repo';
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

/** Her ratings of the service on these orders of hers (her data copy). */
export async function ratingsForCopy(orders: readonly { storeId: string; orderId: string }[]): Promise<{ storeId: string; orderId: string; stars: number; comment: string | null; at: string }[]> {
  return (await ratingsOfOrders(orders)).map(({ storeId, orderId, stars, comment, at }) => ({ storeId, orderId, stars, comment, at })).sort((x, y) => x.at.localeCompare(y.at));
}

/** Her account erased: the comments she wrote on these orders' ratings are removed (the stars stay in the sums). */
export async function forgetRatingComments(orders: readonly { storeId: string; orderId: string }[]): Promise<number> {
  const withComment = (await ratingsOfOrders(orders)).filter((r) => r.comment !== null);
  for (const r of withComment) await removeRatingComment(r.storeId, r.orderId);
  return withComment.length;
}
