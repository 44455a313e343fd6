import { useState } from 'react'
import { View } from '@tarojs/components'
import type { Store } from '@shared/contract'
import { ApiError, request } from '../../api/client'
import { RoleGate, useResource, useSubmit } from '../../kit'
import { getSession } from '../../session'
import { signedInId } from '../common'
import { TitleBar, PageLoading } from '../ui'
import { Admins } from './Admins'
import { StoreForm, nextStoreId, type StoreDraft } from './StoreForm'
import { StorePanel } from './StorePanel'
import '../common.scss'
import './index.scss'

/**
 * Stores and staff (issue 16): every store, open or closed; a new store; per store its managers and
 * clerks, invites, appointing and removing; the brand's admins. Removals take effect within a minute.
 */
function AdminStores() {
  const stores = useResource('adminStores')
  const [formKey, setFormKey] = useState(0)
  const [created, setCreated] = useState('')
  const create = useSubmit(async (d: StoreDraft) => {
    // The store's code is made here; a code taken meanwhile is drawn again from a fresh list.
    for (let i = 0; i < 3; i++) {
      const list = (await stores.reload())?.stores ?? stores.data?.stores ?? []
      try {
        return await request('createStore', { body: { storeId: nextStoreId(list), name: d.name, city: d.city, ...(d.address.trim() ? { address: d.address } : {}) } })
      } catch (e) {
        if (!(e instanceof ApiError && e.code === 'store_exists')) throw e
      }
    }
    throw new Error('门店编号冲突，请稍后重试')
  })
  if (!stores.data) return <PageLoading page='stores' error={stores.error} errorId='stores-error' />
  const list = stores.data.stores
  const replace = (s: Store) => stores.setData({ stores: list.map((x) => (x.storeId === s.storeId ? s : x)) })

  return (
    <View className='page admin-page admin-stores'>
      <View className='card'>
        <TitleBar title='门店与员工' reloadId='stores-reload' loading={stores.loading} onReload={stores.reload} />
        <View className='muted'>关闭的门店不能收银，会员投诉时也不再显示。</View>
      </View>
      <View id='stores-list' className='card'>
        <View className='section-title'>门店（{list.length}）</View>
        {list.map((s, i) => (
          <StorePanel key={s.storeId} store={s} index={i} onChanged={replace} />
        ))}
      </View>
      <View className='card'>
        <View className='section-title'>新建门店</View>
        <StoreForm
          key={formKey}
          id='store-create'
          initial={{ name: '', city: '', address: '' }}
          busy={create.busy}
          error={create.error}
          submitText='新建门店'
          onSubmit={(d) =>
            void create.submit(d).then((s) => {
              if (!s) return
              setCreated(`已新建「${s.name}」`)
              setFormKey((k) => k + 1)
              void stores.reload()
            })
          }
        />
        {created ? (
          <View id='store-created' className='success'>
            {created}
          </View>
        ) : null}
      </View>
      <Admins me={signedInId(getSession()?.token)} />
    </View>
  )
}

/** For admins only: signed out, it asks to sign in and comes back; another role is told and shown the way back. */
export default function AdminStoresPage() {
  return (
    <RoleGate role='admin' title='门店与员工'>
      <AdminStores />
    </RoleGate>
  )
}
