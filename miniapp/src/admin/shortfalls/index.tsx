import { useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { RouteResponse } from '@shared/contract/routes'
import { request } from '../../api/client'
import { describeError, formatTime } from '../common'
import '../common.scss'
import './index.scss'

type Shortfalls = RouteResponse<'adminShortfalls'>['members']

export default function AdminShortfalls() {
  const [rows, setRows] = useState<Shortfalls | null>(null)
  const [error, setError] = useState('')
  const [loading, setLoading] = useState(false)

  async function load() {
    setLoading(true)
    setError('')
    try {
      const res = await request('adminShortfalls')
      setRows(res.members)
    } catch (e) {
      setError(describeError(e))
    } finally {
      setLoading(false)
    }
  }

  useEffect(() => {
    void load()
  }, [])

  const total = rows?.reduce((s, r) => s + r.debt, 0) ?? 0

  return (
    <View className='page admin-page admin-shortfalls'>
      <View className='card'>
        <View className='between'>
          <View className='title'>退货欠分</View>
          <Button id='shortfalls-reload' size='small' loading={loading} onClick={() => void load()}>
            刷新
          </Button>
        </View>
        <View className='muted'>退货后积分不足扣回的会员，欠分将从其后续积分中扣除。</View>
        {rows && rows.length > 0 ? (
          <View id='shortfalls-total' className='muted'>
            共 {rows.length} 位会员，合计欠 {total} 积分
          </View>
        ) : null}
      </View>
      {error ? (
        <View id='shortfalls-error' className='error'>
          {error}
        </View>
      ) : null}
      {rows ? (
        <View id='shortfalls-list' className='card'>
          {rows.length === 0 ? (
            <View id='shortfalls-empty' className='muted'>
              暂无欠分会员
            </View>
          ) : (
            rows.map((r) => (
              <View key={r.id} className='list-row shortfall-row between' data-member-id={r.id}>
                <View>
                  <View className='shortfall-phone'>{r.phoneMasked}</View>
                  <View className='muted shortfall-since'>自 {formatTime(r.since)}</View>
                </View>
                <Text className='shortfall-debt minus'>欠 {r.debt} 积分</Text>
              </View>
            ))
          )}
        </View>
      ) : null}
    </View>
  )
}
