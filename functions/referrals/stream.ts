/**
 * The referrals' part of the table's stream (functions/insight/stream.ts CONSUMERS):
 * - a REFERRAL item inserted (a referee bound at her creation): counted once in her referrer's stats;
 * - an ORDER inserted whose buyer has a waiting referral: her first purchase whose net amount reaches the
 *   minimum makes it pending, maturing the return window after the order's local day (a due marker on GSI1);
 * - an ORDER modified with more returned: when it is the pending referral's order and its net amount fell
 *   below the minimum, the purchase no longer counts (back to waiting, the return counted as a signal).
 * The order is read again before deciding (a replayed INSERT of an order returned since is not counted
 * again), and every move is conditioned on the referral's state and revision: idempotent per record.
 */
import { localDate } from '../../shared/domain';
import { onPurchase, onReturn, statsDelta, type OrderFacts, type ReferralSettings } from '../../shared/domain/referral';
import { getOrder } from '../adapters/dynamo/checkout-repo';
import { countBinding, getReferral, getReferralSettings, moveReferral, referralsOf } from '../adapters/dynamo/referral-repo';
import type { StreamChange } from '../adapters/dynamo/stream';
import { clock } from '../lib/clock';
import { logger } from '../lib/logger';

interface OrderImage {
  storeId?: string;
  orderId?: string;
  memberId?: string;
  createdAt?: string;
  amountFen?: number;
  returnedFen?: number;
}

const isOrder = (c: StreamChange) => c.pk.startsWith('ORDER#') && c.sk === 'ORDER';

export async function noteReferrals(changes: readonly StreamChange[]): Promise<void> {
  const at = () => clock.now().toISOString();
  // Bindings.
  for (const c of changes) {
    if (c.kind !== 'INSERT' || c.sk !== 'REFERRAL' || !c.newImage) continue;
    const referrerId = c.newImage.referrerId as string | undefined;
    const refereeId = c.newImage.refereeId as string | undefined;
    if (referrerId && refereeId) await countBinding(referrerId, refereeId, at());
  }
  // Purchases and returns.
  const events: { kind: 'purchase' | 'return'; order: OrderImage }[] = [];
  for (const c of changes) {
    if (!isOrder(c) || !c.newImage) continue;
    const o = c.newImage as OrderImage;
    if (!o.memberId || !o.storeId || !o.orderId) continue;
    if (c.kind === 'INSERT') events.push({ kind: 'purchase', order: o });
    else if (c.kind === 'MODIFY' && Number(o.returnedFen ?? 0) > Number((c.oldImage as OrderImage | null)?.returnedFen ?? 0)) events.push({ kind: 'return', order: o });
  }
  if (events.length === 0) return;
  // Most buyers were never referred: one BatchGet finds the few who were.
  const referred = await referralsOf(events.map((e) => e.order.memberId!));
  const relevant = events.filter((e) => {
    const r = referred.get(e.order.memberId!);
    return r && (e.kind === 'purchase' ? r.state === 'waiting' : r.state === 'pending');
  });
  if (relevant.length === 0) return;
  const { settings } = await getReferralSettings();
  for (const e of relevant) await noteOne(e.kind, e.order, settings, at());
}

async function noteOne(kind: 'purchase' | 'return', image: OrderImage, settings: ReferralSettings, at: string) {
  if (kind === 'purchase' && !settings.enabled) return; // while the programme is off no purchase qualifies
  for (let attempt = 0; attempt < 5; attempt++) {
    const [r, order] = await Promise.all([getReferral(image.memberId!), getOrder(image.storeId!, image.orderId!)]);
    if (!r || !order) return;
    const facts: OrderFacts = { storeId: order.storeId, orderId: order.orderId, memberId: order.memberId, createdAt: order.createdAt, amountFen: order.amountFen, returnedFen: order.returnedFen };
    const move = kind === 'purchase' ? onPurchase(r, facts, localDate(new Date(order.createdAt)), settings) : onReturn(r, facts);
    if (!move.ok) return;
    const out = await moveReferral(r, move.next, { at, stats: statsDelta(r, move.next) });
    if (out.ok) {
      logger.info('referral moved', { refereeId: r.refereeId, from: r.state, to: move.next.state, orderId: order.orderId });
      return;
    }
  }
  throw new Error(`referral of ${image.memberId}: kept moving`);
}
