import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { groupThousands } from '@shared/domain/money'
import { ChoiceChips, ErrorNote, LoadGate, RoleGate, useResource } from '../../kit'
import { KpiTiles } from '../../components/insight/KpiTiles'
import { Trends } from '../../components/insight/Trends'
import { PERIODS, type Period } from '../../components/insight/figures'
import { getSession, hasRole } from '../../session'
import './index.scss'

/**
 * 门店看板 (issue 18): one store's figures for the last 7 / 30 / 90 days, the KPI tiles with the change
 * against the period before, and the daily trends. The store manager sees her own store; an admin arrives
 * from 经营看板's store picker with ?storeId=.
 */
function StoreInsight({ storeId, visitor = false }: { storeId: string; /** An admin looking at a store (not its manager). */ visitor?: boolean }) {
  const [period, setPeriod] = useState<Period>('30')
  const days = Number(period) as 7 | 30 | 90
  const dashboard = useResource('storeDashboard', { params: { storeId }, query: { days } })
  const d = dashboard.data
  const name = d && typeof d.scope === 'object' ? d.scope.storeName : null
  return (
    <View className='page store-insight'>
      <View className='card'>
        <View id='store-insight-name' className='title'>
          {name ? `${name} · 门店看板` : '门店看板'}
        </View>
        <ChoiceChips idPrefix='store-insight-period' options={PERIODS} value={period} onChange={setPeriod} />
        {d ? (
          <>
            <View id='store-insight-range' className='insight-range' data-from={d.from} data-to={d.to}>
              {d.from} 至 {d.to}，{visitor ? '门店会员' : '本店会员'} <Text id='store-insight-members'>{groupThousands(d.members)}</Text>
            </View>
            <KpiTiles dashboard={d} />
            <View className='insight-note'>日均活跃会员为每天到店、扫码或领券的人数的平均；复购人次为每天再次购买的人数之和；积分余额、储值余额为期末数；变化与前一段同样长的时间相比。</View>
          </>
        ) : (
          <LoadGate className='insight-wait' error={dashboard.error} errorId='store-insight-error' />
        )}
        {d ? <ErrorNote id='store-insight-error' error={dashboard.error} /> : null}
      </View>
      {d ? (
        <View className='card'>
          <View className='section-title'>趋势</View>
          <Trends dashboard={d} />
        </View>
      ) : null}
    </View>
  )
}

/** Store managers (their own store) and admins (any store, from 经营看板). */
export default function StoreInsightPage() {
  const session = getSession()
  const asked = useRouter().params.storeId
  const storeId = asked ? decodeURIComponent(asked) : null
  if (storeId && hasRole(session, 'admin')) return <StoreInsight storeId={storeId} visitor={!(hasRole(session, 'manager') && session?.storeId === storeId)} />
  // An admin who is not a store's manager picks the store on 经营看板.
  if (hasRole(session, 'admin') && !(hasRole(session, 'manager') && session?.storeId)) {
    return (
      <View className='page store-insight'>
        <View id='store-insight-pick' className='card'>
          <View className='title'>请选择门店</View>
          <View className='muted'>在「经营看板」的门店看板一栏中选择要查看的门店。</View>
          <View className='actions'>
            <Button id='store-insight-to-admin' type='primary' block onClick={() => void Taro.redirectTo({ url: '/admin/insight/index' })}>
              打开经营看板
            </Button>
          </View>
        </View>
      </View>
    )
  }
  return (
    <RoleGate role='manager' title='门店看板' needsStore>
      <StoreInsight storeId={session?.storeId ?? ''} />
    </RoleGate>
  )
}
