import type { PropsWithChildren } from 'react'
import Taro, { useLaunch, usePageNotFound } from '@tarojs/taro'
import { rememberLaunchStore } from './platform/attribution'
import { installPrivacyCheck } from './platform/privacy'
import './app.scss'

/**
 * Pages that moved into the member subpackage. Links made before the move (a subscribe message's page,
 * e.g. the tier-change message's 'pages/tier/index', a shared link) still open the page.
 */
const MOVED: Record<string, string> = {
  'pages/tier/index': '/member/tier/index',
  'pages/profile/index': '/member/profile/index',
  'pages/family/index': '/member/family/index',
  'pages/products/index': '/member/products/index',
  'pages/preferences/index': '/member/preferences/index',
  'pages/complaints/index': '/member/complaints/index',
  'pages/complaints/new': '/member/complaints/new',
  'pages/complaints/detail': '/member/complaints/detail',
}

function queryString(query: Record<string, unknown> | undefined): string {
  const parts = Object.entries(query ?? {}).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
  return parts.length ? `?${parts.join('&')}` : ''
}

// weapp: our privacy sheet answers WeChat's privacy check (components/privacy); H5: nothing.
installPrivacyCheck()

function App({ children }: PropsWithChildren) {
  // A store's poster (page query, mini-program code scene or QR link) names the store she came from.
  useLaunch((options) => rememberLaunchStore(options.query as Record<string, string | undefined>))
  // WeChat asks for the redirect to be made synchronously, inside this callback.
  usePageNotFound(({ path, query }) => {
    const to = MOVED[path.replace(/^\//, '')]
    if (to) void Taro.redirectTo({ url: `${to}${queryString(query)}` }).catch(() => undefined)
  })
  // children is the page being rendered
  return children
}

export default App
