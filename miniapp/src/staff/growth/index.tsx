import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { LoadGate, RoleGate, useResource } from '../../kit'
import QrCode from '../../components/qr/QrCode'
import { PosterCode } from '../../components/poster/PosterCode'
import { request } from '../../api/client'
import { FigureTiles, monthText, ratingText } from '../../components/clerks'
import { getSession, hasRole } from '../../session'

/**
 * 我的拉新码 (issue 19, part C): the clerk's personal registration QR at her store (a person who scans it
 * and registers is credited to her and her store), her registrations and members' sales this month and her
 * service rating. Her printed mini-program code (小程序码) is made here for a poster; its scene can also be copied
 * for a designer.
 */
function Growth() {
  const growth = useResource('myGrowth')
  const [note, setNote] = useState('')
  const g = growth.data
  if (!g) return <LoadGate error={growth.error} errorId='growth-error' />
  const manager = hasRole(getSession(), 'manager')
  const copyScene = async () => {
    try {
      await Taro.setClipboardData({ data: g.scene })
      setNote('小程序码参数已复制，可交给设计人员生成印刷用的小程序码')
    } catch {
      setNote('复制失败，请稍后再试')
    }
  }
  return (
    <View className='page growth-page'>
      <View id='growth-card' className='card' data-code={g.code} data-path={g.path} data-scene={g.scene}>
        <View className='title'>我的拉新码</View>
        <View id='growth-store' className='muted'>
          {g.storeName}
        </View>
        <View className='clerk-qr'>
          <QrCode id='growth-qr' text={g.path} moduleSize={5} />
        </View>
        <View className='muted'>请顾客用微信扫码，注册成为会员后即计入你和本店的拉新；她以后的消费也计入你的会员消费。</View>
        <PosterCode id='growth-poster' make={() => request('myGrowthPoster')} hint='印在海报或台卡上，顾客用微信扫码即可注册，计入你的拉新' />
        <View className='actions'>
          <Button id='growth-copy-scene' block fill='outline' onClick={() => void copyScene()}>
            复制小程序码参数
          </Button>
        </View>
        {note ? (
          <View id='growth-note' className='muted'>
            {note}
          </View>
        ) : null}
      </View>
      <View className='card'>
        <View className='section-title'>{monthText(g.month)}（本月）</View>
        <FigureTiles id='growth-figures' figures={g.figures} who='我的' />
        <View id='growth-rating' className='muted'>
          累计服务评分：{ratingText(g.rating, g.ratingCount)}
        </View>
        {manager ? (
          <View className='actions'>
            <Button id='growth-leaderboard-link' type='primary' fill='outline' block onClick={() => void Taro.navigateTo({ url: '/staff/leaderboard/index' })}>
              查看本店拉新排行
            </Button>
          </View>
        ) : null}
      </View>
    </View>
  )
}

/** For clerks and managers at a store. */
export default function GrowthPage() {
  return (
    <RoleGate role='staff' title='我的拉新码' needsStore>
      <Growth />
    </RoleGate>
  )
}
