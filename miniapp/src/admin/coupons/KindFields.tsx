import { View } from '@tarojs/components'
import { ChoiceChips } from '../../kit'
import { InputField } from '../../kit/fields'
import type { Form, Template } from './form'

/** The fields one kind of coupon needs: amounts, a percentage, a gift, or a stamp card's terms. */
export function KindFields({ form, edit, rewards }: { form: Form; edit: (patch: Partial<Form>) => void; rewards: Template[] }) {
  const kind = form.kind
  return (
    <>
      {kind === 'threshold' ? (
        <InputField label='门槛金额（元，满多少可用）' id='tpl-threshold' type='digit' placeholder='如 300' value={form.threshold} onChange={(threshold) => edit({ threshold })} />
      ) : null}
      {kind === 'amountOff' || kind === 'threshold' ? (
        <InputField label='减免金额（元）' id='tpl-amount' type='digit' placeholder='如 10' value={form.amount} onChange={(amount) => edit({ amount })} />
      ) : null}
      {kind === 'percentOff' ? (
        <>
          <InputField label='减免百分比（1-90，如 15 即 8.5 折）' id='tpl-percent' type='number' maxlength={2} placeholder='如 15' value={form.percent} onChange={(percent) => edit({ percent })} />
          <InputField label='最高优惠（元，选填）' id='tpl-max' type='digit' placeholder='不限' value={form.max} onChange={(max) => edit({ max })} />
        </>
      ) : null}
      {kind === 'gift' ? (
        <InputField label='赠品商品编码' id='tpl-gift-sku' maxlength={64} placeholder='商品编码' value={form.giftSku} onChange={(giftSku) => edit({ giftSku })} />
      ) : null}
      {kind === 'stampCard' ? (
        <>
          <View className='row field'>
            <InputField fieldClassName='half' label='集满次数' id='tpl-stamps' type='number' maxlength={2} value={form.stampsNeeded} onChange={(stampsNeeded) => edit({ stampsNeeded })} />
            <InputField fieldClassName='half' label='每次最低实付（元）' id='tpl-stamp-min' type='digit' placeholder='0' value={form.stampMin} onChange={(stampMin) => edit({ stampMin })} />
          </View>
          <View className='label'>集满奖励券</View>
          <ChoiceChips
            idPrefix='tpl-reward'
            className='chips'
            options={rewards.map((t) => ({ value: t.id, label: t.definition.name }))}
            value={form.rewardTemplateId}
            onChange={(rewardTemplateId) => edit({ rewardTemplateId })}
          />
        </>
      ) : null}
    </>
  )
}
