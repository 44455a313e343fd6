import { useState } from 'react'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { ComplaintDetail } from '@shared/contract'
import { request } from '../../api/client'
import { ComplaintActions, ComplaintFacts, Timeline, type DeskMove } from '../../components/complaints'
import { ErrorNote, useSubmit } from '../../kit'
import { TextInput } from '../../kit/fields'
import { StoreChips } from '../../components/store/names'
import { adminError } from '../errors'

/** One complaint at the desk: its facts, reply and moves, assignment to a store or person, its timeline. */
export function Detail({ complaint, onChanged, onBack }: { complaint: ComplaintDetail; onChanged: (c: ComplaintDetail) => void; onBack: () => void }) {
  const [reply, setReply] = useState('')
  const [assignStore, setAssignStore] = useState(complaint.storeId ?? '')
  const [assignee, setAssignee] = useState(complaint.assignee ?? '')
  const act = useSubmit(async (run: () => Promise<ComplaintDetail>) => {
    onChanged(await run())
    setReply('')
  })
  const params = { complaintId: complaint.id }

  const sendReply = () => {
    if (!reply.trim()) return act.setError('请输入回复内容')
    void act.submit(() => request('adminReplyComplaint', { params, body: { text: reply.trim() } }))
  }
  const move = (action: DeskMove) => void act.submit(() => request('adminTransitionComplaint', { params, body: { action } }))
  const assign = () => {
    const store = assignStore.trim()
    const body = { ...(store && store !== complaint.storeId ? { storeId: store } : {}), ...(assignee.trim() ? { assignee: assignee.trim() } : {}) }
    if (!body.storeId && !body.assignee) return act.setError('请选择门店或填写处理人')
    void act.submit(() => request('adminAssignComplaint', { params, body }))
  }
  const isOpen = complaint.state === 'new' || complaint.state === 'in_progress'

  return (
    <View id='desk-detail' className='page admin-page complaints-page admin-complaints'>
      <ComplaintFacts complaint={complaint} desk />
      <ErrorNote id='desk-error' error={adminError(act.error)} />
      <ComplaintActions
        complaint={complaint}
        idPrefix='desk'
        title='回复会员'
        placeholder='回复内容会显示在会员的投诉进度中'
        reply={reply}
        onReplyChange={setReply}
        pending={act.busy}
        onReply={sendReply}
        onMove={move}
      />
      {isOpen ? (
        <View className='card'>
          <View className='section-title'>分派</View>
          <View className='label'>门店</View>
          <StoreChips id='desk-assign-store' value={assignStore} onChange={setAssignStore} noneLabel='不指定门店' />
          <TextInput id='desk-assign-person' className='input' placeholder='处理人姓名' value={assignee} onChange={setAssignee} />
          <View className='actions'>
            <Button id='desk-assign-submit' block disabled={act.busy} onClick={assign}>
              分派
            </Button>
          </View>
        </View>
      ) : null}
      <Timeline complaint={complaint} />
      <Button id='desk-back' fill='none' block onClick={onBack}>
        返回列表
      </Button>
    </View>
  )
}
