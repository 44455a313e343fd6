import { useRef, useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { PointsEntry, PointsSummary } from '@shared/contract'
import { request } from '../../api/client'
import { messageFor } from '../../api/messages'
import { askConsent, ConsentSheet } from '../../components/consent'
import { ChoiceChips, Empty, ErrorNote, Loading, type Choice } from '../../kit'
import { formatTime, signed } from '../../utils/format'
import './index.scss'

const PAGE_SIZE = 20

type EntryType = PointsEntry['type']

const TYPE_LABEL: Record<EntryType, string> = {
  earn: '获得',
  spend: '使用',
  expire: '过期',
  reverse: '退货',
  adjust: '调整',
  transfer: '转移',
}

const FILTERS: Choice<EntryType | 'all'>[] = [
  { value: 'all', label: '全部' },
  ...(Object.keys(TYPE_LABEL) as EntryType[]).map((value) => ({ value, label: TYPE_LABEL[value] })),
]

const LAST_PURCHASE_SEEN = 'huiyuan.lastPurchaseSeen'

/** Opening the points page after a new purchase is a natural moment to ask for care-message consent. */
function askAfterPurchase(entries: PointsEntry[]) {
  const purchase = entries.find((e) => e.type === 'earn' && e.storeId)
  if (!purchase) return
  try {
    if (Taro.getStorageSync(LAST_PURCHASE_SEEN) === purchase.id) return
    Taro.setStorageSync(LAST_PURCHASE_SEEN, purchase.id)
  } catch {
    return
  }
  void askConsent('purchase')
}

export default function Points() {
  const [summary, setSummary] = useState<PointsSummary | null>(null)
  const [filter, setFilter] = useState<EntryType | 'all'>('all')
  const [entries, setEntries] = useState<PointsEntry[]>([])
  const [cursor, setCursor] = useState<string | null>(null)
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState('')
  // Answers to an older request (another filter, an earlier refresh) are dropped.
  const seq = useRef(0)

  async function load(type: EntryType | 'all', after: string | null) {
    const mine = ++seq.current
    setLoading(true)
    try {
      const res = await request('pointsHistory', {
        query: { limit: PAGE_SIZE, cursor: after ?? undefined, type: type === 'all' ? undefined : type },
      })
      if (mine !== seq.current) return
      setSummary(res.summary)
      if (type === 'all' && !after) askAfterPurchase(res.entries)
      setEntries((prev) => (after ? [...prev, ...res.entries] : res.entries))
      setCursor(res.cursor)
      setError('')
    } catch (e) {
      if (mine === seq.current) setError(messageFor(e))
    } finally {
      if (mine === seq.current) setLoading(false)
    }
  }

  useDidShow(() => {
    void load(filter, null)
  })

  function choose(type: EntryType | 'all') {
    if (type === filter) return
    setFilter(type)
    setEntries([])
    setCursor(null)
    void load(type, null)
  }

  return (
    <View className='page points-page'>
      <View id='points-summary' className='card summary'>
        <View className='muted'>{summary?.account === 'family' ? '家庭共享积分' : '当前积分'}</View>
        <Text id='points-balance' className='balance'>
          {summary ? summary.balance : '-'}
        </Text>
        {summary ? (
          <View className='summary-stats'>
            <View className='stat'>
              <Text className='muted'>可用 </Text>
              <Text id='points-spendable' className='stat-value'>
                {summary.spendable}
              </Text>
            </View>
            {summary.debt > 0 ? (
              <View className='stat'>
                <Text className='muted'>待扣回 </Text>
                <Text id='points-debt' className='stat-value debt'>
                  {summary.debt}
                </Text>
              </View>
            ) : null}
          </View>
        ) : null}
        {summary && summary.held > 0 ? (
          <View id='points-held' className='muted note held'>
            {summary.held} 积分退货期后可用
          </View>
        ) : null}
        {summary && summary.debt > 0 ? <View className='muted note'>待扣回积分来自退货，将从之后获得的积分中扣除</View> : null}
        {summary && summary.expiring.length > 0 ? (
          <View id='points-expiring-list' className='expiring'>
            {summary.expiring.map((x) => (
              <View key={x.date} className='points-expiring'>
                {x.points} 积分将于 {x.date} 过期
              </View>
            ))}
          </View>
        ) : null}
      </View>

      <ConsentSheet />
      <ChoiceChips id='points-filters' className='filters' idPrefix='points-filter' look='plain' chipClassName='filter' options={FILTERS} value={filter} onChange={choose} />

      <View id='points-list' className='card list' data-filter={filter}>
        {entries.map((e) => (
          <View key={e.id} className='points-entry' data-type={e.type}>
            <View className='entry-main'>
              <Text className='entry-desc'>
                {e.description}
                <Text className='entry-type'>{TYPE_LABEL[e.type]}</Text>
              </Text>
              {e.note ? <Text className='entry-note'>{e.note}</Text> : null}
              {e.byMember ? <Text className='muted entry-by'>{e.byMember}</Text> : null}
              <Text className='muted'>{formatTime(e.createdAt)}</Text>
            </View>
            <Text className={`entry-points ${e.points >= 0 ? 'plus' : 'minus'}`}>{signed(e.points)}</Text>
          </View>
        ))}
        {!loading && entries.length === 0 && !error ? <Empty>暂无积分记录</Empty> : null}
        {loading && entries.length === 0 ? <Loading className='muted empty' /> : null}
      </View>
      <ErrorNote error={error} />
      {cursor ? (
        <Button id='points-more' block loading={loading} disabled={loading} onClick={() => void load(filter, cursor)}>
          加载更多
        </Button>
      ) : entries.length > 0 ? (
        <View className='muted end'>没有更多了</View>
      ) : null}
    </View>
  )
}
