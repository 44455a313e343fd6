/**
 * The return desk finds what a member can bring back: her recent orders at the clerk's store (by her
 * member code or phone), or one order by number, each with what was returned and what can still be refunded.
 */
import type { StaffOrdersQuery, StaffOrdersResponse, StaffOrderView } from '../../shared/contract';
import { maskPhone } from '../../shared/domain';
import { getOrder, recentOrdersAt, type OrderRecord } from '../adapters/dynamo/checkout-repo';
import { getMemberCode } from '../adapters/dynamo/member-code-repo';
import { findMemberIdByPhone, getMember } from '../adapters/dynamo/member-repo';
import { fail } from '../lib/errors';
import type { Session } from '../lib/session';

const RECENT = 20;

export function orderView(o: OrderRecord): StaffOrderView {
  return {
    orderId: o.orderId,
    createdAt: o.createdAt,
    amountFen: o.amountFen,
    returnedFen: o.returnedFen,
    refundableFen: Math.max(0, o.amountFen - o.returnedFen),
    lines: o.items.map((l, i) => ({ sku: l.sku, name: l.name, quantity: l.quantity, returnedQty: o.returnedQty[i] ?? 0, paidFen: o.lineAllocationsFen[i] ?? 0 })),
  };
}

async function memberOf(memberId: string) {
  const m = await getMember(memberId);
  return m ? { memberId, phoneMasked: maskPhone(m.phone) } : null;
}

/** Only the clerk's store: another store's orders are neither listed nor found. */
export async function staffOrders(session: Session, q: StaffOrdersQuery): Promise<StaffOrdersResponse> {
  if (!session.storeId) throw fail('forbidden', 'this staff account has no store');
  const storeId = session.storeId;
  if (q.orderId) {
    const order = await getOrder(storeId, q.orderId);
    if (!order) throw fail('order_not_found', `no order ${q.orderId} at store ${storeId}`, [{ path: 'orderId', message: 'no such order at this store' }]);
    return { member: await memberOf(order.memberId), orders: [orderView(order)] };
  }
  let memberId: string | null;
  if (q.memberCode) {
    memberId = (await getMemberCode(q.memberCode))?.memberId ?? null;
    if (!memberId) throw fail('member_code_not_found', 'no such member code; ask the member to show the code again', [{ path: 'memberCode', message: 'unknown code' }]);
  } else {
    memberId = await findMemberIdByPhone(q.phone!);
    if (!memberId) throw fail('member_not_found', 'no member with this phone', [{ path: 'phone', message: 'no member with this phone' }]);
  }
  const [member, orders] = await Promise.all([memberOf(memberId), recentOrdersAt(storeId, memberId, RECENT)]);
  return { member, orders: orders.map(orderView) };
}
