import { Text, View } from '@tarojs/components'
import type { Snapshot } from '@shared/contract/planning'
import { pyramidRows } from './snapshot'

/**
 * The contribution pyramid: members ranked by 12-month spend, in bands (top 10 %, 10–30 %, 30–60 %,
 * bottom 40 %), each with its share of spend; drawn as a pyramid, then the figures as a table.
 */
export function Pyramid({ snapshot }: { snapshot: Pick<Snapshot, 'pyramid'> }) {
  const rows = pyramidRows(snapshot)
  return (
    <View id='pyramid' className='card'>
      <View className='section-title'>贡献金字塔</View>
      <View className='insight-range'>按近 12 个月消费额给会员排名</View>
      <View className='pyramid-shape'>
        {rows.map((r, i) => (
          <View key={r.band} id={`pyramid-band-${r.band}`} className={`pyramid-band band-${i}`} style={{ width: `${40 + i * 20}%` }} data-share={String(r.shareValue)}>
            <Text className='pyramid-band-name'>{r.name}</Text>
            <Text className='pyramid-band-share'>贡献 {r.share}</Text>
          </View>
        ))}
      </View>
      <View id='pyramid-table' className='pyramid-table'>
        <View className='pyramid-tr pyramid-th'>
          <Text className='pyramid-td first'>分层</Text>
          <Text className='pyramid-td'>会员</Text>
          <Text className='pyramid-td'>消费占比</Text>
          <Text className='pyramid-td'>人均单数</Text>
          <Text className='pyramid-td average'>客单价</Text>
        </View>
        {rows.map((r) => (
          <View key={r.band} id={`pyramid-row-${r.band}`} className='pyramid-tr'>
            <Text className='pyramid-td first'>{r.name}</Text>
            <Text className='pyramid-td members'>{r.members}</Text>
            <Text className='pyramid-td share'>{r.share}</Text>
            <Text className='pyramid-td orders'>{r.ordersPerMember}</Text>
            <Text className='pyramid-td average'>{r.averageOrder}</Text>
          </View>
        ))}
      </View>
      <View className='insight-note'>
        {rows.map((r) => `${r.name}：消费 ${r.spend}，门槛${r.minSpend}`).join('；')}
      </View>
    </View>
  )
}
