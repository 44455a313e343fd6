/**
 * 订单发货管理: a mini-program that takes payments uploads shipping information for each paid order
 * (virtual goods: logistics_type 3), or WeChat may hold its payments. Uploaded after the credit; a
 * failure is recorded on the order, which stays in the PAYSHIP index until the job uploads it.
 */
import { recordShippingFailure, recordShippingUploaded, type PayOrderRecord } from '../adapters/dynamo/pay-repo';
import { wechat } from '../adapters/wechat/client';
import { clock } from '../lib/clock';
import { logger } from '../lib/logger';
import { payIdentity } from './settings';

/** WeChat's upload_shipping_info body for a virtual good paid by JSAPI (order by out_trade_no + mchid). */
export function shippingInfoFor(order: Pick<PayOrderRecord, 'outTradeNo' | 'openid' | 'description' | 'item'>, mchid: string, at: Date) {
  return {
    order_key: { order_number_type: 1, mchid, out_trade_no: order.outTradeNo },
    logistics_type: 3,
    delivery_mode: 1,
    shipping_list: [{ item_desc: (order.description || order.item.name).slice(0, 120) }],
    upload_time: new Date(at.getTime() + 8 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, '+08:00'),
    payer: { openid: order.openid },
  };
}

type Uploader = (info: ReturnType<typeof shippingInfoFor>) => Promise<unknown>;

/** The WeChat client's upload (added by the boundary part as `wechat.uploadShippingInfo`). */
function uploader(): Uploader {
  const fn = (wechat as unknown as { uploadShippingInfo?: Uploader }).uploadShippingInfo;
  if (!fn) throw new Error('uploadShippingInfo is not available in the WeChat client');
  return fn.bind(wechat);
}

/** Uploads one paid order's shipping information; true when done. Never throws. */
export async function uploadShipping(order: PayOrderRecord): Promise<boolean> {
  const now = clock.now();
  try {
    await uploader()(shippingInfoFor(order, payIdentity().mchid, now));
    await recordShippingUploaded(order.outTradeNo, now.toISOString());
    return true;
  } catch (e) {
    logger.warn('shipping upload failed; the reconciliation job retries', { outTradeNo: order.outTradeNo, error: (e as Error).message });
    await recordShippingFailure(order.outTradeNo, (e as Error).message).catch(() => undefined);
    return false;
  }
}

