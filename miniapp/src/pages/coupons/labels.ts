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
