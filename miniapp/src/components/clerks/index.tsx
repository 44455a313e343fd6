/**
 * Clerk attribution on screen (issue 19, part C): a month's figures as tiles, the leaderboards' rows
 * (clerks by name, else a masked phone; never a WeChat id), and the member home's card asking her to rate
 * the service of a recent purchase. Used by staff/growth, staff/leaderboard and the member home.
 */
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { ClerkGrowthFigures, ClerkRow, ClerkStoreRow, ServiceRatingEntry } from '@shared/contract'
import { formatYuan, groupThousands } from '@shared/domain/money'
import { useResource } from '../../kit'
import { openPage } from '../welcome'
import { formatDate } from '../../utils/format'
import './clerks.scss'

/** A clerk as a leaderboard names her. */
export const clerkLabel = (c: Pick<ClerkRow, 'name' | 'phoneMasked'>) => c.name ?? (c.phoneMasked ? `店员 ${c.phoneMasked}` : '未登记姓名的店员')

export const ratingText = (rating: number | null, count: number) => (rating === null ? '暂无评分' : `${rating.toFixed(1)} 分（${groupThousands(count)} 次）`)

/** "2026-12" → "2026年12月". */
export const monthText = (m: string) => `${m.slice(0, 4)}年${Number(m.slice(5, 7))}月`

export function FigureTiles(p: { id: string; figures: ClerkGrowthFigures; who?: string }) {
  const f = p.figures
  const tiles: [string, string, string][] = [
    ['registrations', `${p.who ?? ''}拉新会员`, `${groupThousands(f.registrations)} 人`],
    ['orders', '会员消费笔数', `${groupThousands(f.orders)} 笔`],
    ['sales', '会员消费净额', formatYuan(f.netSalesFen)],
    ['rating', '服务评分', ratingText(f.rating, f.ratingCount)],
  ]
  return (
    <View id={p.id} className='clerk-tiles'>
      {tiles.map(([k, label, value]) => (
        <View key={k} className='clerk-tile'>
          <View className='clerk-tile-label'>{label}</View>
          <View id={`${p.id}-${k}`} className='clerk-tile-value'>
            {value}
          </View>
        </View>
      ))}
    </View>
  )
}

function RowFigures({ r }: { r: ClerkGrowthFigures }) {
  return (
    <View className='muted board-figures'>
      拉新 <Text className='board-strong'>{groupThousands(r.registrations)}</Text> 人 · 会员消费 {groupThousands(r.orders)} 笔 {formatYuan(r.netSalesFen)}
      {r.refundFen > 0 ? `（已扣退款 ${formatYuan(r.refundFen)}）` : ''} · 评分 {ratingText(r.rating, r.ratingCount)}
    </View>
  )
}

export function ClerkBoard(p: { id: string; rows: ClerkRow[]; showStore?: boolean; me?: string | null }) {
  if (p.rows.length === 0) {
    return (
      <View id={`${p.id}-empty`} className='muted'>
        本月还没有店员拉新或会员消费记录
      </View>
    )
  }
  return (
    <View id={p.id}>
      {p.rows.map((r, i) => (
        <View key={`${r.storeId}-${r.openid}`} id={`${p.id}-row-${i}`} className='list-row board-row' data-openid={r.openid} data-registrations={r.registrations} data-net-sales={r.netSalesFen}>
          <View className='between'>
            <Text className='board-name'>
              <Text className='board-rank'>{r.rank}</Text>
              {clerkLabel(r)}
              {p.me === r.openid ? '（我）' : ''}
            </Text>
            <Text className='muted'>
              {p.showStore ? r.storeName : ''}
              {r.left ? ' 已离店' : ''}
            </Text>
          </View>
          <RowFigures r={r} />
        </View>
      ))}
    </View>
  )
}

export function StoreBoard(p: { id: string; rows: ClerkStoreRow[] }) {
  return (
    <View id={p.id}>
      {p.rows.map((r, i) => (
        <View key={r.storeId} id={`${p.id}-row-${i}`} className='list-row board-row' data-store={r.storeId} data-registrations={r.registrations}>
          <View className='board-name'>
            <Text className='board-rank'>{r.rank}</Text>
            {r.storeName || '未命名门店'}
          </View>
          <RowFigures r={r} />
        </View>
      ))}
    </View>
  )
}

/** The member home's card: a purchase of the last 7 days served by a clerk and not rated yet. Nothing otherwise. */
export function ServiceRatingCard() {
  const pending = useResource('pendingServiceRating')
  const o = pending.data?.pending
  if (!o) return null
  return (
    <View id='home-rate-card' className='card rate-card' data-order={o.orderId}>
      <View className='section-title'>为这次服务打个分吧</View>
      <View className='muted'>
        {formatDate(o.createdAt)} 在「{o.storeName}」消费 {formatYuan(o.amountFen)}
        {o.clerkName ? `，为你服务的是 ${o.clerkName}` : ''}
      </View>
      <View className='actions'>
        <Button id='home-rate-go' type='primary' block onClick={() => openPage('/member/rate/index')}>
          去评价
        </Button>
      </View>
    </View>
  )
}

/** A store's latest service ratings (the manager's view): stars, the member's words, the clerk who served; no member named. */
export function RatingList(p: { id: string; ratings: ServiceRatingEntry[] }) {
  if (p.ratings.length === 0) {
    return (
      <View id={`${p.id}-empty`} className='muted'>
        还没有顾客评价
      </View>
    )
  }
  return (
    <View id={p.id}>
      {p.ratings.map((r, i) => (
        <View key={`${r.at}-${i}`} id={`${p.id}-row-${i}`} className='list-row board-row' data-stars={r.stars}>
          <View className='between'>
            <Text className='board-name'>{'★'.repeat(r.stars)}{'☆'.repeat(5 - r.stars)}</Text>
            <Text className='muted'>{formatDate(r.at)}</Text>
          </View>
          {r.comment ? <View className='rating-comment'>{r.comment}</View> : null}
          <View className='muted'>服务店员：{clerkLabel({ name: r.clerkName, phoneMasked: r.clerkPhoneMasked })}</View>
        </View>
      ))}
    </View>
  )
}
