import { Text, View } from '@tarojs/components'
import type { Dashboard } from '@shared/contract/figures'
import { tiles } from './figures'
import './insight.scss'

/** The KPI tiles: each figure of the period with its change against the period before (ids kpi-<figure>). */
export function KpiTiles({ dashboard }: { dashboard: Pick<Dashboard, 'totals' | 'previous'> }) {
  return (
    <View id='kpi-tiles' className='kpi-grid'>
      {tiles(dashboard).map((t) => (
        <View key={t.key} id={`kpi-${t.key}`} className='kpi-tile' data-value={String(t.value)} data-previous={String(t.previous)}>
          <View className='kpi-label'>{t.label}</View>
          <View className='kpi-value'>{t.text}</View>
          <Text className={`kpi-change ${t.trend}${t.good === null ? '' : t.good ? ' good' : ' bad'}`}>{t.change}</Text>
        </View>
      ))}
    </View>
  )
}
