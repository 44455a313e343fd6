import Taro from '@tarojs/taro'
import { storeFromLaunch } from '@shared/domain/attribution'

/** Where the store that brought this member in is kept until she registers. */
const KEY = 'huiyuan.attribution'
/** A poster scanned weeks ago no longer says where she came from. */
const KEEP_MS = 30 * 24 * 3600 * 1000

/** Notes the store of a poster that opened the mini-program (launch options or a page's query). */
export function rememberLaunchStore(query: Record<string, string | undefined> | null | undefined) {
  const storeId = storeFromLaunch(query)
  if (storeId) Taro.setStorageSync(KEY, { storeId, at: Date.now() })
}

/** The store to record at registration, if a poster brought her in recently. */
export function launchStore(): string | null {
  const v = Taro.getStorageSync(KEY) as { storeId?: string; at?: number } | ''
  if (!v || !v.storeId || !v.at || Date.now() - v.at > KEEP_MS) return null
  return v.storeId
}

export function forgetLaunchStore() {
  Taro.removeStorageSync(KEY)
}
