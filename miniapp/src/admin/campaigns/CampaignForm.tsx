import { useEffect, useRef, useState } from 'react'
import type { QuietHours } from '@shared/domain/care'
import type { SegmentFilter } from '@shared/contract/segments'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { request } from '../../api/client'
import { bringIntoView } from '../../platform'
import { ChoiceChips, ErrorNote, useSubmit, type Choice } from '../../kit'
import { Done, Field, InputField, SideNote, TextInput } from '../../kit/fields'
import { FieldNote, adminError, isFieldIssue, issueAt } from '../errors'
import { ConfirmCard, MessagePreview } from '../ui'
import { fieldKeyLabel } from '../message'
import {
  CREATE_WORDS,
  DEFAULT_TEMPLATE,
  EVERY,
  FIELD_NAMES,
  STATE_TEXT,
  TOKENS,
  campaignLines,
  emptyForm,
  previewText,
  toBody,
  tokenOf,
  type Body,
  type Campaign,
  type Form,
  type MessageTemplate,
} from './form'

const SCHEDULES: Choice<Form['kind']>[] = [{ value: 'once', label: '单次' }, { value: 'recurring', label: '周期' }]
/** The paths a refusal is shown at, under their fields; anything else goes to the note at the bottom. */
const FIELD_PATHS = ['name', 'segmentId', 'template', 'couponTemplateId', 'schedule', 'holdoutPercent', 'windowDays']

/** What the form chooses from; each list comes with its load error (the form works without it). */
export interface Choices {
  /** The saved segments, with their filter (to count the audience before creating). */
  segments: (Choice<string> & { filter?: SegmentFilter })[]
  templates: MessageTemplate[]
  coupons: Choice<string>[]
  errors: { what: string; error: unknown }[]
}

/** A body checked and waiting for 确认创建. */
interface Pending {
  body: Body
  submitToo: boolean
}

/**
 * 新建活动: name, segment, message template with each field a named input (【姓名】 etc. inserted by chips)
 * and its live preview, an optional coupon, once or recurring; creating asks to confirm first.
 */
