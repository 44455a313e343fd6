/**
 * The first-run moments a member should not miss: the welcome after registration (her 新人礼 and the
 * points she was given) and where a remembered deep link will take her. Registration marks the welcome;
 * the member home shows it until she closes it.
 */
import Taro from '@tarojs/taro'

const WELCOME = 'huiyuan.welcome'

export interface Welcome {
  /** Points she had right after registering (the registration bonus, or an imported member's balance). */
  points: number
  /** A member imported from a store who bound her WeChat (not a new member). */
  bound: boolean
}

export function markWelcome(w: Welcome): void {
  try {
    Taro.setStorageSync(WELCOME, w)
  } catch {
    // not shown: the coupons are in her wallet anyway
  }
}

export function peekWelcome(): Welcome | null {
  try {
    const w = Taro.getStorageSync(WELCOME) as Welcome | ''
    return w && typeof w === 'object' && typeof w.points === 'number' ? w : null
  } catch {
    return null
  }
}

export function dismissWelcome(): void {
  try {
    Taro.removeStorageSync(WELCOME)
  } catch {
    // nothing stored
  }
}

/** The member-centre tabs: opened with switchTab, never navigateTo. */
export const TAB_PAGES = ['/pages/index/index', '/pages/code/index', '/pages/mine/index']

/** Opens a page by its url: a tab with switchTab, another page on top of this one. */
export function openPage(url: string): void {
  const path = url.split('?')[0] ?? url
  if (TAB_PAGES.includes(path)) void Taro.switchTab({ url: path }).catch(() => undefined)
  else void Taro.navigateTo({ url }).catch(() => void Taro.redirectTo({ url }).catch(() => undefined))
}

/** Why the sign-in card appeared, from the remembered deep link (null: nothing remembered). */
export function returnReason(url: string | null): string | null {
  if (!url) return null
  const path = url.split('?')[0] ?? ''
  if (path === '/pages/scan/index') return '你扫描的商品防伪码已记下，登录并注册会员后将自动为你领取积分。'
  if (path.startsWith('/staff/')) return '你打开的是店员页面，登录后将自动回到那里。'
  if (path.startsWith('/admin/')) return '你打开的是管理后台页面，登录后将自动回到那里。'
  if (path === '/pages/coupons/index' || path === '/pages/coupon/index') return '登录并注册会员后，将自动打开你要看的优惠券。'
  return '登录后将自动回到你刚才打开的页面。'
}
