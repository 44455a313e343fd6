import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { request } from '../../api/client'
import { Empty, ErrorNote, RoleGate, useResource, useSubmit } from '../../kit'
import { TextInput } from '../../kit/fields'
import { adminError } from '../errors'
import { RfmSettings } from './RfmSettings'
import { RuleForm, RuleList } from './Rules'
import '../common.scss'
import './index.scss'

/** Tags (the catalogue clerks pick from), tag rules evaluated on every order, and the RFM definitions. */
function AdminTags() {
  const tags = useResource('adminListTags')
  const rules = useResource('adminListTagRules')
  const rfm = useResource('adminGetRfmSettings')
  const [newTag, setNewTag] = useState('')
  const add = useSubmit(async (tag: string) => {
    tags.setData(await request('adminCreateTag', { body: { tag } }))
    setNewTag('')
  })
  const addTag = () => {
    const tag = newTag.trim()
    if (tag && !add.busy) void add.submit(tag)
  }
  const list = tags.data?.tags ?? null

  return (
    <View className='page admin-page admin-tags'>
      <ErrorNote id='tags-error' error={adminError(add.error) || adminError(tags.error || rules.error || rfm.error)} />
      <View className='card'>
        <View className='title'>标签</View>
        <View className='muted'>店员和管理员可手动给会员打标签；规则在每笔订单后自动打标签；也可在「会员分群」中批量打标签。</View>
        <View id='tag-list' style={{ marginTop: '16px' }}>
          {list && list.length === 0 ? <Empty id='tag-empty' className='muted'>暂无标签</Empty> : null}
          {(list ?? []).map((t) => (
            <Text key={t.tag} className='tag-chip' data-tag={t.tag}>
              {t.tag}
            </Text>
          ))}
        </View>
        <View className='row'>
          <TextInput id='tag-new' className='input grow' maxlength={20} placeholder='新标签，如 敏感肌' value={newTag} onChange={setNewTag} onConfirm={addTag} />
          <Button id='tag-add' type='primary' loading={add.busy} onClick={addTag}>
            添加
          </Button>
        </View>
      </View>
      <RuleList rules={rules.data?.rules ?? null} onChanged={() => Promise.all([tags.reload(), rules.reload()])} />
      <RuleForm onCreated={() => Promise.all([tags.reload(), rules.reload(), rfm.reload()])} />
      {rfm.data ? <RfmSettings rfm={rfm.data} onSaved={rfm.setData} /> : null}
    </View>
  )
}

/** For admins only: signed out, it asks to sign in and comes back; another role is told and shown the way back. */
export default function AdminTagsPage() {
  return (
    <RoleGate role='admin' title='标签与规则'>
      <AdminTags />
    </RoleGate>
  )
}
