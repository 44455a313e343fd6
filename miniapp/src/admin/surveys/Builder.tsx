import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { ChoiceChips } from '../../kit'
import { Field, InputField, TextInput, ToggleChip } from '../../kit/fields'
import { FieldNote } from '../errors'
import { KIND_LABEL, newOption, newQuestion, type Kind, type QuestionDraft, type SurveyDraft } from './draft'

const KINDS = (Object.keys(KIND_LABEL) as Kind[]).map((value) => ({ value, label: KIND_LABEL[value] }))

/** One question: its kind, wording, whether required, the profile fact it fills, its options with their tags. */
function QuestionCard({ q, i, count, error, edit, remove }: { q: QuestionDraft; i: number; count: number; error: unknown; edit: (patch: Partial<QuestionDraft>) => void; remove: () => void }) {
  const id = `survey-q${i}`
  const setOption = (j: number, patch: Partial<QuestionDraft['options'][number]>) => edit({ options: q.options.map((o, k) => (k === j ? { ...o, ...patch } : o)) })
  return (
    <View id={id} className='survey-question-card'>
      <View className='between'>
        <View className='section-title'>第 {i + 1} 题</View>
        {count > 1 ? (
          <Button id={`${id}-remove`} size='small' onClick={remove}>
            删除此题
          </Button>
        ) : null}
      </View>
      <ChoiceChips idPrefix={`${id}-kind`} options={KINDS} value={q.kind} onChange={(kind) => edit({ kind, options: kind === 'text' ? [] : q.options.length >= 2 ? q.options : [newOption(), newOption()] })} />
      <InputField label='题目' id={`${id}-title`} maxlength={60} placeholder='如 您的肤质是？' value={q.title} onChange={(title) => edit({ title })} />
      <FieldNote error={error} path={`questions.${i}.title`} />
      <View className='row'>
        <ToggleChip id={`${id}-required`} on={q.required} onChange={(required) => edit({ required })}>
          必答
        </ToggleChip>
      </View>
      <InputField label='记入会员资料（选填，如 肤质）' id={`${id}-fact`} maxlength={12} placeholder='资料项名称' value={q.factKey} onChange={(factKey) => edit({ factKey })} />
      <FieldNote error={error} path={`questions.${i}.factKey`} />
      {q.kind === 'text' ? null : (
        <Field label='选项（可为选项设置标签，选中即给会员打上）'>
          {q.options.map((o, j) => (
            <View key={j} className='survey-option-row'>
              <TextInput id={`${id}-opt${j}-label`} className='input grow' maxlength={30} placeholder={`选项 ${j + 1}`} value={o.label} onChange={(label) => setOption(j, { label })} />
              <TextInput id={`${id}-opt${j}-tag`} className='input grow' maxlength={20} placeholder='标签（选填）' value={o.tag} onChange={(tag) => setOption(j, { tag })} />
              {q.options.length > 2 ? (
                <Button id={`${id}-opt${j}-remove`} size='small' onClick={() => edit({ options: q.options.filter((_, k) => k !== j) })}>
                  删除
                </Button>
              ) : null}
            </View>
          ))}
          <FieldNote error={error} path={`questions.${i}.options`} />
          {q.options.length < 10 ? (
            <Button id={`${id}-add-option`} size='small' onClick={() => edit({ options: [...q.options, newOption()] })}>
              添加选项
            </Button>
          ) : null}
        </Field>
      )}
    </View>
  )
}

/** The survey's title, intro, points and audience, then its questions. */
export function Builder({ draft, edit, segments, error }: { draft: SurveyDraft; edit: (patch: Partial<SurveyDraft>) => void; segments: { id: string; name: string }[]; error: unknown }) {
  const editQuestion = (i: number, patch: Partial<QuestionDraft>) => edit({ questions: draft.questions.map((q, k) => (k === i ? { ...q, ...patch } : q)) })
  const audience = [{ value: '', label: '全部会员', id: 'survey-audience-all' }, ...segments.map((s, i) => ({ value: s.id, label: s.name, id: `survey-audience-${i}` }))]
  return (
    <View id='survey-builder' className='card'>
      <View className='section-title'>{draft.id ? '编辑问卷草稿' : '新建问卷'}</View>
      <InputField label='标题' id='survey-title' maxlength={30} placeholder='如 肤质小调查' value={draft.title} onChange={(title) => edit({ title })} />
      <FieldNote error={error} path='title' />
      <InputField label='说明（选填）' id='survey-intro' maxlength={200} placeholder='如 两道题，答完送积分' value={draft.intro} onChange={(intro) => edit({ intro })} />
      <InputField label='完整填写奖励积分' id='survey-points' type='number' maxlength={5} placeholder='0 表示不奖励' value={draft.points} onChange={(points) => edit({ points })} />
      <FieldNote error={error} path='points' />
      <Field label='发放对象'>
        <ChoiceChips idPrefix='survey-audience' options={audience} value={draft.segmentId} onChange={(segmentId) => edit({ segmentId })} />
        <FieldNote error={error} path='audience' />
        <Text className='muted'>选择人群时，会员打开和提交问卷时按当时的资料判断是否属于该人群。</Text>
      </Field>
      <FieldNote error={error} path='questions' />
      {draft.questions.map((q, i) => (
        <QuestionCard key={i} q={q} i={i} count={draft.questions.length} error={error} edit={(p) => editQuestion(i, p)} remove={() => edit({ questions: draft.questions.filter((_, k) => k !== i) })} />
      ))}
      {draft.questions.length < 20 ? (
        <View className='actions'>
          <Button id='survey-add-question' block onClick={() => edit({ questions: [...draft.questions, newQuestion()] })}>
            添加题目
          </Button>
        </View>
      ) : null}
    </View>
  )
}
