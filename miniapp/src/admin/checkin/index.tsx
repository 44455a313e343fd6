import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { request } from '../../api/client'
import { ChoiceChips, ErrorNote, RoleGate, useResource, useSubmit } from '../../kit'
import { Done, Field, SubmitButton, TextInput } from '../../kit/fields'
import { adminError, FieldNote } from '../errors'
import { PageLoading } from '../ui'
import { formOf, MAX_STEPS, settingsOf, type CheckInForm, type StepRow } from './form'
import '../common.scss'
import './index.scss'

const ON_OFF = [
  { value: 'on', label: '开启' },
  { value: 'off', label: '关闭' },
] as const
const REPEAT = [
  { value: 'yes', label: '循环发放' },
  { value: 'no', label: '每轮一次' },
] as const
const CAP = [
  { value: 'none', label: '不限' },
  { value: 'week', label: '每周' },
  { value: 'month', label: '每月' },
] as const

/** 签到设置: on or off, the streak rewards (lengths and points), repeating after the longest, their cap. */
function AdminCheckIn() {
  const stored = useResource('adminCheckInSettings', { reloadOnShow: false })
  const [form, setForm] = useState<CheckInForm | null>(null)
  const [saved, setSaved] = useState(false)
  useEffect(() => {
    if (stored.data && !form) setForm(formOf(stored.data.settings))
  }, [stored.data, form])

  const save = useSubmit(async () => {
    const out = settingsOf(form!)
    if (!out.ok) throw { path: out.path, message: out.message }
    const res = await request('adminPutCheckInSettings', { body: { rev: stored.data!.rev, settings: out.settings } })
    stored.setData(res)
    setForm(formOf(res.settings))
    setSaved(true)
  })

  if (!form || !stored.data) return <PageLoading page='checkin' error={stored.error} errorId='checkin-settings-load-error' />

  const change = (f: Partial<CheckInForm>) => {
    setForm({ ...form, ...f })
    setSaved(false)
  }
  const editStep = (i: number, row: Partial<StepRow>) => change({ steps: form.steps.map((s, j) => (j === i ? { ...s, ...row } : s)) })

  return (
    <View className='page admin-page admin-checkin'>
      <View className='card'>
        <View className='title'>签到设置</View>
        <View className='muted'>会员每天可在「每日签到」页签到一次。每日签到积分及其次数上限在「积分规则」页设置；这里设置连续签到的额外奖励。</View>
        <Button id='checkin-open-rules' className='rules-link' fill='outline' type='primary' block onClick={() => void Taro.navigateTo({ url: '/admin/rules/index' })}>
          去设置每日签到积分
        </Button>
      </View>

      <View className='card'>
        <Field label='签到活动'>
          <ChoiceChips idPrefix='checkin-enabled' options={ON_OFF} value={form.enabled ? 'on' : 'off'} onChange={(v) => change({ enabled: v === 'on' })} />
        </Field>

        <View className='section-title'>连续签到奖励</View>
        {form.steps.length === 0 ? <View className='muted'>暂未设置，会员只获得每日签到积分</View> : null}
        {form.steps.map((s, i) => (
          <View key={i} id={`checkin-step-${i}`} className='step-row'>
            <Text className='step-text'>连续</Text>
            <TextInput id={`checkin-step-days-${i}`} className='input step-input' type='number' value={s.days} onChange={(days) => editStep(i, { days })} />
            <Text className='step-text'>天，奖励</Text>
            <TextInput id={`checkin-step-points-${i}`} className='input step-input' type='number' value={s.points} onChange={(points) => editStep(i, { points })} />
            <Text className='step-text'>积分</Text>
            <Button id={`checkin-step-remove-${i}`} size='small' onClick={() => change({ steps: form.steps.filter((_, j) => j !== i) })}>
              删除
            </Button>
            <FieldNote error={save.error} path={`settings.streakRewards.${i}`} />
          </View>
        ))}
        {form.steps.length < MAX_STEPS ? (
          <Button id='checkin-step-add' size='small' type='primary' fill='outline' onClick={() => change({ steps: [...form.steps, { days: '', points: '' }] })}>
            添加一档
          </Button>
        ) : null}

        <Field label='最长一档之后'>
          <ChoiceChips idPrefix='checkin-repeat' options={REPEAT} value={form.repeat ? 'yes' : 'no'} onChange={(v) => change({ repeat: v === 'yes' })} />
          <View className='muted'>循环发放：连续天数达到最长一档后重新计算，可再次获得各档奖励。</View>
        </Field>

        <Field label='连续签到奖励次数上限'>
          <ChoiceChips idPrefix='checkin-cap' options={CAP} value={form.cap} onChange={(v) => change({ cap: v })} />
          {form.cap !== 'none' ? (
            <View className='row'>
              <Text className='muted'>{form.cap === 'week' ? '每周' : '每月'}最多</Text>
              <TextInput id='checkin-cap-count' className='input step-input' type='number' value={form.capCount} onChange={(capCount) => change({ capCount })} />
              <Text className='muted'>次</Text>
            </View>
          ) : null}
          <FieldNote error={save.error} path='settings.streakCap' />
        </Field>

        <SubmitButton id='checkin-save' busy={save.busy} onClick={() => void save.submit()}>
          保存
        </SubmitButton>
        <ErrorNote id='checkin-settings-error' error={adminError(save.error)} />
        {saved ? <Done id='checkin-saved'>已保存</Done> : null}
      </View>
    </View>
  )
}

/** For admins only. */
export default function AdminCheckInPage() {
  return (
    <RoleGate role='admin' title='签到设置'>
      <AdminCheckIn />
    </RoleGate>
  )
}
