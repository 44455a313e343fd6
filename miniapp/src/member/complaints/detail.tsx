import { useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { ComplaintDetail } from '@shared/contract'
import { request } from '../../api/client'
import { ErrorNote, useResource, useSubmit } from '../../kit'
import { formatTime } from '../../utils/format'
import { ComplaintFacts, Timeline } from '../../components/complaints'
import '../../components/complaints/complaints.scss'

/** One complaint: its facts, the timeline with the replies, reopening and, after resolution, the rating. */
export default function ComplaintDetailPage() {
  const router = useRouter()
  const id = router.params.id ? decodeURIComponent(router.params.id) : ''
  const complaint = useResource('myComplaint', { params: { complaintId: id }, skip: !id })
  const c = complaint.data
  const [score, setScore] = useState(0)
  const [comment, setComment] = useState('')
  const [note, setNote] = useState('')

  const action = useSubmit(async (run: () => Promise<ComplaintDetail>, done: string) => {
    setNote('')
    complaint.setData(await run())
    setNote(done)
  })
  const act = (run: () => Promise<ComplaintDetail>, done: string) => action.submit(run, done)
  const pending = action.busy

  const rate = () => {
    if (score < 1) return action.setError('请选择 1 到 5 星')
    void act(() => request('rateComplaint', { params: { complaintId: id }, body: { score, comment: comment.trim() } }), '感谢您的评价')
  }
  const reopen = () => void act(() => request('reopenComplaint', { params: { complaintId: id }, body: {} }), '已重新打开，我们会继续处理')

  return (
    <View className='page complaints-page complaint-detail'>
      {c ? <ComplaintFacts complaint={c} /> : null}
      <ErrorNote id='complaint-error' error={action.error || complaint.error || (id ? null : '缺少投诉编号')} />
      {note ? (
        <View id='complaint-note' className='card muted'>
          {note}
        </View>
      ) : null}
      {c?.canRate ? (
        <View id='complaint-rate' className='card'>
          <View className='section'>为本次处理打分</View>
          <View className='choices stars'>
            {[1, 2, 3, 4, 5].map((n) => (
              <Button key={n} id={`rating-star-${n}`} size='small' type={score >= n ? 'warning' : 'default'} onClick={() => setScore(n)}>
                {n}星
              </Button>
            ))}
          </View>
          <Textarea id='rating-comment' className='textarea' placeholder='说说您的感受（选填）' maxlength={300} value={comment} onInput={(e) => setComment(e.detail.value)} />
          <View className='actions'>
            <Button id='rating-submit' type='primary' block loading={pending} disabled={pending} onClick={rate}>
              提交评价
            </Button>
          </View>
        </View>
      ) : null}
      {c?.canReopen ? (
        <View className='card'>
          <View className='muted'>问题没有解决？{c.reopenUntil ? `${formatTime(c.reopenUntil)} 前` : ''}可以重新打开</View>
          <View className='actions'>
            <Button id='complaint-reopen' block disabled={pending} onClick={reopen}>
              重新打开
            </Button>
          </View>
        </View>
      ) : null}
      {c ? <Timeline complaint={c} /> : null}
      {c && c.state === 'new' ? (
        <View className='muted'>
          <Text>我们将在 {formatTime(c.dueAt)} 前回复您</Text>
        </View>
      ) : null}
    </View>
  )
}
