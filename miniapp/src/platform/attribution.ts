import Taro from '@tarojs/taro'
import { attributionFromLaunch, type LaunchAttribution } from '@shared/domain/attribution'

/** Who brought this person in (a store's poster, a clerk's QR, a member's invitation), kept until she registers. */
const KEY = 'huiyuan.attribution'
/** A poster scanned weeks ago no longer says where she came from. */
const KEEP_MS = 30 * 24 * 3600 * 1000

type Kept = Partial<LaunchAttribution> & { at?: number }

/**
 * Notes what a launch (launch options or a page's query) says about who brought her in. The first
 * invitation she opened wins (a member's referral is bound to the first inviter), a later poster or
 * clerk's QR replaces the store.
 */
export function rememberLaunchStore(query: Record<string, string | undefined> | null | undefined) {
  const seen = attributionFromLaunch(query)
  if (!seen.storeId && !seen.clerkCode && !seen.referralCode) return
  const kept = current()
  const next: Kept = {
    storeId: seen.storeId ?? (seen.clerkCode ? null : kept.storeId ?? null),
    clerkCode: seen.clerkCode ?? (seen.storeId ? null : kept.clerkCode ?? null),
    referralCode: kept.referralCode ?? seen.referralCode,
    at: Date.now(),
  }
  Taro.setStorageSync(KEY, next)
}

function current(): Kept {
  const v = Taro.getStorageSync(KEY) as Kept | ''
  if (!v || !v.at || Date.now() - v.at > KEEP_MS) return {}
  return v
}

/** The store to record at registration, if a poster brought her in recently. */
export function launchStore(): string | null {
  return current().storeId ?? null
}

/** The clerk's and the inviting member's codes to send with the registration, if any. */
export function launchGrowthCodes(): { clerkCode?: string; referralCode?: string } {
  const k = current()
  return { ...(k.clerkCode ? { clerkCode: k.clerkCode } : {}), ...(k.referralCode ? { referralCode: k.referralCode } : {}) }
}

export function forgetLaunchStore() {
  Taro.removeStorageSync(KEY)
}
