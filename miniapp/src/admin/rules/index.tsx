import { useEffect, useMemo, useState } from 'react'
import { Input, Switch, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { EarningRulesInput, EarningRulesVersion } from '@shared/contract/program'
import type { RouteResponse } from '@shared/contract/routes'
import { evaluatePurchase, type BirthdayRule, type ExpiryPolicy, type Rounding } from '@shared/domain/rules'
import { formatYuan, parseYuan } from '@shared/domain/money'
import { request } from '../../api/client'
import { describeError, formatTime, parseIntText, parseNumberText, splitList, yuanText } from '../common'
import '../common.scss'
import './index.scss'

type RulesResponse = RouteResponse<'adminGetRules'>
type TiersResponse = RouteResponse<'adminGetTiers'>
type EventKey = keyof EarningRulesInput['events']

const EVENTS: { key: EventKey; label: string }[] = [
  { key: 'registration', label: '注册有礼' },
  { key: 'firstPurchase', label: '首次消费' },
  { key: 'profileCompleted', label: '完善资料' },
  { key: 'productScan', label: '扫码积分' },
]

const ROUNDINGS: { key: Rounding; label: string }[] = [
  { key: 'floor', label: '向下取整' },
  { key: 'round', label: '四舍五入' },
  { key: 'ceil', label: '向上取整' },
]

const BIRTHDAY_MODES: { key: BirthdayRule['mode']; label: string }[] = [
  { key: 'none', label: '无' },
  { key: 'bonus', label: '生日积分' },
  { key: 'multiplier', label: '生日月倍数' },
]

const EXPIRY: { key: ExpiryPolicy['policy']; label: string }[] = [
  { key: 'never', label: '永久有效' },
  { key: 'days', label: '获得后N天' },
  { key: 'yearEnd', label: '次年年底' },
]

const PERIOD: Record<string, string> = { day: '天', week: '周', month: '月' }

/** Chinese names of the request's fields, for 400/422 answers. */
const FIELD_NAMES: Record<string, string> = {
  effectiveFrom: '生效时间',
  'spend.pointsPerYuan': '每元积分',
  'spend.rounding': '取整方式',
  'spend.minOrderFen': '最低消费',
  'spend.excludedCategories': '不计积分品类',
  'spend.excludedSkus': '不计积分商品',
  'spend.capPerOrder': '单笔上限',
  'spend.skuMultipliers': '商品倍数',
  'spend.categoryMultipliers': '品类倍数',
  birthday: '生日规则',
  holdingDays: '冻结天数',
  expiry: '有效期',
  'events.registration': '注册有礼',
  'events.firstPurchase': '首次消费',
  'events.profileCompleted': '完善资料',
  'events.productScan': '扫码积分',
}

interface Form {
  ppy: string
  rounding: Rounding
  minOrder: string
  excludedCategories: string
  cap: string
  birthdayMode: BirthdayRule['mode']
  birthdayPoints: string
  birthdayMultiplier: string
  holdingDays: string
  expiryPolicy: ExpiryPolicy['policy']
  expiryDays: string
  events: Record<EventKey, string>
}

function formOf(v: EarningRulesVersion): Form {
  return {
    ppy: String(v.spend.pointsPerYuan),
    rounding: v.spend.rounding,
    minOrder: yuanText(v.spend.minOrderFen),
    excludedCategories: v.spend.excludedCategories.join(', '),
    cap: v.spend.capPerOrder === null ? '' : String(v.spend.capPerOrder),
    birthdayMode: v.birthday.mode,
    birthdayPoints: v.birthday.mode === 'bonus' ? String(v.birthday.points) : '',
    birthdayMultiplier: v.birthday.mode === 'multiplier' ? String(v.birthday.multiplier) : '',
    holdingDays: String(v.holdingDays),
    expiryPolicy: v.expiry.policy,
    expiryDays: v.expiry.policy === 'days' ? String(v.expiry.days) : '',
    events: {
      registration: String(v.events.registration.points),
      firstPurchase: String(v.events.firstPurchase.points),
      profileCompleted: String(v.events.profileCompleted.points),
      productScan: String(v.events.productScan.points),
    },
  }
}

/**
 * The rules the form describes, on top of the loaded version (fields the form does not show are
 * kept). An invalid field keeps the loaded value in `rules` (so the preview still works) and is
 * listed in `errors`.
 */
function rulesOf(form: Form, base: EarningRulesVersion): { rules: EarningRulesInput; errors: string[] } {
  const errors: string[] = []
  const ppy = parseNumberText(form.ppy)
  if (ppy === null || ppy > 100 || Math.round(ppy * 100) !== ppy * 100) errors.push('每元积分须为 0–100 的数字（最多两位小数）')
  const minOrderFen = parseYuan(form.minOrder)
  if (minOrderFen === null) errors.push('最低消费金额格式不正确')
  let cap: number | null = null
  if (form.cap.trim()) {
    cap = parseIntText(form.cap)
    if (cap === null || cap < 1) errors.push('单笔上限须为正整数，留空表示无上限')
  }

  let birthday: BirthdayRule = { mode: 'none' }
  if (form.birthdayMode === 'bonus') {
    const points = parseIntText(form.birthdayPoints)
    if (points === null || points < 1 || points > 100_000) errors.push('生日积分须为 1–100000 的整数')
    birthday = { mode: 'bonus', points: points ?? (base.birthday.mode === 'bonus' ? base.birthday.points : 1) }
  } else if (form.birthdayMode === 'multiplier') {
    const multiplier = parseNumberText(form.birthdayMultiplier)
    if (multiplier === null || multiplier < 0.1 || multiplier > 10) errors.push('生日月倍数须在 0.1–10 之间')
    birthday = { mode: 'multiplier', multiplier: multiplier ?? (base.birthday.mode === 'multiplier' ? base.birthday.multiplier : 1) }
  }

  const holdingDays = parseIntText(form.holdingDays)
  if (holdingDays === null || holdingDays > 90) errors.push('冻结天数须为 0–90 的整数')

  let expiry: ExpiryPolicy = { policy: form.expiryPolicy } as ExpiryPolicy
  if (form.expiryPolicy === 'days') {
    const days = parseIntText(form.expiryDays)
    if (days === null || days < 1 || days > 3650) errors.push('有效天数须为 1–3650 的整数')
    expiry = { policy: 'days', days: days ?? 365 }
  }

  const events = { ...base.events }
  for (const { key, label } of EVENTS) {
    const points = parseIntText(form.events[key])
    if (points === null || points > 100_000) errors.push(`${label}积分须为 0–100000 的整数`)
    else events[key] = { ...base.events[key], points }
  }

  const excludedCategories = splitList(form.excludedCategories)
  if (excludedCategories.some((c) => c.length > 64)) errors.push('品类名称过长')

  return {
    rules: {
      spend: {
        ...base.spend,
        pointsPerYuan: ppy !== null && ppy <= 100 ? ppy : base.spend.pointsPerYuan,
        rounding: form.rounding,
        minOrderFen: minOrderFen ?? base.spend.minOrderFen,
        excludedCategories,
        capPerOrder: form.cap.trim() ? (cap !== null && cap >= 1 ? cap : base.spend.capPerOrder) : null,
      },
      events,
      birthday,
      holdingDays: holdingDays !== null && holdingDays <= 90 ? holdingDays : base.holdingDays,
      expiry,
    },
    errors,
  }
}

function expiryText(e: ExpiryPolicy): string {
  if (e.policy === 'never') return '永久有效'
  if (e.policy === 'yearEnd') return '次年年底到期'
  return `获得后 ${e.days} 天到期`
}

export default function AdminRules() {
  const [data, setData] = useState<RulesResponse | null>(null)
  const [tiers, setTiers] = useState<TiersResponse | null>(null)
  const [form, setForm] = useState<Form | null>(null)
  const [loadError, setLoadError] = useState('')
  const [error, setError] = useState('')
  const [saved, setSaved] = useState<EarningRulesVersion | null>(null)
  const [pending, setPending] = useState(false)

  const [amount, setAmount] = useState('399.00')
  const [tierCode, setTierCode] = useState('')
  const [birthdayMonth, setBirthdayMonth] = useState(false)

  async function load(resetForm: boolean) {
    setLoadError('')
    try {
      const [r, t] = await Promise.all([request('adminGetRules'), request('adminGetTiers')])
      setData(r)
      setTiers(t)
      if (resetForm) setForm(formOf(r.current))
      setTierCode((code) => (code && t.tiers.some((x) => x.code === code) ? code : ([...t.tiers].sort((a, b) => a.rank - b.rank)[0]?.code ?? '')))
    } catch (e) {
      setLoadError(describeError(e))
    }
  }

  useEffect(() => {
    void load(true)
  }, [])

  const ladder = useMemo(() => (tiers ? [...tiers.tiers].sort((a, b) => a.rank - b.rank) : []), [tiers])
  const built = useMemo(() => (form && data ? rulesOf(form, data.current) : null), [form, data])

  const preview = useMemo(() => {
    if (!built) return null
    const amountFen = parseYuan(amount)
    if (amountFen === null) return { text: '请输入有效的订单金额', steps: [] as { label: string; points: number }[] }
    const tier = ladder.find((t) => t.code === tierCode)
    const earning = evaluatePurchase(built.rules, {
      amountFen,
      lines: [],
      tierMultiplier: tier?.multiplier ?? 1,
      birthdayMonth,
    })
    const who = `${tier?.name ?? '会员'}${birthdayMonth ? '（生日月）' : ''}`
    return {
      text: `一笔 ${formatYuan(amountFen)} 的订单，${who}可得 ${earning.points} 积分`,
      steps: earning.breakdown.map((s) => ({ label: s.label, points: s.points })),
    }
  }, [built, amount, tierCode, birthdayMonth, ladder])

  function change(patch: Partial<Form>) {
    setForm((f) => (f ? { ...f, ...patch } : f))
    setSaved(null)
  }

  function changeEvent(key: EventKey, value: string) {
    setForm((f) => (f ? { ...f, events: { ...f.events, [key]: value } } : f))
    setSaved(null)
  }

  async function save() {
    if (pending || !built) return
    setError('')
    setSaved(null)
    if (built.errors.length) {
      setError(built.errors.join('；'))
      return
    }
    setPending(true)
    try {
      // Only the input's own fields: the server assigns version/createdAt/createdBy; effectiveFrom = now.
      const { spend, events, birthday, holdingDays, expiry } = built.rules
      const res = await request('adminPutRules', { body: { spend, events, birthday, holdingDays, expiry } })
      setSaved(res)
      await load(false)
    } catch (e) {
      setError(describeError(e, FIELD_NAMES))
    } finally {
      setPending(false)
    }
  }

  if (!form || !data) {
    return (
      <View className='page admin-page admin-rules'>
        <View className='card'>
          {loadError ? (
            <View id='rules-load-error' className='error'>
              {loadError}
            </View>
          ) : (
            <View className='muted'>加载中…</View>
          )}
        </View>
      </View>
    )
  }

  const choice = (id: string, active: boolean, text: string, onClick: () => void) => (
    <Button key={id} id={id} size='small' type={active ? 'primary' : 'default'} className={active ? 'choice active' : 'choice'} onClick={onClick}>
      {text}
    </Button>
  )

  return (
    <View className='page admin-page admin-rules'>
      <View className='card'>
        <View className='title'>积分规则</View>
        <View id='rules-current' className='muted'>
          当前第 {data.current.version} 版 · {formatTime(data.current.effectiveFrom)} 起生效
        </View>
      </View>

      <View id='preview' className='card preview'>
        <View className='section-title'>实时预览</View>
        <View className='field'>
          <Text className='label'>订单金额（元）</Text>
          <Input id='preview-amount' className='input' type='digit' value={amount} onInput={(e) => setAmount(e.detail.value)} />
        </View>
        <View className='field'>
          <Text className='label'>会员等级</Text>
          <View id='preview-tier' className='choices' data-value={tierCode}>
            {ladder.map((t) => choice(`preview-tier-${t.code}`, t.code === tierCode, `${t.name} ×${t.multiplier}`, () => setTierCode(t.code)))}
          </View>
        </View>
        <View className='field between'>
          <Text className='label'>生日月</Text>
          <Switch id='preview-birthday' checked={birthdayMonth} onChange={(e) => setBirthdayMonth(e.detail.value)} />
        </View>
        {preview ? (
          <View>
            <View id='preview-result' className='preview-result'>
              {preview.text}
            </View>
            <View id='preview-breakdown'>
              {preview.steps.map((s, i) => (
                <View key={i} className='preview-step between'>
                  <Text className='muted'>{s.label}</Text>
                  <Text className='preview-step-points'>{s.points > 0 ? `+${s.points}` : s.points}</Text>
                </View>
              ))}
            </View>
            {built && built.errors.length > 0 ? (
              <View id='preview-warnings' className='error'>
                以下设置有误，预览中按当前版本计算：{built.errors.join('；')}
              </View>
            ) : null}
            {form.birthdayMode === 'bonus' ? (
              <View id='preview-birthday-bonus' className='muted'>
                生日积分 {form.birthdayPoints || 0} 分于会员生日当天另行发放
              </View>
            ) : null}
          </View>
        ) : null}
      </View>

      <View className='card'>
        <View className='section-title'>消费积分</View>
        <View className='row'>
          <View className='field half'>
            <Text className='label'>每元积分</Text>
            <Input id='rules-ppy' className='input' type='digit' value={form.ppy} onInput={(e) => change({ ppy: e.detail.value })} />
          </View>
          <View className='field half'>
            <Text className='label'>最低消费（元）</Text>
            <Input id='rules-min-order' className='input' type='digit' value={form.minOrder} onInput={(e) => change({ minOrder: e.detail.value })} />
          </View>
        </View>
        <View className='field'>
          <Text className='label'>取整方式</Text>
          <View id='rules-rounding' className='choices' data-value={form.rounding}>
            {ROUNDINGS.map((r) => choice(`rules-rounding-${r.key}`, form.rounding === r.key, r.label, () => change({ rounding: r.key })))}
          </View>
        </View>
        <View className='field'>
          <Text className='label'>不计积分品类（逗号分隔）</Text>
          <Input
            id='rules-excluded-categories'
            className='input'
            placeholder='如：礼品卡, 烟酒'
            value={form.excludedCategories}
            onInput={(e) => change({ excludedCategories: e.detail.value })}
          />
        </View>
        <View className='field'>
          <Text className='label'>单笔上限（积分，留空 = 无）</Text>
          <Input id='rules-cap' className='input' type='number' placeholder='无' value={form.cap} onInput={(e) => change({ cap: e.detail.value })} />
        </View>
      </View>

      <View className='card'>
        <View className='section-title'>生日</View>
        <View id='rules-birthday-mode' className='choices' data-value={form.birthdayMode}>
          {BIRTHDAY_MODES.map((m) => choice(`rules-birthday-mode-${m.key}`, form.birthdayMode === m.key, m.label, () => change({ birthdayMode: m.key })))}
        </View>
        {form.birthdayMode === 'bonus' ? (
          <View className='field'>
            <Text className='label'>生日积分（分，生日当天发放）</Text>
            <Input
              key='birthday-points'
              id='rules-birthday-points'
              className='input'
              type='number'
              placeholder='如 100'
              value={form.birthdayPoints}
              onInput={(e) => change({ birthdayPoints: e.detail.value })}
            />
          </View>
        ) : null}
        {form.birthdayMode === 'multiplier' ? (
          <View className='field'>
            <Text className='label'>生日月消费积分倍数</Text>
            <Input
              key='birthday-multiplier'
              id='rules-birthday-multiplier'
              className='input'
              type='digit'
              placeholder='如 2'
              value={form.birthdayMultiplier}
              onInput={(e) => change({ birthdayMultiplier: e.detail.value })}
            />
          </View>
        ) : null}
      </View>

      <View className='card'>
        <View className='section-title'>冻结与有效期</View>
        <View className='field'>
          <Text className='label'>冻结天数（退货期内积分不可用，0 = 立即可用）</Text>
          <Input id='rules-holding-days' className='input' type='number' value={form.holdingDays} onInput={(e) => change({ holdingDays: e.detail.value })} />
        </View>
        <View className='field'>
          <Text className='label'>有效期</Text>
          <View id='rules-expiry-policy' className='choices' data-value={form.expiryPolicy}>
            {EXPIRY.map((x) => choice(`rules-expiry-policy-${x.key}`, form.expiryPolicy === x.key, x.label, () => change({ expiryPolicy: x.key })))}
          </View>
          {form.expiryPolicy === 'days' ? (
            <Input
              id='rules-expiry-days'
              className='input'
              type='number'
              placeholder='天数，如 365'
              value={form.expiryDays}
              onInput={(e) => change({ expiryDays: e.detail.value })}
            />
          ) : null}
        </View>
      </View>

      <View className='card'>
        <View className='section-title'>活动积分</View>
        {EVENTS.map(({ key, label }) => {
          const limit = data.current.events[key].limit
          return (
            <View key={key} className='field'>
              <Text className='label'>
                {label}
                {limit ? `（每${PERIOD[limit.period] ?? limit.period}最多 ${limit.count} 次）` : ''}
              </Text>
              <Input id={`rules-event-${key}`} className='input' type='number' value={form.events[key]} onInput={(e) => changeEvent(key, e.detail.value)} />
            </View>
          )
        })}
      </View>

      <View className='card'>
        <Button id='rules-save' type='primary' block loading={pending} disabled={pending} onClick={() => void save()}>
          保存为新版本
        </Button>
        {error ? (
          <View id='rules-error' className='error'>
            {error}
          </View>
        ) : null}
        {saved ? (
          <View id='rules-saved' className='success'>
            已保存为第 {saved.version} 版，立即生效
          </View>
        ) : null}
      </View>

      <View id='rules-versions' className='card'>
        <View className='section-title'>历史版本</View>
        {data.versions.map((v) => {
          const isCurrent = v.version === data.current.version
          const isScheduled = data.scheduled.some((s) => s.version === v.version)
          return (
            <View key={v.version} className='list-row rules-version' data-version={v.version}>
              <View>
                第{v.version}版 · {formatTime(v.effectiveFrom)} · {v.createdBy}
                {isCurrent ? <Text className='tag'>当前</Text> : null}
                {isScheduled ? <Text className='tag'>待生效</Text> : null}
              </View>
              <View className='muted'>
                每元 {v.spend.pointsPerYuan} 积分 · {expiryText(v.expiry)}
              </View>
            </View>
          )
        })}
      </View>
    </View>
  )
}

