import { Text, View } from '@tarojs/components'
import { SEND_OUTCOME, formatTime } from '../common'
import type { Results as CampaignResults } from './form'

/** 活动结果: the totals of a campaign and each of its runs. */
export function Results({ results }: { results: CampaignResults }) {
  const t = results.totals
  return (
    <View id='cmp-results' className='card' data-campaign-id={results.campaignId}>
      <View className='section-title'>活动结果</View>
      <View id='cmp-results-totals' className='cmp-totals'>
        目标 <Text id='cmp-total-targeted'>{t.targeted}</Text> 人 · 已订阅 <Text id='cmp-total-consented'>{t.consented}</Text> 人 · 已发送{' '}
        <Text id='cmp-total-sent'>{t.sent}</Text> 条 · 发券 <Text id='cmp-total-coupons'>{t.couponsIssued}</Text> 张 · 已核销{' '}
        <Text id='cmp-total-redeemed'>{t.couponsRedeemed}</Text> 张
      </View>
      {results.runs.map((r) => (
        <View key={r.runId} className='list-row cmp-run' data-run-id={r.runId}>
          <View className='row-name cmp-name'>
            第 {r.runId === 'once' ? '1' : r.runId} 次 · {formatTime(r.startedAt)}
            {r.finishedAt ? '' : '（执行中）'}
          </View>
          <View className='muted'>
            目标 {r.targeted} · 已订阅 {r.consented} · 已发送 {r.sent} · 发券 {r.couponsIssued} · 已核销 {r.couponsRedeemed}
          </View>
          <View className='muted'>
            {Object.entries(r.outcomes)
              .filter(([, n]) => n > 0)
              .map(([k, n]) => `${SEND_OUTCOME[k] ?? k} ${n}`)
              .join(' · ')}
          </View>
        </View>
      ))}
    </View>
  )
}
