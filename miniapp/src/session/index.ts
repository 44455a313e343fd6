import Taro from '@tarojs/taro'
import type { LoginResponse } from '@shared/contract'

/** The signed-in session, as POST /auth/login answered it (memberId updated after registration). */
export type Session = LoginResponse

const KEY = 'huiyuan.session'

export function getSession(): Session | null {
  try {
    const s = Taro.getStorageSync(KEY) as Session | '' | undefined
    if (!s || typeof s !== 'object' || typeof s.token !== 'string') return null
    if (s.expiresAt && Date.parse(s.expiresAt) <= Date.now()) {
      clearSession()
      return null
    }
    return s
  } catch {
    return null
  }
}

export function setSession(s: Session): void {
  Taro.setStorageSync(KEY, s)
}

export function updateSession(patch: Partial<Session>): void {
  const s = getSession()
  if (s) setSession({ ...s, ...patch })
}

export function clearSession(): void {
  try {
    Taro.removeStorageSync(KEY)
  } catch {
    // nothing stored
  }
}

export function hasRole(s: Session | null, role: Session['roles'][number]): boolean {
  return !!s && s.roles.includes(role)
}

const RETURN_KEY = 'huiyuan.returnTo'

/**
 * Where to go once the person has signed in (and registered, for members): a deep link opened while
 * signed out (a guarded page, a product-code scan, a campaign link) is remembered here and taken back
 * by the home page after sign-in / by registration after it completes. One place, one path.
 */
export function rememberReturnTo(url: string): void {
  try {
    Taro.setStorageSync(RETURN_KEY, url)
  } catch {
    // storage full: the person lands on the home page instead
  }
}

/** The remembered path, removed as it is read (a return is taken once). */
export function takeReturnTo(): string | null {
  try {
    const url = Taro.getStorageSync(RETURN_KEY) as string | ''
    if (url) Taro.removeStorageSync(RETURN_KEY)
    return url || null
  } catch {
    return null
  }
}

/** The remembered path without taking it (e.g. to say on the sign-in card why it appeared). */
export function peekReturnTo(): string | null {
  try {
    return (Taro.getStorageSync(RETURN_KEY) as string | '') || null
  } catch {
    return null
  }
}

/** The current page as a url (path and query), for rememberReturnTo. */
export function currentUrl(): string {
  const router = Taro.getCurrentInstance().router
  if (!router) return '/pages/index/index'
  const path = router.path.split('?')[0] ?? ''
  const params = Object.entries(router.params ?? {}).filter(([k, v]) => k !== '$taroTimestamp' && v !== undefined && v !== '')
  const query = params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&')
  return `${path.startsWith('/') ? path : `/${path}`}${query ? `?${query}` : ''}`
}
