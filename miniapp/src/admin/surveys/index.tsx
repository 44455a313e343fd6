import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { Survey } from '@shared/contract'
import { groupThousands } from '@shared/domain/money'
import { request } from '../../api/client'
import { ErrorNote, RoleGate, useResource, useSubmit } from '../../kit'
import { Done, SubmitButton } from '../../kit/fields'
import { adminError } from '../errors'
import { ListCard } from '../ui'
import { formatDate } from '../common'
import { Builder } from './Builder'
import { EMPTY, STATE_LABEL, draftOf, inputOf, type SurveyDraft } from './draft'
import '../common.scss'
import './index.scss'

/** Questionnaires: the list (publish, close, results) and the builder of a draft. */
function AdminSurveys() {
  const surveys = useResource('adminListSurveys')
  const segments = useResource('adminListSegments')
  const [draft, setDraft] = useState<SurveyDraft>(EMPTY)
  const [done, setDone] = useState('')
  const list = surveys.data?.surveys ?? null

  const replace = (s: Survey) => surveys.setData({ surveys: [s, ...(list ?? []).filter((x) => x.id !== s.id)] })
  const save = useSubmit(async () => {
    setDone('')
    const body = inputOf(draft)
    const s = draft.id ? await request('adminUpdateSurvey', { params: { surveyId: draft.id }, body }) : await request('adminCreateSurvey', { body })
    replace(s)
    setDraft(draftOf(s))
    setDone('草稿已保存，可在上方列表中发布')
  })
  const act = useSubmit(async (kind: 'publish' | 'close', id: string) => {
    setDone('')
    const s = kind === 'publish' ? await request('adminPublishSurvey', { params: { surveyId: id } }) : await request('adminCloseSurvey', { params: { surveyId: id } })
    replace(s)
    if (draft.id === id) setDraft(EMPTY)
    setDone(kind === 'publish' ? `「${s.title}」已发布` : `「${s.title}」已结束`)
  })

  return (
    <View className='page admin-page admin-surveys'>
      <View className='card'>
        <View className='title'>问卷调查</View>
        <View className='muted'>会员完整填写一次即得积分；选项可对应标签，题目可记入会员资料（如 肤质），标签可在「会员分群」中使用。</View>
      </View>
      <ErrorNote id='surveys-action-error' error={adminError(act.error)} />
      <Done id='surveys-done'>{done}</Done>
      <ListCard id='survey-list' title='全部问卷' count={list?.length ?? 0} empty='还没有问卷' emptyId='survey-list-empty' error={surveys.error}>
        {(list ?? []).map((s) => (
          <View key={s.id} id={`survey-row-${s.id}`} className='list-row' data-state={s.state}>
            <View className='between'>
              <Text className='survey-name'>{s.title}</Text>
              <Text className={`survey-state survey-state-${s.state}`}>{STATE_LABEL[s.state]}</Text>
            </View>
            <View className='muted'>
              {s.audience.kind === 'all' ? '全部会员' : `人群：${s.segmentName ?? '已删除的人群'}`} · {s.questions.length} 题 · {s.points > 0 ? `${groupThousands(s.points)} 积分` : '无积分'} · 已答 {groupThousands(s.responses)} 人
              {s.publishedAt ? ` · ${formatDate(s.publishedAt)} 发布` : ''}
            </View>
            <View className='survey-actions'>
              {s.state === 'draft' ? (
                <>
                  <Button id={`survey-edit-${s.id}`} size='small' onClick={() => setDraft(draftOf(s))}>
                    编辑
                  </Button>
                  <Button id={`survey-publish-${s.id}`} size='small' type='primary' loading={act.busy} onClick={() => void act.submit('publish', s.id)}>
                    发布
                  </Button>
                </>
              ) : (
                <Button id={`survey-results-${s.id}`} size='small' onClick={() => void Taro.navigateTo({ url: `/admin/surveys/results?id=${s.id}` })}>
                  查看结果
                </Button>
              )}
              {s.state === 'open' ? (
                <Button id={`survey-close-${s.id}`} size='small' loading={act.busy} onClick={() => void act.submit('close', s.id)}>
                  结束
                </Button>
              ) : null}
            </View>
          </View>
        ))}
      </ListCard>
      <Builder draft={draft} edit={(patch) => setDraft((d) => ({ ...d, ...patch }))} segments={segments.data?.segments ?? []} error={save.error} />
      <View className='card'>
        <ErrorNote id='survey-save-error' error={adminError(save.error, { title: '标题' })} />
        <SubmitButton id='survey-save' busy={save.busy} onClick={() => void save.submit()}>
          {draft.id ? '保存修改' : '保存草稿'}
        </SubmitButton>
        {draft.id ? (
          <Button id='survey-new' block onClick={() => setDraft(EMPTY)}>
            新建另一份问卷
          </Button>
        ) : null}
      </View>
    </View>
  )
}

/** For admins only: signed out, it asks to sign in and comes back; another role is told and shown the way back. */
export default function AdminSurveysPage() {
  return (
    <RoleGate role='admin' title='问卷调查'>
      <AdminSurveys />
    </RoleGate>
  )
}
