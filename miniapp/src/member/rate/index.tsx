import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { formatYuan } from '@shared/domain/money'
import { request } from '../../api/client'
import { ErrorNote, LoadGate, useResource, useSubmit } from '../../kit'
import { formatDate } from '../../utils/format'
import '../../components/clerks/clerks.scss'

const WORDS = ['', '很不满意', '不满意', '一般', '满意', '非常满意']

/**
 * 服务评价 (issue 19, part C): the member rates the service of her newest purchase of the last 7 days
 * (1–5 stars, an optional comment), once per purchase; it feeds the clerk's rating.
 */
export default function RatePage() {
  const pending = useResource('pendingServiceRating', { reloadOnShow: false })
  const [stars, setStars] = useState(0)
  const [comment, setComment] = useState('')
  const [done, setDone] = useState(false)
  const [pickError, setPickError] = useState('')
  const o = pending.data?.pending ?? null
  const submit = useSubmit(() => request('rateService', { body: { storeId: o!.storeId, orderId: o!.orderId, stars, ...(comment.trim() ? { comment: comment.trim() } : {}) } }))

  if (done) {
    return (
      <View className='page rate-page'>
        <View id='rate-done' className='card'>
          <View className='title'>感谢您的评价</View>
          <View className='muted'>您的反馈会帮助门店做得更好。</View>
          <View className='actions'>
            <Button id='rate-home' type='primary' block onClick={() => void Taro.switchTab({ url: '/pages/index/index' })}>
              回到首页
            </Button>
          </View>
        </View>
      </View>
    )
  }
  if (!pending.data) return <LoadGate error={pending.error} errorId='rate-error' />
  if (!o) {
    return (
      <View className='page rate-page'>
        <View id='rate-none' className='card'>
          <View className='title'>暂无待评价的消费</View>
          <View className='muted'>到店消费后 7 天内，可以在这里为店员的服务打分。</View>
        </View>
      </View>
    )
  }
  const send = async () => {
    if (stars < 1) {
      setPickError('请选择 1 到 5 星')
      return
    }
    setPickError('')
    const r = await submit.submit()
    if (r) setDone(true)
  }
  return (
    <View className='page rate-page'>
      <View id='rate-card' className='card' data-order={o.orderId}>
        <View className='title'>为这次服务打分</View>
        <View id='rate-order' className='muted'>
          {formatDate(o.createdAt)} ·「{o.storeName}」· {formatYuan(o.amountFen)}
          {o.clerkName ? ` · 服务店员 ${o.clerkName}` : ''}
        </View>
        <View className='rate-stars'>
          {[1, 2, 3, 4, 5].map((n) => (
            <Button key={n} id={`rate-star-${n}`} size='small' type={stars >= n ? 'warning' : 'default'} onClick={() => setStars(n)}>
              {n} 星
            </Button>
          ))}
        </View>
        {stars > 0 ? (
          <View id='rate-words' className='muted'>
            {WORDS[stars]}
          </View>
        ) : null}
        <Textarea id='rate-comment' className='textarea' placeholder='说说您的感受（选填）' maxlength={200} value={comment} onInput={(e) => setComment(e.detail.value)} />
        {pickError ? (
          <View id='rate-pick-error' className='error'>
            {pickError}
          </View>
        ) : null}
        <ErrorNote id='rate-error' error={submit.error} />
        <View className='actions'>
          <Button id='rate-submit' type='primary' block loading={submit.busy} disabled={submit.busy} onClick={() => void send()}>
            提交评价
          </Button>
        </View>
      </View>
    </View>
  )
}
