import { View } from '@tarojs/components'
import { ChoiceChips } from '../../kit'
import { Field, InputField, TextInput } from '../../kit/fields'
import { FieldNote } from '../errors'
import type { Basis, TierForm } from './form'

/** One tier of the ladder: name, threshold, multiplier, retention, perks and birthday gift. */
export function TierCard({ t, index, error, basis, gifts, change }: {
  t: TierForm
  /** Its place in the program sent (the API names its fields tiers.<index>.…). */
  index: number
  error: unknown
  basis: Basis
  gifts: { value: string; label: string }[]
  change: (patch: Partial<TierForm>) => void
}) {
  const code = t.def.code
  const at = `tiers.${index}`
  return (
    <View id={`tier-edit-${code}`} className='card tier-edit' data-code={code}>
      <View className='section-title'>
        {t.def.name} · 第 {t.def.rank + 1} 级{t.def.rank === 0 ? '（入门）' : ''}
      </View>
      <View className='row'>
        <InputField fieldClassName='field half' label='名称' id={`tier-name-${code}`} className='input tier-name' value={t.name} onChange={(name) => change({ name })} />
        <InputField
          fieldClassName='field half'
          label={basis === 'spend' ? '门槛（元）' : '门槛（积分）'}
          id={`tier-threshold-${code}`}
          className='input tier-threshold'
          type='digit'
          disabled={t.def.rank === 0}
          value={t.threshold}
          onChange={(threshold) => change({ threshold })}
        />
      </View>
      <FieldNote id={`tier-name-${code}-error`} error={error} path={`${at}.name`} />
      <FieldNote id={`tier-threshold-${code}-error`} error={error} path={`${at}.threshold`} />
      <View className='row'>
        <InputField fieldClassName='field half' label='积分倍数' id={`tier-multiplier-${code}`} className='input tier-multiplier' type='digit' value={t.multiplier} onChange={(multiplier) => change({ multiplier })} />
        <InputField
          fieldClassName='field half'
          label='保级月数'
          id={`tier-retention-${code}`}
          className='input tier-retention'
          type='number'
          value={t.retentionMonths}
          onChange={(retentionMonths) => change({ retentionMonths })}
        />
      </View>
      <FieldNote id={`tier-multiplier-${code}-error`} error={error} path={`${at}.multiplier`} />
      <FieldNote id={`tier-retention-${code}-error`} error={error} path={`${at}.retentionMonths`} />
      <InputField label='权益（逗号分隔）' id={`tier-perks-${code}`} className='input tier-perks' value={t.perks} onChange={(perks) => change({ perks })} />
      <Field label='生日礼（说明；选一张券则生日当天自动发放）'>
        <TextInput id={`tier-gift-${code}`} maxlength={60} placeholder='无' value={t.giftText} onChange={(giftText) => change({ giftText })} />
        <ChoiceChips
          className='chips'
          idPrefix={`tier-gift-tpl-${code}`}
          options={gifts}
          value={t.giftTemplateId}
          onChange={(id) => change({ giftTemplateId: t.giftTemplateId === id ? '' : id })}
        />
      </Field>
    </View>
  )
}
