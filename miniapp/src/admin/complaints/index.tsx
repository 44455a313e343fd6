import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { ComplaintDetail, ComplaintView } from '@shared/contract'
import { request } from '../../api/client'
import { ComplaintRow, STATE_LABEL } from '../../components/complaints'
import { ChoiceChips, Empty, ErrorNote, RoleGate, useResource, useSubmit } from '../../kit'
import { TextInput } from '../../kit/fields'
import { formatTime } from '../../utils/format'
import { adminError } from '../errors'
import { TitleBar } from '../ui'
import { Detail } from './Detail'
import { StoreChips, useStoreNames } from '../../components/store/names'
import '../common.scss'
import '../../components/complaints/complaints.scss'

type State = ComplaintView['state'] | 'all'
const STATES = (['all', 'new', 'in_progress', 'resolved', 'closed'] as const).map((s) => ({ value: s, label: s === 'all' ? '全部' : STATE_LABEL[s] }))

/** The service desk: complaints by state, overdue and store; assign, reply, start, resolve, close. */
function AdminComplaints() {
  const [store, setStore] = useState('')
  const stores = useStoreNames()
  // The filter the list shows: the state, overdue and store chips apply at once.
  const [filter, setFilter] = useState<{ state: State; overdue: boolean; store: string }>({ state: 'all', overdue: false, store: '' })
  const list = useResource('adminComplaints', {
    query: { state: filter.state === 'all' ? undefined : filter.state, overdue: filter.overdue ? 'true' : undefined, storeId: filter.store.trim() || undefined },
  })
  const [open, setOpen] = useState<ComplaintDetail | null>(null)
  const show = useSubmit(async (id: string) => setOpen(await request('adminComplaint', { params: { complaintId: id } })))
  const apply = (next: Partial<typeof filter>) => {
    const f = { ...filter, store, ...next }
    if (JSON.stringify(f) === JSON.stringify(filter)) void list.reload()
    else setFilter(f)
  }

  if (open) {
    return (
      <Detail
        key={open.id}
        complaint={open}
        onChanged={(c) => {
          setOpen(c)
          void list.reload()
        }}
        onBack={() => setOpen(null)}
      />
    )
  }

  return (
    <View className='page admin-page complaints-page admin-complaints'>
      <View className='card'>
        <TitleBar title='投诉工单' reloadId='desk-reload' loading={list.loading} onReload={list.reload} />
        <View className='choices'>
          <ChoiceChips className='choices desk-states' idPrefix='desk-state' options={STATES} value={filter.state} onChange={(state) => apply({ state })} />
          <Button id='desk-overdue' size='small' type={filter.overdue ? 'danger' : 'default'} onClick={() => apply({ overdue: !filter.overdue })}>
            只看超时
          </Button>
        </View>
        <StoreChips
          id='desk-store'
          value={store}
          onChange={(s) => {
            setStore(s)
            apply({ store: s })
          }}
        />
      </View>
      <ErrorNote id='desk-error' error={adminError(show.error) || adminError(list.error)} />
      {list.data ? (
        <View id='desk-list' className='card'>
          {list.data.complaints.length === 0 ? <Empty id='desk-empty' className='muted'>没有符合条件的投诉</Empty> : null}
          {list.data.complaints.map((c) => (
            <ComplaintRow key={c.id} complaint={c} id={`desk-row-${c.id}`} className='list-row' storeName={stores.nameOf(c.storeId)} onClick={() => void show.submit(c.id)}>
              <View className='muted'>
                {formatTime(c.createdAt)} · {c.id}
                {c.assignee ? ` · ${c.assignee}` : ''}
              </View>
              {c.overdue ? <Text className='overdue-badge'>超时未回复</Text> : null}
            </ComplaintRow>
          ))}
        </View>
      ) : null}
    </View>
  )
}

/** For admins only: signed out, it asks to sign in and comes back; another role is told and shown the way back. */
export default function AdminComplaintsPage() {
  return (
    <RoleGate role='admin' title='投诉工单'>
      <AdminComplaints />
    </RoleGate>
  )
}
