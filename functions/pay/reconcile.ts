/**
 * Reconciliation (serverless.yml `payReconcile`, every 5 minutes; also one order at a time from the admin):
 * - orders still `created` 10 minutes after they were made are queried: SUCCESS → `creditPaid` (the same
 *   once-only credit as the notification: whichever comes first credits, the other changes nothing);
 *   NOTPAY/USERPAYING past time_expire → closed at WeChat, then marked closed; CLOSED/REVOKED/PAYERROR →
 *   marked closed;
 * - refunds still `requested` a minute after they were written are queried or sent again (same out_refund_no);
 * - paid orders whose shipping information is not uploaded are uploaded.
 * Before its own timeout the job saves a checkpoint per list (`JOB#payReconcile#<runId>/SEG#n`) and stops;
 * a retried invocation of the same run resumes there, and the next run starts over the lists (whatever
 * was settled has left them).
 */
import { getCheckpoint, saveCheckpoint, type Checkpoint } from '../adapters/dynamo/jobs-repo';
import { getPayOrder, payJobKey, payJobPage, recordClosed, type PayJobList, type PayOrderRecord } from '../adapters/dynamo/pay-repo';
import * as wechatpay from '../adapters/wechatpay';
import type { JobResult } from '../core';
import { clock } from '../lib/clock';
import { fail } from '../lib/errors';
import { logger } from '../lib/logger';
import type { ReconcileResult } from '../../shared/contract';
import { creditPaid, recordException } from './credit';
import { RECONCILE_AFTER_MS, REFUND_RESEND_AFTER_MS, SHIPPING_RETRY_AFTER_MS, reconcileAction } from './decide';
import { checkRefund } from './refunds';
import { uploadShipping } from './shipping';

export const RECONCILE_JOB = 'payReconcile';

type Outcome = ReconcileResult['outcome'];

/** Asks WeChat about one created order and acts on the answer. */
async function reconcileCreated(order: PayOrderRecord): Promise<{ outcome: Outcome; wechatState: string }> {
  const facts = await wechatpay.queryOrder(order.outTradeNo);
  const action = reconcileAction(order, facts.tradeState, clock.now());
  switch (action) {
    case 'credit': {
      const out = await creditPaid(order.outTradeNo, facts);
      return { outcome: out === 'credited' ? 'credited' : out === 'already_paid' ? 'already_settled' : 'exception', wechatState: facts.tradeState };
    }
    case 'close':
      await wechatpay.closeOrder(order.outTradeNo);
      await recordClosed(order.outTradeNo, clock.now().toISOString());
      return { outcome: 'closed', wechatState: facts.tradeState };
    case 'mark_closed':
      await recordClosed(order.outTradeNo, clock.now().toISOString());
      return { outcome: 'closed', wechatState: facts.tradeState };
    case 'exception':
      await recordException(order.outTradeNo, 'refunded_before_credit', { tradeState: facts.tradeState, amountFen: order.amountFen });
      return { outcome: 'exception', wechatState: facts.tradeState };
    default:
      return { outcome: 'still_pending', wechatState: facts.tradeState };
  }
}

/** `POST /admin/payments/{outTradeNo}/reconcile`: ask WeChat now (any age), and upload shipping if it is missing. */
export async function reconcileNow(outTradeNo: string): Promise<ReconcileResult> {
  const order = await getPayOrder(outTradeNo);
  if (!order) throw fail('payment_not_found', `no payment ${outTradeNo}`);
  if (order.state !== 'created') {
    if (order.state !== 'closed' && !order.shippingUploadedAt) await uploadShipping(order);
    return { outTradeNo, wechatState: null, outcome: 'already_settled', state: order.state };
  }
  const r = await reconcileCreated(order);
  const after = await getPayOrder(outTradeNo);
  return { outTradeNo, wechatState: r.wechatState, outcome: r.outcome, state: after?.state ?? order.state };
}

const LISTS: { list: PayJobList; ageMs: number }[] = [
  { list: 'pending', ageMs: RECONCILE_AFTER_MS },
  { list: 'refunds', ageMs: REFUND_RESEND_AFTER_MS },
  { list: 'shipping', ageMs: SHIPPING_RETRY_AFTER_MS },
];

/**
 * One run over the three lists. `timeLeft` is the Lambda's remaining time; the run stops with a
 * checkpoint when less than `marginMs` is left (`done: false`).
 */
export async function runReconcile(p: { runId: string; timeLeft: () => number; marginMs?: number; pageSize?: number }): Promise<JobResult> {
  const margin = p.marginMs ?? 30_000;
  const result: JobResult = { job: RECONCILE_JOB, runId: p.runId, done: true, processed: 0, changed: 0, itemsRead: 0 };
  for (const [segment, { list, ageMs }] of LISTS.entries()) {
    const cp: Checkpoint = (await getCheckpoint(RECONCILE_JOB, p.runId, segment)) ?? { lastKey: undefined, done: false, processed: 0, changed: 0, itemsRead: 0 };
    const before = new Date(clock.now().getTime() - ageMs).toISOString();
    while (!cp.done) {
      if (p.timeLeft() < margin) {
        await saveCheckpoint(RECONCILE_JOB, p.runId, segment, cp, clock.now().toISOString());
        result.done = false;
        logger.info('pay reconciliation checkpointed before its timeout', { runId: p.runId, list });
        return result;
      }
      const page = await payJobPage(list, before, cp.lastKey, p.pageSize ?? 25);
      cp.itemsRead += page.itemsRead;
      result.itemsRead += page.itemsRead;
      const entries = list === 'refunds' ? page.refunds : page.orders;
      let stopped = false;
      for (const entry of entries) {
        if (p.timeLeft() < margin) {
          stopped = true;
          break;
        }
        let changed = false;
        try {
          if (list === 'pending') changed = ['credited', 'closed'].includes((await reconcileCreated(entry as PayOrderRecord)).outcome);
          else if (list === 'refunds') changed = await checkRefund(entry as never);
          else changed = await uploadShipping(entry as PayOrderRecord);
        } catch (e) {
          // One entry's failure (WeChat unavailable…) does not stop the others; it stays listed for the next run.
          logger.warn('pay reconciliation entry failed', { list, error: (e as Error).message });
        }
        cp.processed++;
        result.processed++;
        if (changed) {
          cp.changed++;
          result.changed++;
        }
        cp.lastKey = payJobKey(list, entry);
      }
      if (stopped) continue;
      cp.lastKey = page.lastKey;
      cp.done = !page.lastKey;
      await saveCheckpoint(RECONCILE_JOB, p.runId, segment, cp, clock.now().toISOString());
    }
  }
  logger.info('pay reconciliation', { ...result });
  return result;
}
