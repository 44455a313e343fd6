/** Wording shared by the coupon list and the coupon detail page. */
import type { RouteResponse } from '@shared/contract/routes'
import { formatDate } from '../../utils/format'

export type WalletCoupon = RouteResponse<'myCoupons'>['coupons'][number]
export type CouponState = WalletCoupon['state']

export const STATE_LABEL: Record<CouponState, string> = {
  available: '可使用',
  used: '已使用',
  expired: '已过期',
  voided: '已作废',
}

/** "有效期至 YYYY-MM-DD". */
export const validityText = (c: Pick<WalletCoupon, 'validUntil'>): string => `有效期至 ${formatDate(c.validUntil)}`

/** A stamp card's state in words: "已集 2/5 次" or "已集满". */
export function stampText(c: WalletCoupon): string | null {
  if (!c.stamps) return null
  if (c.stamps.collected >= c.stamps.needed) return c.stamps.rewardCouponId ? '已集满，奖励券已发放' : '已集满，奖励券发放中'
  return `已集 ${c.stamps.collected}/${c.stamps.needed} 次`
}

/** Label shown for a state; a filled stamp card is "已集满", not "已使用". */
export const stateLabel = (c: WalletCoupon): string => (c.stamps && c.state === 'used' ? '已集满' : STATE_LABEL[c.state])
