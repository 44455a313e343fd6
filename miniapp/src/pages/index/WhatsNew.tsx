import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { groupThousands } from '@shared/domain/money'
import { useResource } from '../../kit'
import { dismissWelcome, openPage, peekWelcome } from '../../components/welcome'
import { formatDate } from '../../utils/format'

/** Coupons ending within this many days are "about to expire". */
const SOON_DAYS = 7
const DAY_MS = 86_400_000

/**
 * What is new for her: the welcome after registration (the 新人礼 coupons and the points she was
 * given), then coupons about to expire. Nothing when there is nothing new.
 */
export function WhatsNew() {
  const wallet = useResource('myCoupons', { query: { state: 'available' } })
  const [welcome, setWelcome] = useState(peekWelcome)
  const coupons = wallet.data?.coupons ?? []
  const gifts = coupons.filter((c) => c.source === 'registration')
  const now = Date.now()
  const soon = coupons
    .filter((c) => Date.parse(c.validUntil) - now <= SOON_DAYS * DAY_MS && (!welcome || c.source !== 'registration'))
    .sort((a, b) => a.validUntil.localeCompare(b.validUntil))

  const close = () => {
    dismissWelcome()
    setWelcome(null)
  }

  return (
    <>
      {welcome ? (
        <View id='home-welcome' className='card welcome-card'>
          <View className='row between'>
            <Text className='welcome-title'>{welcome.bound ? '欢迎回来，会员卡已绑定' : '欢迎加入会员'}</Text>
            <Text id='home-welcome-close' className='welcome-close' onClick={close}>
              知道了
            </Text>
          </View>
          {welcome.points > 0 ? (
            <View id='home-welcome-points' className='welcome-points'>
              <Text className='welcome-plus'>+{groupThousands(welcome.points)}</Text>
              <Text> 积分{welcome.bound ? '已同步到你的账户' : '注册礼已到账'}</Text>
            </View>
          ) : null}
          {gifts.length > 0 ? (
            <View id='home-welcome-gifts'>
              <View className='muted'>新人礼已放入你的卡包：</View>
              {gifts.map((c) => (
                <View key={c.id} className='gift-row' onClick={() => openPage(`/pages/coupon/index?id=${c.id}`)}>
                  <View>
                    <View className='gift-name'>{c.name}</View>
                    <View className='muted'>{c.summary} · 有效期至 {formatDate(c.validUntil)}</View>
                  </View>
                  <Text className='gift-go'>查看</Text>
                </View>
              ))}
            </View>
          ) : null}
          <View className='muted'>到店结账时出示会员码，即可累计积分、使用优惠券。</View>
        </View>
      ) : null}
      {soon.length > 0 ? (
        <View id='home-expiring' className='card expiring-card' onClick={() => openPage('/pages/coupons/index')}>
          <View className='row between'>
            <Text className='section-title'>{soon.length} 张优惠券即将到期</Text>
            <Text className='gift-go'>去使用</Text>
          </View>
          {soon.slice(0, 3).map((c) => (
            <View key={c.id} className='muted expiring-row'>
              {c.name}（{formatDate(c.validUntil)} 到期）
            </View>
          ))}
        </View>
      ) : null}
    </>
  )
}
