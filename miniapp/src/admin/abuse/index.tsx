import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { ChoiceChips, Empty, ErrorNote, RoleGate, useResource } from '../../kit'
import { adminError } from '../errors'
import { TitleBar } from '../ui'
import { formatTime } from '../common'
import '../common.scss'
import './index.scss'

const REASON: Record<string, string> = {
  forged: '伪造或篡改的码',
  malformed: '格式错误的码',
  unknown: '不存在的码',
  used: '扫已被使用的码',
  limit: '超出每日扫码上限',
}

const RANGES = [
  { value: '1', label: '今天' },
  { value: '7', label: '近 7 天' },
  { value: '31', label: '近 31 天' },
]

/** Members whose scanning looks like abuse: many failed codes, or hitting the daily limit. */
function AdminAbuse() {
  const [days, setDays] = useState('7')
  const abuse = useResource('adminScanAbuse', { query: { days: Number(days) } })
  const signals = abuse.data?.signals ?? null

  return (
    <View className='page admin-page admin-abuse'>
      <View className='card'>
        <TitleBar title='扫码风控' reloadId='abuse-reload' loading={abuse.loading} onReload={abuse.reload} />
        <View className='muted'>一天内失败 5 次以上（伪造、篡改或已被使用的码），或触达每日扫码上限的会员。</View>
        <ChoiceChips className='choices abuse-ranges' idPrefix='abuse-range' options={RANGES} value={days} onChange={setDays} />
      </View>
      <ErrorNote id='abuse-error' error={adminError(abuse.error)} />
      {signals ? (
        <View id='abuse-list' className='card'>
          {signals.length === 0 ? (
            <Empty id='abuse-empty' className='muted'>暂无异常</Empty>
          ) : (
            signals.map((s) => (
              <View key={`${s.date}-${s.memberId}`} className='list-row abuse-row between' data-member-id={s.memberId} data-date={s.date}>
                <View>
                  <View className='abuse-phone'>{s.phoneMasked}</View>
                  <View className='muted'>
                    {s.date} · 最近 {formatTime(s.lastAt)} · {REASON[s.lastReason] ?? s.lastReason}
                  </View>
                </View>
                <View className='abuse-figures'>
                  <View>
                    <Text className='abuse-failed'>失败 {s.failedCodes} 次</Text>
                  </View>
                  <View>
                    <Text className='abuse-limit'>超限 {s.limitHits} 次</Text>
                  </View>
                </View>
              </View>
            ))
          )}
        </View>
      ) : null}
    </View>
  )
}

/** For admins only: signed out, it asks to sign in and comes back; another role is told and shown the way back. */
export default function AdminAbusePage() {
  return (
    <RoleGate role='admin' title='扫码风控'>
      <AdminAbuse />
    </RoleGate>
  )
}
