import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { request } from '../../api/client'
import { ChoiceChips, useResource, useSubmit } from '../../kit'
import { Field, InputField, SubmitButton, TextInput } from '../../kit/fields'
import { formatTime } from '../common'
import { ConfirmCard, MessagePreview } from '../ui'
import { JOBS, KINDS, careChanges, toDisplayText, fieldKeyLabel, fieldsText, parseFields, previewText, settingsOf, textsOf, type Job, type Settings, type SettingsResponse } from './settings'

/** Saving the settings read at `rev`; the page shows its error and 已保存. */
export function useSaveSettings(onSaved: (r: SettingsResponse) => void) {
  return useSubmit(async (rev: number, s: Settings, text: Record<string, string>) => {
    const next = settingsOf(s, text)
    if (typeof next === 'string') throw next
    onSaved(await request('adminPutCareSettings', { body: { rev, settings: next } }))
    Taro.showToast({ title: '已保存', icon: 'success' }).catch(() => undefined)
  })
}

/** The care jobs on or off with their days, quiet hours, the weekly cap and the message templates. */
export function SettingsCard({ data, busy, onSave }: { data: SettingsResponse; busy: boolean; onSave: (rev: number, s: Settings, text: Record<string, string>) => void }) {
  const [s, setS] = useState<Settings>(data.settings)
  const [text, setText] = useState(() => textsOf(data.settings))
  // Read again (on show, after saving): the form shows what is stored.
  useEffect(() => {
    setS(data.settings)
    setText(textsOf(data.settings))
  }, [data])
  // Saving asks first: the changes before → after (null while editing; a string is what is wrong).
  const [pending, setPending] = useState<Settings | string | null>(null)
  const coupons = useResource('adminListCouponTemplates', { reloadOnShow: false })
  const couponChoices = (coupons.data?.templates ?? []).filter((t) => t.state === 'active' && t.definition.kind !== 'stampCard').map((t) => ({ value: t.id, label: t.definition.name }))
  const couponName = (id: string | null) => (id ? (coupons.data?.templates.find((t) => t.id === id)?.definition.name ?? '已选优惠券') : '不发券')
  const set = (k: string) => (v: string) => {
    setText((t) => ({ ...t, [k]: v }))
    setPending(null)
  }
  const toggle = (job: Job) => {
    setS({ ...s, jobs: { ...s.jobs, [job]: { ...s.jobs[job], enabled: !s.jobs[job].enabled } } })
    setPending(null)
  }

  return (
    <View className='card'>
      <View className='section-title'>任务</View>
      {JOBS.map(({ value: job, label }) => (
        <View key={job} className='between care-row'>
          <Text>{label}</Text>
          <Button id={`care-job-${job}`} size='small' type={s.jobs[job].enabled ? 'primary' : 'default'} onClick={() => toggle(job)}>
            {s.jobs[job].enabled ? '已开启' : '已关闭'}
          </Button>
        </View>
      ))}
      <InputField label='积分到期提前天数' id='care-days-points' type='number' value={text.pointsDays ?? ''} onChange={set('pointsDays')} />
      <InputField label='优惠券到期提前天数' id='care-days-coupons' type='number' value={text.couponDays ?? ''} onChange={set('couponDays')} />
      <View className='muted' id='care-dormant-hint'>
        会员在“标签与规则”的生命周期定义下转为沉睡的当天发送回访消息
      </View>
      <Field label='回访优惠券（可不选；再点一次取消）'>
        <ChoiceChips
          id='care-winback-coupon'
          idPrefix='care-winback-coupon'
          options={couponChoices}
          value={text.winbackCoupon || null}
          onChange={(id) => set('winbackCoupon')(text.winbackCoupon === id ? '' : id)}
        />
      </Field>
      <View className='row'>
        <InputField fieldClassName='field half' label='免打扰开始' id='care-quiet-start' placeholder='21:00' value={text.quietStart ?? ''} onChange={set('quietStart')} />
        <InputField fieldClassName='field half' label='免打扰结束' id='care-quiet-end' placeholder='09:00' value={text.quietEnd ?? ''} onChange={set('quietEnd')} />
      </View>
      <InputField label='每位会员每周最多（投诉进度不计）' id='care-cap' type='number' value={text.cap ?? ''} onChange={set('cap')} />
      <View className='section-title'>订阅消息模板</View>
      {KINDS.map(({ value: kind, label }) => (
        <TemplateEditor
          key={kind}
          kind={kind}
          label={label}
          title={data.settings.templates[kind].title}
          saved={data.settings.templates[kind].fields}
          templateId={text[`tpl-${kind}`] ?? ''}
          fieldsTextValue={text[`fields-${kind}`] ?? ''}
          setTemplateId={set(`tpl-${kind}`)}
          setFieldsText={set(`fields-${kind}`)}
        />
      ))}
      {pending && typeof pending !== 'string' ? (
        <ConfirmCard
          id='care-confirm'
          title='确认保存关怀设置'
          lines={careChanges(data.settings, pending, couponName)}
          busy={busy}
          onConfirm={() => {
            setPending(null)
            onSave(data.rev, s, text)
          }}
          onCancel={() => setPending(null)}
        />
      ) : (
        <SubmitButton id='care-save' busy={busy} onClick={() => setPending(settingsOf(s, text))}>
          保存设置
        </SubmitButton>
      )}
      {typeof pending === 'string' ? (
        <View id='care-form-error' className='error'>
          {pending}
        </View>
      ) : null}
      {data.updatedAt ? <View className='muted'>上次修改 {formatTime(data.updatedAt)}</View> : null}
    </View>
  )
}

/**
 * One subscription message: its WeChat template number, each data field as a named input, the placeholders
 * it may use, and a live preview of the message as the member will see it in WeChat.
 */
function TemplateEditor(p: {
  kind: string
  label: string
  title: string
  /** The fields as stored: the placeholders they use are the ones this message offers. */
  saved: Record<string, string>
  templateId: string
  fieldsTextValue: string
  setTemplateId: (v: string) => void
  setFieldsText: (v: string) => void
}) {
  const fields = parseFields(p.fieldsTextValue) ?? {}
  const keys = Object.keys(fields)
  const setField = (key: string, value: string) => p.setFieldsText(fieldsText({ ...fields, [key]: value }))
  const used = [...new Set([...Object.values(p.saved), ...Object.values(fields)].flatMap((v) => [...toDisplayText(v).matchAll(/【([^】]+)】/g)].map((m) => m[1]!)))]
  return (
    <View id={`care-template-${p.kind}`} className='care-template'>
      <View className='section-title'>{p.label}</View>
      <InputField fieldClassName='field typed-id' label='微信模板编号（从公众平台「订阅消息」复制）' id={`care-tpl-${p.kind}`} value={p.templateId} onChange={p.setTemplateId} />
      {keys.map((key, i) => (
        <InputField key={key} label={fieldKeyLabel(key, i)} id={`care-field-${p.kind}-${key}`} maxlength={100} value={fields[key] ?? ''} onChange={(v) => setField(key, v)} />
      ))}
      {used.length ? (
        <View className='muted care-placeholders'>
          会员收到时替换为实际内容：{used.map((w) => `【${w}】`).join('、')}
        </View>
      ) : null}
      <MessagePreview id={`care-preview-${p.kind}`} title={p.title} rows={keys.map((key) => previewText(fields[key] ?? ''))} />
    </View>
  )
}
