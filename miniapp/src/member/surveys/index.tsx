import { Text, View } from '@tarojs/components'
import { groupThousands } from '@shared/domain/money'
import { Empty, ErrorNote, useResource } from '../../kit'
import { openPage } from '../../components/welcome'
import { surveyUrl } from '../../components/surveys'
import { formatDate } from '../../utils/format'
import '../../components/surveys/index.scss'

/** The questionnaires open to her: still to answer first (with their points), then those she answered. */
export default function MySurveys() {
  const mine = useResource('mySurveys')
  const list = mine.data?.surveys ?? null
  return (
    <View className='page surveys-page'>
      <View className='card'>
        <View className='title'>问卷调查</View>
        <View className='muted'>告诉我们您的偏好，为您推荐更合适的商品；每份问卷只需填写一次</View>
      </View>
      <ErrorNote id='surveys-error' error={mine.error} />
      {list ? (
        <View id='surveys-list' className='card'>
          {list.length === 0 ? (
            <Empty id='surveys-empty'>暂时没有问卷</Empty>
          ) : (
            list.map((s) => (
              <View key={s.id} id={`survey-row-${s.id}`} className='survey-row' onClick={() => openPage(surveyUrl(s.id))}>
                <View className='survey-spread'>
                  <Text className='survey-row-title'>{s.title}</Text>
                  {s.answered ? <Text className='muted'>已填写</Text> : s.points > 0 ? <Text className='survey-points'>+{groupThousands(s.points)} 积分</Text> : null}
                </View>
                <View className='muted'>{s.answered && s.answeredAt ? `${formatDate(s.answeredAt)} 已提交` : `共 ${s.questions.length} 题`}</View>
              </View>
            ))
          )}
        </View>
      ) : null}
    </View>
  )
}
