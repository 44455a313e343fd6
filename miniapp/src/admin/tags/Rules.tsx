import { useState } from 'react'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { request } from '../../api/client'
import { ChoiceChips, Empty, ErrorNote, useSubmit } from '../../kit'
import { Done, InputField, SubmitButton } from '../../kit/fields'
import { adminError } from '../errors'
import { KINDS, ruleBody, ruleText, toggled, type Kind, type Rule } from './rules'

/** 自动打标签规则: each rule can be switched off and on, or deleted. */
export function RuleList({ rules, onChanged }: { rules: Rule[] | null; onChanged: () => Promise<unknown> }) {
  const change = useSubmit(async (run: () => Promise<unknown>) => {
    await run()
    await onChanged()
  })
  return (
    <View className='card'>
      <View className='section-title'>自动打标签规则</View>
      <View id='rule-list'>
        {rules && rules.length === 0 ? <Empty id='rule-empty' className='muted'>暂无规则</Empty> : null}
        {(rules ?? []).map((r) => (
          <View key={r.id} className='list-row between rule-row' data-rule-id={r.id}>
            <View className={r.enabled ? 'rule-text' : 'rule-text rule-off'}>
              {ruleText(r)}
              {r.enabled ? '' : '（已停用）'}
            </View>
            <View className='rule-actions'>
              <Button id={`rule-toggle-${r.id}`} size='small' onClick={() => void change.submit(() => request('adminUpdateTagRule', { params: { ruleId: r.id }, body: toggled(r) }))}>
                {r.enabled ? '停用' : '启用'}
              </Button>
              <Button id={`rule-delete-${r.id}`} size='small' type='danger' fill='outline' onClick={() => void change.submit(() => request('adminDeleteTagRule', { params: { ruleId: r.id } }))}>
                删除
              </Button>
            </View>
          </View>
        ))}
      </View>
      <ErrorNote error={adminError(change.error)} />
    </View>
  )
}

/** 新增规则: a kind, its value, and the tag it gives. */
export function RuleForm({ onCreated }: { onCreated: () => Promise<unknown> }) {
  const [kind, setKind] = useState<Kind>('skuNameContains')
  const [value, setValue] = useState('')
  const [tag, setTag] = useState('')
  const [done, setDone] = useState('')
  const create = useSubmit(async () => {
    const body = ruleBody(kind, value, tag)
    if (typeof body === 'string') throw body
    const r = await request('adminCreateTagRule', { body })
    setDone(`已添加：${ruleText(r)}`)
    setValue('')
    setTag('')
    await onCreated()
  })
  const k = KINDS.find((x) => x.value === kind)!

  return (
    <View id='rule-form' className='card'>
      <View className='section-title'>新增规则</View>
      <ChoiceChips
        idPrefix='rule-kind'
        options={KINDS}
        value={kind}
        onChange={(next) => {
          setKind(next)
          setValue('')
        }}
      />
      <InputField label={k.label} id='rule-value' placeholder={k.hint} value={value} onChange={setValue} />
      <InputField label='打上标签' id='rule-tag' maxlength={20} placeholder='如 蕾丝' value={tag} onChange={setTag} />
      <SubmitButton
        id='rule-submit'
        busy={create.busy}
        onClick={() => {
          setDone('')
          void create.submit()
        }}
      >
        添加规则
      </SubmitButton>
      <ErrorNote id='rule-error' error={adminError(create.error)} />
      <Done id='rule-result'>{done}</Done>
    </View>
  )
}