export function CampaignForm({ choices, quiet, onCreated }: { choices: Choices; quiet: QuietHours | null; onCreated: () => Promise<unknown> }) {
  const [form, setForm] = useState<Form>(() => emptyForm(quiet))
  const [created, setCreated] = useState<Campaign | null>(null)
  const [pending, setPending] = useState<Pending | null>(null)
  // The audience of the segment being confirmed (null while unknown or when it could not be counted).
  const [size, setSize] = useState<{ segmentId: string; count: number } | null>(null)
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

  const templates = choices.templates.length ? choices.templates : [DEFAULT_TEMPLATE]
  const template = templates.find((t) => t.value === form.templateId) ?? null
  const keys = template?.keys ?? []
  const segment = choices.segments.find((s) => s.value === form.segmentId) ?? null
  const couponName = choices.coupons.find((c) => c.value === form.couponTemplateId)?.label ?? null
  const sendDay = form.kind === 'once' ? form.onceDate : form.from
  const samples = {
    ...(couponName ? { coupon: couponName } : {}),
    ...(/^\d{4}-\d{2}-\d{2}$/.test(sendDay) ? { date: `${sendDay.slice(0, 4)}年${sendDay.slice(5, 7)}月${sendDay.slice(8, 10)}日` } : {}),
  }

  // The confirmation opens where the buttons were: brought into view when it runs below the screen.
  useEffect(() => {
    if (pending) setTimeout(() => bringIntoView('#cmp-confirm'), 50)
  }, [pending])

  // Counting the segment is cheap (one preview): done when the confirmation opens.
  useEffect(() => {
    if (!pending || !segment?.filter || size?.segmentId === segment.value) return
    let live = true
    request('adminPreviewSegment', { body: { filter: segment.filter } })
      .then((r) => live && setSize({ segmentId: segment.value, count: r.count }))
      .catch(() => undefined)
    return () => {
      live = false
    }
  }, [pending, segment?.value])

  const edit = (patch: Partial<Form>) => {
    if ('onceDate' in patch || 'onceTime' in patch || 'at' in patch || 'from' in patch) timeTouched.current = true
    setForm((f) => ({ ...f, ...patch }))
    setCreated(null)
    setPending(null)
  }
  const editField = (key: string, value: string) => edit({ fields: { ...form.fields, [key]: value } })
  const start = (submitToo: boolean) => {
    if (create.busy) return
    setCreated(null)
    const built = toBody(form, keys)
    if ('error' in built) return create.setError(built.error)
    create.setError(null)
    setPending({ body: built.body, submitToo })
  }
  const confirm = () => {
    if (!pending) return
    setPending(null)
    void create.submit(pending.body, pending.submitToo)
  }
  const err = create.error
  const placed = FIELD_PATHS.some((p) => issueAt(err, p))

  return (
    <View id='cmp-form' className='card'>
      <View className='section-title'>新建活动</View>
      <InputField label='活动名称' id='cmp-name' maxlength={30} placeholder='如 双11会员专享' value={form.name} onChange={(name) => edit({ name })} />
      <FieldNote id='cmp-name-error' error={err} path='name' />
      <Field label='目标人群（已保存的人群）'>
        <ChoiceChips id='cmp-segments' idPrefix='cmp-segment' options={choices.segments} value={form.segmentId} onChange={(segmentId) => edit({ segmentId })} />
        {choices.segments.length === 0 ? <View className='muted'>暂无人群，请先在「人群圈选」保存人群</View> : null}
      </Field>
      <FieldNote id='cmp-segment-error' error={err} path='segmentId' />
      <Field label='订阅消息模板'>
        <ChoiceChips id='cmp-templates' idPrefix='cmp-template' options={templates} value={form.templateId} onChange={(templateId) => edit({ templateId })} />
      </Field>
      <FieldNote id='cmp-template-error' error={err} path='template.templateId' />
      <View className='section-title cmp-message-title'>消息内容</View>
      <View className='muted cmp-token-hint'>点“插入”把会员的姓名、等级、券名或日期放进文字，发送时换成每位会员自己的内容</View>
      {keys.map((key, i) => (
        <View key={key} className='cmp-message-field'>
          <InputField
            label={fieldKeyLabel(key, i)}
            id={`cmp-field-${i}`}
            maxlength={100}
            placeholder='请输入内容'
            value={form.fields[key] ?? ''}
            onChange={(v) => editField(key, v)}
          />
          <View className='choices cmp-insert'>
            <Text className='muted cmp-insert-label'>插入：</Text>
            {TOKENS.map((t) => (
              <Button key={t.key} id={`cmp-insert-${i}-${t.key}`} size='small' className='kit-chip kit-chip-button choice' onClick={() => editField(key, `${form.fields[key] ?? ''}${tokenOf(t)}`)}>
                {t.word}
              </Button>
            ))}
          </View>
          <FieldNote id={`cmp-field-error-${i}`} error={err} path={`template.fields.${key}`} />
        </View>
      ))}
      <View className='muted'>会员在微信中看到的样子：</View>
      <MessagePreview id='cmp-preview' title={template?.label ?? '会员活动'} rows={keys.map((key) => previewText(form.fields[key] ?? '', samples))} />
      <Field label='随消息发放优惠券（选填）'>
        <ChoiceChips
          id='cmp-coupons'
          idPrefix='cmp-coupon'
          options={[{ value: '', label: '不发券', id: 'cmp-coupon-none' }, ...choices.coupons]}
          value={form.couponTemplateId}
          onChange={(couponTemplateId) => edit({ couponTemplateId })}
        />
      </Field>
      <FieldNote id='cmp-coupon-error' error={err} path='couponTemplateId' />
      <Field label='发送时间（北京时间）'>
        <ChoiceChips id='cmp-schedule-kind' idPrefix='cmp-schedule' options={SCHEDULES} value={form.kind} onChange={(kind) => edit({ kind })} />
        {form.kind === 'once' ? (
          <View className='row'>
            <TextInput id='cmp-once-date' className='input half' placeholder='日期 如 2026-12-01' value={form.onceDate} onChange={(onceDate) => edit({ onceDate })} />
            <TextInput id='cmp-once-time' className='input half' placeholder='时刻 如 10:00' value={form.onceTime} onChange={(onceTime) => edit({ onceTime })} />
          </View>
        ) : (
          <>
            <ChoiceChips idPrefix='cmp-every' options={EVERY} value={form.every} onChange={(every) => edit({ every })} />
            <View className='row'>
              <TextInput id='cmp-rec-at' className='input half' placeholder='时刻 如 10:00' value={form.at} onChange={(at) => edit({ at })} />
              <TextInput id='cmp-rec-from' className='input half' placeholder='开始日期 如 2026-12-01' value={form.from} onChange={(from) => edit({ from })} />
              <TextInput id='cmp-rec-until' className='input half' placeholder='结束日期（选填）' value={form.until} onChange={(until) => edit({ until })} />
            </View>
          </>
        )}
      </Field>
      <FieldNote id='cmp-schedule-error' error={err} path='schedule' />
      <View className='section-title cmp-message-title'>效果对比</View>
      <View className='muted'>对照组的会员不收消息、不领券（0 到 50%，0 为不设）；活动后观察 7 到 30 天，对比两组的购买率和人均消费，算出活动带来的提升和投资回报率</View>
      <View className='row'>
        <InputField label='对照组比例（%）' fieldClassName='field half' id='cmp-holdout' type='digit' maxlength={2} placeholder='如 10' value={form.holdout} onChange={(holdout) => edit({ holdout })} />
        <InputField label='观察天数' fieldClassName='field half' id='cmp-window' type='digit' maxlength={2} placeholder='如 14' value={form.windowDays} onChange={(windowDays) => edit({ windowDays })} />
      </View>
      <FieldNote id='cmp-holdout-error' error={err} path='holdoutPercent' />
      <FieldNote id='cmp-window-error' error={err} path='windowDays' />
      {choices.errors.map((e) => (
        <SideNote key={e.what} what={e.what} error={e.error} />
      ))}
      {placed || isFieldIssue(err) ? null : <ErrorNote id='cmp-error' error={adminError(err, FIELD_NAMES, CREATE_WORDS)} />}
      {created ? (
        <Done id='cmp-created' data={{ 'campaign-id': created.id }}>
          已创建「{created.definition.name}」（{STATE_TEXT[created.state]}）
        </Done>
      ) : null}
      {pending ? (
        <ConfirmCard
          id='cmp-confirm'
          title={pending.submitToo ? '确认创建并提交审批' : '确认保存草稿'}
          okText='确认创建'
          lines={campaignLines(pending.body, form, {
            segmentName: segment?.label ?? '已选人群',
            segmentSize: size && size.segmentId === form.segmentId ? size.count : null,
            templateName: template?.label ?? '会员活动',
            fieldLabels: keys.map((k, i) => fieldKeyLabel(k, i)),
            couponName,
            submitToo: pending.submitToo,
          })}
          busy={create.busy}
          onConfirm={confirm}
          onCancel={() => setPending(null)}
        />
      ) : (
        <View className='actions'>
          <Button id='cmp-create-submit' type='primary' block loading={create.busy} onClick={() => start(true)}>
            创建并提交审批
          </Button>
          <Button id='cmp-create-draft' block disabled={create.busy} onClick={() => start(false)}>
            保存草稿
          </Button>
        </View>
      )}
    </View>
  )
}
