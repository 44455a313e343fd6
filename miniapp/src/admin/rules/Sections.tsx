import { Text, View } from '@tarojs/components'
import type { EarningRulesVersion } from '@shared/contract/program'
import { ChoiceChips } from '../../kit'
import { Field, InputField, TextInput } from '../../kit/fields'
import { actorName, formatTime } from '../common'
import { BIRTHDAY_MODES, EVENTS, EXPIRY, PERIOD, ROUNDINGS, expiryText, type EventKey, type Form } from './form'

interface SectionProps {
  form: Form
  change: (patch: Partial<Form>) => void
}

/** 消费积分: points per yuan, rounding, minimum order, excluded categories, cap. */
export function SpendSection({ form, change }: SectionProps) {
  return (
    <View className='card'>
      <View className='section-title'>消费积分</View>
      <View className='row'>
        <InputField fieldClassName='field half' label='每元积分' id='rules-ppy' type='digit' value={form.ppy} onChange={(ppy) => change({ ppy })} />
        <InputField fieldClassName='field half' label='最低消费（元）' id='rules-min-order' type='digit' value={form.minOrder} onChange={(minOrder) => change({ minOrder })} />
      </View>
      <Field label='取整方式'>
        <ChoiceChips id='rules-rounding' idPrefix='rules-rounding' options={ROUNDINGS} value={form.rounding} onChange={(rounding) => change({ rounding })} />
      </Field>
      <InputField
        label='不计积分品类（逗号分隔）'
        id='rules-excluded-categories'
        placeholder='如：礼品卡, 烟酒'
        value={form.excludedCategories}
        onChange={(excludedCategories) => change({ excludedCategories })}
      />
      <InputField label='单笔上限（积分，留空 = 无）' id='rules-cap' type='number' placeholder='无' value={form.cap} onChange={(cap) => change({ cap })} />
    </View>
  )
}

/** The birthday rule's number: the bonus points, or the month's multiplier. */
const BIRTHDAY_INPUT = {
  bonus: { id: 'rules-birthday-points', field: 'birthdayPoints', label: '生日积分（分，生日当天发放）', type: 'number', placeholder: '如 100' },
  multiplier: { id: 'rules-birthday-multiplier', field: 'birthdayMultiplier', label: '生日月消费积分倍数', type: 'digit', placeholder: '如 2' },
} as const

/** 生日: none, a bonus on the day, or a multiplier for the month. */
export function BirthdaySection({ form, change }: SectionProps) {
  const input = form.birthdayMode === 'none' ? null : BIRTHDAY_INPUT[form.birthdayMode]
  return (
    <View className='card'>
      <View className='section-title'>生日</View>
      <ChoiceChips id='rules-birthday-mode' idPrefix='rules-birthday-mode' options={BIRTHDAY_MODES} value={form.birthdayMode} onChange={(birthdayMode) => change({ birthdayMode })} />
      {input ? (
        <InputField
          key={input.id}
          label={input.label}
          id={input.id}
          type={input.type}
          placeholder={input.placeholder}
          value={form[input.field]}
          onChange={(v) => change({ [input.field]: v })}
        />
      ) : null}
    </View>
  )
}

/** 冻结与有效期: the holding period and when points expire. */
export function ExpirySection({ form, change }: SectionProps) {
  return (
    <View className='card'>
      <View className='section-title'>冻结与有效期</View>
      <InputField label='冻结天数（退货期内积分不可用，0 = 立即可用）' id='rules-holding-days' type='number' value={form.holdingDays} onChange={(holdingDays) => change({ holdingDays })} />
      <Field label='有效期'>
        <ChoiceChips id='rules-expiry-policy' idPrefix='rules-expiry-policy' options={EXPIRY} value={form.expiryPolicy} onChange={(expiryPolicy) => change({ expiryPolicy })} />
        {form.expiryPolicy === 'days' ? (
          <TextInput id='rules-expiry-days' type='number' placeholder='天数，如 365' value={form.expiryDays} onChange={(expiryDays) => change({ expiryDays })} />
        ) : null}
      </Field>
    </View>
  )
}

/** 活动积分: points for registration, first purchase, a completed profile, a product scan. */
export function EventsSection({ form, change, current }: SectionProps & { current: EarningRulesVersion }) {
  const changeEvent = (key: EventKey, value: string) => change({ events: { ...form.events, [key]: value } })
  return (
    <View className='card'>
      <View className='section-title'>活动积分</View>
      {EVENTS.map(({ key, label }) => {
        const limit = current.events[key]?.limit
        const text = `${label}${limit ? `（每${PERIOD[limit.period] ?? limit.period}最多 ${limit.count} 次）` : ''}`
        return <InputField key={key} label={text} id={`rules-event-${key}`} type='number' value={form.events[key]} onChange={(v) => changeEvent(key, v)} />
      })}
    </View>
  )
}

/** 历史版本: every version, the one in force and those still to come marked. */
export function Versions({ data }: { data: { current: EarningRulesVersion; versions: EarningRulesVersion[]; scheduled: { version: number }[] } }) {
  return (
    <View id='rules-versions' className='card'>
      <View className='section-title'>历史版本</View>
      {data.versions.map((v) => (
        <View key={v.version} className='list-row rules-version' data-version={v.version}>
          <View>
            第{v.version}版 · {formatTime(v.effectiveFrom)} 起 · {actorName(v.createdBy)}
            {v.version === data.current.version ? <Text className='tag'>当前</Text> : null}
            {data.scheduled.some((s) => s.version === v.version) ? <Text className='tag'>待生效</Text> : null}
          </View>
          <View className='muted'>
            每元 {v.spend.pointsPerYuan} 积分 · {expiryText(v.expiry)}
          </View>
        </View>
      ))}
    </View>
  )
}
