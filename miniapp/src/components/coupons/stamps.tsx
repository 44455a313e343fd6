import { Text, View } from '@tarojs/components'
import { formatYuan } from '@shared/domain/money'
import { stampText, type WalletCoupon } from './labels'
import './stamps.scss'

/** A stamp card's progress: one dot per purchase needed, the collected ones filled. */
export function StampProgress({ coupon, id }: { coupon: WalletCoupon; id?: string }) {
  const s = coupon.stamps
  if (!s) return null
  return (
    <View id={id} className='stamp-progress' data-collected={s.collected} data-needed={s.needed}>
      <View className='stamp-dots'>
        {Array.from({ length: s.needed }, (_, i) => (
          <View key={i} className={i < s.collected ? 'stamp-dot filled' : 'stamp-dot'} />
        ))}
      </View>
      <Text className='stamp-text'>{stampText(coupon)}</Text>
      {s.minOrderFen > 0 ? <Text className='muted stamp-rule'>每次实付满 {formatYuan(s.minOrderFen)} 集 1 点</Text> : null}
    </View>
  )
}
