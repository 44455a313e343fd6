import { useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { PointsEntry } from '@shared/contract'
import { request } from '../../api/client'
import { messageFor } from '../../api/messages'
import './index.scss'

const PAGE_SIZE = 20

/** 2025-03-01 14:05 in the viewer's local time. */
function when(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`
}

export default function Points() {
  const [balance, setBalance] = useState<number | null>(null)
  const [entries, setEntries] = useState<PointsEntry[]>([])
  const [cursor, setCursor] = useState<string | null>(null)
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState('')

  async function load(after: string | null) {
    if (loading) return
    setLoading(true)
    try {
      const res = await request('pointsHistory', { query: { limit: PAGE_SIZE, cursor: after ?? undefined } })
      setBalance(res.balance)
      setEntries((prev) => (after ? [...prev, ...res.entries] : res.entries))
      setCursor(res.cursor)
      setError('')
    } catch (e) {
      setError(messageFor(e))
    } finally {
      setLoading(false)
    }
  }

  useDidShow(() => {
    void load(null)
  })

  return (
    <View className='page points-page'>
      <View className='card'>
        <View className='muted'>当前积分</View>
        <Text id='points-balance' className='balance'>
          {balance ?? '-'}
        </Text>
      </View>
      <View id='points-list' className='card list'>
        {entries.map((e) => (
          <View key={e.id} className='points-entry'>
            <View className='entry-main'>
              <Text className='entry-desc'>{e.description}</Text>
              <Text className='muted'>{when(e.createdAt)}</Text>
            </View>
            <Text className={`entry-points ${e.points >= 0 ? 'plus' : 'minus'}`}>
              {e.points >= 0 ? `+${e.points}` : `${e.points}`}
            </Text>
          </View>
        ))}
        {!loading && entries.length === 0 && !error ? <View className='muted empty'>暂无积分记录</View> : null}
      </View>
      {error ? <View className='error'>{error}</View> : null}
      {cursor ? (
        <Button id='points-more' block loading={loading} disabled={loading} onClick={() => void load(cursor)}>
          加载更多
        </Button>
      ) : entries.length > 0 ? (
        <View className='muted end'>没有更多了</View>
      ) : null}
    </View>
  )
}
