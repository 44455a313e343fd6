import { lazy, type RouteSlice } from './spec';

// Schemas are built on first use, not when the slice is loaded (see spec.ts).
const returns = lazy(() => require('../returns') as typeof import('../returns'));

/** Returns at the till (functions/returns). */
export const returnsRoutes = {
  returnOrder: {
    method: 'POST',
    path: '/staff/returns',
    summary: 'A return: reverses points in proportion to what came back (idempotent on storeId + returnId)',
    auth: ['staff'],
    get body() {
      return returns().ReturnRequest;
    },
    get response() {
      return returns().ReturnResponse;
    },
    errors: ['busy', 'member_not_found', 'order_fully_returned', 'order_not_found', 'return_conflict', 'return_exceeds_order', 'return_line_unknown'],
  },
  staffOrders: {
    method: 'GET',
    path: '/staff/orders',
    summary: "A member's recent orders at the clerk's store (by member code or phone), or one order by number, with what can still be refunded",
    auth: ['staff'],
    get query() {
      return returns().StaffOrdersQuery;
    },
    get response() {
      return returns().StaffOrdersResponse;
    },
    errors: ['member_code_not_found', 'member_not_found', 'order_not_found'],
  },
} as const satisfies RouteSlice;
