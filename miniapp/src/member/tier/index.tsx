import { Text, View } from '@tarojs/components'
import { Progress } from '@nutui/nutui-react-taro'
import type { MyTierResponse } from '@shared/contract'
import { ErrorNote, LoadGate, useResource } from '../../kit'
import { TIER_REASON, formatDate, qualifyingText, upgradeText } from '../../utils/format'
import './index.scss'

type Basis = MyTierResponse['basis']
type Tier = MyTierResponse['tiers'][number]


const measure = (basis: Basis) => (basis === 'spend' ? '累计消费' : '累计获得')

/** "近12个月累计消费满 ¥500.00" / "注册即享". */
function thresholdText(data: MyTierResponse, t: Tier): string {
  if (t.threshold === 0) return '注册即享'
  return `${data.windowLabel}${measure(data.basis)}满 ${qualifyingText(data.basis, t.threshold)}`
}

/** What keeps the current tier, in one sentence. */
function retentionText(data: MyTierResponse): string {
  if (data.manualUntil) return `当前等级为手动设置，至 ${data.manualUntil}，到期后按实际${data.basis === 'spend' ? '消费' : '积分'}重新评定`
  const r = data.retention
  if (!r) return data.current.threshold === 0 ? '当前为入门等级，无需保级' : '当前等级长期有效'
  const what = `${r.until} 前${data.windowLabel}${measure(data.basis)}满 ${qualifyingText(data.basis, r.threshold)}`
  const counted = `已计 ${qualifyingText(data.basis, r.countedByThen)}`
  return r.remaining > 0 ? `${what} 即可保级（${counted}）` : `${what} 即可保级（${counted}，已达标）`
}

export default function TierPage() {
  const tier = useResource('myTier')
  const data = tier.data

  if (!data) {
    return (
      <View className='page tier-page'>
        <LoadGate error={tier.error} />
      </View>
    )
  }

  const nameOf = (code: string) => data.tiers.find((t) => t.code === code)?.name ?? code
  const cur = data.current

  return (
    <View className='page tier-page'>
      <View id='tier-current' className='card current-card' data-code={cur.code}>
        <View className='current-name'>{cur.name}</View>
        <View className='current-meta'>
          自 {data.since} 起 · 积分 ×{cur.multiplier}
        </View>
        {data.manualUntil ? (
          <View id='tier-manual' className='current-meta'>
            手动设置，至 {data.manualUntil}
          </View>
        ) : null}
        {data.viaFamily ? (
          <View id='tier-via-family' className='current-meta'>
            来自家庭主卡（副卡消费计入主卡）
          </View>
        ) : null}
      </View>

      <View className='card'>
        <View id='tier-progress' className='progress'>
          <View className='muted'>
            {data.windowLabel}
            {measure(data.basis)} {qualifyingText(data.basis, data.total)}
          </View>
          {data.next ? (
            <>
              <View className='progress-text'>{upgradeText(data.basis, data.next.remaining, data.next.name)}</View>
              <Progress percent={data.next.percent} />
            </>
          ) : (
            <View className='progress-text'>已是最高等级</View>
          )}
        </View>
        <View id='tier-retention' className='retention'>
          {retentionText(data)}
        </View>
      </View>

      <View id='tier-list' className='card'>
        <View className='section-title'>等级权益</View>
        {data.tiers.map((t) => (
          <View key={t.code} className={t.code === cur.code ? 'tier-row tier-row-current' : 'tier-row'} data-code={t.code}>
            <View className='row between'>
              <Text className='tier-row-name'>
                {t.name}
                {t.code === cur.code ? <Text className='tag'>当前</Text> : null}
              </Text>
              <Text className='muted'>积分 ×{t.multiplier}</Text>
            </View>
            <View className='muted'>{thresholdText(data, t)}</View>
            {t.threshold > 0 ? <View className='muted'>达到后保级 {t.retentionMonths} 个月</View> : null}
            {t.perks.length > 0 ? (
              <View className='perks'>
                {t.perks.map((p) => (
                  <Text key={p} className='perk'>
                    {p}
                  </Text>
                ))}
              </View>
            ) : null}
            {t.birthdayGift ? <View className='gift'>生日礼：{t.birthdayGift}</View> : null}
          </View>
        ))}
      </View>

      <View id='tier-history' className='card'>
        <View className='section-title'>等级变化</View>
        {data.history.length === 0 ? (
          <View className='muted'>暂无等级变化</View>
        ) : (
          data.history.map((h, i) => (
            <View key={`${h.at}-${i}`} className='tier-history-row' data-reason={h.reason}>
              <View className='row between'>
                <Text>
                  {nameOf(h.from)} → {nameOf(h.to)}
                </Text>
                <Text className='muted'>{formatDate(h.at)}</Text>
              </View>
              <View className='muted'>
                {TIER_REASON[h.reason] ?? h.reason}
                {h.note && h.note !== TIER_REASON[h.reason] ? `：${h.note}` : ''}
              </View>
            </View>
          ))
        )}
      </View>
      <ErrorNote error={tier.error} />
    </View>
  )
}
