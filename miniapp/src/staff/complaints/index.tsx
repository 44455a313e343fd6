import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { request } from '../../api/client'
import { Empty, ErrorNote, RoleGate, useResource } from '../../kit'
import { formatTime } from '../../utils/format'
import { callPhone, isWeapp } from '../../platform'
import { CallBack, ComplaintActions, ComplaintFacts, ComplaintRow, Timeline } from '../../components/complaints'
import { useComplaintDesk } from '../../components/complaints/useComplaintDesk'
import { StoreHeader } from '../../components/store'
import '../../components/complaints/complaints.scss'
import './index.scss'

/** A clerk's view of the store's complaints: open one, call the member back, reply, resolve it. */
function StoreComplaints() {
  const complaints = useResource('staffComplaints')
  const list = complaints.data?.complaints ?? null
  const desk = useComplaintDesk({
    open: (id) => request('staffComplaint', { params: { complaintId: id } }),
    reply: (id, text) => request('staffReplyComplaint', { params: { complaintId: id }, body: { text } }),
    move: (id, action) => request('staffTransitionComplaint', { params: { complaintId: id }, body: { action } }),
    changed: complaints.reload,
  })
  const open = desk.open

  return (
    <View className='page complaints-page staff-complaints'>
      <StoreHeader
        title='门店投诉'
        action={
          <Button id='staff-complaints-reload' className='reload' onClick={() => void complaints.reload()}>
            刷新
          </Button>
        }
      />
      <ErrorNote id='staff-complaints-error' error={desk.error || complaints.error} />
      {open ? (
        <View id='staff-complaint-detail'>
          <ComplaintFacts complaint={open} desk />
          <CallBack
            key={open.id}
            complaint={open}
            reveal={(id) => request('staffComplaintPhone', { params: { complaintId: id } })}
            dial={callPhone}
            canDial={isWeapp}
          />
          <ComplaintActions
            complaint={open}
            idPrefix='staff'
            placeholder='回复会员（会员可在投诉详情中看到）'
            reply={desk.reply}
            onReplyChange={desk.setReply}
            pending={desk.pending}
            onReply={desk.sendReply}
            onMove={desk.move}
          />
          <Timeline complaint={open} />
          <Button id='staff-complaint-back' className='back' fill='none' block onClick={desk.close}>
            返回列表
          </Button>
        </View>
      ) : list ? (
        <View id='staff-complaints-list' className='card'>
          {list.length === 0 ? (
            <Empty id='staff-complaints-empty' className='muted'>
              本店暂无投诉
            </Empty>
          ) : (
            list.map((c) => (
              <ComplaintRow key={c.id} complaint={c} id={`staff-complaint-${c.id}`} onClick={() => desk.show(c.id)}>
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

export default function StaffComplaints() {
  return (
    <RoleGate role='staff' title='门店投诉' needsStore>
      <StoreComplaints />
    </RoleGate>
  )
}
