import type { PropsWithChildren } from 'react'
import { useLaunch } from '@tarojs/taro'
import { rememberLaunchStore } from './platform/attribution'
import './app.scss'

function App({ children }: PropsWithChildren) {
  // A store's poster (page query, mini-program code scene or QR link) names the store she came from.
  useLaunch((options) => rememberLaunchStore(options.query as Record<string, string | undefined>))
  // children is the page being rendered
  return children
}

export default App
