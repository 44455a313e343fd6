/** What the till needs around a sale: the clerk's store by name, and a fresh order number to propose. */
import type { OrderNumberResponse, StaffStoreResponse } from '../../shared/contract';
import { getStoreName } from '../adapters/dynamo/brand-repo';
import { nextOrderSequence } from '../adapters/dynamo/checkout-repo';
import { fail } from '../lib/errors';
import type { Session } from '../lib/session';
import { today } from '../core';

function storeOf(session: Session): string {
  if (!session.storeId) throw fail('forbidden', 'this staff account has no store');
  return session.storeId;
}

/** The clerk's store; a store with no record yet is shown by its id. */
export async function staffStore(session: Session): Promise<StaffStoreResponse> {
  const storeId = storeOf(session);
  return { storeId, name: (await getStoreName(storeId)) ?? storeId };
}

/** Store, the brand's day and the store's sequence of that day, e.g. S001-20261201-0007. */
export const orderNumber = (storeId: string, day: string, seq: number) => `${storeId}-${day.replace(/-/g, '')}-${String(seq).padStart(4, '0')}`;

/**
 * A fresh order number for the till (never handed out twice: the day's counter moves on each call).
 * Only a proposal: the clerk may type another, and the checkout stays idempotent on whatever she sends.
 */
export async function nextOrderNumber(session: Session): Promise<OrderNumberResponse> {
  const storeId = storeOf(session);
  const day = today();
  return { orderId: orderNumber(storeId, day, await nextOrderSequence(storeId, day)) };
}
