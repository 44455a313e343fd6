import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { Empty, ErrorNote, useResource } from '../../kit'
import { formatTime } from '../../utils/format'
import { ComplaintRow } from '../../components/complaints'
import '../../components/complaints/complaints.scss'

/** The member's complaints, newest first, with their state. */
export default function MyComplaints() {
  const mine = useResource('myComplaints')
  const list = mine.data?.complaints ?? null

  return (
    <View className='page complaints-page complaints-list'>
      <View className='card'>
        <View className='title'>我的投诉</View>
        <View className='muted'>提交后 24 小时内回复；解决后 7 天内可重新打开</View>
        <View className='actions'>
          <Button id='complaints-new' type='primary' block onClick={() => void Taro.navigateTo({ url: '/member/complaints/new' })}>
            我要投诉
          </Button>
        </View>
      </View>
      <ErrorNote id='complaints-error' error={mine.error} />
      {list ? (
        <View id='complaints-list' className='card'>
          {list.length === 0 ? (
            <Empty id='complaints-empty' className='muted'>
              还没有投诉记录
            </Empty>
          ) : (
            list.map((c) => (
              <ComplaintRow key={c.id} complaint={c} id={`complaint-row-${c.id}`} onClick={() => void Taro.navigateTo({ url: `/member/complaints/detail?id=${c.id}` })}>
                <View className='muted'>{formatTime(c.createdAt)}</View>
              </ComplaintRow>
            ))
          )}
        </View>
      ) : null}
    </View>
  )
}
