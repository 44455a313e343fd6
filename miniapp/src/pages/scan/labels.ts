/** Chinese wording of the product-scan answers (member and admin pages). */
import { ApiError } from '../../api/client'
import { messageFor } from '../../api/messages'

const BY_CODE: Record<string, string> = {
  code_invalid: '无效的防伪码，请核对后重试',
  code_used: '该码已被使用',
  scan_limit: '今日扫码次数已达上限，请明天再试',
  batch_paused: '该商品扫码活动暂停中，请稍后再试',
  batch_voided: '该批次防伪码已作废',
  batch_not_started: '该商品扫码活动尚未开始',
  batch_ended: '该商品扫码活动已结束',
  batch_not_found: '批次不存在',
  batch_voided_final: '批次已作废，不能恢复',
  batch_changed: '批次已被他人修改，请刷新后重试',
  invalid_batch: '批次设置有误',
  not_registered: '请先注册会员',
}

/** The message for a failed scan: "该码已于 2026-11-20 被使用" when the backend gave the date. */
export function scanErrorText(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.code === 'code_used') {
      const day = /(\d{4}-\d{2}-\d{2})/.exec(e.field('code') ?? e.message)?.[1]
      return day ? `该码已于 ${day} 被使用` : BY_CODE.code_used!
    }
    const text = BY_CODE[e.code]
    if (text) return text
  }
  return messageFor(e)
}

/** Why a batch with a coupon gave none on this scan. */
export const COUPON_NOTE: Record<string, string> = {
  sold_out: '赠券已发完',
  claim_limit: '您已领过该赠券',
  template_paused: '赠券活动暂停',
  template_ended: '赠券活动已结束',
}
