import { View } from '@tarojs/components'
import type { Dashboard } from '@shared/contract/figures'
import { Chart } from '../../kit/charts'
import { trendCharts } from './figures'
import './insight.scss'

/** The daily trends of the period: one line chart each for members, spend, orders and points. */
export function Trends({ dashboard }: { dashboard: Pick<Dashboard, 'days'> }) {
  return (
    <View id='trends'>
      {trendCharts(dashboard).map((c) => (
        <View key={c.id} className='trend'>
          <View className='trend-title'>{c.title}</View>
          <Chart id={c.id} data={c.data} height={180} empty='这段时间还没有数据' />
        </View>
      ))}
    </View>
  )
}
