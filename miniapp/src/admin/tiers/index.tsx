import { useEffect, useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { RouteBody, RouteResponse } from '@shared/contract/routes'
import { parseYuan } from '@shared/domain/money'
import { request } from '../../api/client'
import { describeError, formatTime, parseIntText, parseNumberText, splitList, yuanText } from '../common'
import '../common.scss'
import './index.scss'

type TiersResponse = RouteResponse<'adminGetTiers'>
type TierProgram = RouteBody<'adminPutTiers'>
type TierDef = TiersResponse['tiers'][number]
type Basis = TierProgram['basis']
type Downgrade = TierProgram['downgrade']

interface TierForm {
  /** The loaded definition: code and rank are kept as they are. */
  def: TierDef
  /** Birthday gift: its wording, and the coupon template the care job issues (none = wording only). */
  giftText: string
  giftTemplateId: string
  name: string
  threshold: string
  multiplier: string
  retentionMonths: string
  perks: string
}

interface Form {
  basis: Basis
  windowKind: 'rolling' | 'calendarYear'
  months: string
  downgrade: Downgrade
  tiers: TierForm[]
}

const FIELD_NAMES: Record<string, string> = {
  basis: '评定依据',
  window: '评定周期',
  'window.months': '月数',
  downgrade: '降级方式',
  tiers: '等级',
  name: '名称',
  threshold: '门槛',
  multiplier: '积分倍数',
  retentionMonths: '保级月数',
  perks: '权益',
  code: '代码',
  rank: '级别',
}

const thresholdText = (basis: Basis, v: number) => (basis === 'spend' ? yuanText(v) : String(v))

function formOf(p: TiersResponse): Form {
  return {
    basis: p.basis,
    windowKind: p.window.kind,
    months: p.window.kind === 'rolling' ? String(p.window.months) : '12',
    downgrade: p.downgrade,
    tiers: [...p.tiers]
      .sort((a, b) => a.rank - b.rank)
      .map((def) => ({
        def,
        giftText: def.birthdayGift?.description ?? '',
        giftTemplateId: def.birthdayGift?.couponTemplateId ?? '',
        name: def.name,
        threshold: thresholdText(p.basis, def.threshold),
        multiplier: String(def.multiplier),
        retentionMonths: String(def.retentionMonths),
        perks: def.perks.join(', '),
      })),
  }
}

function programOf(form: Form): TierProgram | string {
  let window: TierProgram['window'] = { kind: 'calendarYear' }
  if (form.windowKind === 'rolling') {
    const months = parseIntText(form.months)
    if (months === null || months < 1 || months > 36) return '评定周期月数须为 1–36 的整数'
    window = { kind: 'rolling', months }
  }
  const tiers: TierDef[] = []
  for (const t of form.tiers) {
    const name = t.name.trim()
    if (!name || name.length > 20) return `${t.def.code}：名称须为 1–20 个字`
    const threshold = form.basis === 'spend' ? parseYuan(t.threshold) : parseIntText(t.threshold)
    if (threshold === null) return `${name}：门槛格式不正确`
    const multiplier = parseNumberText(t.multiplier)
    if (multiplier === null || multiplier < 0.1 || multiplier > 10) return `${name}：积分倍数须在 0.1–10 之间`
    const retentionMonths = parseIntText(t.retentionMonths)
    if (retentionMonths === null || retentionMonths < 1 || retentionMonths > 36) return `${name}：保级月数须为 1–36 的整数`
    const perks = splitList(t.perks)
    if (perks.length > 10) return `${name}：权益最多 10 项`
    if (perks.some((p) => p.length > 40)) return `${name}：每项权益最多 40 个字`
    const { code, rank } = t.def
    const giftText = t.giftText.trim()
    if (giftText.length > 60) return `${name}：生日礼说明最多 60 个字`
    if (!giftText && t.giftTemplateId) return `${name}：请填写生日礼说明`
    const birthdayGift = giftText ? { couponTemplateId: t.giftTemplateId || null, description: giftText } : null
    tiers.push({ code, name, rank, threshold, multiplier, retentionMonths, birthdayGift, perks })
  }
  return { basis: form.basis, window, downgrade: form.downgrade, tiers }
}

export default function AdminTiers() {
  const [data, setData] = useState<TiersResponse | null>(null)
  const [form, setForm] = useState<Form | null>(null)
  const [loadError, setLoadError] = useState('')
  const [error, setError] = useState('')
  const [saved, setSaved] = useState(false)
  const [pending, setPending] = useState(false)
  const [templates, setTemplates] = useState<{ id: string; name: string }[]>([])

  async function load() {
    setLoadError('')
    request('adminListCouponTemplates')
      .then((r) => setTemplates(r.templates.filter((t) => t.state === 'active' && t.definition.kind !== 'stampCard').map((t) => ({ id: t.id, name: t.definition.name }))))
      .catch(() => undefined)
    try {
      const res = await request('adminGetTiers')
      setData(res)
      setForm(formOf(res))
    } catch (e) {
      setLoadError(describeError(e))
    }
  }

  useEffect(() => {
    void load()
  }, [])

  function change(patch: Partial<Form>) {
    setForm((f) => (f ? { ...f, ...patch } : f))
    setSaved(false)
  }

  function changeTier(i: number, patch: Partial<TierForm>) {
    setForm((f) => (f ? { ...f, tiers: f.tiers.map((t, j) => (j === i ? { ...t, ...patch } : t)) } : f))
    setSaved(false)
  }

  function changeBasis(basis: Basis) {
    setForm((f) => {
      if (!f || f.basis === basis) return f
      // The thresholds' unit changes: yuan ↔ points. Keep the number, drop the yuan's decimals.
      const tiers = f.tiers.map((t) => ({ ...t, threshold: basis === 'points' ? t.threshold.replace(/\.\d*$/, '') : t.threshold }))
      return { ...f, basis, tiers }
    })
    setSaved(false)
  }

  async function save() {
    if (pending || !form) return
    setError('')
    setSaved(false)
    const body = programOf(form)
    if (typeof body === 'string') {
      setError(body)
      return
    }
    setPending(true)
    try {
      // The body is the program only: rev/updatedAt/updatedBy are the server's.
      const res = await request('adminPutTiers', { body })
      setData(res)
      setForm(formOf(res))
      setSaved(true)
    } catch (e) {
      setError(describeError(e, FIELD_NAMES))
    } finally {
      setPending(false)
    }
  }

  if (!form || !data) {
    return (
      <View className='page admin-page admin-tiers'>
        <View className='card'>
          {loadError ? (
            <View id='tiers-load-error' className='error'>
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
    <View className='page admin-page admin-tiers'>
      <View className='card'>
        <View className='title'>会员等级</View>
        {data.updatedAt ? (
          <View id='tiers-updated' className='muted'>
            最近修改 {formatTime(data.updatedAt)}
            {data.updatedBy ? ` · ${data.updatedBy}` : ''}
          </View>
        ) : null}
        <View className='field'>
          <Text className='label'>评定依据</Text>
          <View className='choices'>
            {choice('tiers-basis-spend', form.basis === 'spend', '消费金额', () => changeBasis('spend'))}
            {choice('tiers-basis-points', form.basis === 'points', '积分', () => changeBasis('points'))}
          </View>
        </View>
        <View className='field'>
          <Text className='label'>评定周期</Text>
          <View className='choices'>
            {choice('tiers-window-rolling', form.windowKind === 'rolling', '近N个月', () => change({ windowKind: 'rolling' }))}
            {choice('tiers-window-calendarYear', form.windowKind === 'calendarYear', '自然年', () => change({ windowKind: 'calendarYear' }))}
          </View>
          {form.windowKind === 'rolling' ? (
            <View className='row'>
              <Text className='muted'>近</Text>
              <Input id='tiers-window-months' className='input months' type='number' value={form.months} onInput={(e) => change({ months: e.detail.value })} />
              <Text className='muted'>个月</Text>
            </View>
          ) : null}
        </View>
        <View className='field'>
          <Text className='label'>降级方式</Text>
          <View className='choices'>
            {choice('tiers-downgrade-oneLevel', form.downgrade === 'oneLevel', '降一级', () => change({ downgrade: 'oneLevel' }))}
            {choice('tiers-downgrade-toQualifying', form.downgrade === 'toQualifying', '降至达标等级', () => change({ downgrade: 'toQualifying' }))}
          </View>
        </View>
      </View>

      {form.tiers.map((t, i) => (
        <View key={t.def.code} id={`tier-edit-${t.def.code}`} className='card tier-edit' data-code={t.def.code}>
          <View className='section-title'>
            {t.def.code} · 第 {t.def.rank} 级
          </View>
          <View className='row'>
            <View className='field half'>
              <Text className='label'>名称</Text>
              <Input id={`tier-name-${t.def.code}`} className='input tier-name' value={t.name} onInput={(e) => changeTier(i, { name: e.detail.value })} />
            </View>
            <View className='field half'>
              <Text className='label'>{form.basis === 'spend' ? '门槛（元）' : '门槛（积分）'}</Text>
              <Input
                id={`tier-threshold-${t.def.code}`}
                className='input tier-threshold'
                type='digit'
                disabled={t.def.rank === 0}
                value={t.threshold}
                onInput={(e) => changeTier(i, { threshold: e.detail.value })}
              />
            </View>
          </View>
          <View className='row'>
            <View className='field half'>
              <Text className='label'>积分倍数</Text>
              <Input
                id={`tier-multiplier-${t.def.code}`}
                className='input tier-multiplier'
                type='digit'
                value={t.multiplier}
                onInput={(e) => changeTier(i, { multiplier: e.detail.value })}
              />
            </View>
            <View className='field half'>
              <Text className='label'>保级月数</Text>
              <Input
                id={`tier-retention-${t.def.code}`}
                className='input tier-retention'
                type='number'
                value={t.retentionMonths}
                onInput={(e) => changeTier(i, { retentionMonths: e.detail.value })}
              />
            </View>
          </View>
          <View className='field'>
            <Text className='label'>权益（逗号分隔）</Text>
            <Input id={`tier-perks-${t.def.code}`} className='input tier-perks' value={t.perks} onInput={(e) => changeTier(i, { perks: e.detail.value })} />
          </View>
          <View className='field'>
            <Text className='label'>生日礼（说明；选一张券则生日当天自动发放）</Text>
            <Input id={`tier-gift-${t.def.code}`} className='input' maxlength={60} placeholder='无' value={t.giftText} onInput={(e) => changeTier(i, { giftText: e.detail.value })} />
            <View className='chips'>
              {templates.map((tpl) => (
                <Button
                  key={tpl.id}
                  id={`tier-gift-tpl-${t.def.code}-${tpl.id}`}
                  size='small'
                  type={t.giftTemplateId === tpl.id ? 'primary' : 'default'}
                  onClick={() => changeTier(i, { giftTemplateId: t.giftTemplateId === tpl.id ? '' : tpl.id })}
                >
                  {tpl.name}
                </Button>
              ))}
            </View>
          </View>
        </View>
      ))}

      <View className='card'>
        <Button id='tiers-save' type='primary' block loading={pending} disabled={pending} onClick={() => void save()}>
          保存
        </Button>
        {error ? (
          <View id='tiers-error' className='error'>
            {error}
          </View>
        ) : null}
        {saved ? (
          <View id='tiers-saved' className='success'>
            已保存
          </View>
        ) : null}
      </View>
    </View>
  )
}
