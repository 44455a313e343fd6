import { useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { ComplaintDetail, ComplaintView } from '@shared/contract'
import { request } from '../../api/client'
import { messageFor } from '../../api/messages'
import { formatTime } from '../../utils/format'
import { getSession } from '../../session'
import { ComplaintActions, ComplaintFacts, ComplaintRow, Timeline, type DeskMove } from '../../components/complaints'
import '../../components/complaints/complaints.scss'

/** A clerk's view of the store's complaints: open one, reply to the member, resolve it. */
export default function StaffComplaints() {
  const session = getSession()
  const [list, setList] = useState<ComplaintView[] | null>(null)
  const [open, setOpen] = useState<ComplaintDetail | null>(null)
  const [reply, setReply] = useState('')
  const [pending, setPending] = useState(false)
  const [error, setError] = useState('')

  async function load() {
    try {
      setList((await request('staffComplaints')).complaints)
      setError('')
    } catch (e) {
      setError(messageFor(e))
    }
  }

  useDidShow(() => {
    void load()
  })

  async function show(id: string) {
    setError('')
    try {
      setOpen(await request('staffComplaint', { params: { complaintId: id } }))
      setReply('')
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
      await load()
    } catch (e) {
      setError(messageFor(e))
    } finally {
      setPending(false)
    }
  }

  const sendReply = () => {
    if (!open) return
    if (!reply.trim()) return setError('请输入回复内容')
    void act(() => request('staffReplyComplaint', { params: { complaintId: open.id }, body: { text: reply.trim() } }))
  }
  const move = (action: DeskMove) => {
    if (open) void act(() => request('staffTransitionComplaint', { params: { complaintId: open.id }, body: { action } }))
  }

  return (
    <View className='page complaints-page staff-complaints'>
      <View className='card'>
        <View className='between'>
          <View className='title'>门店投诉</View>
          <Button id='staff-complaints-reload' size='small' onClick={() => void load()}>
            刷新
          </Button>
        </View>
        <View className='muted'>门店 {session?.storeId ?? '-'}</View>
      </View>
      {error ? (
        <View id='staff-complaints-error' className='error'>
          {error}
        </View>
      ) : null}
      {open ? (
        <View id='staff-complaint-detail'>
          <ComplaintFacts complaint={open} desk />
          <ComplaintActions
            complaint={open}
            idPrefix='staff'
            placeholder='回复会员（会员可在投诉详情中看到）'
            reply={reply}
            onReplyChange={setReply}
            pending={pending}
            onReply={sendReply}
            onMove={move}
          />
          <Timeline complaint={open} />
          <Button id='staff-complaint-back' fill='none' block onClick={() => setOpen(null)}>
            返回列表
          </Button>
        </View>
      ) : list ? (
        <View id='staff-complaints-list' className='card'>
          {list.length === 0 ? (
            <View id='staff-complaints-empty' className='muted'>
              本店暂无投诉
            </View>
          ) : (
            list.map((c) => (
              <ComplaintRow key={c.id} complaint={c} id={`staff-complaint-${c.id}`} onClick={() => void show(c.id)}>
                <View className='muted'>
                  {formatTime(c.createdAt)}
                  {c.overdue ? <Text className='overdue-badge'>超时</Text> : null}
                </View>
              </ComplaintRow>
            ))
          )}
        </View>
      ) : null}
    </View>
  )
}
