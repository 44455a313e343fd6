/**
 * WeChat Pay's notification URL (`POST /pay/wechat/notify`, no login). In this order:
 * 1. `openNotification` (the boundary): the four Wechatpay-* headers, the serial is our WeChat Pay public
 *    key id, the timestamp within 300 s, the RSA signature over the raw body, then AES-256-GCM (tag checked).
 *    Nothing is read or written before this holds.
 * 2. The nonce is taken once (`PAYNONCE#<nonce>`, kept a day, with the body's SHA-256). The same nonce with
 *    another body is a replay: 401. The same nonce with the same body is the same delivery again (WeChat's
 *    or a proxy's duplicate): it is handled again below, which is idempotent, and answered 204 — never 204
 *    before the first handling has surely happened, so a duplicate cannot stop WeChat's retries while the
 *    first delivery is still failing.
 * 3. TRANSACTION.SUCCESS → `creditPaid` (facts must be our order's; credited once); REFUND.* → the refund
 *    settles (a failed one gives back what it took, once). Other event types are acknowledged.
 * Handled or already handled: 204. Otherwise 4xx/5xx with {code: FAIL, message}, so WeChat retries.
 */
import { createHash } from 'node:crypto';
import { claimNonce, getPayOrder } from '../adapters/dynamo/pay-repo';
import * as wechatpay from '../adapters/wechatpay';
import { clock } from '../lib/clock';
import { fail } from '../lib/errors';
import { logger } from '../lib/logger';
import { creditPaid } from './credit';
import { NONCE_TTL_SECONDS } from './decide';
import { settleRefund } from './refunds';

export type NotifyOutcome = 'credited' | 'already_paid' | 'exception' | 'refund_settled' | 'refund_pending' | 'ignored';

export async function receiveNotification(headers: Record<string, string | undefined>, rawBody: string): Promise<NotifyOutcome> {
  const now = clock.now();
  const opened = await wechatpay.openNotification(headers, rawBody, now);
  if (!opened.ok) {
    logger.warn('pay notification refused', { reason: opened.reason, status: opened.status });
    throw fail(opened.status === 401 ? 'pay_notify_rejected' : 'pay_notify_invalid', opened.reason);
  }
  const bodyHash = createHash('sha256').update(rawBody, 'utf8').digest('hex');
  // The order a payment names is read beside the nonce's claim (one round trip, not two); it is used only
  // once the nonce holds.
  const orderRead = opened.payment ? getPayOrder(opened.payment.outTradeNo) : null;
  orderRead?.catch(() => undefined); // a failure surfaces where it is awaited
  const nonce = await claimNonce(opened.nonce, bodyHash, now.toISOString(), Math.floor(now.getTime() / 1000) + NONCE_TTL_SECONDS);
  if (nonce === 'other_body') {
    logger.warn('pay notification nonce replayed with another body');
    throw fail('pay_notify_rejected', 'nonce already used');
  }
  if (opened.eventType.startsWith('TRANSACTION.')) {
    const p = opened.payment;
    if (!p) throw fail('pay_notify_invalid', 'no payment in the resource');
    if (opened.eventType !== 'TRANSACTION.SUCCESS' || p.tradeState !== 'SUCCESS') return 'ignored';
    return creditPaid(p.outTradeNo, p, orderRead ?? undefined);
  }
  if (opened.eventType.startsWith('REFUND.')) {
    const r = opened.refund;
    if (!r) throw fail('pay_notify_invalid', 'no refund in the resource');
    const out = await settleRefund(r);
    return out === 'pending' ? 'refund_pending' : out === 'exception' ? 'exception' : 'refund_settled';
  }
  logger.info('pay notification of another type acknowledged', { eventType: opened.eventType });
  return 'ignored';
}
