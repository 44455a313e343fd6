import { useState } from 'react'
import { View } from '@tarojs/components'
import { request } from '../../api/client'
import { ChoiceChips, ErrorNote, useSubmit } from '../../kit'
import { Done, InputField, SubmitButton } from '../../kit/fields'
import { adminError } from '../errors'
import type { Member, Tier } from './file'

/** 手动设置等级: a tier until a date, with a reason. */
export function ManualTierForm(p: { member: Member; ladder: Tier[]; tierName: (code: string) => string; onSet: (m: Member) => Promise<unknown> }) {
  const [code, setCode] = useState(p.member.manualTier?.code ?? p.member.tier.code)
  const [until, setUntil] = useState('')
  const [reason, setReason] = useState('')
  const [done, setDone] = useState(false)
  const set = useSubmit(async (day: string) => {
    const m = await request('adminSetTier', { params: { memberId: p.member.id }, body: { tierCode: code, until: day, reason: reason.trim() } })
    setDone(true)
    await p.onSet(m)
  })

  const submit = () => {
    if (set.busy) return
    setDone(false)
    if (!code) return set.setError('请选择等级')
    const day = until.trim()
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return set.setError('截止日期请按“年-月-日”填写，如 2026-12-31')
    if (reason.trim().length < 2) return set.setError('请填写原因（至少 2 个字）')
    void set.submit(day)
  }

  return (
    <View id='manual-form' className='card'>
      <View className='section-title'>手动设置等级</View>
      <ChoiceChips
        id='manual-tier'
        idPrefix='manual-tier'
        options={p.ladder.map((t) => ({ value: t.code, label: t.name }))}
        value={code}
        onChange={(c) => {
          setCode(c)
          setDone(false)
        }}
      />
      <InputField label='截止日期（含当天）' id='manual-until' placeholder='年-月-日，如 2026-12-31' maxlength={10} value={until} onChange={setUntil} />
      <InputField label='原因' id='manual-reason' maxlength={100} placeholder='必填' value={reason} onChange={setReason} />
      <SubmitButton id='manual-submit' busy={set.busy} onClick={submit}>
        设置等级
      </SubmitButton>
      <ErrorNote id='manual-error' error={adminError(set.error)} />
      {done ? (
        <Done id='manual-result'>
          已设置为 {p.tierName(code)}，至 {until.trim()}
        </Done>
      ) : null}
    </View>
  )
}
