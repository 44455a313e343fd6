import { useState } from 'react'
import Taro, { useShareAppMessage } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { RouteResponse } from '@shared/contract/routes'
import { formatYuan, groupThousands } from '@shared/domain/money'
import QrCode from '../../components/qr/QrCode'
import { PosterCode } from '../../components/poster/PosterCode'
import { request } from '../../api/client'
import { Empty, LoadGate, useResource } from '../../kit'
import { formatDate } from '../../utils/format'
import './index.scss'

type Mine = RouteResponse<'myReferral'>
type Reward = Mine['rewards']['referrer']

const isWeapp = process.env.TARO_ENV === 'weapp'

const rewardText = (r: Reward) => {
  const parts = [r.points > 0 ? `${groupThousands(r.points)} 积分` : '', r.couponName ? `「${r.couponName}」优惠券` : ''].filter(Boolean)
  return parts.length ? parts.join(' + ') : '无'
}
const monthDay = (d: string) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`

/**
 * 邀请有礼: her invitation as a share card and a poster QR (both open the home page with `ref=CODE`), what each
 * side receives and when, her friends (masked) and their progress, and the rules in full (WeChat 5.1: the
 * friend's real purchase is rewarded, never the share itself).
 */
export default function InvitePage() {
  const mine = useResource('myReferral')
  const [note, setNote] = useState('')
  const path = mine.data?.sharePath ?? null

  // The share card: a plain invitation (the share itself earns nothing, and the card promises nothing for sharing).
  useShareAppMessage(() => ({ title: '邀请你成为会员，注册即可参加新人活动', path: path ?? '/pages/index/index' }))

  if (!mine.data) return <LoadGate error={mine.error} errorId='invite-load-error' className='page invite-page' />
  const d = mine.data

  const copy = async () => {
    if (!path) return
    try {
      await Taro.setClipboardData({ data: path })
      setNote('邀请链接已复制，可发给好友在微信中打开')
    } catch {
      setNote('复制失败，请让好友扫描海报上的二维码')
    }
  }

  return (
    <View className='page invite-page'>
      <View className='card invite-head'>
        <View className='title'>邀请好友成为会员</View>
        {d.enabled ? (
          <>
            <View id='invite-reward-referrer' className='invite-reward'>
              您可获得：<Text className='strong'>{rewardText(d.rewards.referrer)}</Text>
            </View>
            <View id='invite-reward-referee' className='invite-reward'>
              好友可获得：<Text className='strong'>{rewardText(d.rewards.referee)}</Text>
            </View>
            <View id='invite-condition' className='muted'>
              好友通过您的邀请注册后，首笔消费满 {formatYuan(d.minOrderFen)}（扣除退货），{d.returnWindowDays > 0 ? `${d.returnWindowDays} 天退货期结束后` : '次日'}发放奖励。仅分享不会获得奖励。
            </View>
          </>
        ) : (
          <Empty id='invite-off'>邀请活动暂未开启，敬请期待</Empty>
        )}
      </View>

      {d.enabled && path ? (
        <View id='invite-poster' className='card invite-poster' data-path={path} data-code={d.code ?? ''}>
          <View className='section-title'>我的邀请海报</View>
          <View className='invite-qr'>
            <QrCode id='invite-poster-qr' text={path} moduleSize={isWeapp ? 4 : 5} />
          </View>
          <View className='muted center'>请好友用微信扫码，注册成为会员</View>
          <PosterCode id='invite-poster-code' make={() => request('myReferralPoster')} hint='保存后可打印成海报，好友用微信扫码即可注册' />
          <View className='actions'>
            {isWeapp ? (
              <Button id='invite-share' type='primary' block openType='share'>
                发送给好友
              </Button>
            ) : null}
            <Button id='invite-copy' block fill={isWeapp ? 'outline' : 'solid'} type={isWeapp ? 'default' : 'primary'} onClick={() => void copy()}>
              复制邀请链接
            </Button>
          </View>
          {note ? (
            <View id='invite-note' className='muted'>
              {note}
            </View>
          ) : null}
        </View>
      ) : null}

      <View id='invite-progress' className='card'>
        <View className='section-title'>邀请进度</View>
        <View className='invite-tiles'>
          <View className='invite-tile'>
            <View id='invite-count-invited' className='tile-value'>{d.counts.invited}</View>
            <View className='muted'>已注册</View>
          </View>
          <View className='invite-tile'>
            <View id='invite-count-bought' className='tile-value'>{d.counts.bought}</View>
            <View className='muted'>已消费</View>
          </View>
          <View className='invite-tile'>
            <View id='invite-count-rewarded' className='tile-value'>{d.counts.rewarded}</View>
            <View className='muted'>已发奖励</View>
          </View>
          <View className='invite-tile'>
            <View id='invite-points' className='tile-value'>{groupThousands(d.pointsEarned)}</View>
            <View className='muted'>累计积分</View>
          </View>
        </View>
        {d.referees.length === 0 ? <Empty id='invite-empty'>还没有好友通过您的邀请注册</Empty> : null}
        {d.referees.map((r, i) => (
          <View key={`${r.joinedAt}-${i}`} id={`invite-friend-${i}`} className='invite-friend' data-state={r.state}>
            <View className='invite-friend-main'>
              <View className='strong'>{r.label}</View>
              <View className='muted'>{formatDate(r.joinedAt)} 注册</View>
            </View>
            <View className={`invite-state state-${r.state}`}>
              <View>{r.stateLabel}</View>
              {r.maturesOn ? <View className='muted'>预计 {monthDay(r.maturesOn)} 发放</View> : null}
              {r.rewardedAt ? <View className='muted'>{formatDate(r.rewardedAt)} 已发放</View> : null}
            </View>
          </View>
        ))}
      </View>

      <View className='card'>
        <View className='section-title'>活动规则</View>
        <View id='invite-rules' className='invite-rules'>
          {d.rulesText.split('\n').map((line, i) => (
            <View key={i} className='invite-rule'>
              {line}
            </View>
          ))}
        </View>
      </View>
    </View>
  )
}
