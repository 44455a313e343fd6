/**
 * WeChat Pay from the mini-program (issue 17). MINIMAL VERSION written by the membership part while the
 * boundary part builds the real one (the dev pay sheet on H5): the boundary's file replaces this one.
 * weapp: Taro.requestPayment with the signed parameters; H5: the stand-in's development endpoint pays the
 * order as wx.requestPayment would (POST /__dev/pay {prepayId}).
 */
import Taro from '@tarojs/taro'
import type { PayParams } from '@shared/contract/pay'
import { wechatStandIn } from './index'

export async function requestPayment(params: PayParams): Promise<'paid' | 'cancelled'> {
  if (process.env.TARO_ENV === 'weapp') {
    try {
      await Taro.requestPayment({ ...params })
      return 'paid'
    } catch (e) {
      if (String((e as { errMsg?: string })?.errMsg ?? '').includes('cancel')) return 'cancelled'
      throw e
    }
  }
  const prepayId = params.package.replace(/^prepay_id=/, '')
  const res = await Taro.request({ url: `${wechatStandIn()}/__dev/pay`, method: 'POST', header: { 'content-type': 'application/json' }, data: { prepayId } })
  if (res.statusCode >= 400) throw new Error(`pay sheet: HTTP ${res.statusCode}`)
  return 'paid'
}
