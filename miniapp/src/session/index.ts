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
