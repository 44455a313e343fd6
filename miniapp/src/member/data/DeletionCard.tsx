/** 注销账号: what happens, the request with its 15-day countdown, and 撤销注销. */
import { useState } from 'react'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { DeletionStatus } from '@shared/contract'
import { groupThousands } from '@shared/domain/money'
import { request } from '../../api/client'
import { ErrorNote, useResource, useSubmit } from '../../kit'
import { formatTime } from '../../utils/format'

const SOURCE: Record<NonNullable<DeletionStatus['source']>, string> = {
  member: '你提交的注销申请',
  wechat_phone_revoked: '你在微信中撤回了手机号授权，我们据此启动了注销',
  wechat_account_cancelled: '你的微信账号已注销，我们据此启动了注销',
}

export function DeletionCard() {
  const status = useResource('myDeletion')
  const [confirming, setConfirming] = useState(false)
  const change = useSubmit((run: () => Promise<DeletionStatus>) => run())
  const s = status.data
  const apply = (run: () => Promise<DeletionStatus>) =>
    void change.submit(run).then((r) => {
      if (r) status.setData(r)
      setConfirming(false)
    })

  if (!s) return <View className='card data-card'>{status.error ? <ErrorNote error={status.error} /> : <View className='muted'>加载中…</View>}</View>

  if (s.state === 'pending') {
    return (
      <View id='deletion-pending' className='card data-card'>
        <View className='section-title'>注销申请处理中</View>
        <View id='deletion-countdown' className='data-countdown'>
          {s.daysLeft && s.daysLeft > 0 ? `还剩 ${s.daysLeft} 天` : '即将执行'}
        </View>
        <View className='muted'>
          {s.source ? SOURCE[s.source] : ''}，将于 {s.dueAt ? formatTime(s.dueAt) : ''} 执行。在此之前你的账户照常可用，也可以随时撤销。
        </View>
        <View className='muted'>
          届时你的 {groupThousands(s.points)} 积分将作废，{s.coupons} 张可用优惠券将失效。
        </View>
        <Button id='deletion-cancel' type='primary' block loading={change.busy} disabled={change.busy} onClick={() => apply(() => request('cancelDeletion'))}>
          撤销注销
        </Button>
        <ErrorNote id='deletion-error' error={change.error} />
      </View>
    )
  }

  return (
    <View id='deletion' className='card data-card'>
      <View className='section-title'>注销账号</View>
      <View className='muted'>注销后：</View>
      <View id='deletion-points' className='data-line'>
        · 你现有的 {groupThousands(s.points)} 积分将全部作废；
      </View>
      <View className='data-line'>· {s.coupons} 张可用优惠券将失效；</View>
      <View className='data-line'>· 手机号、微信绑定、姓名、生日和标签将被删除，会员等级不再保留；</View>
      <View className='data-line'>· 消费和积分记录以匿名方式保留，仅用于品牌对账；</View>
      <View className='data-line'>· 注销无法恢复；之后可用同一手机号重新注册为新会员（积分从 0 开始）。</View>
      <View className='muted'>提交后有 {s.graceDays} 天冷静期，期间账户照常可用，你可以随时撤销。</View>
      {confirming ? (
        <View id='deletion-confirm-card' className='data-confirm'>
          <View className='error'>确定要注销吗？{s.graceDays} 天后将无法撤销。</View>
          <Button id='deletion-confirm' type='danger' block loading={change.busy} disabled={change.busy} onClick={() => apply(() => request('requestDeletion', { body: { confirm: true } }))}>
            确认注销
          </Button>
          <Button id='deletion-back' block onClick={() => setConfirming(false)}>
            再想想
          </Button>
        </View>
      ) : (
        <Button id='deletion-request' block onClick={() => setConfirming(true)}>
          申请注销账号
        </Button>
      )}
      <ErrorNote id='deletion-error' error={change.error} />
    </View>
  )
}
