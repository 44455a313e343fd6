import { useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { MemberSurvey, RouteResponse } from '@shared/contract'
import { groupThousands } from '@shared/domain/money'
import { request } from '../../api/client'
import { ErrorNote, FieldError, LoadGate, useResource, useSubmit } from '../../kit'
import { openPage } from '../../components/welcome'
import '../../components/surveys/index.scss'

type Question = MemberSurvey['questions'][number]
type Answers = Record<string, string[] | string>

const KIND_HINT: Record<Question['kind'], string> = { single: '单选', multiple: '多选', text: '填空' }

/** One questionnaire: her answers, question by question; submitted once, then the points she got. */
export default function SurveyPage() {
  const router = useRouter()
  const id = router.params.id ? decodeURIComponent(router.params.id) : ''
  const survey = useResource('mySurvey', { params: { surveyId: id }, skip: !id, reloadOnShow: false })
  const [answers, setAnswers] = useState<Answers>({})
  const [done, setDone] = useState<RouteResponse<'answerSurvey'> | null>(null)
  const sending = useSubmit(async (body: { answers: Answers }) => {
    setDone(await request('answerSurvey', { params: { surveyId: id }, body }))
  })

  const s = survey.data
  if (!s) return <LoadGate error={survey.error || (id ? null : '缺少问卷编号')} errorId='survey-error' className='page' />

  const choose = (q: Question, option: string) =>
    setAnswers((a) => {
      const now = Array.isArray(a[q.id]) ? (a[q.id] as string[]) : []
      if (q.kind === 'single') return { ...a, [q.id]: [option] }
      return { ...a, [q.id]: now.includes(option) ? now.filter((o) => o !== option) : [...now, option] }
    })

  function submit() {
    const missing = s!.questions.find((q) => q.required && (q.kind === 'text' ? !String(answers[q.id] ?? '').trim() : !(answers[q.id] as string[] | undefined)?.length))
    if (missing) return sending.setError(`请回答第 ${s!.questions.indexOf(missing) + 1} 题`)
    void sending.submit({ answers })
  }

  if (done || s.answered) {
    return (
      <View className='page survey-page'>
        <View id='survey-done' className='card survey-done'>
          <View className='title'>感谢您的参与</View>
          {done && done.points > 0 ? (
            <View id='survey-done-points' className='survey-done-points'>
              +{groupThousands(done.points)} 积分
            </View>
          ) : null}
          <View className='muted'>{done ? (done.points > 0 ? '积分已到账，可在积分明细中查看' : '您的回答已提交') : '您已填写过这份问卷'}</View>
          <View className='actions'>
            <Button id='survey-back' block onClick={() => openPage('/member/surveys/index')}>
              查看其他问卷
            </Button>
          </View>
        </View>
      </View>
    )
  }

  return (
    <View className='page survey-page'>
      <View className='card'>
        <View className='title'>{s.title}</View>
        {s.intro ? <View className='muted'>{s.intro}</View> : null}
        {s.points > 0 ? (
          <View id='survey-points' className='survey-points'>
            完整填写即得 {groupThousands(s.points)} 积分
          </View>
        ) : null}
      </View>
      <View className='card'>
        {s.questions.map((q, i) => (
          <View key={q.id} id={`survey-${q.id}`} className='survey-question'>
            <View className='survey-question-title'>
              {i + 1}. {q.title}
              <Text className='muted'>（{KIND_HINT[q.kind]}{q.required ? '' : '，选填'}）</Text>
            </View>
            {q.kind === 'text' ? (
              <Textarea
                id={`survey-${q.id}-text`}
                className='survey-textarea'
                maxlength={200}
                placeholder='请填写（最多 200 字）'
                value={String(answers[q.id] ?? '')}
                onInput={(e) => setAnswers((a) => ({ ...a, [q.id]: e.detail.value }))}
              />
            ) : (
              q.options.map((o) => {
                const chosen = Array.isArray(answers[q.id]) && (answers[q.id] as string[]).includes(o.id)
                return (
                  <View key={o.id} id={`survey-${q.id}-${o.id}`} className={`survey-option${chosen ? ' chosen' : ''}`} onClick={() => choose(q, o.id)}>
                    {o.label}
                  </View>
                )
              })
            )}
            <FieldError error={sending.error} path={`answers.${q.id}`} />
          </View>
        ))}
        <ErrorNote id='survey-error' error={sending.error} />
        <View className='actions'>
          <Button id='survey-submit' type='primary' block loading={sending.busy} disabled={sending.busy} onClick={submit}>
            提交
          </Button>
        </View>
      </View>
    </View>
  )
}
