/**
 * The one place that knows WeChat (weapp) from the browser build (H5). Each capability is one small
 * function; pages never look at process.env.TARO_ENV themselves.
 *
 * On H5 (our demo and browser-test target) WeChat's login, phone button and scanner do not exist:
 * the local WeChat stand-in mints the codes those would return (POST /__dev/login-code, /__dev/phone-code).
 */
import Taro from '@tarojs/taro'

export const isWeapp: boolean = process.env.TARO_ENV === 'weapp'

interface RuntimeConfig {
  apiBase?: string
  wechatStandIn?: string
}

/** window.__HUIYUAN__, injected into index.html by the local H5 server (H5 only). */
function runtimeConfig(): RuntimeConfig {
  if (process.env.TARO_ENV !== 'h5') return {}
  const w = typeof window === 'undefined' ? undefined : (window as Window).__HUIYUAN__
  return w && typeof w === 'object' ? w : {}
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '')
}

/** Base URL of the HTTP API. */
export function apiBase(): string {
  return trimSlash(runtimeConfig().apiBase || API_BASE)
}

/** Base URL of the local WeChat stand-in (H5 only). */
export function wechatStandIn(): string {
  return trimSlash(runtimeConfig().wechatStandIn || WECHAT_STANDIN)
}

async function devCode(path: string, body: Record<string, string>): Promise<string> {
  const res = await Taro.request<{ code?: string; error?: unknown }>({
    url: `${wechatStandIn()}${path}`,
    method: 'POST',
    data: body,
    header: { 'Content-Type': 'application/json' },
  })
  const code = res.data?.code
  if (res.statusCode < 200 || res.statusCode >= 300 || typeof code !== 'string') {
    throw new Error(`WeChat stand-in ${path} answered ${res.statusCode}`)
  }
  return code
}

/**
 * A one-time login code for POST /auth/login. weapp: wx.login. H5: the stand-in mints the code
 * that wx.login would give the WeChat user `openidForDev`.
 */
export async function loginCode(openidForDev?: string): Promise<string> {
  if (isWeapp) {
    const { code } = await Taro.login()
    if (!code) throw new Error('wx.login returned no code')
    return code
  }
  if (!openidForDev) throw new Error('an openid is required to sign in on H5')
  return devCode('/__dev/login-code', { openid: openidForDev })
}

/**
 * H5 only: the code the getPhoneNumber button would give for `phone`. On weapp the code comes
 * from the button's event (e.detail.code) and this is never called.
 */
export async function phoneCodeFromDev(phone: string): Promise<string> {
  if (isWeapp) throw new Error('phoneCodeFromDev is for H5; on weapp use the getPhoneNumber button')
  return devCode('/__dev/phone-code', { phone })
}

/** Scans a code with the camera (weapp). H5 has no scanner: null, and pages show a text input. */
export async function scanCode(): Promise<string | null> {
  if (!isWeapp) return null
  try {
    const res = await Taro.scanCode({ onlyFromCamera: true })
    return res.result || null
  } catch {
    // cancelled by the user
    return null
  }
}

/** Dials a number (weapp: the system's call sheet). H5 has no dialler: false, and the page shows the number. */
export async function callPhone(phoneNumber: string): Promise<boolean> {
  if (!isWeapp) return false
  try {
    await Taro.makePhoneCall({ phoneNumber })
    return true
  } catch {
    // cancelled by the clerk
    return false
  }
}

const DEV_OPENID = 'huiyuan.devOpenid'

/** H5 only: remembers the openid typed at sign-in, so the stand-in can record her subscribe acceptances. */
export function rememberDevOpenid(openid: string): void {
  if (isWeapp) return
  try {
    Taro.setStorageSync(DEV_OPENID, openid)
  } catch {
    // storage unavailable: the stand-in simply does not learn of the acceptance
  }
}

/**
 * Asks for subscribe-message consent and answers the template ids accepted. weapp:
 * wx.requestSubscribeMessage (must run inside a tap). H5 has no such dialog: the page's own card asked,
 * `chosenOnH5` is what was ticked there, and the local WeChat stand-in records the acceptance as WeChat would.
 */
export async function requestSubscribe(templateIds: string[], chosenOnH5: string[]): Promise<string[]> {
  if (isWeapp) {
    const res = (await Taro.requestSubscribeMessage({ tmplIds: templateIds } as unknown as Parameters<typeof Taro.requestSubscribeMessage>[0])) as unknown as Record<string, string>
    return templateIds.filter((id) => res[id] === 'accept')
  }
  const openid = Taro.getStorageSync(DEV_OPENID) as string | ''
  const base = wechatStandIn()
  if (openid && base && chosenOnH5.length > 0) {
    await Taro.request({ url: `${base}/__dev/subscribe`, method: 'POST', data: { openid, templateIds: chosenOnH5 }, header: { 'Content-Type': 'application/json' } }).catch(() => undefined)
  }
  return chosenOnH5
}

