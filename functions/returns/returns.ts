/**
 * A return at the till: read (the order, the holder's points, holder and buyer, the buyer's wallet),
 * decide with no database (./decide.ts), write one unit of work (`recordReturn`), map its typed failure.
 */
import { createHash } from 'node:crypto';
import type { ReturnRequest, ReturnResponse } from '../../shared/contract';
import { getOrder, getReturn, recordReturn } from '../adapters/dynamo/checkout-repo';
import { getMember, getPoints } from '../adapters/dynamo/member-repo';
import { listMemberCoupons } from '../adapters/dynamo/coupon-repo';
import { clock } from '../lib/clock';
import { fail } from '../lib/errors';
import type { Session } from '../lib/session';
import { optimistic, today } from '../core';
import { decideReturn } from './decide';

export function returnFingerprint(req: ReturnRequest): string {
  const lines = req.lines ? [...req.lines].sort((a, b) => (a.sku < b.sku ? -1 : 1)).map((l) => [l.sku, l.quantity]) : null;
  return createHash('sha256').update(JSON.stringify([req.storeId, req.orderId, req.returnId, req.amountFen ?? null, lines])).digest('base64url');
}

/**
 * A return at the till. Points are taken back in proportion to the refunded amount (cumulative,
 * so a full return takes back exactly what was earned). When the member already spent them the
 * balance stops at zero and the shortfall becomes debt, repaid from future earnings. The refunded
 * spend leaves the qualifying total of the purchase's month; the tier itself only moves at the
 * scheduled evaluation. Idempotent on (storeId, returnId).
 */
export async function returnOrder(session: Session, req: ReturnRequest): Promise<ReturnResponse> {
  if (!session.storeId || session.storeId !== req.storeId) {
    throw fail('forbidden', `this clerk may handle returns only for store ${session.storeId ?? '(none)'}`);
  }
  const requestHash = returnFingerprint(req);
  const replayOf = (stored: { requestHash: string; result: ReturnResponse }) => {
    if (stored.requestHash !== requestHash) throw fail('return_conflict', `return ${req.returnId} was already recorded with different content`);
    return { ...stored.result, replayed: true };
  };
  const existing = await getReturn(req.storeId, req.returnId);
  if (existing) return replayOf(existing);

  return optimistic(async () => {
    const order = await getOrder(req.storeId, req.orderId);
    if (!order) throw fail('order_not_found', `no order ${req.orderId} at store ${req.storeId}`);
    const [points, holder, buyer, wallet] = await Promise.all([
      getPoints(order.accountId),
      getMember(order.accountId),
      getMember(order.memberId),
      order.coupons?.length || order.stamps?.length ? listMemberCoupons(order.memberId) : [],
    ]);
    const now = clock.now();
    const d = decideReturn({ req, requestHash, staffOpenid: session.openid, now, day: today(now), order, points, holder, buyer, wallet });
    if (!d.ok) {
      // Fully returned, perhaps by this very return (a retry after success): answer it.
      const again = d.refusal.code === 'order_fully_returned' ? await getReturn(req.storeId, req.returnId) : null;
      if (again) return { done: replayOf(again) };
      throw fail(d.refusal.code, d.refusal.message, d.refusal.fields);
    }
    const w = await recordReturn(d.plan);
    if (w.ok) return { done: d.result };
    if (w.failed === 'return_recorded') return { done: replayOf(w.existing) };
    return 'retry'; // the order, the points or a profile moved: read again
  });
}
