import { ApiError } from './client'

/** Chinese wording for the backend's stable error codes (the backend's own messages are English). */
const BY_CODE: Record<string, string> = {
  network_error: '网络异常，请稍后重试',
  unauthorized: '登录已失效，请重新登录',
  forbidden: '没有权限进行此操作',
  not_registered: '尚未注册会员',
  member_not_found: '会员不存在',
  invalid_phone_code: '手机号授权已失效，请重新授权',
  phone_bound_elsewhere: '该手机号已绑定其他微信',
  wechat_bound_elsewhere: '该微信已绑定其他会员',
  wechat_unavailable: '微信服务暂不可用，请稍后重试',
  wechat_blocked: '该微信账号已被限制',
  busy: '系统繁忙，请重试',
  brand_not_configured: '品牌尚未配置会员等级',
  member_code_not_found: '会员码无效',
  member_code_used: '会员码已使用，请让会员刷新',
  member_code_expired: '会员码已过期，请让会员刷新',
  order_conflict: '订单号已存在',
  invalid_json: '请求格式错误',
  invalid_input: '输入有误',
  insufficient_points: '积分不足',
  invalid_points: '积分须为正整数',
  // Family accounts (主副卡).
  family_invite_invalid: '邀请码无效或已使用',
  family_invite_expired: '邀请码已过期',
  family_already_linked: '已加入家庭卡',
  family_full: '家庭卡成员已满',
  family_self: '不能加入自己的家庭卡',
  family_has_debt: '存在退货欠分，暂不能加入',
  family_secondary: '副卡等级随主卡，请设置主卡等级',
  not_in_family: '不在该家庭卡中',
  not_primary: '只有主卡可以进行此操作',
  // Admin tools.
  effective_in_past: '生效时间不能早于现在',
  tiers_changed: '等级配置已被他人修改，请刷新',
  unknown_tier: '等级不存在',
  until_in_past: '截止日期不能早于今天',
  adjustment_conflict: '调整单号重复',
  // Returns.
  order_not_found: '未找到该订单',
  order_fully_returned: '该订单已全部退货',
  return_exceeds_order: '退货数量或金额超过可退范围',
  return_line_unknown: '订单中没有该商品',
  return_conflict: '退货单号已用于其他内容',
  // Coupons.
  sold_out: '已领完',
  coupon_used: '优惠券已被使用',
  coupon_refused: '有优惠券不可用',
  coupon_not_found: '券码无效',
  coupon_expired: '优惠券已过期',
  coupon_not_yet_valid: '优惠券尚未生效',
  coupon_unavailable: '优惠券不可用',
  not_standalone: '该券需在收银时使用，不能单独核销',
  wrong_store: '本店不可使用该券',
  amount_exceeds_payable: '实付金额超过券后应付',
  claim_limit: '已达领取上限',
  template_paused: '活动已暂停',
  template_ended: '活动已结束',
  template_not_found: '优惠券不存在',
  invalid_template: '优惠券设置有误',
}

/** The Chinese text for a backend error code, if there is one. */
export function messageForCode(code: string): string | undefined {
  return BY_CODE[code]
}

/** A screen's own wording for some error codes, where it truly needs other words. */
export type MessageOverrides = Partial<Record<string, string>>

/** A short Chinese message for anything caught around a request. */
export function messageFor(e: unknown, overrides?: MessageOverrides): string {
  if (e instanceof ApiError) {
    const own = overrides?.[e.code]
    if (own) return own
    if (e.status === 403) return BY_CODE.forbidden!
    return BY_CODE[e.code] ?? (e.status >= 500 ? '系统繁忙，请稍后重试' : `请求失败（${e.status}）`)
  }
  return '出错了，请稍后重试'
}

/** Field errors of a 400/422 keyed by the first segment of their path (e.g. "name", "items"). */
export function fieldErrors(e: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (e instanceof ApiError) {
    for (const f of e.fields) {
      const key = f.path.split('.')[0] ?? f.path
      if (!out[key]) out[key] = f.message
    }
  }
  return out
}
