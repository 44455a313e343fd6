import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { DeskMemberView } from '@shared/contract'
import { request } from '../../api/client'
import { Empty, ErrorNote, RoleGate, useSubmit } from '../../kit'
import { InputField, SubmitButton } from '../../kit/fields'
import { adminError } from '../errors'
import { MemberView } from './MemberView'
import '../common.scss'
import './index.scss'

/**
 * The desk's other tools (pages admin/desk/<page>), each with its button desk-link-<page>. Add new desk
 * pages here (换绑, merging members, birthday changes…).
 */
const DESK_LINKS: [page: string, text: string][] = [['merge', '合并重复会员'], ['rebind', '换绑申请']]

/** The service desk: one search box (phone, card number or member id), the member found and what can be done for her. */
function Desk() {
  const [q, setQ] = useState('')
  const [found, setFound] = useState<DeskMemberView[] | null>(null)
  const search = useSubmit(async () => {
    const text = q.trim()
    if (!text) throw '请输入手机号、卡号或会员编号'
    setFound((await request('deskSearch', { query: { q: text } })).members)
  })
  const replace = (m: DeskMemberView) => setFound((list) => (list ?? []).map((x) => (x.id === m.id ? m : x)))

  return (
    <View className='page admin-page admin-desk'>
      <View id='desk-search' className='card'>
        <View className='section-title'>查找会员</View>
        <InputField label='手机号 / 会员卡号 / 会员编号' id='desk-q' maxlength={64} value={q} onChange={setQ} onConfirm={() => void search.submit()} />
        <SubmitButton id='desk-search-submit' busy={search.busy} onClick={() => void search.submit()}>
          查找
        </SubmitButton>
        <ErrorNote id='desk-search-error' error={adminError(search.error, { q: '查找内容' })} />
        {found && found.length === 0 ? <Empty id='desk-none'>未找到会员</Empty> : null}
      </View>
      {(found ?? []).map((m) => (
        <MemberView key={m.id} m={m} onChanged={replace} />
      ))}
      {DESK_LINKS.length ? (
        <View className='card'>
          <View className='section-title'>更多客服工具</View>
          {DESK_LINKS.map(([page, text]) => (
            <Button key={page} id={`desk-link-${page.replace(/\W/g, '')}`} type='primary' fill='outline' block onClick={() => void Taro.navigateTo({ url: `/admin/desk/${page}/index` })}>
              {text}
            </Button>
          ))}
        </View>
      ) : null}
    </View>
  )
}

/** For admins only: signed out, it asks to sign in and comes back; another role is told and shown the way back. */
export default function AdminDeskPage() {
  return (
    <RoleGate role='admin' title='客服台'>
      <Desk />
    </RoleGate>
  )
}
