import { Text, View } from '@tarojs/components'
import { groupThousands } from '@shared/domain/money'
import { ErrorNote, useResource } from '../../kit'
import { errorText } from '../../kit/states'
import { formatDate } from '../../utils/format'

/** The admin member page's 问卷资料: her profile facts from questionnaires and the surveys she answered. */
export function MemberSurveysCard({ memberId }: { memberId: string }) {
  const r = useResource('adminMemberSurveys', { params: { memberId } })
  const d = r.data
  if (!d && !errorText(r.error)) return null
  const facts = Object.entries(d?.facts ?? {})
  return (
    <View id='member-surveys' className='card'>
      <View className='section-title'>问卷资料</View>
      <ErrorNote error={r.error} />
      {d && facts.length === 0 && d.answered.length === 0 ? <View className='muted'>还没有填写过问卷</View> : null}
      {facts.map(([k, v]) => (
        <View key={k} className='list-row' data-fact={k}>
          <Text className='muted'>{k}：</Text>
          <Text>{v}</Text>
        </View>
      ))}
      {(d?.answered ?? []).map((a) => (
        <View key={a.surveyId} className='list-row muted'>
          {formatDate(a.at)} 填写「{a.title}」{a.points > 0 ? ` · ${groupThousands(a.points)} 积分` : ''}
          {a.tags.length ? ` · 标签 ${a.tags.join('、')}` : ''}
        </View>
      ))}
    </View>
  )
}
