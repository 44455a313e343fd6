import { config } from '../lib/config';

/** Who we are to WeChat Pay: the mini-program's appid and the merchant id (WECHATPAY_MCHID). */
export function payIdentity(): { appid: string; mchid: string } {
  return { appid: config().wechat.appid, mchid: process.env.WECHATPAY_MCHID ?? '' };
}
