import { Text, View } from '@tarojs/components'
import { groupThousands } from '@shared/domain/money'
import { useResource } from '../../kit'
import { openPage } from '../welcome'
import './index.scss'

/** The questionnaire page of one survey. */
export const surveyUrl = (id: string) => `/member/survey/index?id=${id}`

/**
 * The home's entry to questionnaires: the open surveys meant for her that she has not answered, with
 * their points; nothing when there are none.
 */
export function SurveysCard() {
  const mine = useResource('mySurveys')
  const open = (mine.data?.surveys ?? []).filter((s) => !s.answered)
  if (open.length === 0) return null
  const first = open[0]!
  return (
    <View id='home-surveys' className='card survey-entry' onClick={() => openPage(open.length === 1 ? surveyUrl(first.id) : '/member/surveys/index')}>
      <View className='survey-spread'>
        <Text className='survey-entry-title'>{open.length === 1 ? first.title : `${open.length} 份问卷待填写`}</Text>
        <Text className='survey-entry-go'>去填写</Text>
      </View>
      <View className='muted'>
        {open.length === 1
          ? first.points > 0
            ? `填写即得 ${groupThousands(first.points)} 积分`
            : '花一分钟告诉我们您的偏好'
          : `最多可得 ${groupThousands(open.reduce((n, s) => n + s.points, 0))} 积分`}
      </View>
    </View>
  )
}
