/**
 * 订单发货管理: a mini-program that takes payments uploads shipping information for each paid order
 * (virtual goods: logistics_type 3), or WeChat may hold its payments. Uploaded after the credit; a
 * failure is recorded on the order, which stays in the PAYSHIP index until the job uploads it.
 */
import { recordShippingFailure, recordShippingUploaded, type PayOrderRecord } from '../adapters/dynamo/pay-repo';
import { wechat } from '../adapters/wechat/client';
import { clock } from '../lib/clock';
import { logger } from '../lib/logger';

/** What the WeChat client's upload takes (it sends logistics_type 3, delivery_mode 1, the order by transaction_id). */
export type ShippingUpload = Parameters<typeof wechat.uploadShippingInfo>[0];

export function shippingInfoFor(order: Pick<PayOrderRecord, 'transactionId' | 'openid' | 'description' | 'item'>, at: Date): ShippingUpload {
  if (!order.transactionId) throw new Error('a paid order without transaction id');
  return { transactionId: order.transactionId, payerOpenid: order.openid, itemDesc: order.description || order.item.name, uploadTime: at.toISOString() };
}

/** Uploads one paid order's shipping information; true when done. Never throws. */
export async function uploadShipping(order: PayOrderRecord): Promise<boolean> {
  const now = clock.now();
  try {
    await wechat.uploadShippingInfo(shippingInfoFor(order, now));
    await recordShippingUploaded(order.outTradeNo, now.toISOString());
    return true;
  } catch (e) {
    logger.warn('shipping upload failed; the reconciliation job retries', { outTradeNo: order.outTradeNo, error: (e as Error).message });
    await recordShippingFailure(order.outTradeNo, (e as Error).message).catch(() => undefined);
    return false;
  }
}

