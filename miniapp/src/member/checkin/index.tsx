import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { CheckInResponse, CheckInView } from '@shared/contract'
import { monthGrid } from '@shared/domain/checkin'
import { request } from '../../api/client'
import { ErrorNote, LoadGate, useResource, useSubmit } from '../../kit'
import { nextRewardText, pts, rulesOf } from './rules'
import './index.scss'

const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日']

/** What a check-in just gave, in one or two lines. */
function Result({ r }: { r: CheckInResponse }) {
  const total = r.dailyPoints + (r.reward?.points ?? 0)
  return (
    <View id='checkin-result' className='checkin-result' data-replayed={r.replayed ? 'true' : 'false'}>
      <View className='result-head'>
        {r.replayed ? '今天已签到' : '签到成功'}
        {total > 0 ? (
          <Text id='checkin-result-points' className='result-points'>
            {' '}+{pts(total)}
          </Text>
        ) : null}
      </View>
      {r.reward ? (
        <View id='checkin-result-reward' className='muted'>
          含连续签到 {r.reward.days} 天奖励 {pts(r.reward.points)}
        </View>
      ) : null}
      {r.rewardCapped ? <View className='muted'>本期连续签到奖励已领满</View> : null}
      {r.dailyLimited ? <View className='muted'>本期签到积分已达上限，连续天数照常累计</View> : null}
    </View>
  )
}

/** The month's calendar: checked days marked, today ringed. */
function Calendar({ v }: { v: CheckInView }) {
  const checked = new Map(v.days.map((d) => [d.day, d]))
  const [y, m] = v.month.split('-')
  return (
    <View id='checkin-calendar' className='card checkin-calendar'>
      <View className='section-title'>
        {Number(y)}年{Number(m)}月 · 本月已签 <Text id='checkin-month-count'>{v.days.length}</Text> 天
      </View>
      <View className='cal-row cal-head'>
        {WEEKDAYS.map((w) => (
          <View key={w} className='cal-cell'>
            {w}
          </View>
        ))}
      </View>
      {monthGrid(v.month).map((week, i) => (
        <View key={i} className='cal-row'>
          {week.map((day, j) => {
            if (!day) return <View key={j} className='cal-cell' />
            const c = checked.get(day)
            const cls = ['cal-cell', 'cal-day', c ? 'checked' : '', day === v.today ? 'today' : '', day > v.today ? 'future' : ''].join(' ')
            return (
              <View key={day} id={`checkin-day-${day}`} className={cls} data-checked={c ? 'true' : 'false'}>
                <Text className='cal-num'>{Number(day.slice(8))}</Text>
                <Text className='cal-mark'>{c ? (c.points > 0 ? `+${c.points}` : '已签') : day === v.today ? '今天' : ''}</Text>
              </View>
            )
          })}
        </View>
      ))}
    </View>
  )
}

/** 每日签到: the streak, the check-in button, the next streak reward, this month's calendar and the rules. */
export default function CheckInPage() {
  const view = useResource('myCheckIn')
  const [result, setResult] = useState<CheckInResponse | null>(null)
  const go = useSubmit(async () => {
    const r = await request('checkIn')
    setResult(r)
    await view.reload()
  })

  if (!view.data) return <LoadGate error={view.error} errorId='checkin-load-error' className='page checkin-page' />
  const v = view.data
  const done = v.checkedInToday

  return (
    <View className='page checkin-page'>
      <View id='checkin-head' className='card checkin-head'>
        <View className='muted'>已连续签到</View>
        <View className='streak'>
          <Text id='checkin-streak' className='streak-num'>
            {v.streak}
          </Text>
          <Text className='streak-unit'> 天</Text>
        </View>
        <View className='muted'>累计签到 {v.total} 天</View>
        {v.enabled ? (
          <Button id='checkin-button' className='checkin-button' type='primary' block disabled={done || go.busy} loading={go.busy} onClick={() => void go.submit()}>
            {done ? '今日已签到' : v.todayPoints > 0 ? `签到领 ${pts(v.todayPoints)}` : '立即签到'}
          </Button>
        ) : (
          <View id='checkin-closed' className='closed'>
            签到活动暂未开放
          </View>
        )}
        {result ? <Result r={result} /> : null}
        <ErrorNote id='checkin-error' error={go.error} />
        {v.enabled ? (
          <View id='checkin-next' className='next'>
            {nextRewardText(v)}
          </View>
        ) : null}
      </View>

      <Calendar v={v} />

      <View id='checkin-rules' className='card rules'>
        <View className='section-title'>签到规则</View>
        {rulesOf(v).map((r, i) => (
          <View key={i} className='rule'>
            {i + 1}. {r}
          </View>
        ))}
      </View>
    </View>
  )
}
