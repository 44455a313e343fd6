import { useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { Input, Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { RouteResponse } from '@shared/contract/routes'
import { request } from '../../api/client'
import { describeError, formatTime, parseIntText } from '../common'
import '../common.scss'
import './index.scss'

type SettingsResponse = RouteResponse<'adminGetCareSettings'>
type Settings = SettingsResponse['settings']
type Job = keyof Settings['jobs']
type Kind = keyof Settings['templates']
type LogEntry = RouteResponse<'adminCareLog'>['entries'][number]
type JobResult = RouteResponse<'adminRunCareJob'>

const JOBS: { job: Job; label: string }[] = [
  { job: 'birthday', label: '生日祝福 + 生日礼' },
  { job: 'pointsExpiring', label: '积分到期提醒' },
  { job: 'tier', label: '等级升降通知' },
  { job: 'couponExpiring', label: '优惠券到期提醒' },
  { job: 'winback', label: '沉睡会员回访' },
  { job: 'complaint', label: '投诉处理进度' },
]

const KINDS: { kind: Kind; label: string }[] = [
  { kind: 'birthday', label: '生日祝福' },
  { kind: 'pointsExpiring', label: '积分到期' },
  { kind: 'tier', label: '等级变动' },
  { kind: 'couponExpiring', label: '优惠券到期' },
  { kind: 'winback', label: '回访关怀' },
  { kind: 'complaint', label: '投诉进度' },
  { kind: 'campaign', label: '会员活动' },
]

const OUTCOME: Record<string, string> = {
  sent: '已发送',
  no_consent: '未订阅',
  opted_out: '会员已关闭',
  quiet_hours: '免打扰时段',
  capped: '超出每周上限',
  duplicate: '重复',
  wechat_error: '微信返回错误',
}

const NAMES: Record<string, string> = {
  days: '提前天数',
  couponTemplateId: '回访优惠券',
  start: '免打扰开始',
  end: '免打扰结束',
  weeklyCap: '每周上限',
  templateId: '模板 ID',
  fields: '模板字段',
  title: '模板名称',
}

function localToday(): string {
  const d = new Date(Date.now() + 8 * 3_600_000)
  return d.toISOString().slice(0, 10)
}

const fieldOrder = (k: string) => Number(/(\d+)$/.exec(k)?.[1] ?? 0)
const fieldsText = (f: Record<string, string>) =>
  Object.entries(f)
    .sort(([a], [b]) => fieldOrder(a) - fieldOrder(b))
    .map(([k, v]) => `${k}=${v}`)
    .join('\n')

function parseFields(text: string): Record<string, string> | null {
  const out: Record<string, string> = {}
  for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const i = line.indexOf('=')
    if (i <= 0) return null
    out[line.slice(0, i).trim()] = line.slice(i + 1).trim()
  }
  return out
}

/** Care-job settings (jobs on/off and their days, quiet hours, weekly cap, templates) and the send log. */
export default function AdminCare() {
  const [loaded, setLoaded] = useState<SettingsResponse | null>(null)
  const [s, setS] = useState<Settings | null>(null)
  const [text, setText] = useState<Record<string, string>>({})
  const [error, setError] = useState('')
  const [saved, setSaved] = useState('')
  const [saving, setSaving] = useState(false)
  const [day, setDay] = useState(localToday())
  const [log, setLog] = useState<{ entries: LogEntry[]; counts: Record<string, number> } | null>(null)
  const [run, setRun] = useState<JobResult | null>(null)
  const [running, setRunning] = useState<Job | null>(null)

  function fill(r: SettingsResponse) {
    setLoaded(r)
    setS(r.settings)
    const t: Record<string, string> = {
      pointsDays: String(r.settings.jobs.pointsExpiring.days),
      couponDays: String(r.settings.jobs.couponExpiring.days),
      winbackCoupon: r.settings.jobs.winback.couponTemplateId ?? '',
      quietStart: r.settings.quietHours?.start ?? '',
      quietEnd: r.settings.quietHours?.end ?? '',
      cap: String(r.settings.weeklyCap),
    }
    for (const { kind } of KINDS) {
      t[`tpl-${kind}`] = r.settings.templates[kind].templateId
      t[`fields-${kind}`] = fieldsText(r.settings.templates[kind].fields)
    }
    setText(t)
  }

  async function loadLog(d = day) {
    try {
      const r = await request('adminCareLog', { query: { day: d, limit: 100 } })
      setLog({ entries: r.entries, counts: r.counts })
    } catch (e) {
      setError(describeError(e, NAMES))
    }
  }

  useDidShow(() => {
    request('adminGetCareSettings')
      .then(fill)
      .catch((e) => setError(describeError(e, NAMES)))
    void loadLog()
  })

  const set = (k: string) => (e: { detail: { value: string } }) => setText((t) => ({ ...t, [k]: e.detail.value }))

  function toggle(job: Job) {
    if (!s) return
    setS({ ...s, jobs: { ...s.jobs, [job]: { ...s.jobs[job], enabled: !s.jobs[job].enabled } } })
  }

  async function save() {
    if (!s || !loaded || saving) return
    setError('')
    setSaved('')
    const num = (k: string, label: string) => {
      const n = parseIntText(text[k] ?? '')
      if (n === null) throw new Error(`${label}须为整数`)
      return n
    }
    let next: Settings
    try {
      const templates = { ...s.templates }
      for (const { kind, label } of KINDS) {
        const fields = parseFields(text[`fields-${kind}`] ?? '')
        if (!fields) throw new Error(`${label}的模板字段格式应为 每行 key=内容`)
        templates[kind] = { ...templates[kind], templateId: (text[`tpl-${kind}`] ?? '').trim(), fields }
      }
      const qs = (text.quietStart ?? '').trim()
      const qe = (text.quietEnd ?? '').trim()
      next = {
        jobs: {
          ...s.jobs,
          pointsExpiring: { ...s.jobs.pointsExpiring, days: num('pointsDays', '积分提前天数') },
          couponExpiring: { ...s.jobs.couponExpiring, days: num('couponDays', '优惠券提前天数') },
          winback: { ...s.jobs.winback, couponTemplateId: (text.winbackCoupon ?? '').trim() || null },
        },
        quietHours: qs || qe ? { start: qs, end: qe } : null,
        weeklyCap: num('cap', '每周上限'),
        templates,
      }
    } catch (e) {
      setError((e as Error).message)
      return
    }
    setSaving(true)
    try {
      fill(await request('adminPutCareSettings', { body: { rev: loaded.rev, settings: next } }))
      setSaved('已保存')
      Taro.showToast({ title: '已保存', icon: 'success' }).catch(() => undefined)
    } catch (e) {
      setError(describeError(e, NAMES))
    } finally {
      setSaving(false)
    }
  }

  async function runJob(job: Job) {
    if (running) return
    setRunning(job)
    setError('')
    try {
      setRun(await request('adminRunCareJob', { params: { job }, body: { day } }))
      await loadLog()
    } catch (e) {
      setError(describeError(e, NAMES))
    } finally {
      setRunning(null)
    }
  }

  return (
    <View className='page admin-page admin-care'>
      <View className='card'>
        <View className='title'>关怀消息设置</View>
        <View className='muted'>每类消息需会员在小程序中订阅后才会发送，每次订阅可发送一条；会员可在「消息设置」中关闭。</View>
      </View>
      {error ? (
        <View id='care-error' className='error'>
          {error}
        </View>
      ) : null}
      {saved ? (
        <View id='care-saved' className='success'>
          {saved}
        </View>
      ) : null}
      {s ? (
        <View className='card'>
          <View className='section-title'>任务</View>
          {JOBS.map(({ job, label }) => (
            <View key={job} className='between care-row'>
              <Text>{label}</Text>
              <Button id={`care-job-${job}`} size='small' type={s.jobs[job].enabled ? 'primary' : 'default'} onClick={() => toggle(job)}>
                {s.jobs[job].enabled ? '已开启' : '已关闭'}
              </Button>
            </View>
          ))}
          <View className='field'>
            <Text className='label'>积分到期提前天数</Text>
            <Input id='care-days-points' className='input' type='number' value={text.pointsDays} onInput={set('pointsDays')} />
          </View>
          <View className='field'>
            <Text className='label'>优惠券到期提前天数</Text>
            <Input id='care-days-coupons' className='input' type='number' value={text.couponDays} onInput={set('couponDays')} />
          </View>
          <View className='muted' id='care-dormant-hint'>会员在“标签与规则”的生命周期定义下转为沉睡的当天发送回访消息</View>
          <View className='field'>
            <Text className='label'>回访优惠券模板 ID（可空）</Text>
            <Input id='care-winback-coupon' className='input' value={text.winbackCoupon} onInput={set('winbackCoupon')} />
          </View>
          <View className='row'>
            <View className='field half'>
              <Text className='label'>免打扰开始</Text>
              <Input id='care-quiet-start' className='input' placeholder='21:00' value={text.quietStart} onInput={set('quietStart')} />
            </View>
            <View className='field half'>
              <Text className='label'>免打扰结束</Text>
              <Input id='care-quiet-end' className='input' placeholder='09:00' value={text.quietEnd} onInput={set('quietEnd')} />
            </View>
          </View>
          <View className='field'>
            <Text className='label'>每位会员每周最多（投诉进度不计）</Text>
            <Input id='care-cap' className='input' type='number' value={text.cap} onInput={set('cap')} />
          </View>
          <View className='section-title'>订阅消息模板</View>
          {KINDS.map(({ kind, label }) => (
            <View key={kind} className='field'>
              <Text className='label'>{label}</Text>
              <Input id={`care-tpl-${kind}`} className='input' value={text[`tpl-${kind}`]} onInput={set(`tpl-${kind}`)} />
              <Textarea id={`care-fields-${kind}`} className='input fields' value={text[`fields-${kind}`] ?? ''} onInput={set(`fields-${kind}`)} />
            </View>
          ))}
          <Button id='care-save' type='primary' block loading={saving} onClick={() => void save()}>
            保存设置
          </Button>
          {loaded?.updatedAt ? <View className='muted'>上次修改 {formatTime(loaded.updatedAt)}</View> : null}
        </View>
      ) : null}

      <View className='card'>
        <View className='section-title'>发送记录</View>
        <View className='row'>
          <Input id='care-day' className='input grow' value={day} onInput={(e) => setDay(e.detail.value)} />
          <Button id='care-log-reload' size='small' onClick={() => void loadLog()}>
            查询
          </Button>
        </View>
        <View className='choices' style={{ marginTop: '16px' }}>
          {JOBS.map(({ job, label }) => (
            <Button key={job} id={`care-run-${job}`} size='small' loading={running === job} onClick={() => void runJob(job)}>
              运行{label.replace(' + 生日礼', '')}
            </Button>
          ))}
        </View>
        {run ? (
          <View id='care-run-result' className='muted'>
            {run.day} 目标 {run.targeted} 人，发送 {run.sent}，未订阅 {run.noConsent}，已关闭 {run.optedOut}，免打扰 {run.quietHours}，超上限 {run.capped}，重复 {run.duplicate}，错误 {run.wechatError}（读取 {run.itemsRead} 条）
          </View>
        ) : null}
        {log ? (
          <View id='care-log'>
            <View id='care-log-counts' className='muted'>
              {Object.keys(log.counts).length === 0 ? '当天没有发送记录' : Object.entries(log.counts).map(([k, n]) => `${OUTCOME[k] ?? k} ${n}`).join('，')}
            </View>
            {log.entries.map((e) => (
              <View key={`${e.memberId}-${e.occasion}`} className='care-log-entry' data-outcome={e.outcome}>
                <Text>{KINDS.find((k) => k.kind === e.kind)?.label ?? e.kind}</Text>
                <Text className='muted'> {e.memberId} </Text>
                <Text className={e.outcome === 'sent' ? 'success' : 'muted'}>
                  {OUTCOME[e.outcome] ?? e.outcome}
                  {e.errcode ? `（${e.errcode}）` : ''}
                </Text>
                <Text className='muted'> {formatTime(e.at)}</Text>
              </View>
            ))}
          </View>
        ) : null}
      </View>
    </View>
  )
}
