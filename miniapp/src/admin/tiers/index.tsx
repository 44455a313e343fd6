import { useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { request } from '../../api/client'
import { ChoiceChips, ErrorNote, RoleGate, useResource, useSubmit } from '../../kit'
import { Done, Field, SideNote, SubmitButton, TextInput } from '../../kit/fields'
import { adminError } from '../errors'
import { ConfirmCard, PageLoading } from '../ui'
import { actorName, formatTime } from '../common'
import { BASES, DOWNGRADES, WINDOWS, formOf, programOf, tierChanges, type Basis, type Form, type TierForm, type TierProgram } from './form'
import { TierCard } from './TierCard'
import '../common.scss'
import './index.scss'

/** The tier program: basis, window, downgrade, and each tier of the ladder. */
function AdminTiers() {
  const tiers = useResource('adminGetTiers', { reloadOnShow: false })
  const templates = useResource('adminListCouponTemplates', { reloadOnShow: false })
  const [form, setForm] = useState<Form | null>(null)
  const [saved, setSaved] = useState(false)
  // The program to save, once 保存 is tapped: shown before → after until confirmed.
  const [pending, setPending] = useState<TierProgram | null>(null)
  const data = tiers.data

  useEffect(() => {
    if (data && !form) setForm(formOf(data))
  }, [data, form])

  const save = useSubmit(async (body: TierProgram) => {
    // The body is the program only: rev/updatedAt/updatedBy are the server's.
    const res = await request('adminPutTiers', { body })
    tiers.setData(res)
    setForm(formOf(res))
    setSaved(true)
    setPending(null)
  })

  if (!form || !data) {
    return <PageLoading page='tiers' error={tiers.error} errorId='tiers-load-error' />
  }

  const change = (patch: Partial<Form>) => {
    setForm((f) => (f ? { ...f, ...patch } : f))
    setSaved(false)
    setPending(null)
  }
  const changeTier = (i: number, patch: Partial<TierForm>) => change({ tiers: form.tiers.map((t, j) => (j === i ? { ...t, ...patch } : t)) })
  // The thresholds' unit changes: yuan ↔ points. Keep the number, drop the yuan's decimals.
  const changeBasis = (basis: Basis) =>
    basis !== form.basis && change({ basis, tiers: form.tiers.map((t) => ({ ...t, threshold: basis === 'points' ? t.threshold.replace(/\.\d*$/, '') : t.threshold })) })
  const submit = () => {
    if (save.busy) return
    setSaved(false)
    const body = programOf(form)
    if (typeof body === 'string') return save.setError(body)
    save.setError(null)
    setPending(body)
  }
  const gifts = (templates.data?.templates ?? []).filter((t) => t.state === 'active' && t.definition.kind !== 'stampCard').map((t) => ({ value: t.id, label: t.definition.name }))

  return (
    <View className='page admin-page admin-tiers'>
      <View className='card'>
        <View className='title'>会员等级</View>
        {data.updatedAt ? (
          <View id='tiers-updated' className='muted'>
            最近修改 {formatTime(data.updatedAt)}
            {` · ${actorName(data.updatedBy)}`}
          </View>
        ) : null}
        <Field label='评定依据'>
          <ChoiceChips idPrefix='tiers-basis' options={BASES} value={form.basis} onChange={changeBasis} />
        </Field>
        <Field label='评定周期'>
          <ChoiceChips idPrefix='tiers-window' options={WINDOWS} value={form.windowKind} onChange={(windowKind) => change({ windowKind })} />
          {form.windowKind === 'rolling' ? (
            <View className='row'>
              <Text className='muted'>近</Text>
              <TextInput id='tiers-window-months' className='input months' type='number' value={form.months} onChange={(months) => change({ months })} />
              <Text className='muted'>个月</Text>
            </View>
          ) : null}
        </Field>
        <Field label='降级方式'>
          <ChoiceChips idPrefix='tiers-downgrade' options={DOWNGRADES} value={form.downgrade} onChange={(downgrade) => change({ downgrade })} />
        </Field>
      </View>

      {form.tiers.map((t, i) => (
        <TierCard key={t.def.code} t={t} index={i} error={save.error} basis={form.basis} gifts={gifts} change={(patch) => changeTier(i, patch)} />
      ))}
      <SideNote what='优惠券列表（生日礼）' error={templates.error} />

      <View className='card'>
        {pending ? null : (
          <SubmitButton id='tiers-save' busy={save.busy} onClick={submit}>
            保存
          </SubmitButton>
        )}
        <ErrorNote id='tiers-error' error={adminError(save.error, Object.fromEntries(form.tiers.map((t, i) => [`tiers.${i}`, t.def.name])))} />
        {saved ? <Done id='tiers-saved'>已保存</Done> : null}
      </View>
      {pending ? (
        <ConfirmCard
          id='tiers-confirm'
          title='确认修改会员等级'
          lines={tierChanges(data, pending)}
          note='新的门槛和倍数自下一次评定和下一笔消费起适用。'
          busy={save.busy}
          onConfirm={() => void save.submit(pending)}
          onCancel={() => setPending(null)}
        />
      ) : null}
    </View>
  )
}

/** For admins only: signed out, it asks to sign in and comes back; another role is told and shown the way back. */
export default function AdminTiersPage() {
  return (
    <RoleGate role='admin' title='会员等级'>
      <AdminTiers />
    </RoleGate>
  )
}
