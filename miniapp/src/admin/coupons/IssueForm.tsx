import { useState } from 'react'
import { View } from '@tarojs/components'
import type { RouteResponse } from '@shared/contract/routes'
import { request } from '../../api/client'
import { ChoiceChips, ErrorNote, useSubmit } from '../../kit'
import { Done, SideNote, SubmitButton, TextInput } from '../../kit/fields'
import { adminError } from '../errors'
import type { Template } from './form'

type Tier = RouteResponse<'adminGetTiers'>['tiers'][number]

const newBatchId = () => `B${Date.now().toString(36)}`

/** 定向发放: one template to chosen members (phones) or a whole tier. */
export function IssueForm({ templates, tiers, tiersError, onIssued }: { templates: Template[]; tiers: Tier[]; tiersError: unknown; onIssued: () => Promise<unknown> }) {
  const [tpl, setTpl] = useState('')
  const [phones, setPhones] = useState('')
  const [tier, setTier] = useState('')
  // A retry of this send (same values) keeps the batch id; a successful send starts a new one.
  const [batch, setBatch] = useState(newBatchId)
  const [result, setResult] = useState('')
  const send = useSubmit(async (body: { tierCode: string } | { phones: string[] }) => {
    const r = await request('issueCoupons', { params: { templateId: tpl }, body: { batchId: batch, ...body } })
    const refused = r.refused.length ? `，${r.refused.length} 个未发放（${r.refused.map((x) => `${x.target}:${x.reason}`).join('、')}）` : ''
    setResult(`已发放 ${r.issued} 张${r.repeated ? `，${r.repeated} 张此前已发` : ''}${refused}`)
    setBatch(newBatchId())
    await onIssued()
  })

  function issue() {
    if (send.busy) return
    setResult('')
    const list = phones.split(/[\s,，]+/).filter(Boolean)
    if (!tpl) return send.setError('请选择优惠券')
    if (!tier && list.length === 0) return send.setError('请填写手机号或选择等级')
    void send.submit(tier ? { tierCode: tier } : { phones: list })
  }

  return (
    <View id='issue-form' className='card'>
      <View className='section-title'>定向发放</View>
      <ChoiceChips
        className='chips'
        idPrefix='issue-tpl'
        options={templates.filter((t) => t.state === 'active').map((t) => ({ value: t.id, label: t.definition.name }))}
        value={tpl}
        onChange={setTpl}
      />
      <View className='label'>手机号（多个用逗号或换行分隔）</View>
      <TextInput
        id='issue-phones'
        value={phones}
        placeholder='13800000000, 13900000000'
        onChange={(v) => {
          setPhones(v)
          setTier('')
        }}
      />
      <View className='label'>或发给整个等级</View>
      <ChoiceChips className='chips' idPrefix='issue-tier' options={tiers.map((t) => ({ value: t.code, label: t.name }))} value={tier} onChange={(code) => setTier(tier === code ? '' : code)} />
      <SideNote what='等级列表' error={tiersError} />
      <SubmitButton id='issue-submit' busy={send.busy} onClick={issue}>
        发放
      </SubmitButton>
      <Done id='issue-result'>{result}</Done>
      <ErrorNote id='issue-error' error={adminError(send.error)} />
    </View>
  )
}
