/**
 * Paying with WeChat Pay (issue 17). MINIMAL VERSION written by the stored-value part so its page builds;
 * the boundary part owns this file (Taro.requestPayment on weapp, the dev pay sheet on H5): take theirs
 * at the merge. Same signature: requestPayment(params) → 'paid' | 'cancelled'.
 */
import Taro from '@tarojs/taro'
import type { PayParams } from '@shared/contract'
import { isWeapp, wechatStandIn } from './index'

export async function requestPayment(params: PayParams, shown: { amountFen?: number; description?: string } = {}): Promise<'paid' | 'cancelled'> {
  void shown
  if (isWeapp) {
    try {
      await Taro.requestPayment({ ...params })
      return 'paid'
    } catch (e) {
      if (String((e as { errMsg?: string })?.errMsg ?? e).includes('cancel')) return 'cancelled'
      throw e
    }
  }
  // H5: a confirmation, then the stand-in pays the order as wx.requestPayment would (and notifies).
  const sheet = await Taro.showModal({ title: '微信支付', content: '确认支付本笔订单？', confirmText: '确认支付', cancelText: '取消' })
  if (!sheet.confirm) return 'cancelled'
  const res = await Taro.request({
    url: `${wechatStandIn()}/__dev/pay`,
    method: 'POST',
    data: { prepayId: params.package.replace(/^prepay_id=/, '') },
    header: { 'Content-Type': 'application/json' },
  })
  if (res.statusCode < 200 || res.statusCode >= 300) throw new Error(`pay sheet: ${res.statusCode}`)
  return 'paid'
}
