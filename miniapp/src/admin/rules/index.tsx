import { useEffect, useMemo, useState } from 'react'
import { View } from '@tarojs/components'
import type { EarningRulesVersion } from '@shared/contract/program'
import { request } from '../../api/client'
import { ErrorNote, RoleGate, useResource, useSubmit } from '../../kit'
import { Done, SideNote, SubmitButton } from '../../kit/fields'
import { adminError } from '../errors'
import { PageLoading } from '../ui'
import { formatTime } from '../common'
import { formOf, rulesOf, type Form } from './form'
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
  const data = rules.data

  // The form starts from the version in force once; a reload after saving keeps what is typed.
  useEffect(() => {
    if (data && !form) setForm(formOf(data.current))
  }, [data, form])

  const ladder = useMemo(() => [...(tiers.data?.tiers ?? [])].sort((a, b) => a.rank - b.rank), [tiers.data])
  const built = useMemo(() => (form && data ? rulesOf(form, data.current) : null), [form, data])

  const save = useSubmit(async () => {
    if (!built) return
    // Only the input's own fields: the server assigns version/createdAt/createdBy; effectiveFrom = now.
    const { spend, events, birthday, holdingDays, expiry } = built.rules
    setSaved(await request('adminPutRules', { body: { spend, events, birthday, holdingDays, expiry } }))
    await Promise.all([rules.reload(), tiers.reload()])
  })

  if (!form || !data || !built) {
    return <PageLoading page='rules' error={rules.error} errorId='rules-load-error' />
  }

  const change = (patch: Partial<Form>) => {
    setForm((f) => (f ? { ...f, ...patch } : f))
    setSaved(null)
  }
  const submit = () => {
    if (save.busy) return
    setSaved(null)
    if (built.errors.length) return save.setError(built.errors.join('；'))
    void save.submit()
  }

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
        <SubmitButton id='rules-save' busy={save.busy} onClick={submit}>
          保存为新版本
        </SubmitButton>
        <ErrorNote id='rules-error' error={adminError(save.error)} />
        {saved ? <Done id='rules-saved'>已保存为第 {saved.version} 版，立即生效</Done> : null}
      </View>
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
