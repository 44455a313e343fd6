import { useEffect, useRef, useState } from 'react'
import type { QuietHours } from '@shared/domain/care'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { request } from '../../api/client'
import { ChoiceChips, ErrorNote, useSubmit, type Choice } from '../../kit'
import { Done, Field, InputField, SideNote, TextInput } from '../../kit/fields'
import { adminError } from '../errors'
import { CREATE_WORDS, EVERY, FIELD_NAMES, STATE_TEXT, emptyForm, toBody, type Body, type Campaign, type Form } from './form'

const SCHEDULES: Choice<Form['kind']>[] = [{ value: 'once', label: '单次' }, { value: 'recurring', label: '周期' }]

/** What the form chooses from; each list comes with its load error (the form works without it). */
export interface Choices {
  segments: Choice<string>[]
  templates: Choice<string>[]
  coupons: Choice<string>[]
  errors: { what: string; error: unknown }[]
}

/** 新建活动: name, segment, message template and fields, an optional coupon, once or recurring. */
export function CampaignForm({ choices, quiet, onCreated }: { choices: Choices; quiet: QuietHours | null; onCreated: () => Promise<unknown> }) {
  const [form, setForm] = useState<Form>(() => emptyForm(quiet))
  const [created, setCreated] = useState<Campaign | null>(null)
  // The send time proposed follows the quiet hours once they are read, until she sets a time herself.
  const timeTouched = useRef(false)
  const quietKey = quiet ? `${quiet.start}-${quiet.end}` : ''
  useEffect(() => {
    if (timeTouched.current) return
    const proposed = emptyForm(quiet)
    setForm((f) => ({ ...f, onceDate: proposed.onceDate, onceTime: proposed.onceTime, at: proposed.at, from: proposed.from }))
  }, [quietKey])
  const create = useSubmit(async (body: Body, submitToo: boolean) => {
    let c = await request('adminCreateCampaign', { body })
    if (submitToo) c = await request('adminSubmitCampaign', { params: { campaignId: c.id } })
    setCreated(c)
    setForm(emptyForm(quiet))
    timeTouched.current = false
    await onCreated()
  })

  const edit = (patch: Partial<Form>) => {
    if ('onceDate' in patch || 'onceTime' in patch || 'at' in patch || 'from' in patch) timeTouched.current = true
    setForm((f) => ({ ...f, ...patch }))
    setCreated(null)
  }
  const editField = (i: number, patch: Partial<{ key: string; value: string }>) => edit({ fields: form.fields.map((r, j) => (j === i ? { ...r, ...patch } : r)) })
  const start = (submitToo: boolean) => {
    if (create.busy) return
    setCreated(null)
    const built = toBody(form)
    if ('error' in built) return create.setError(built.error)
    void create.submit(built.body, submitToo)
  }
  const templates = choices.templates.length ? choices.templates : [{ value: 'tmpl-campaign', label: '会员活动' }]

  return (
    <View id='cmp-form' className='card'>
      <View className='section-title'>新建活动</View>
      <InputField label='活动名称' id='cmp-name' maxlength={30} placeholder='如 双11会员专享' value={form.name} onChange={(name) => edit({ name })} />
      <Field label='目标人群（已保存的人群）'>
        <ChoiceChips id='cmp-segments' idPrefix='cmp-segment' options={choices.segments} value={form.segmentId} onChange={(segmentId) => edit({ segmentId })} />
        {choices.segments.length === 0 ? <View className='muted'>暂无人群，请先在「人群圈选」保存人群</View> : null}
      </Field>
      <Field label='订阅消息模板'>
        <ChoiceChips id='cmp-templates' idPrefix='cmp-template' options={templates} value={form.templateId} onChange={(templateId) => edit({ templateId })} />
      </Field>
      <Field label={`消息字段（可用 {name} 姓名、{tier} 等级、{coupon} 券名、{date} 日期）`}>
        {form.fields.map((r, i) => (
          <View key={i} className='row cmp-field-row'>
            <TextInput id={`cmp-field-key-${i}`} className='input cmp-field-key' placeholder='thing1' value={r.key} onChange={(key) => editField(i, { key })} />
            <TextInput id={`cmp-field-value-${i}`} className='input grow' maxlength={100} placeholder='内容' value={r.value} onChange={(value) => editField(i, { value })} />
          </View>
        ))}
      </Field>
      <Field label='随消息发放优惠券（选填）'>
        <ChoiceChips
          id='cmp-coupons'
          idPrefix='cmp-coupon'
          options={[{ value: '', label: '不发券', id: 'cmp-coupon-none' }, ...choices.coupons]}
          value={form.couponTemplateId}
          onChange={(couponTemplateId) => edit({ couponTemplateId })}
        />
      </Field>
      <Field label='发送时间（北京时间）'>
        <ChoiceChips id='cmp-schedule-kind' idPrefix='cmp-schedule' options={SCHEDULES} value={form.kind} onChange={(kind) => edit({ kind })} />
        {form.kind === 'once' ? (
          <View className='row'>
            <TextInput id='cmp-once-date' className='input half' placeholder='YYYY-MM-DD' value={form.onceDate} onChange={(onceDate) => edit({ onceDate })} />
            <TextInput id='cmp-once-time' className='input half' placeholder='HH:mm' value={form.onceTime} onChange={(onceTime) => edit({ onceTime })} />
          </View>
        ) : (
          <>
            <ChoiceChips idPrefix='cmp-every' options={EVERY} value={form.every} onChange={(every) => edit({ every })} />
            <View className='row'>
              <TextInput id='cmp-rec-at' className='input half' placeholder='HH:mm' value={form.at} onChange={(at) => edit({ at })} />
              <TextInput id='cmp-rec-from' className='input half' placeholder='开始 YYYY-MM-DD' value={form.from} onChange={(from) => edit({ from })} />
              <TextInput id='cmp-rec-until' className='input half' placeholder='结束（选填）' value={form.until} onChange={(until) => edit({ until })} />
            </View>
          </>
        )}
      </Field>
      {choices.errors.map((e) => (
        <SideNote key={e.what} what={e.what} error={e.error} />
      ))}
      <ErrorNote id='cmp-error' error={adminError(create.error, FIELD_NAMES, CREATE_WORDS)} />
      {created ? (
        <Done id='cmp-created' data={{ 'campaign-id': created.id }}>
          已创建「{created.definition.name}」（{STATE_TEXT[created.state]}）
        </Done>
      ) : null}
      <View className='actions'>
        <Button id='cmp-create-submit' type='primary' block loading={create.busy} onClick={() => start(true)}>
          创建并提交审批
        </Button>
        <Button id='cmp-create-draft' block disabled={create.busy} onClick={() => start(false)}>
          保存草稿
        </Button>
      </View>
    </View>
  )
}
