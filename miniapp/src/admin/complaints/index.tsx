import { useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { ComplaintDetail, ComplaintView } from '@shared/contract'
import { request } from '../../api/client'
import { messageFor } from '../../api/messages'
import { formatTime } from '../../utils/format'
import { ComplaintActions, ComplaintFacts, ComplaintRow, STATE_LABEL, Timeline, type DeskMove } from '../../components/complaints'
import '../common.scss'
import '../../components/complaints/complaints.scss'

type State = ComplaintView['state']
const STATES: (State | 'all')[] = ['all', 'new', 'in_progress', 'resolved', 'closed']

/** The service desk: complaints by state, overdue and store; assign, reply, start, resolve, close. */
export default function AdminComplaints() {
  const [state, setState] = useState<State | 'all'>('all')
  const [overdue, setOverdue] = useState(false)
  const [store, setStore] = useState('')
  const [list, setList] = useState<ComplaintView[] | null>(null)
  const [open, setOpen] = useState<ComplaintDetail | null>(null)
  const [reply, setReply] = useState('')
  const [assignStore, setAssignStore] = useState('')
  const [assignee, setAssignee] = useState('')
  const [loading, setLoading] = useState(false)
  const [pending, setPending] = useState(false)
  const [error, setError] = useState('')

  async function load(f = { state, overdue, store }) {
    setLoading(true)
    setError('')
    try {
      const res = await request('adminComplaints', {
        query: { state: f.state === 'all' ? undefined : f.state, overdue: f.overdue ? 'true' : undefined, storeId: f.store.trim() || undefined },
      })
      setList(res.complaints)
    } catch (e) {
      setError(messageFor(e))
    } finally {
      setLoading(false)
    }
  }

  useDidShow(() => {
    void load()
  })

  async function show(id: string) {
    setError('')
    try {
      const c = await request('adminComplaint', { params: { complaintId: id } })
      setOpen(c)
      setReply('')
      setAssignStore(c.storeId ?? '')
      setAssignee(c.assignee ?? '')
    } catch (e) {
      setError(messageFor(e))
    }
  }

  async function act(run: () => Promise<ComplaintDetail>) {
    if (pending) return
    setPending(true)
    setError('')
    try {
      setOpen(await run())
      setReply('')
      void load()
    } catch (e) {
      setError(messageFor(e))
    } finally {
      setPending(false)
    }
  }

  const params = () => ({ complaintId: open!.id })
  const sendReply = () => {
    if (!reply.trim()) return setError('请输入回复内容')
    void act(() => request('adminReplyComplaint', { params: params(), body: { text: reply.trim() } }))
  }
  const move = (action: DeskMove) => void act(() => request('adminTransitionComplaint', { params: params(), body: { action } }))
  const assign = () => {
    const body = { ...(assignStore.trim() && assignStore.trim() !== open?.storeId ? { storeId: assignStore.trim() } : {}), ...(assignee.trim() ? { assignee: assignee.trim() } : {}) }
    if (!body.storeId && !body.assignee) return setError('请填写门店或处理人')
    void act(() => request('adminAssignComplaint', { params: params(), body }))
  }

  const filter = (next: Partial<{ state: State | 'all'; overdue: boolean; store: string }>) => {
    const f = { state, overdue, store, ...next }
    if (next.state !== undefined) setState(next.state)
    if (next.overdue !== undefined) setOverdue(next.overdue)
    void load(f)
  }

  if (open) {
    const isOpen = open.state === 'new' || open.state === 'in_progress'
    return (
      <View id='desk-detail' className='page admin-page complaints-page admin-complaints'>
        <ComplaintFacts complaint={open} desk />
        {error ? (
          <View id='desk-error' className='error'>
            {error}
          </View>
        ) : null}
        <ComplaintActions
          complaint={open}
          idPrefix='desk'
          title='回复会员'
          placeholder='回复内容会显示在会员的投诉进度中'
          reply={reply}
          onReplyChange={setReply}
          pending={pending}
          onReply={sendReply}
          onMove={move}
        />
        {isOpen ? (
          <View className='card'>
            <View className='section-title'>分派</View>
            <View className='row'>
              <Input id='desk-assign-store' className='input half' placeholder='门店编号' value={assignStore} onInput={(e) => setAssignStore(e.detail.value)} />
              <Input id='desk-assign-person' className='input half' placeholder='处理人' value={assignee} onInput={(e) => setAssignee(e.detail.value)} />
            </View>
            <View className='actions'>
              <Button id='desk-assign-submit' block disabled={pending} onClick={assign}>
                分派
              </Button>
            </View>
          </View>
        ) : null}
        <Timeline complaint={open} />
        <Button id='desk-back' fill='none' block onClick={() => setOpen(null)}>
          返回列表
        </Button>
      </View>
    )
  }

  return (
    <View className='page admin-page complaints-page admin-complaints'>
      <View className='card'>
        <View className='between'>
          <View className='title'>投诉工单</View>
          <Button id='desk-reload' size='small' loading={loading} onClick={() => void load()}>
            刷新
          </Button>
        </View>
        <View className='choices'>
          {STATES.map((s) => (
            <Button key={s} id={`desk-state-${s}`} size='small' type={state === s ? 'primary' : 'default'} onClick={() => filter({ state: s })}>
              {s === 'all' ? '全部' : STATE_LABEL[s]}
            </Button>
          ))}
          <Button id='desk-overdue' size='small' type={overdue ? 'danger' : 'default'} onClick={() => filter({ overdue: !overdue })}>
            只看超时
          </Button>
        </View>
        <View className='row'>
          <Input id='desk-store' className='input grow' placeholder='按门店筛选，例如 S001' value={store} onInput={(e) => setStore(e.detail.value)} />
          <Button id='desk-filter' size='small' onClick={() => filter({})}>
            筛选
          </Button>
        </View>
      </View>
      {error ? (
        <View id='desk-error' className='error'>
          {error}
        </View>
      ) : null}
      {list ? (
        <View id='desk-list' className='card'>
          {list.length === 0 ? (
            <View id='desk-empty' className='muted'>
              没有符合条件的投诉
            </View>
          ) : (
            list.map((c) => (
              <ComplaintRow key={c.id} complaint={c} id={`desk-row-${c.id}`} className='list-row' withStore onClick={() => void show(c.id)}>
                <View className='muted'>
                  {formatTime(c.createdAt)} · {c.id}
                  {c.assignee ? ` · ${c.assignee}` : ''}
                </View>
                {c.overdue ? <Text className='overdue-badge'>超时未回复</Text> : null}
              </ComplaintRow>
            ))
          )}
        </View>
      ) : null}
    </View>
  )
}