/**
 * Brings an element of the page on top into view when it is out of sight (a card that just opened).
 * H5: the browser's own scrollIntoView (Taro's pageScrollTo throws when the page is no longer shown);
 * weapp: pageScrollTo with the selector.
 */
export function bringIntoView(selector: string): void {
  if (process.env.TARO_ENV === 'h5') {
    try {
      const el = typeof document === 'undefined' ? null : document.querySelector(selector)
      if (el && el.getBoundingClientRect().top > window.innerHeight - 160) el.scrollIntoView({ block: 'center', behavior: 'smooth' })
    } catch {
      // not in view: she scrolls to it
    }
    return
  }
  void Taro.pageScrollTo({ selector, duration: 200 }).catch(() => undefined)
}

/**
 * H5 only: the openid typed at sign-in (null on weapp, where wx.login needs none). A page that signs the
 * person in again (e.g. after joining a store, to carry her new role) passes it to `loginCode`.
 */
export function rememberedDevOpenid(): string | null {
  if (isWeapp) return null
  try {
    return (Taro.getStorageSync(DEV_OPENID) as string | '') || null
  } catch {
    return null
  }
}

/**
 * Opens a download link (her data copy). H5: a new browser tab. weapp cannot open a web link from the
 * mini-program: the link is copied, to paste into a browser. Answers which happened.
 */
export async function openDownloadLink(url: string): Promise<'opened' | 'copied'> {
  if (isWeapp) {
    await Taro.setClipboardData({ data: url })
    return 'copied'
  }
  if (typeof window !== 'undefined') window.open(url, '_blank', 'noopener')
  return 'opened'
}

/**
 * Saves an image at a link (a poster's mini-program code). weapp: downloaded and saved to the album (the person
 * grants 保存到相册 once). H5: opened in a new tab, where the browser saves it. Answers which happened.
 */
export async function saveImage(url: string): Promise<'saved' | 'opened'> {
  if (isWeapp) {
    const file = await Taro.downloadFile({ url })
    await Taro.saveImageToPhotosAlbum({ filePath: file.tempFilePath })
    return 'saved'
  }
  if (typeof window !== 'undefined') window.open(url, '_blank', 'noopener')
  return 'opened'
}

/** A file the person picked: its name, size and bytes (read when asked). */
export interface PickedFile {
  name: string
  size: number
  read(): Promise<ArrayBuffer>
}

/**
 * Lets the person pick one file with one of `extensions` (e.g. ['csv', 'xlsx']). weapp: a file from a
 * WeChat chat (wx.chooseMessageFile: the admin forwards the spreadsheet to herself); H5: the browser's
 * file dialog (<input type=file>). Null when she cancels.
 */
export async function chooseFile(extensions: string[]): Promise<PickedFile | null> {
  if (isWeapp) {
    try {
      const r = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: extensions })
      const f = r.tempFiles[0]
      if (!f) return null
      return {
        name: f.name,
        size: f.size,
        read: () =>
          new Promise<ArrayBuffer>((resolve, reject) =>
            Taro.getFileSystemManager().readFile({ filePath: f.path, success: (x) => resolve(x.data as ArrayBuffer), fail: reject }),
          ),
      }
    } catch {
      return null
    }
  }
  return new Promise((resolve) => {
    const input = document.createElement('input')
    input.type = 'file'
    input.accept = extensions.map((e) => `.${e}`).join(',')
    input.style.display = 'none'
    input.id = 'platform-file-input'
    document.body.appendChild(input)
    input.addEventListener('change', () => {
      const f = input.files?.[0]
      input.remove()
      resolve(f ? { name: f.name, size: f.size, read: () => f.arrayBuffer() } : null)
    })
    input.addEventListener('cancel', () => {
      input.remove()
      resolve(null)
    })
    input.click()
  })
}

/** PUTs bytes to a presigned upload URL (S3) with its content type; true when stored. */
export async function uploadToUrl(url: string, contentType: string, data: ArrayBuffer): Promise<boolean> {
  if (isWeapp) {
    const r = await Taro.request({ url, method: 'PUT', header: { 'content-type': contentType }, data })
    return r.statusCode === 200
  }
  const r = await fetch(url, { method: 'PUT', headers: { 'content-type': contentType }, body: data })
  return r.ok
}

/**
 * Downloads a file from a presigned link. H5: the browser saves it (the link names the file); weapp:
 * downloaded, then offered to forward to a WeChat chat (to open it on a computer).
 */
export async function downloadFromUrl(url: string, fileName: string): Promise<void> {
  if (isWeapp) {
    const r = await Taro.downloadFile({ url })
    const share = (Taro as unknown as { shareFileMessage?: (o: { filePath: string; fileName: string }) => Promise<unknown> }).shareFileMessage
    if (share) await share({ filePath: r.tempFilePath, fileName }).catch(() => undefined)
    return
  }
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  a.rel = 'noopener'
  document.body.appendChild(a)
  a.click()
  a.remove()
}
