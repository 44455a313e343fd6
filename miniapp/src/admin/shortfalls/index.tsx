import { Text, View } from '@tarojs/components'
import { Empty, ErrorNote, RoleGate, useResource } from '../../kit'
import { adminError } from '../errors'
import { TitleBar } from '../ui'
import { formatTime } from '../common'
import '../common.scss'
import './index.scss'

/** 退货欠分: members whose returned points could not all be taken back. */
function AdminShortfalls() {
  const shortfalls = useResource('adminShortfalls', { reloadOnShow: false })
  const rows = shortfalls.data?.members ?? null
  const total = rows?.reduce((s, r) => s + r.debt, 0) ?? 0

  return (
    <View className='page admin-page admin-shortfalls'>
      <View className='card'>
        <TitleBar title='退货欠分' reloadId='shortfalls-reload' loading={shortfalls.loading} onReload={shortfalls.reload} />
        <View className='muted'>退货后积分不足扣回的会员，欠分将从其后续积分中扣除。</View>
        {rows && rows.length > 0 ? (
          <View id='shortfalls-total' className='muted'>
            共 {rows.length} 位会员，合计欠 {total} 积分
          </View>
        ) : null}
      </View>
      <ErrorNote id='shortfalls-error' error={adminError(shortfalls.error)} />
      {rows ? (
        <View id='shortfalls-list' className='card'>
          {rows.length === 0 ? (
            <Empty id='shortfalls-empty' className='muted'>暂无欠分会员</Empty>
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

/** For admins only: signed out, it asks to sign in and comes back; another role is told and shown the way back. */
export default function AdminShortfallsPage() {
  return (
    <RoleGate role='admin' title='退货欠分'>
      <AdminShortfalls />
    </RoleGate>
  )
}
