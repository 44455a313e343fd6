import { useEffect, useState } from 'react'
import { Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { PolicyKind } from '@shared/contract'
import { request } from '../../api/client'
import { ChoiceChips, ErrorNote, RoleGate, useResource, useSubmit } from '../../kit'
import { Done, InputField } from '../../kit/fields'
import { adminError } from '../errors'
import { PageLoading, TitleBar } from '../ui'
import { formatDate, formatTime } from '../common'
import { bodyOf, draftOf, type PolicyDraft } from './draft'
import '../common.scss'
import './index.scss'

const KINDS = [
  { value: 'terms' as const, label: '会员服务协议' },
  { value: 'privacy' as const, label: '隐私政策' },
]
const NAMES = { title: '标题', intro: '导言', sections: '条款', effectiveFrom: '生效日期' }

/** 协议与隐私政策: each save is a new version with the day it applies from; members see the version in force. */
function AdminPolicies() {
  const [kind, setKind] = useState<PolicyKind>('terms')
  const policy = useResource('adminPolicy', { params: { kind }, reloadOnShow: false })
  const [draft, setDraft] = useState<PolicyDraft | null>(null)
  const [confirming, setConfirming] = useState(false)
  const [saved, setSaved] = useState('')
  const save = useSubmit((body: ReturnType<typeof bodyOf>) => request('savePolicy', { params: { kind }, body }))
  useEffect(() => setDraft(policy.data ? draftOf(policy.data.latest) : null), [policy.data])

  if (!policy.data || !draft) return <PageLoading page='policies' error={policy.error} errorId='policies-error' />
  const p = policy.data
  const set = (patch: Partial<PolicyDraft>) => {
    setSaved('')
    setDraft({ ...draft, ...patch })
  }
  const setSection = (i: number, patch: Partial<PolicyDraft['sections'][number]>) => set({ sections: draft.sections.map((s, j) => (j === i ? { ...s, ...patch } : s)) })
  const confirm = () =>
    void save.submit(bodyOf(draft)).then(async (r) => {
      setConfirming(false)
      if (!r) return
      setSaved(`已保存为第 ${r.version} 版，${r.effectiveFrom} 起生效`)
      await policy.reload()
    })

  return (
    <View className='page admin-page admin-policies'>
      <View className='card'>
        <TitleBar title='协议与隐私政策' reloadId='policies-reload' loading={policy.loading} onReload={policy.reload} />
        <ChoiceChips idPrefix='policy-kind' className='choices' options={KINDS} value={kind} onChange={(k) => { setKind(k); setConfirming(false); setSaved('') }} />
        <View id='policy-current' className='muted'>
          会员现在看到的是第 {p.current.version} 版（{p.current.effectiveFrom} 起生效）{p.latest.version !== p.current.version ? `；第 ${p.latest.version} 版将于 ${p.latest.effectiveFrom} 起生效` : ''}。每次保存都会生成新版本，注册时记录会员同意的版本。
        </View>
      </View>
      <View id='policy-editor' className='card'>
        <View className='section-title'>编辑新版本（基于第 {p.latest.version} 版）</View>
        <InputField id='policy-title' label='标题' value={draft.title} maxlength={40} onChange={(title) => set({ title })} />
        <View className='field'>
          <Text className='label'>导言</Text>
          <Textarea id='policy-intro' className='textarea' maxlength={1000} value={draft.intro} onInput={(e) => set({ intro: e.detail.value })} />
        </View>
        {draft.sections.map((s, i) => (
          <View key={i} className='policy-section'>
            <InputField id={`policy-section-${i}-title`} label={`第 ${i + 1} 条标题`} value={s.title} maxlength={40} onChange={(title) => setSection(i, { title })} />
            <View className='field'>
              <Text className='label'>内容（每行一段）</Text>
              <Textarea id={`policy-section-${i}-body`} className='textarea policy-body' maxlength={20000} value={s.body} onInput={(e) => setSection(i, { body: e.detail.value })} />
            </View>
            <Button id={`policy-section-${i}-remove`} size='small' disabled={draft.sections.length <= 1} onClick={() => set({ sections: draft.sections.filter((_, j) => j !== i) })}>
              删除此条
            </Button>
          </View>
        ))}
        <Button id='policy-section-add' size='small' onClick={() => set({ sections: [...draft.sections, { title: '', body: '' }] })}>
          添加一条
        </Button>
        <InputField id='policy-effective' label='生效日期（年-月-日，留空为今天）' value={draft.effectiveFrom} maxlength={10} placeholder='如 2026-12-31' onChange={(effectiveFrom) => set({ effectiveFrom })} />
        {confirming ? (
          <View id='policy-confirm' className='confirm-card'>
            <View>
              将保存为第 {p.latest.version + 1} 版，{draft.effectiveFrom.trim() || '今天'} 起生效。已注册会员同意的版本不变，新注册会员将同意新版本。
            </View>
            <View className='between'>
              <Button id='policy-confirm-cancel' onClick={() => setConfirming(false)}>
                返回修改
              </Button>
              <Button id='policy-confirm-ok' type='primary' loading={save.busy} onClick={confirm}>
                确认保存
              </Button>
            </View>
          </View>
        ) : (
          <Button id='policy-save' type='primary' block onClick={() => { setSaved(''); save.setError(null); setConfirming(true) }}>
            保存为新版本
          </Button>
        )}
        {saved ? <Done id='policy-saved'>{saved}</Done> : null}
        <ErrorNote id='policy-save-error' error={adminError(save.error, NAMES)} />
      </View>
      <View id='policy-versions' className='card'>
        <View className='section-title'>版本记录</View>
        {p.versions.map((v) => (
          <View key={v.version} className='list-row between'>
            <Text>第 {v.version} 版</Text>
            <Text className='muted'>
              {v.effectiveFrom} 起生效{v.savedAt ? ` · ${formatDate(v.savedAt)} 保存` : ' · 初始版本'}
            </Text>
          </View>
        ))}
        {p.versions.length === 0 ? <View className='muted'>暂无版本</View> : null}
        <View className='muted'>最近更新：{p.latest.savedAt ? formatTime(p.latest.savedAt) : '初始版本'}</View>
      </View>
    </View>
  )
}

export default function AdminPoliciesPage() {
  return (
    <RoleGate role='admin' title='协议与隐私政策'>
      <AdminPolicies />
    </RoleGate>
  )
}
