import { useMemo, useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { ApiError, request } from '../../api/client'
import { ErrorNote, RoleGate, useResource, useSubmit } from '../../kit'
import { TextInput } from '../../kit/fields'
import { adminError } from '../errors'
import { AdjustForm } from './AdjustForm'
import { useMemberFile, type Member } from './file'
import { ManualTierForm } from './ManualTierForm'
import { MemberCard } from './MemberCard'
import { History, Ledger } from './Records'
import { MemberSurveysCard } from '../../components/surveys/MemberSurveys'
import '../common.scss'
import './index.scss'

/** 会员查询: find a member by phone; her card, points adjustment, manual tier, ledger and history. */
function AdminMembers() {
  const [phone, setPhone] = useState('')
  const [member, setMember] = useState<Member | null>(null)
  // Each search starts the forms afresh.
  const [searches, setSearches] = useState(0)
  const tiers = useResource('adminGetTiers', { reloadOnShow: false })
  const file = useMemberFile(member?.id ?? null)

  const find = useSubmit(async (p: string) => {
    try {
      const m = await request('adminFindMember', { query: { phone: p } })
      // The same member again: her records are read again too.
      if (m.id === member?.id) void file.reload()
      setMember(m)
      setSearches((n) => n + 1)
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404)) throw e
      setMember(null)
      throw '未找到该手机号的会员'
    }
  })
  // After a change: the member and her records again (a failure is shown, the change stands).
  const refresh = useSubmit(async (m?: Member) => {
    const [fresh] = await Promise.all([m ?? request('adminGetMember', { params: { memberId: member!.id } }), file.reload()])
    setMember(fresh)
  })

  const search = () => {
    if (find.busy) return
    const p = phone.replace(/\s/g, '')
    if (!/^1\d{10}$/.test(p)) return find.setError('请输入 11 位手机号')
    void find.submit(p)
  }
  const ladder = useMemo(() => [...(tiers.data?.tiers ?? [])].sort((a, b) => a.rank - b.rank), [tiers.data])
  const tierName = (code: string) => ladder.find((t) => t.code === code)?.name ?? code

  return (
    <View className='page admin-page admin-members'>
      <View className='card'>
        <View className='title'>会员查询</View>
        <View className='row'>
          <TextInput id='member-search-phone' className='input grow' type='number' maxlength={11} placeholder='会员手机号' value={phone} onChange={setPhone} onConfirm={search} />
          <Button id='member-search-submit' className='row-side search-btn' type='primary' loading={find.busy} onClick={search}>
            查询
          </Button>
        </View>
        <ErrorNote id='member-search-error' error={adminError(find.error) || adminError(refresh.error) || adminError(tiers.error)} />
      </View>
      {member ? (
        <>
          <MemberCard member={member} tierName={tierName} insight={file.insight.data} insightError={file.insight.error} onRevealed={() => void file.audit.reload()} />
          <MemberSurveysCard memberId={member.id} />
          <AdjustForm key={`adjust-${searches}`} memberId={member.id} onAdjusted={() => refresh.submit()} />
          <ManualTierForm key={`manual-${searches}`} member={member} ladder={ladder} tierName={tierName} onSet={(m) => refresh.submit(m)} />
          <Ledger memberId={member.id} ledger={file.ledger} />
          <History file={file} tierName={tierName} />
          <Button id='member-audit-link' block onClick={() => void Taro.navigateTo({ url: `/admin/audit/index?member=${member.id}` })}>
            在审计日志中查看该会员的全部记录
          </Button>
        </>
      ) : null}
    </View>
  )
}

/** For admins only: signed out, it asks to sign in and comes back; another role is told and shown the way back. */
export default function AdminMembersPage() {
  return (
    <RoleGate role='admin' title='会员查询'>
      <AdminMembers />
    </RoleGate>
  )
}
