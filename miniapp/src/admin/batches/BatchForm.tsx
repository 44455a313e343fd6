import { useState } from 'react'
import { View } from '@tarojs/components'
import { request } from '../../api/client'
import { ChoiceChips, ErrorNote, useSubmit } from '../../kit'
import { Done, InputField, SubmitButton } from '../../kit/fields'
import { adminError } from '../errors'
import { EMPTY, FIELD_NAMES, toBody, type Batch, type BatchBody, type Form, type Template } from './form'

/** 新建批次: SKU, count, product name, the reward of a scan, validity, daily limit, an optional coupon. */
export function BatchForm({ templates, onCreated }: { templates: Template[]; onCreated: () => Promise<unknown> }) {
  const [form, setForm] = useState<Form>(EMPTY)
  const [created, setCreated] = useState<Batch | null>(null)
  const create = useSubmit(async (body: BatchBody) => {
    setCreated(await request('adminCreateProductBatch', { body }))
    setForm(EMPTY)
    await onCreated()
  })
  const edit = (patch: Partial<Form>) => {
    setForm((f) => ({ ...f, ...patch }))
    setCreated(null)
  }
  const submit = () => {
    if (create.busy) return
    const built = toBody(form)
    if ('error' in built) return create.setError(built.error)
    void create.submit(built.body)
  }
  const coupons = [{ value: '', label: '不赠券', id: 'batch-coupon-none' }, ...templates.filter((t) => t.state === 'active').map((t) => ({ value: t.id, label: t.definition.name }))]

  return (
    <View id='batch-form' className='card'>
      <View className='section-title'>新建批次</View>
      <View className='row field'>
        <InputField fieldClassName='half' label='商品编码' id='batch-sku' maxlength={64} placeholder='商品编码' value={form.sku} onChange={(sku) => edit({ sku })} />
        <InputField fieldClassName='half' label='数量' id='batch-count' type='number' maxlength={7} value={form.count} onChange={(count) => edit({ count })} />
      </View>
      <InputField label='产品名称（会员可见）' id='batch-name' maxlength={40} placeholder='如 修护面霜 50ml' value={form.name} onChange={(name) => edit({ name })} />
      <View className='row field'>
        <InputField fieldClassName='half' label='每码积分（留空按规则）' id='batch-points' type='number' placeholder='按积分规则' value={form.points} onChange={(points) => edit({ points })} />
        <InputField fieldClassName='half' label='延保月数（留空不延保）' id='batch-warranty' type='number' maxlength={3} value={form.warranty} onChange={(warranty) => edit({ warranty })} />
      </View>
      <View className='row field'>
        <InputField fieldClassName='half' label='有效天数（自今天起）' id='batch-days' type='number' maxlength={4} value={form.days} onChange={(days) => edit({ days })} />
        <InputField fieldClassName='half' label='每人每日上限（选填）' id='batch-limit' type='number' maxlength={3} placeholder='按积分规则' value={form.limit} onChange={(limit) => edit({ limit })} />
      </View>
      <View className='label'>扫码赠券（选填）</View>
      <ChoiceChips idPrefix='batch-coupon' options={coupons} value={form.couponTemplateId} onChange={(couponTemplateId) => edit({ couponTemplateId })} />
      <SubmitButton id='batch-submit' busy={create.busy} onClick={submit}>
        生成批次
      </SubmitButton>
      <ErrorNote id='batch-error' error={adminError(create.error, FIELD_NAMES)} />
      {created ? (
        <Done id='batch-created' data={{ 'batch-id': created.id }}>
          已生成批次 #{created.id}：{created.definition.name} × {created.definition.count}
        </Done>
      ) : null}
    </View>
  )
}
