import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { Invite } from '@shared/contract'
import { request } from '../../api/client'
import { ErrorNote, LoadGate, RoleGate, useResource, useSubmit } from '../../kit'
import { InviteCard } from '../../components/invite'
import { StaffList } from '../../components/staff'
import { PosterCode } from '../../components/poster/PosterCode'
import { getSession } from '../../session'

/**
 * The store manager's team (issue 16): her store's managers and clerks, an invite (QR code + code, 24 h,
 * single use) for a new clerk, removing a clerk (refused on every route within a minute), and the store's
 * registration poster code (小程序码).
 */
function Team({ storeId }: { storeId: string }) {
  const team = useResource('storeStaff', { params: { storeId } })
  const [invite, setInvite] = useState<Invite | null>(null)
  const inviting = useSubmit(() => request('createInvite', { params: { storeId }, body: { position: 'clerk' } }))
  const removing = useSubmit((openid: string) => request('removeStaff', { params: { storeId, openid } }))
  const [notice, setNotice] = useState('')

  if (!team.data) return <LoadGate error={team.error} errorId='team-error' />
  return (
    <View className='page team-page'>
      <View className='card'>
        <View id='team-store' className='title'>
          {team.data.store.name}
        </View>
        <View className='muted'>{team.data.store.open ? '营业中' : '门店已关闭：不能收银，也不能邀请新店员'}</View>
        <View className='actions'>
          <Button id='team-invite' type='primary' block loading={inviting.busy} onClick={() => void inviting.submit().then((r) => r && setInvite(r))}>
            邀请店员
          </Button>
          <Button id='team-insight-link' type='primary' fill='outline' block onClick={() => void Taro.navigateTo({ url: '/staff/insight/index' })}>
            门店看板
          </Button>
        </View>
        <ErrorNote id='team-invite-error' error={inviting.error} />
        {team.data.store.open ? (
          <PosterCode id='team-poster' make={() => request('storePoster', { params: { storeId } })} hint='门店拉新海报：顾客扫码注册即计入本店' />
        ) : null}
      </View>
      {invite ? <InviteCard invite={invite} onClose={() => setInvite(null)} /> : null}
      <View className='card'>
        <View className='section-title'>本店员工（{team.data.staff.length}）</View>
        <StaffList
          id='team-staff'
          staff={team.data.staff}
          canRemove={(s) => s.position === 'clerk'}
          onRemove={async (s) => {
            if (await removing.submit(s.openid)) {
              setNotice(`已移除${s.name ?? '该店员'}`)
              await team.reload()
            }
          }}
        />
        <ErrorNote id='team-remove-error' error={removing.error} />
        {notice ? (
          <View id='team-notice' className='muted'>
            {notice}
          </View>
        ) : null}
      </View>
    </View>
  )
}

/** For store managers: signed out, it asks to sign in and comes back; others are told who it is for. */
export default function TeamPage() {
  const session = getSession()
  return (
    <RoleGate role='manager' title='门店团队' needsStore>
      <Team storeId={session?.storeId ?? ''} />
    </RoleGate>
  )
}
