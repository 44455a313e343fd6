/** Chinese wording of the product-scan answers that the error catalogue cannot know (a date, a coupon note). */
import { ApiError } from '../../api/client'
import { messageFor } from '../../api/messages'

/** The message for a failed scan: "该码已于 2026-11-20 被使用" when the backend gave the date. */
export function scanErrorText(e: unknown): string {
  if (e instanceof ApiError && e.code === 'code_used') {
    const day = /(\d{4}-\d{2}-\d{2})/.exec(e.field('code') ?? e.message)?.[1]
    if (day) return `该码已于 ${day} 被使用`
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
