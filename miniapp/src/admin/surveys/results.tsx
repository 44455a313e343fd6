import { useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { RouteResponse } from '@shared/contract'
import { groupThousands } from '@shared/domain/money'
import { request } from '../../api/client'
import { Empty, ErrorNote, RoleGate, useResource, useSubmit } from '../../kit'
import { adminError } from '../errors'
import { PageLoading, TitleBar } from '../ui'
import { formatTime } from '../common'
import { KIND_LABEL, STATE_LABEL } from './draft'
import './index.scss'
import '../common.scss'

type Question = RouteResponse<'adminSurveyResults'>['questions'][number]

const percent = (share: number) => `${Math.round(share * 1000) / 10}%`

/** A text question's answers, newest first, 20 at a time (加载更多). */
function TextAnswers({ surveyId, q, i }: { surveyId: string; q: Question; i: number }) {
  const first = useResource('adminSurveyTexts', { params: { surveyId }, query: { questionId: q.id }, reloadOnShow: false })
  const [more, setMore] = useState<{ text: string; at: string }[]>([])
  const [next, setNext] = useState<string | null | undefined>(undefined)
  const cursor = next === undefined ? (first.data?.next ?? null) : next
  const load = useSubmit(async () => {
    if (!cursor) return
    const page = await request('adminSurveyTexts', { params: { surveyId }, query: { questionId: q.id, cursor } })
    setMore((m) => [...m, ...page.answers])
    setNext(page.next)
  })
  const answers = [...(first.data?.answers ?? []), ...more]
  return (
    <View id={`results-q${i}-texts`}>
      {first.data && answers.length === 0 ? <Empty className='muted'>还没有回答</Empty> : null}
      {answers.map((a, k) => (
        <View key={k} className='text-answer'>
          <View>{a.text}</View>
          <View className='muted'>{formatTime(a.at)}</View>
        </View>
      ))}
      <ErrorNote error={adminError(first.error || load.error)} />
      {cursor ? (
        <Button id={`results-q${i}-more`} size='small' loading={load.busy} onClick={() => void load.submit()}>
          加载更多
        </Button>
      ) : null}
    </View>
  )
}

/** A survey's results: answers counted, each choice's count and share, the text answers page by page. */
function SurveyResults({ id }: { id: string }) {
  const results = useResource('adminSurveyResults', { params: { surveyId: id }, skip: !id })
  const r = results.data
  if (!r) return <PageLoading page='survey-results' error={results.error || (id ? null : '缺少问卷编号')} errorId='results-error' />
  return (
    <View className='page admin-page admin-surveys admin-survey-results'>
      <View className='card'>
        <TitleBar title={r.survey.title} reloadId='results-reload' loading={results.loading} onReload={results.reload} />
        <View className='muted'>
          {STATE_LABEL[r.survey.state]} · {r.survey.audience.kind === 'all' ? '全部会员' : `人群：${r.survey.segmentName ?? '已删除的人群'}`}
        </View>
        <View id='results-responses' className='survey-name' data-count={String(r.responses)}>
          已答 {groupThousands(r.responses)} 人
        </View>
      </View>
      {r.questions.map((q, i) => (
        <View key={q.id} id={`results-q${i}`} className='card'>
          <View className='section-title'>
            {i + 1}. {q.title}（{KIND_LABEL[q.kind]}）
          </View>
          <View className='muted'>
            {groupThousands(q.answered)} 人回答{q.factKey ? ` · 记入会员资料「${q.factKey}」` : ''}
          </View>
          {q.kind === 'text' ? (
            <TextAnswers surveyId={id} q={q} i={i} />
          ) : (
            q.options.map((o) => (
              <View key={o.id} id={`results-q${i}-${o.id}`} data-count={String(o.count)}>
                <View className='between'>
                  <Text>
                    {o.label}
                    {o.tag ? <Text className='tag-note'>标签 {o.tag}</Text> : null}
                  </Text>
                  <Text>
                    {groupThousands(o.count)} 人 · {percent(o.share)}
                  </Text>
                </View>
                <View className='bar'>
                  <View className='bar-fill' style={{ width: percent(o.share) }} />
                </View>
              </View>
            ))
          )}
        </View>
      ))}
    </View>
  )
}

export default function AdminSurveyResultsPage() {
  const router = useRouter()
  const id = router.params.id ? decodeURIComponent(router.params.id) : ''
  return (
    <RoleGate role='admin' title='问卷结果'>
      <SurveyResults id={id} />
    </RoleGate>
  )
}
