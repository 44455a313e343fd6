import { useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { RouteBody, RouteResponse } from '@shared/contract/routes'
import { ApiError, request } from '../../api/client'
import { describeError, formatTime } from '../common'
import '../common.scss'
import './index.scss'

type Campaign = RouteResponse<'adminListCampaigns'>['campaigns'][number]
type Results = RouteResponse<'adminCampaignResults'>
type Body = RouteBody<'adminCreateCampaign'>
type Every = 'day' | 'week' | 'month'

const STATE_TEXT: Record<Campaign['state'], string> = {
  draft: '草稿',
  pending_approval: '待审批',
  approved: '已批准',
  running: '执行中',
  done: '已完成',
  rejected: '已驳回',
  cancelled: '已取消',
}
const EVERY: { key: Every; label: string }[] = [
  { key: 'day', label: '每天' },
  { key: 'week', label: '每周' },
  { key: 'month', label: '每月' },
]
const OUTCOME_TEXT: Record<string, string> = {
  sent: '已发送',
  no_consent: '未订阅',
  opted_out: '已关闭',
  quiet_hours: '免打扰时段',
  capped: '超过每周上限',
  duplicate: '重复',
  wechat_error: '微信发送失败',
}
const FIELD_NAMES: Record<string, string> = {
  name: '活动名称',
  segmentId: '人群',
  templateId: '消息模板',
  'template.fields': '消息内容',
  couponTemplateId: '优惠券',
  'schedule.once.at': '发送时间',
  'schedule.recurring.from': '开始日期',
  'schedule.recurring.until': '结束日期',
  schedule: '发送时间',
}
const DATE = /^\d{4}-\d{2}-\d{2}$/
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/
/** Shanghai wall time as text, from an instant. */
const local = (ms: number) => new Date(ms + 8 * 3600_000).toISOString()

interface Form {
  name: string
  segmentId: string
  templateId: string
  fields: { key: string; value: string }[]
  couponTemplateId: string
  kind: 'once' | 'recurring'
  onceDate: string
  onceTime: string
  every: Every
  at: string
  from: string
  until: string
}

function emptyForm(): Form {
  const soon = local(Date.now() + 3600_000)
  return {
    name: '',
    segmentId: '',
    templateId: 'tmpl-campaign',
    fields: [
      { key: 'thing1', value: '{name}，会员专享活动' },
      { key: 'thing2', value: '送您{coupon}' },
      { key: '', value: '' },
    ],
    couponTemplateId: '',
    kind: 'once',
    onceDate: soon.slice(0, 10),
    onceTime: soon.slice(11, 16),
    every: 'week',
    at: '10:00',
    from: local(Date.now() + 86_400_000).slice(0, 10),
    until: '',
  }
}

function toBody(f: Form): { body: Body } | { error: string } {
  const name = f.name.trim()
  if (!name) return { error: '请填写活动名称' }
  if (!f.segmentId) return { error: '请选择人群' }
  if (!f.templateId) return { error: '请选择消息模板' }
  const fields: Record<string, string> = {}
  for (const r of f.fields) {
    const key = r.key.trim()
    const value = r.value.trim()
    if (!key && !value) continue
    if (!/^[a-z_]+\d+$/.test(key)) return { error: `字段名 ${key || '（空）'} 须为微信模板的字段，如 thing1` }
    if (!value) return { error: `请填写字段 ${key} 的内容` }
    fields[key] = value
  }
  if (Object.keys(fields).length === 0) return { error: '请至少填写一个消息字段' }
  let schedule: Body['schedule']
  if (f.kind === 'once') {
    if (!DATE.test(f.onceDate) || !TIME.test(f.onceTime)) return { error: '请按 YYYY-MM-DD 和 HH:mm 填写发送时间' }
    schedule = { once: { at: new Date(`${f.onceDate}T${f.onceTime}:00.000+08:00`).toISOString() } }
  } else {
    if (!TIME.test(f.at)) return { error: '请按 HH:mm 填写发送时刻' }
    if (!DATE.test(f.from)) return { error: '请按 YYYY-MM-DD 填写开始日期' }
    if (f.until && !DATE.test(f.until)) return { error: '请按 YYYY-MM-DD 填写结束日期，或留空' }
    schedule = { recurring: { every: f.every, at: f.at, from: f.from, ...(f.until ? { until: f.until } : {}) } }
  }
  return {
    body: {
      name,
      segmentId: f.segmentId,
      template: { templateId: f.templateId, fields },
      ...(f.couponTemplateId ? { couponTemplateId: f.couponTemplateId } : {}),
      schedule,
    },
  }
}

function scheduleText(c: Campaign): string {
  const s = c.definition.schedule
  if ('once' in s) return `单次 ${formatTime(s.once.at)}`
  const r = s.recurring
  return `${EVERY.find((e) => e.key === r.every)?.label ?? r.every} ${r.at}，${r.from} 起${r.until ? ` 至 ${r.until}` : ''}`
}

export default function AdminCampaigns() {
  const [list, setList] = useState<Campaign[]>([])
  const [loaded, setLoaded] = useState(false)
  const [listError, setListError] = useState('')
  const [segments, setSegments] = useState<{ id: string; name: string }[]>([])
  const [coupons, setCoupons] = useState<{ id: string; name: string }[]>([])
  const [templates, setTemplates] = useState<{ templateId: string; title: string }[]>([])
  const [form, setForm] = useState<Form>(emptyForm)
  const [pending, setPending] = useState(false)
  const [error, setError] = useState('')
  const [created, setCreated] = useState<Campaign | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [actionError, setActionError] = useState('')
  const [actionDone, setActionDone] = useState('')
  const [rejectReason, setRejectReason] = useState('')
  const [results, setResults] = useState<Results | null>(null)

  async function load() {
    try {
      const res = await request('adminListCampaigns')
      setList(res.campaigns)
      setLoaded(true)
      setListError('')
    } catch (e) {
      setListError(describeError(e))
    }
  }

  useDidShow(() => {
    void load()
    request('adminListSegments')
      .then((r) => setSegments(r.segments.map((s) => ({ id: s.id, name: s.name }))))
      .catch(() => undefined)
    request('adminListCouponTemplates')
      .then((r) => setCoupons(r.templates.filter((t) => t.state === 'active').map((t) => ({ id: t.id, name: t.definition.name }))))
      .catch(() => undefined)
    request('adminGetCareSettings')
      .then((r) => {
        const seen = new Set<string>()
        const all = Object.values(r.settings.templates).filter((t) => !seen.has(t.templateId) && !!seen.add(t.templateId))
        setTemplates(all.map((t) => ({ templateId: t.templateId, title: t.title })))
      })
      .catch(() => undefined)
  })

  function edit(patch: Partial<Form>) {
    setForm((f) => ({ ...f, ...patch }))
    setCreated(null)
  }
  function editField(i: number, patch: Partial<{ key: string; value: string }>) {
    setForm((f) => ({ ...f, fields: f.fields.map((r, j) => (j === i ? { ...r, ...patch } : r)) }))
    setCreated(null)
  }

  async function create(submitToo: boolean) {
    if (pending) return
    setError('')
    setCreated(null)
    const built = toBody(form)
    if ('error' in built) return setError(built.error)
    setPending(true)
    try {
      let c = await request('adminCreateCampaign', { body: built.body })
      if (submitToo) c = await request('adminSubmitCampaign', { params: { campaignId: c.id } })
      setCreated(c)
      setForm(emptyForm())
      await load()
    } catch (e) {
      const mine: Record<string, string> = {
        quiet_hours: '发送时间在免打扰时段内，请选择其他时间',
        invalid_schedule: '发送时间须晚于现在',
        segment_not_found: '人群不存在，请重新选择',
        unknown_template: '消息模板不存在，请重新选择',
        template_not_found: '优惠券不存在，请重新选择',
      }
      setError(e instanceof ApiError && mine[e.code] ? mine[e.code]! : describeError(e, FIELD_NAMES))
    } finally {
      setPending(false)
    }
  }

  async function act(c: Campaign, action: 'submit' | 'approve' | 'reject' | 'cancel' | 'run') {
    if (busy) return
    setActionError('')
    setActionDone('')
    if (action === 'reject' && !rejectReason.trim()) return setActionError('请填写驳回原因')
    setBusy(`${action}-${c.id}`)
    try {
      const params = { campaignId: c.id }
      if (action === 'submit') await request('adminSubmitCampaign', { params })
      if (action === 'approve') await request('adminApproveCampaign', { params })
      if (action === 'reject') await request('adminRejectCampaign', { params, body: { reason: rejectReason.trim() } })
      if (action === 'cancel') await request('adminCancelCampaign', { params })
      if (action === 'run') {
        const r = await request('adminRunCampaignNow', { params })
        setActionDone(r.run ? `已执行：目标 ${r.run.targeted} 人，发送 ${r.run.sent} 条，发券 ${r.run.couponsIssued} 张` : `未执行：${r.skipped ?? ''}`)
        await showResults(c.id)
      } else {
        setActionDone(`${c.definition.name}：${{ submit: '已提交审批', approve: '已批准', reject: '已驳回', cancel: '已取消' }[action]}`)
      }
      setRejectReason('')
      await load()
    } catch (e) {
      if (e instanceof ApiError && e.code === 'same_approver') setActionError('不能审批自己创建的活动，需由另一位管理员审批')
      else if (e instanceof ApiError && e.code === 'campaign_running') setActionError('活动正在执行中，请稍后再试')
      else if (e instanceof ApiError && e.code === 'campaign_state') setActionError('活动当前状态不允许此操作，请刷新')
      else setActionError(describeError(e))
    } finally {
      setBusy(null)
    }
  }

  async function showResults(id: string) {
    try {
      setResults(await request('adminCampaignResults', { params: { campaignId: id } }))
    } catch (e) {
      setActionError(describeError(e))
    }
  }

  const btn = (c: Campaign, action: 'submit' | 'approve' | 'reject' | 'cancel' | 'run', text: string, type: 'primary' | 'default' = 'default') => (
    <Button id={`cmp-${action}-${c.id}`} size='small' type={type} loading={busy === `${action}-${c.id}`} disabled={busy !== null} onClick={() => void act(c, action)}>
      {text}
    </Button>
  )

  return (
    <View className='page admin-page admin-campaigns'>
      <View id='cmp-list' className='card'>
        <View className='section-title'>营销活动</View>
        {list.map((c) => (
          <View key={c.id} id={`cmp-${c.id}`} className='list-row cmp-row' data-campaign-id={c.id} data-state={c.state}>
            <View className='cmp-head between'>
              <View className='cmp-name'>{c.definition.name}</View>
              <View className={`cmp-state ${c.state}`} id={`cmp-state-${c.id}`}>
                {STATE_TEXT[c.state]}
              </View>
            </View>
            <View className='muted'>
              人群：{c.segmentName ?? c.definition.segmentId} · 模板：{c.definition.template.templateId}
              {c.couponName ? ` · 券：${c.couponName}` : ''}
            </View>
            <View className='muted'>{scheduleText(c)}</View>
            <View className='muted'>
              创建：{c.createdBy}
              {c.approvedBy ? ` · 审批：${c.approvedBy}` : ''}
              {c.rejectedBy ? ` · 驳回：${c.rejectedBy}（${c.rejectReason ?? ''}）` : ''}
              {c.nextRunAt ? ` · 下次：${formatTime(c.nextRunAt)}` : ''}
              {c.runs ? ` · 已执行 ${c.runs} 次` : ''}
            </View>
            <View className='choices cmp-actions'>
              {c.state === 'draft' ? btn(c, 'submit', '提交审批', 'primary') : null}
              {c.state === 'pending_approval' ? btn(c, 'approve', '批准', 'primary') : null}
              {c.state === 'pending_approval' ? btn(c, 'reject', '驳回') : null}
              {c.state === 'approved' ? btn(c, 'run', '立即执行', 'primary') : null}
              {c.state === 'draft' || c.state === 'pending_approval' || c.state === 'approved' ? btn(c, 'cancel', '取消') : null}
              {c.runs > 0 ? (
                <Button id={`cmp-results-${c.id}`} size='small' onClick={() => void showResults(c.id)}>
                  查看结果
                </Button>
              ) : null}
            </View>
          </View>
        ))}
        {loaded && list.length === 0 ? (
          <View id='cmp-empty' className='muted'>
            暂无活动
          </View>
        ) : null}
        {list.some((c) => c.state === 'pending_approval') ? (
          <View className='field cmp-reject-field'>
            <Text className='label'>驳回原因（驳回时填写）</Text>
            <Input id='cmp-reject-reason' className='input' maxlength={200} value={rejectReason} onInput={(e) => setRejectReason(e.detail.value)} />
          </View>
        ) : null}
        {actionDone ? (
          <View id='cmp-action-done' className='success'>
            {actionDone}
          </View>
        ) : null}
        {actionError ? (
          <View id='cmp-action-error' className='error'>
            {actionError}
          </View>
        ) : null}
        {listError ? (
          <View id='cmp-list-error' className='error'>
            {listError}
          </View>
        ) : null}
      </View>

      {results ? (
        <View id='cmp-results' className='card' data-campaign-id={results.campaignId}>
          <View className='section-title'>活动结果</View>
          <View id='cmp-results-totals' className='cmp-totals'>
            目标 <Text id='cmp-total-targeted'>{results.totals.targeted}</Text> 人 · 已订阅 <Text id='cmp-total-consented'>{results.totals.consented}</Text> 人 · 已发送{' '}
            <Text id='cmp-total-sent'>{results.totals.sent}</Text> 条 · 发券 <Text id='cmp-total-coupons'>{results.totals.couponsIssued}</Text> 张 · 已核销{' '}
            <Text id='cmp-total-redeemed'>{results.totals.couponsRedeemed}</Text> 张
          </View>
          {results.runs.map((r) => (
            <View key={r.runId} className='list-row cmp-run' data-run-id={r.runId}>
              <View className='cmp-name'>
                第 {r.runId === 'once' ? '1' : r.runId} 次 · {formatTime(r.startedAt)}
                {r.finishedAt ? '' : '（执行中）'}
              </View>
              <View className='muted'>
                目标 {r.targeted} · 已订阅 {r.consented} · 已发送 {r.sent} · 发券 {r.couponsIssued} · 已核销 {r.couponsRedeemed}
              </View>
              <View className='muted'>
                {Object.entries(r.outcomes)
                  .filter(([, n]) => n > 0)
                  .map(([k, n]) => `${OUTCOME_TEXT[k] ?? k} ${n}`)
                  .join(' · ')}
              </View>
            </View>
          ))}
        </View>
      ) : null}

      <View id='cmp-form' className='card'>
        <View className='section-title'>新建活动</View>
        <View className='field'>
          <Text className='label'>活动名称</Text>
          <Input id='cmp-name' className='input' maxlength={30} placeholder='如 双11会员专享' value={form.name} onInput={(e) => edit({ name: e.detail.value })} />
        </View>
        <View className='field'>
          <Text className='label'>目标人群（已保存的人群）</Text>
          <View className='choices' id='cmp-segments' data-value={form.segmentId}>
            {segments.map((s) => (
              <Button key={s.id} id={`cmp-segment-${s.id}`} size='small' type={form.segmentId === s.id ? 'primary' : 'default'} onClick={() => edit({ segmentId: s.id })}>
                {s.name}
              </Button>
            ))}
            {segments.length === 0 ? <View className='muted'>暂无人群，请先在「人群圈选」保存人群</View> : null}
          </View>
        </View>
        <View className='field'>
          <Text className='label'>订阅消息模板</Text>
          <View className='choices' id='cmp-templates' data-value={form.templateId}>
            {(templates.length ? templates : [{ templateId: 'tmpl-campaign', title: '会员活动' }]).map((t) => (
              <Button key={t.templateId} id={`cmp-template-${t.templateId}`} size='small' type={form.templateId === t.templateId ? 'primary' : 'default'} onClick={() => edit({ templateId: t.templateId })}>
                {t.title}
              </Button>
            ))}
          </View>
        </View>
        <View className='field'>
          <Text className='label'>消息字段（可用 {'{name}'} 姓名、{'{tier}'} 等级、{'{coupon}'} 券名、{'{date}'} 日期）</Text>
          {form.fields.map((r, i) => (
            <View key={i} className='row cmp-field-row'>
              <Input id={`cmp-field-key-${i}`} className='input cmp-field-key' placeholder='thing1' value={r.key} onInput={(e) => editField(i, { key: e.detail.value })} />
              <Input id={`cmp-field-value-${i}`} className='input grow' maxlength={100} placeholder='内容' value={r.value} onInput={(e) => editField(i, { value: e.detail.value })} />
            </View>
          ))}
        </View>
        <View className='field'>
          <Text className='label'>随消息发放优惠券（选填）</Text>
          <View className='choices' id='cmp-coupons' data-value={form.couponTemplateId}>
            <Button id='cmp-coupon-none' size='small' type={form.couponTemplateId === '' ? 'primary' : 'default'} onClick={() => edit({ couponTemplateId: '' })}>
              不发券
            </Button>
            {coupons.map((t) => (
              <Button key={t.id} id={`cmp-coupon-${t.id}`} size='small' type={form.couponTemplateId === t.id ? 'primary' : 'default'} onClick={() => edit({ couponTemplateId: t.id })}>
                {t.name}
              </Button>
            ))}
          </View>
        </View>
        <View className='field'>
          <Text className='label'>发送时间（北京时间）</Text>
          <View className='choices' id='cmp-schedule-kind' data-value={form.kind}>
            <Button id='cmp-schedule-once' size='small' type={form.kind === 'once' ? 'primary' : 'default'} onClick={() => edit({ kind: 'once' })}>
              单次
            </Button>
            <Button id='cmp-schedule-recurring' size='small' type={form.kind === 'recurring' ? 'primary' : 'default'} onClick={() => edit({ kind: 'recurring' })}>
              周期
            </Button>
          </View>
          {form.kind === 'once' ? (
            <View className='row'>
              <Input id='cmp-once-date' className='input half' placeholder='YYYY-MM-DD' value={form.onceDate} onInput={(e) => edit({ onceDate: e.detail.value })} />
              <Input id='cmp-once-time' className='input half' placeholder='HH:mm' value={form.onceTime} onInput={(e) => edit({ onceTime: e.detail.value })} />
            </View>
          ) : (
            <>
              <View className='choices'>
                {EVERY.map((x) => (
                  <Button key={x.key} id={`cmp-every-${x.key}`} size='small' type={form.every === x.key ? 'primary' : 'default'} onClick={() => edit({ every: x.key })}>
                    {x.label}
                  </Button>
                ))}
              </View>
              <View className='row'>
                <Input id='cmp-rec-at' className='input half' placeholder='HH:mm' value={form.at} onInput={(e) => edit({ at: e.detail.value })} />
                <Input id='cmp-rec-from' className='input half' placeholder='开始 YYYY-MM-DD' value={form.from} onInput={(e) => edit({ from: e.detail.value })} />
                <Input id='cmp-rec-until' className='input half' placeholder='结束（选填）' value={form.until} onInput={(e) => edit({ until: e.detail.value })} />
              </View>
            </>
          )}
        </View>
        {error ? (
          <View id='cmp-error' className='error'>
            {error}
          </View>
        ) : null}
        {created ? (
          <View id='cmp-created' className='success' data-campaign-id={created.id}>
            已创建「{created.definition.name}」（{STATE_TEXT[created.state]}）
          </View>
        ) : null}
        <View className='actions'>
          <Button id='cmp-create-submit' type='primary' block loading={pending} onClick={() => void create(true)}>
            创建并提交审批
          </Button>
          <Button id='cmp-create-draft' block disabled={pending} onClick={() => void create(false)}>
            保存草稿
          </Button>
        </View>
      </View>
    </View>
  )
}
