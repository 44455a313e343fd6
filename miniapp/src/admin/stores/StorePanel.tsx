import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { Invite, Store } from '@shared/contract'
import { request } from '../../api/client'
import { ErrorNote, useResource, useSubmit } from '../../kit'
import { InviteCard } from '../../components/invite'
import { StaffList } from '../../components/staff'
import { PosterCode } from '../../components/poster/PosterCode'
import { adminError } from '../errors'
import { StoreForm, draftOf, type StoreDraft } from './StoreForm'

/**
 * One store: its state, 编辑, 关闭门店 / 恢复营业, and (opened) its managers and clerks with 邀请店员 /
 * 邀请店长, 设为店长 / 设为店员, 设为管理员 and 移除.
 */
/** Who a notice names: her name, or 该员工 when she has none on file. */
const staffName = (s: { name: string | null }) => s.name ?? '该员工'

export function StorePanel({ store, index, onChanged }: { store: Store; index: number; onChanged: (s: Store) => void }) {
  const [open, setOpen] = useState(false)
  const [editing, setEditing] = useState(false)
  const [invite, setInvite] = useState<Invite | null>(null)
  const [notice, setNotice] = useState('')
  const staff = useResource('storeStaff', { params: { storeId: store.storeId }, skip: !open })
  const save = useSubmit((body: { name: string; city: string; address: string | null; open: boolean }) => request('updateStore', { params: { storeId: store.storeId }, body }))
  const act = useSubmit(async (what: () => Promise<unknown>, done: string) => {
    await what()
    setNotice(done)
    await staff.reload()
  })
  const inviting = useSubmit((position: 'clerk' | 'manager') => request('createInvite', { params: { storeId: store.storeId }, body: { position } }))

  const saveDraft = async (d: StoreDraft) => {
    const r = await save.submit({ name: d.name, city: d.city, address: d.address.trim() || null, open: store.open })
    if (r) {
      onChanged(r)
      setEditing(false)
    }
  }
  const toggleOpen = async () => {
    const r = await save.submit({ name: store.name, city: store.city ?? '', address: store.address, open: !store.open })
    if (r) onChanged(r)
  }

  return (
    <View id={`store-${index}`} className='list-row store-row' data-store-id={store.storeId} data-open={String(store.open)}>
      <View className='between'>
        <Text className='store-name'>{store.name}</Text>
        <Text className={store.open ? 'store-state' : 'store-state closed'}>{store.open ? '营业中' : '已关闭'}</Text>
      </View>
      <View className='muted'>
        {store.city ?? ''}
        {store.address ? ` · ${store.address}` : ''}
      </View>
      {editing ? (
        <StoreForm id={`store-edit-${index}`} initial={draftOf(store)} busy={save.busy} error={save.error} submitText='保存' onSubmit={(d) => void saveDraft(d)} onCancel={() => setEditing(false)} />
      ) : (
        <View className='row'>
          <Button id={`store-staff-${index}`} size='small' type={open ? 'primary' : 'default'} onClick={() => setOpen(!open)}>
            {open ? '收起员工' : '员工与邀请'}
          </Button>
          <Button id={`store-edit-${index}`} size='small' onClick={() => setEditing(true)}>
            编辑
          </Button>
          <Button id={`store-toggle-${index}`} size='small' loading={save.busy} onClick={() => void toggleOpen()}>
            {store.open ? '关闭门店' : '恢复营业'}
          </Button>
        </View>
      )}
      {!editing ? <ErrorNote error={adminError(save.error)} /> : null}
      {open ? (
        <View className='store-staff'>
          <View className='row'>
            <Button id={`store-invite-clerk-${index}`} size='small' type='primary' loading={inviting.busy} onClick={() => void inviting.submit('clerk').then((r) => r && setInvite(r))}>
              邀请店员
            </Button>
            <Button id={`store-invite-manager-${index}`} size='small' loading={inviting.busy} onClick={() => void inviting.submit('manager').then((r) => r && setInvite(r))}>
              邀请店长
            </Button>
          </View>
          <ErrorNote error={adminError(inviting.error)} />
          {invite ? <InviteCard invite={invite} onClose={() => setInvite(null)} /> : null}
          {store.open ? <PosterCode id={`store-poster-${index}`} make={() => request('storePoster', { params: { storeId: store.storeId } })} hint='门店拉新海报：顾客扫码注册即计入本店' /> : null}
          {staff.data ? (
            <StaffList
              id={`store-staff-list-${index}`}
              staff={staff.data.staff}
              canRemove={() => true}
              onRemove={(s) => act.submit(() => request('removeStaff', { params: { storeId: store.storeId, openid: s.openid } }), `已移除${staffName(s)}`)}
              actions={(s) => (
                <>
                  <Button
                    size='small'
                    onClick={() =>
                      void act.submit(
                        () => request('setStaffPosition', { params: { storeId: store.storeId, openid: s.openid }, body: { position: s.position === 'manager' ? 'clerk' : 'manager' } }),
                        s.position === 'manager' ? `已将${staffName(s)}改为店员（对方重新登录后生效）` : `已任命${staffName(s)}为店长（对方重新登录后生效）`,
                      )
                    }
                  >
                    {s.position === 'manager' ? '改为店员' : '设为店长'}
                  </Button>
                  <Button size='small' onClick={() => void act.submit(() => request('grantAdmin', { body: { openid: s.openid } }), `已将${staffName(s)}设为管理员（对方重新登录后生效）`)}>
                    设为管理员
                  </Button>
                </>
              )}
            />
          ) : (
            <ErrorNote error={adminError(staff.error)} />
          )}
          <ErrorNote error={adminError(act.error)} />
          {notice ? <View className='muted'>{notice}</View> : null}
        </View>
      ) : null}
    </View>
  )
}
