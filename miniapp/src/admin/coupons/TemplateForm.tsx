import { useState } from 'react'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { couponSummary } from '@shared/domain/coupons'
import { request } from '../../api/client'
import { ChoiceChips, ErrorNote, useSubmit, type Choice } from '../../kit'
import { Done, Field, InputField, SubmitButton, TextInput, ToggleChip } from '../../kit/fields'
import { adminError } from '../errors'
import { EMPTY, KINDS, SCOPES, formOf, toBody, type Form, type Template, type TemplateBody } from './form'
import { KindFields } from './KindFields'

/** The form's state: a new template, or an existing one being edited (with the revision it was read at). */
export function useTemplateEditor(onSaved: () => Promise<unknown>) {
  const [form, setForm] = useState<Form>(EMPTY)
  const [editing, setEditing] = useState<Template | null>(null)
  const [created, setCreated] = useState<Template | null>(null)
  const save = useSubmit(async (body: TemplateBody) => {
    const t = editing
      ? await request('adminEditCouponTemplate', { params: { templateId: editing.id }, body: { rev: editing.rev, definition: body } })
      : await request('adminCreateCouponTemplate', { body })
    setCreated(t)
    setEditing(null)
    setForm((f) => ({ ...EMPTY, kind: f.kind }))
    await onSaved()
  })
  return {
    form,
    editing,
    created,
    save,
    edit(patch: Partial<Form>) {
      setForm((f) => ({ ...f, ...patch }))
      setCreated(null)
    },
    start(t: Template) {
      setEditing(t)
      setForm(formOf(t))
      setCreated(null)
      save.setError(null)
    },
    cancel() {
      setEditing(null)
      setForm(EMPTY)
    },
    submit() {
      if (save.busy) return
      setCreated(null)
      const built = toBody(form, editing?.definition)
      if ('error' in built) return save.setError(built.error)
      void save.submit(built.body)
    },
  }
}

export type TemplateEditor = ReturnType<typeof useTemplateEditor>

const VALIDITIES: Choice<Form['validityKind']>[] = [{ value: 'afterIssue', label: '领取后若干天' }, { value: 'fixed', label: '固定日期' }]

const FLAGS: { key: 'stackable' | 'claimable' | 'registrationGift'; id: string; label: string }[] = [
  { key: 'stackable', id: 'tpl-stackable', label: '可与其他券叠加' },
  { key: 'claimable', id: 'tpl-claimable', label: '领券中心可领' },
  { key: 'registrationGift', id: 'tpl-registration-gift', label: '新人注册礼' },
]

/** A new template, or the one being edited. */
export function TemplateForm({ editor, templates }: { editor: TemplateEditor; templates: Template[] }) {
  const { form, editing, created, edit } = editor
  const rewards = templates.filter((t) => t.definition.kind !== 'stampCard' && t.id !== editing?.id)
  return (
    <View id='tpl-form' className='card'>
      <View className='section-title'>{editing ? `编辑：${editing.definition.name}` : '新建优惠券'}</View>
      {editing ? (
        <View id='tpl-editing' className='muted'>
          修改只影响此后发放的券；类型不可修改；发放总量不能少于已发数量。
        </View>
      ) : null}
      <InputField label='名称' id='tpl-name' maxlength={30} placeholder='如 新人 10 元券' value={form.name} onChange={(name) => edit({ name })} />
      <InputField label='说明（选填）' id='tpl-description' maxlength={200} placeholder='领券中心展示' value={form.description} onChange={(description) => edit({ description })} />
      <Field label='类型'>
        <ChoiceChips id='tpl-kind' idPrefix='tpl-kind' options={KINDS} disabled={!!editing} value={form.kind} onChange={(kind) => edit({ kind })} />
      </Field>
      <KindFields form={form} edit={edit} rewards={rewards} />
      <InputField label='积分兑换所需积分（选填，留空为不可兑换）' id='tpl-points-cost' type='number' placeholder='不可兑换' value={form.pointsCost} onChange={(pointsCost) => edit({ pointsCost })} />
      <Field label='适用范围'>
        <ChoiceChips className='chips' idPrefix='tpl-scope' options={SCOPES} value={form.scopeKind} onChange={(scopeKind) => edit({ scopeKind })} />
        {form.scopeKind !== 'all' ? (
          <TextInput id='tpl-scope-list' placeholder={form.scopeKind === 'categories' ? '品类，逗号分隔，如 服装, 配件' : '商品编码，逗号分隔'} value={form.scopeList} onChange={(scopeList) => edit({ scopeList })} />
        ) : null}
      </Field>
      <InputField label='适用门店（门店编号，逗号分隔；留空为全部门店）' id='tpl-stores' placeholder='全部门店' value={form.stores} onChange={(stores) => edit({ stores })} />
      <Field label='有效期'>
        <ChoiceChips className='chips' idPrefix='tpl-validity' options={VALIDITIES} value={form.validityKind} onChange={(validityKind) => edit({ validityKind })} />
        {form.validityKind === 'afterIssue' ? (
          <TextInput id='tpl-days' type='number' maxlength={4} placeholder='领取后有效天数' value={form.days} onChange={(days) => edit({ days })} />
        ) : (
          <View className='row'>
            <View className='half'>
              <TextInput id='tpl-from' maxlength={10} placeholder='开始日期，如 2026-12-01' value={form.from} onChange={(from) => edit({ from })} />
            </View>
            <View className='half'>
              <TextInput id='tpl-until' maxlength={10} placeholder='结束日期，如 2026-12-31' value={form.until} onChange={(until) => edit({ until })} />
            </View>
          </View>
        )}
      </Field>
      <View className='row field'>
        <InputField fieldClassName='half' label='发放总量' id='tpl-stock' type='number' placeholder='不限' value={form.stock} onChange={(stock) => edit({ stock })} />
        <InputField fieldClassName='half' label='每人限领' id='tpl-limit' type='number' maxlength={3} placeholder='不限' value={form.limit} onChange={(limit) => edit({ limit })} />
      </View>
      <View className='choices toggles'>
        {FLAGS.map((f) => (
          <ToggleChip key={f.key} id={f.id} on={form[f.key]} onChange={(on) => edit({ [f.key]: on } as Partial<Form>)}>
            {`${f.label}：${form[f.key] ? '是' : '否'}`}
          </ToggleChip>
        ))}
      </View>
      <SubmitButton id='tpl-submit' busy={editor.save.busy} onClick={editor.submit}>
        {editing ? '保存修改' : '创建'}
      </SubmitButton>
      {editing ? (
        <Button id='tpl-cancel-edit' block onClick={editor.cancel}>
          取消编辑
        </Button>
      ) : null}
      <ErrorNote id='tpl-error' error={adminError(editor.save.error)} />
      {created ? (
        <Done id='tpl-created' data={{ 'template-id': created.id }}>
          已保存：{created.definition.name}（{couponSummary(created.definition)}）
        </Done>
      ) : null}
    </View>
  )
}
