import { useEffect, useMemo, useState } from 'react'
import { View } from '@tarojs/components'
import type { EarningRulesVersion } from '@shared/contract/program'
import { request } from '../../api/client'
import { ChoiceChips, ErrorNote, RoleGate, useResource, useSubmit } from '../../kit'
import { Done, Field, SideNote, SubmitButton, TextInput } from '../../kit/fields'
import { FieldNote, adminError } from '../errors'
import { ConfirmCard, PageLoading } from '../ui'
import { formatDate, formatTime } from '../common'
import { STARTS, effectiveFromOf, formOf, rulesOf, type Form } from './form'
import { rulesChanges } from './changes'
import { Preview } from './Preview'
import { BirthdaySection, EventsSection, ExpirySection, SpendSection, Versions } from './Sections'
import '../common.scss'
import './index.scss'

/** Earning rules: the live preview, the rules as a form, saved as a new version; the version history. */
function AdminRules() {
  const rules = useResource('adminGetRules', { reloadOnShow: false })
  const tiers = useResource('adminGetTiers', { reloadOnShow: false })
  const [form, setForm] = useState<Form | null>(null)
  const [saved, setSaved] = useState<EarningRulesVersion | null>(null)
  // Saving asks first: the changes before → after, with their warnings, then 确认保存.
  const [confirming, setConfirming] = useState(false)
  const data = rules.data

  // The form starts from the version in force once; a reload after saving keeps what is typed.
  useEffect(() => {
    if (data && !form) setForm(formOf(data.current))
  }, [data, form])

  const ladder = useMemo(() => [...(tiers.data?.tiers ?? [])].sort((a, b) => a.rank - b.rank), [tiers.data])
  const built = useMemo(() => (form && data ? rulesOf(form, data.current) : null), [form, data])

  const save = useSubmit(async (effectiveFrom: string | undefined) => {
    if (!built) return
    // Only the input's own fields: the server assigns version/createdAt/createdBy; no effectiveFrom = now.
    const { spend, events, birthday, holdingDays, expiry } = built.rules
    setSaved(await request('adminPutRules', { body: { spend, events, birthday, holdingDays, expiry, ...(effectiveFrom ? { effectiveFrom } : {}) } }))
    setConfirming(false)
    await Promise.all([rules.reload(), tiers.reload()])
  })

  if (!form || !data || !built) {
    return <PageLoading page='rules' error={rules.error} errorId='rules-load-error' />
  }

  const change = (patch: Partial<Form>) => {
    setForm((f) => (f ? { ...f, ...patch } : f))
    setSaved(null)
    setConfirming(false)
  }
  const start = effectiveFromOf(form, formatDate(new Date().toISOString()))
  const submit = () => {
    if (save.busy) return
    setSaved(null)
    if (built.errors.length) return save.setError(built.errors.join('；'))
    if ('issue' in start) return save.setError({ path: 'effectiveFrom', message: start.issue })
    save.setError(null)
    setConfirming(true)
  }
  const confirm = () => {
    if (save.busy || 'issue' in start) return
    void save.submit(start.at)
  }
  const startText = 'at' in start && start.at ? `${formatTime(start.at)} 起生效（北京时间）` : '保存后立即生效'

  return (
    <View className='page admin-page admin-rules'>
      <View className='card'>
        <View className='title'>积分规则</View>
        <View id='rules-current' className='muted'>
          当前第 {data.current.version} 版 · {formatTime(data.current.effectiveFrom)} 起生效
        </View>
        <SideNote what='最新版本' error={rules.error} />
      </View>
      <Preview rules={built.rules} errors={built.errors} ladder={ladder} tiersError={tiers.error} birthdayBonus={form.birthdayMode === 'bonus' ? form.birthdayPoints : null} />
      <SpendSection form={form} change={change} />
      <BirthdaySection form={form} change={change} />
      <ExpirySection form={form} change={change} />
      <EventsSection form={form} change={change} current={data.current} />
      <View className='card'>
        <Field label='生效时间'>
          <ChoiceChips id='rules-start' idPrefix='rules-start' options={STARTS} value={form.start} onChange={(v) => change({ start: v })} />
          {form.start === 'date' ? (
            <TextInput id='rules-start-day' maxlength={10} placeholder='如 2026-12-05（当天 0 点起）' value={form.startDate} onChange={(startDate) => change({ startDate })} />
          ) : null}
          <FieldNote id='rules-start-error' error={save.error} path='effectiveFrom' />
        </Field>
        {confirming ? null : (
          <SubmitButton id='rules-save' busy={save.busy} onClick={submit}>
            保存为新版本
          </SubmitButton>
        )}
        <ErrorNote id='rules-error' error={adminError(save.error)} />
        {saved ? (
          <Done id='rules-saved'>
            已保存为第 {saved.version} 版，{saved.effectiveFrom > new Date().toISOString() ? `${formatTime(saved.effectiveFrom)} 起生效` : '立即生效'}
          </Done>
        ) : null}
      </View>
      {confirming ? (
        <ConfirmCard
          id='rules-confirm'
          title={`确认保存为第 ${data.versions.reduce((n, v) => Math.max(n, v.version), data.current.version) + 1} 版`}
          lines={rulesChanges(data.current, built.rules)}
          note={<View id='rules-confirm-start'>{startText}；已有的积分不受影响。</View>}
          busy={save.busy}
          onConfirm={confirm}
          onCancel={() => setConfirming(false)}
        />
      ) : null}
      <Versions data={data} />
    </View>
  )
}

/** For admins only: signed out, it asks to sign in and comes back; another role is told and shown the way back. */
export default function AdminRulesPage() {
  return (
    <RoleGate role='admin' title='积分规则'>
      <AdminRules />
    </RoleGate>
  )
}
