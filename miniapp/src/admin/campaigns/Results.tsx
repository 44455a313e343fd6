import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { formatYuan } from '@shared/domain/money'
import { useReportExport } from '../../components/insight/useReportExport'
import { ErrorNote } from '../../kit'
import { SEND_OUTCOME, formatDate, formatTime } from '../common'
import { adminError } from '../errors'
import type { Results as CampaignResults } from './form'

type Comparison = NonNullable<CampaignResults['comparison']>

const rate = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`)
const money = (fen: number | null) => (fen === null ? '—' : formatYuan(fen))
const signedMoney = (fen: number | null) => (fen === null ? '—' : fen > 0 ? `+${formatYuan(fen)}` : formatYuan(fen))
const points = (p: number | null) => (p === null ? '—' : `${p > 0 ? '+' : ''}${p.toFixed(1)} 个百分点`)
const relative = (r: number | null) => (r === null ? '' : `（相对 ${r > 0 ? '+' : ''}${(r * 100).toFixed(1)}%）`)

/** One line of the side-by-side table: the metric, the treated group's value, the control group's. */
function Row({ id, label, treated, control }: { id: string; label: string; treated: string; control: string }) {
  return (
    <View className='cmp-vs-row' id={`cmp-vs-${id}`}>
      <Text className='cmp-vs-label'>{label}</Text>
      <Text className='cmp-vs-cell' id={`cmp-vs-${id}-treated`}>{treated}</Text>
      <Text className='cmp-vs-cell' id={`cmp-vs-${id}-control`}>{control}</Text>
    </View>
  )
}

/** One figure of the effect: a label and its value. */
function Effect({ id, label, value, note }: { id: string; label: string; value: string; note?: string }) {
  return (
    <View className='cmp-effect' id={id}>
      <Text className='cmp-effect-label'>{label}</Text>
      <Text className='cmp-effect-value'>{value}</Text>
      {note ? <Text className='muted cmp-effect-note'>{note}</Text> : null}
    </View>
  )
}

/** 效果对比: treated against control, side by side, with the uplift, the incremental spend, the coupons' cost and the ROI. */
function Compare({ c }: { c: Comparison }) {
  const t = c.treated
  const k = c.control
  const noControl = k.members === 0
  return (
    <View id='cmp-compare' className='cmp-compare' data-complete={c.complete ? 'true' : 'false'}>
      <View className='section-title'>效果对比</View>
      <View className='muted' id='cmp-compare-window'>
        对照组比例 {c.holdoutPercent}% · 统计活动后 {c.windowDays} 天内的购买 · {c.complete ? `观察期已于 ${formatDate(c.windowEndsAt)} 结束` : `观察期进行中，至 ${formatDate(c.windowEndsAt)}，数字仍会变化`}
      </View>
      <View className='cmp-vs'>
        <View className='cmp-vs-row cmp-vs-head'>
          <Text className='cmp-vs-label'>指标</Text>
          <Text className='cmp-vs-cell'>实验组（收到活动）</Text>
          <Text className='cmp-vs-cell'>对照组（未收到）</Text>
        </View>
        <Row id='members' label='人数' treated={`${t.members}`} control={`${k.members}`} />
        <Row id='purchasers' label='购买人数' treated={`${t.purchasers}`} control={`${k.purchasers}`} />
        <Row id='rate' label='购买率' treated={rate(t.purchaseRate)} control={rate(k.purchaseRate)} />
        <Row id='spend-per-member' label='人均消费' treated={money(t.spendPerMemberFen)} control={money(k.spendPerMemberFen)} />
        <Row id='orders' label='订单数' treated={`${t.orders}`} control={`${k.orders}`} />
        <Row id='spend' label='消费金额' treated={formatYuan(t.spendFen)} control={formatYuan(k.spendFen)} />
        <Row id='redeemed' label='核销券数' treated={`${t.couponsRedeemed}`} control='—' />
      </View>
      {noControl ? (
        <View className='muted' id='cmp-no-control'>
          本活动未设对照组（或对照组没有会员），无法计算提升和投资回报率
        </View>
      ) : null}
      <View className='cmp-effects'>
        <Effect id='cmp-uplift-rate' label='购买率提升' value={points(c.uplift.ratePoints)} note={relative(c.uplift.rateRelative)} />
        <Effect id='cmp-uplift-spend' label='人均消费提升' value={signedMoney(c.uplift.spendPerMemberFen)} />
        <Effect id='cmp-incremental' label='增量销售额' value={signedMoney(c.incrementalSpendFen)} note='（人均消费差 × 实验组人数）' />
        <Effect id='cmp-cost' label='券成本' value={formatYuan(c.couponCostFen)} note='（已核销券的优惠金额）' />
        <Effect id='cmp-roi' label='投资回报率' value={c.roi === null ? '—' : `${(c.roi * 100).toFixed(1)}%`} note='（增量销售额 − 券成本）÷ 券成本' />
      </View>
    </View>
  )
}

/** 导出效果报表: the comparison as a CSV file (the insight capability's report export). */
function ExportResults({ campaignId }: { campaignId: string }) {
  const { exporting, notice } = useReportExport()
  return (
    <View className='cmp-export'>
      <Button id='cmp-export' size='small' disabled={exporting.busy} onClick={() => void exporting.submit({ report: 'campaign', campaignId }, '活动效果')}>
        导出效果报表
      </Button>
      {notice && !exporting.error ? <View id='cmp-export-notice' className='muted'>{notice}</View> : null}
      <ErrorNote id='cmp-export-error' error={adminError(exporting.error)} />
    </View>
  )
}

/** 活动结果: the totals of a campaign and each of its runs, and treated against control. */
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
      {results.comparison ? <Compare c={results.comparison} /> : null}
      {results.comparison ? <ExportResults campaignId={results.campaignId} /> : null}
      {results.runs.map((r) => (
        <View key={r.runId} className='list-row cmp-run' data-run-id={r.runId}>
          <View className='row-name cmp-name'>
            第 {r.runId === 'once' ? '1' : r.runId} 次 · {formatTime(r.startedAt)}
            {r.finishedAt ? '' : '（执行中）'}
          </View>
          <View className='muted'>
            目标 {r.targeted} · 已订阅 {r.consented} · 已发送 {r.sent} · 发券 {r.couponsIssued} · 已核销 {r.couponsRedeemed}
            {r.holdout ? ` · 对照组 ${r.holdout}` : ''}
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
