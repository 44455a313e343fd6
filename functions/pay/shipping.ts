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
export interface ShippingUpload {
  transactionId: string;
  payerOpenid: string;
  itemDesc: string;
  uploadTime: string;
}

export function shippingInfoFor(order: Pick<PayOrderRecord, 'transactionId' | 'openid' | 'description' | 'item'>, at: Date): ShippingUpload {
  if (!order.transactionId) throw new Error('a paid order without transaction id');
  return { transactionId: order.transactionId, payerOpenid: order.openid, itemDesc: order.description || order.item.name, uploadTime: at.toISOString() };
}

type Uploader = (info: ShippingUpload) => Promise<unknown>;

/** The WeChat client's `wechat.uploadShippingInfo` (the boundary part's; looked up so this compiles before it lands). */
function uploader(): Uploader {
  const fn = (wechat as unknown as { uploadShippingInfo?: Uploader }).uploadShippingInfo;
  if (!fn) throw new Error('uploadShippingInfo is not available in the WeChat client');
  return fn.bind(wechat);
}

/** Uploads one paid order's shipping information; true when done. Never throws. */
export async function uploadShipping(order: PayOrderRecord): Promise<boolean> {
  const now = clock.now();
  try {
    await uploader()(shippingInfoFor(order, now));
    await recordShippingUploaded(order.outTradeNo, now.toISOString());
    return true;
  } catch (e) {
    logger.warn('shipping upload failed; the reconciliation job retries', { outTradeNo: order.outTradeNo, error: (e as Error).message });
    await recordShippingFailure(order.outTradeNo, (e as Error).message).catch(() => undefined);
    return false;
  }
}

