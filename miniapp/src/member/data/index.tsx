/**
 * 我的数据 (PIPL art. 45, 47, 50): a copy of her data and the deletion of her account, in one place that
 * the registration page, the privacy policy and 我的 link to.
 */
import { useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { getSession, type Session } from '../../session'
import { DeletionCard } from './DeletionCard'
import { ExportCard } from './ExportCard'
import './index.scss'

export default function MyData() {
  const [session, setSession] = useState<Session | null>(getSession)
  useDidShow(() => setSession(getSession()))

  if (!session?.memberId) {
    return (
      <View className='page data-page'>
        <View id='data-signed-out' className='card data-card'>
          <View className='section-title'>我的数据</View>
          <View className='muted'>注册会员后，你可以在这里随时导出你的个人信息副本，或申请注销账号（有 15 天冷静期，期间可以撤销）。</View>
          <Button id='data-privacy' block onClick={() => void Taro.navigateTo({ url: '/member/privacy/index' })}>
            查看隐私政策
          </Button>
        </View>
      </View>
    )
  }
  return (
    <View className='page data-page'>
      <ExportCard />
      <DeletionCard />
    </View>
  )
}
