import { Text, View } from '@tarojs/components'
import type { Snapshot } from '@shared/contract/planning'
import { groupThousands } from '@shared/domain/money'
import { heatTable } from './snapshot'

/** One heat table: rows by 最近消费 score (5 on top), columns by the other score; darker = more members. */
function HeatTable({ id, title, column, grid }: { id: string; title: string; column: string; grid: number[][] }) {
  const t = heatTable(grid)
  return (
    <View id={id} className='heat' data-total={String(t.total)}>
      <View className='trend-title'>{title}</View>
      <View className='heat-row heat-head'>
        <Text className='heat-corner'>最近消费＼{column}</Text>
        {t.columns.map((c) => (
          <Text key={c} className='heat-cell heat-label'>
            {c} 分
          </Text>
        ))}
      </View>
      {t.rows.map((r) => (
        <View key={r.score} className='heat-row'>
          <Text className='heat-corner heat-label'>{r.score} 分</Text>
          {r.cells.map((c, i) => (
            <Text
              key={i}
              id={`${id}-${r.score}-${i + 1}`}
              className={`heat-cell${c.heat > 0.55 ? ' hot' : ''}`}
              style={{ backgroundColor: `rgba(250, 44, 25, ${(c.count > 0 ? 0.08 + 0.82 * c.heat : 0.02).toFixed(2)})` }}
            >
              {groupThousands(c.count)}
            </Text>
          ))}
        </View>
      ))}
    </View>
  )
}

/** The RFM grids of the newest snapshot: 最近消费 × 消费频次 and 最近消费 × 客单价, member counts. */
export function RfmGrid({ snapshot }: { snapshot: Pick<Snapshot, 'rf' | 'rm'> }) {
  return (
    <View id='rfm' className='card'>
      <View className='section-title'>价值评分分布</View>
      <HeatTable id='rfm-rf' title='最近消费 × 消费频次（人）' column='频次' grid={snapshot.rf} />
      <HeatTable id='rfm-rm' title='最近消费 × 客单价（人）' column='客单价' grid={snapshot.rm} />
      <View className='insight-note'>评分口径见「标签与规则」：最近消费 5 分为一个月内买过；频次与客单价分数越高越好。</View>
    </View>
  )
}
