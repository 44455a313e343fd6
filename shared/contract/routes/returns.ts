import { ReturnRequest, ReturnResponse } from '../returns';
import type { RouteSlice } from './spec';

/** Returns at the till (functions/returns). */
export const returnsRoutes = {
  returnOrder: {
    method: 'POST',
    path: '/staff/returns',
    summary: 'A return: reverses points in proportion to what came back (idempotent on storeId + returnId)',
    auth: ['staff'],
    body: ReturnRequest,
    response: ReturnResponse,
    errors: ['busy', 'member_not_found', 'order_fully_returned', 'order_not_found', 'return_conflict', 'return_exceeds_order', 'return_line_unknown'],
  },
} as const satisfies RouteSlice;
