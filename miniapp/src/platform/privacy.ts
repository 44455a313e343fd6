/**
 * WeChat's privacy authorisation (weapp): with `__usePrivacyCheck__: true` in app.json, the first call of
 * a privacy API (the phone button, wx.scanCode, wx.requestSubscribeMessage…) is held until the member
 * agrees in our own sheet. WeChat tells us through wx.onNeedPrivacyAuthorization; the sheet
 * (components/privacy) shows, and its `<button open-type="agreePrivacyAuthorization">` agrees, after which
 * the held call goes on; disagreeing makes it fail ("privacy permission is not authorized").
 * H5 has no such thing: every function here does nothing there.
 */
import Taro from '@tarojs/taro'
import { isWeapp } from './index'

type Resolve = (option: { event: 'exposureAuthorization' | 'agree' | 'disagree'; buttonId?: string }) => void

/** The id of the sheet's agree button: WeChat checks that the button with this id was tapped. */
export const PRIVACY_AGREE_BUTTON_ID = 'privacy-agree'

let pending: Resolve | null = null
const listeners = new Set<(open: boolean) => void>()
const notify = (open: boolean) => listeners.forEach((l) => l(open))

/** Installs the listener once (app.ts, at launch). weapp only; older base libraries without it: nothing. */
export function installPrivacyCheck(): void {
  if (!isWeapp) return
  const t = Taro as unknown as { onNeedPrivacyAuthorization?: (l: (resolve: Resolve) => void) => void }
  if (typeof t.onNeedPrivacyAuthorization !== 'function') return
  t.onNeedPrivacyAuthorization((resolve) => {
    // Another held call while the sheet is open: the earlier one is refused, the sheet answers the latest.
    pending?.({ event: 'disagree' })
    pending = resolve
    resolve({ event: 'exposureAuthorization' })
    notify(true)
  })
}

/** The sheet listens here: true when WeChat holds a privacy call for the member's answer. Returns the unsubscribe. */
export function onPrivacyRequest(listener: (open: boolean) => void): () => void {
  listeners.add(listener)
  if (pending) listener(true)
  return () => {
    listeners.delete(listener)
  }
}

/** The member's answer: agree (from the agreePrivacyAuthorization button's event) or not. */
export function answerPrivacy(agree: boolean): void {
  pending?.(agree ? { event: 'agree', buttonId: PRIVACY_AGREE_BUTTON_ID } : { event: 'disagree' })
  pending = null
  notify(false)
}

/** Opens the privacy guide WeChat keeps for this mini-program (weapp); false on H5 (the page links ours). */
export function openPrivacyContract(): boolean {
  if (!isWeapp) return false
  const t = Taro as unknown as { openPrivacyContract?: (o?: object) => void }
  t.openPrivacyContract?.({})
  return true
}
