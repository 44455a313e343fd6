import { useState } from 'react'
import { View } from '@tarojs/components'
import type { Choice } from '../../kit'
import { ChoiceChips, ErrorNote, LoadGate, RoleGate, useResource } from '../../kit'
import { ClerkBoard, FigureTiles, RatingList, StoreBoard, monthText } from '../../components/clerks'
import { getSession, hasRole } from '../../session'

type Sort = 'registrations' | 'sales'
const SORTS: Choice<Sort>[] = [
  { value: 'registrations', label: '按拉新人数' },
  { value: 'sales', label: '按会员消费' },
]

/** The months offered: 本月, 上月, then the months before by name. */
function monthChoices(months: readonly string[]): Choice<string>[] {
  return months.slice(0, 4).map((m, i) => ({ value: m, label: i === 0 ? '本月' : i === 1 ? '上月' : monthText(m), id: `board-month-${i}` }))
}

function Controls(p: { months: readonly string[] | undefined; month: string | undefined; sort: Sort; onMonth: (m: string) => void; onSort: (s: Sort) => void }) {
  return (
    <>
      {p.months ? <ChoiceChips idPrefix='board-month' options={monthChoices(p.months)} value={p.month ?? p.months[0] ?? null} onChange={p.onMonth} /> : null}
      <ChoiceChips idPrefix='board-sort' options={SORTS} value={p.sort} onChange={p.onSort} />
    </>
  )
}

const NOTE = '拉新：经门店海报或店员拉新码注册的会员；会员消费：这些会员在各门店的消费（扣除当月退款）；评分：当月顾客对店员服务的评价。'

/** A store's clerks (its manager). */
function StoreLeaderboard({ storeId }: { storeId: string }) {
  const [month, setMonth] = useState<string | undefined>(undefined)
  const [sort, setSort] = useState<Sort>('registrations')
  const board = useResource('storeLeaderboard', { params: { storeId }, query: { ...(month ? { month } : {}), sort } })
  const b = board.data
  return (
    <View className='page leaderboard-page'>
      <View className='card'>
        <View id='board-title' className='title'>
          {b ? `${b.store.storeName} · 店员拉新排行` : '店员拉新排行'}
        </View>
        <Controls months={b?.months} month={month} sort={sort} onMonth={setMonth} onSort={setSort} />
        {b ? <FigureTiles id='board-store-figures' figures={b.store} who='本店' /> : <LoadGate className='muted' error={board.error} errorId='board-error' />}
        {b ? <ErrorNote id='board-error' error={board.error} /> : null}
      </View>
      {b ? (
        <View className='card'>
          <View className='section-title'>{monthText(b.month)} · 店员</View>
          <ClerkBoard id='board-clerks' rows={b.clerks} />
          <View className='muted'>{NOTE}</View>
        </View>
      ) : null}
      {b ? (
        <View className='card'>
          <View className='section-title'>最近的服务评价</View>
          <RatingList id='board-ratings' ratings={b.ratings} />
        </View>
      ) : null}
    </View>
  )
}

/** Every store and the brand's top clerks (admins). */
function BrandLeaderboard() {
  const [month, setMonth] = useState<string | undefined>(undefined)
  const [sort, setSort] = useState<Sort>('registrations')
  const board = useResource('adminLeaderboard', { query: { ...(month ? { month } : {}), sort } })
  const b = board.data
  return (
    <View className='page leaderboard-page'>
      <View className='card'>
        <View id='board-title' className='title'>
          拉新排行
        </View>
        <Controls months={b?.months} month={month} sort={sort} onMonth={setMonth} onSort={setSort} />
        {b ? null : <LoadGate className='muted' error={board.error} errorId='board-error' />}
        {b ? <ErrorNote id='board-error' error={board.error} /> : null}
      </View>
      {b ? (
        <>
          <View className='card'>
            <View className='section-title'>{monthText(b.month)} · 门店</View>
            <StoreBoard id='board-stores' rows={b.stores} />
          </View>
          <View className='card'>
            <View className='section-title'>{monthText(b.month)} · 店员（前 50 名）</View>
            <ClerkBoard id='board-clerks' rows={b.clerks} showStore />
            <View className='muted'>{NOTE}</View>
          </View>
        </>
      ) : null}
    </View>
  )
}

/** Admins see the brand; a store manager her own store's clerks. */
export default function LeaderboardPage() {
  const session = getSession()
  if (hasRole(session, 'admin')) return <BrandLeaderboard />
  return (
    <RoleGate role='manager' title='拉新排行' needsStore>
      <StoreLeaderboard storeId={session?.storeId ?? ''} />
    </RoleGate>
  )
}
