/**
 * Paying a WeChat Pay order (issue 17). weapp: wx.requestPayment with the parameters the backend signed.
 * H5 (demo and browser tests) has no WeChat Pay: a confirmation stands in for WeChat's pay sheet, then the
 * local WeChat stand-in pays the order as requestPayment would (POST /__dev/pay) and sends the notification.
 * Either way the page learns the result from the backend (it polls the payment), never from here alone.
 */
import Taro from '@tarojs/taro'
import type { PayParams } from '@shared/contract/pay'
import { formatYuan } from '@shared/domain/money'
import { isWeapp, wechatStandIn } from './index'

/** What the H5 confirmation shows (optional; WeChat's own sheet shows the order's amount on weapp). */
export interface PayShown {
  amountFen?: number
  description?: string
}

function cancelled(e: unknown): boolean {
  const msg = (e as { errMsg?: string } | null)?.errMsg ?? ''
  return /cancel/i.test(msg)
}

/**
 * Opens WeChat's pay sheet for the order. 'paid' means the member completed it in WeChat (credit still comes
 * through the notification or the reconciliation); 'cancelled' means she closed the sheet. Other failures throw.
 */
export async function requestPayment(params: PayParams, shown: PayShown = {}): Promise<'paid' | 'cancelled'> {
  if (isWeapp) {
    try {
      await Taro.requestPayment({
        timeStamp: params.timeStamp,
        nonceStr: params.nonceStr,
        package: params.package,
        signType: params.signType,
        paySign: params.paySign,
      })
      return 'paid'
    } catch (e) {
      if (cancelled(e)) return 'cancelled'
      throw e
    }
  }
  const what = [shown.description, shown.amountFen !== undefined ? formatYuan(shown.amountFen) : null].filter(Boolean).join('，')
  const { confirm } = await Taro.showModal({
    title: '模拟微信支付',
    content: `${what ? `${what}。` : ''}本地演示环境没有微信支付：确认即视为已在微信中支付成功。`,
    confirmText: '确认支付',
    cancelText: '取消',
  })
  if (!confirm) return 'cancelled'
  const prepayId = params.package.replace(/^prepay_id=/, '')
  const res = await Taro.request<{ tradeState?: string; error?: string }>({
    url: `${wechatStandIn()}/__dev/pay`,
    method: 'POST',
    data: { prepayId },
    header: { 'Content-Type': 'application/json' },
  })
  if (res.statusCode < 200 || res.statusCode >= 300) throw new Error(`WeChat stand-in /__dev/pay answered ${res.statusCode}`)
  return 'paid'
}
