import { View } from '@tarojs/components'
import type { Snapshot } from '@shared/contract/planning'
import { Chart } from '../../kit/charts'
import { lifecycleSlices, tierMovesChart, tierSlices } from './snapshot'

/** Tier and lifecycle distributions of the newest snapshot, as rings, and the tier moves per month as columns. */
export function Distributions({ snapshot, program }: { snapshot: Snapshot; program: { code: string; name: string; rank: number }[] }) {
  return (
    <View id='distributions' className='card'>
      <View className='section-title'>会员分布</View>
      <View className='insight-range'>截至 {snapshot.day}，共 {snapshot.members} 位会员</View>
      <View className='trend-title'>等级分布</View>
      <Chart id='dist-tiers' height={180} data={{ kind: 'ring', slices: tierSlices(snapshot, program), centre: '会员' }} empty='还没有会员' />
      <View className='trend-title'>生命周期</View>
      <Chart id='dist-lifecycle' height={180} data={{ kind: 'ring', slices: lifecycleSlices(snapshot), centre: '会员' }} empty='还没有会员' />
      <View className='trend-title'>每月等级变动（人次）</View>
      <Chart id='dist-tier-moves' height={180} data={tierMovesChart(snapshot)} empty='还没有等级变动' />
    </View>
  )
}
