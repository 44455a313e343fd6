/**
 * Service ratings (issue 19, part C): after a checkout the member may rate the service (1–5, an optional
 * comment) of an order of the last 7 days served by a clerk, once per order; the rating and the clerk's
 * sums (her month row, her store's, her all-time rating) are one transaction.
 */
import type { PendingServiceRating, RateServiceRequest, RateServiceResponse } from '../../shared/contract/clerks';
import { monthOfInstant, pickUnratedOrder, RATING_WINDOW_DAYS, withinRatingWindow } from '../../shared/domain/clerks';
import { getStoreName } from '../adapters/dynamo/brand-repo';
import { clerkPeople, orderToRate, ordersToRate, recordRating } from '../adapters/dynamo/clerk-repo';
import { pause } from '../adapters/dynamo/errors';
import { resolveMemberId } from '../core/member';
import { clock } from '../lib/clock';
import { fail } from '../lib/errors';
import type { Session } from '../lib/session';

export async function pendingServiceRating(session: Session): Promise<PendingServiceRating> {
  const memberId = await resolveMemberId(session);
  const now = clock.now();
  const from = new Date(now.getTime() - RATING_WINDOW_DAYS * 24 * 3600_000).toISOString();
  // A clerk who bought at her own till does not rate herself.
  const order = pickUnratedOrder((await ordersToRate(memberId, from)).filter((o) => o.staffOpenid !== session.openid), now);
  if (!order) return { pending: null };
  const [storeName, people] = await Promise.all([getStoreName(order.storeId), clerkPeople([order.staffOpenid!])]);
  return {
    pending: {
      storeId: order.storeId,
      storeName: storeName ?? '',
      orderId: order.orderId,
      createdAt: order.createdAt,
      amountFen: order.amountFen,
      clerkName: people.get(order.staffOpenid!)?.name ?? null,
    },
  };
}

export async function rateService(session: Session, req: RateServiceRequest): Promise<RateServiceResponse> {
  const memberId = await resolveMemberId(session);
  const order = await orderToRate(req.storeId, req.orderId);
  // Someone else's order, one no clerk served, or one she served herself is "not found" to her.
  if (!order || order.memberId !== memberId || !order.staffOpenid || order.staffOpenid === session.openid) {
    throw fail('order_not_found', `no order ${req.orderId} of hers at ${req.storeId} that she may rate`);
  }
  const now = clock.now();
  if (!withinRatingWindow(order.createdAt, now)) throw fail('rating_closed', `order ${req.orderId} is older than ${RATING_WINDOW_DAYS} days`);
  const comment = req.comment?.trim() || null;
  for (let attempt = 0; attempt < 6; attempt++) {
    const out = await recordRating({ order: { ...order, staffOpenid: order.staffOpenid }, stars: req.stars, comment, at: now.toISOString(), month: monthOfInstant(now) });
    if (out.ok) return { storeId: order.storeId, orderId: order.orderId, stars: req.stars };
    if (out.failed === 'rated') throw fail('service_rated', `order ${req.orderId} was rated already`);
    if (out.failed === 'order_changed') throw fail('order_not_found', `order ${req.orderId} is not hers`);
    await pause(attempt); // conflict: another transaction on the same items; try again
  }
  throw fail('busy', 'the rating is busy; try again');
}
