import { useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import type { RouteResponse } from '@shared/contract/routes'
import { request } from '../../api/client'
import { ChoiceChips, Empty, ErrorNote, RoleGate, useResource, useSubmit } from '../../kit'
import { Done, Field, SubmitButton, TextInput } from '../../kit/fields'
import { adminError } from '../errors'
import { PageLoading } from '../ui'
import '../common.scss'
import './index.scss'

type Settings = RouteResponse<'adminRepurchaseSettings'>['settings']
type Cycle = RouteResponse<'adminRepurchase'>['cycles'][number]

const ON_OFF = [
  { value: 'on', label: '开启' },
  { value: 'off', label: '关闭' },
] as const

/** Whether a row is marked consumable in the settings being edited. */
const marked = (s: Settings, c: Cycle) => (c.kind === 'sku' ? s.consumableSkus.includes(c.key) : s.consumableCategories.includes(c.key))

function toggled(s: Settings, c: Cycle): Settings {
  const flip = (xs: string[]) => (xs.includes(c.key) ? xs.filter((x) => x !== c.key) : [...xs, c.key])
  return c.kind === 'sku' ? { ...s, consumableSkus: flip(s.consumableSkus) } : { ...s, consumableCategories: flip(s.consumableCategories) }
}

/** 复购周期: median days between purchases per product and category; which are consumables (补货提醒). */
function AdminRepurchase() {
  const report = useResource('adminRepurchase')
  const stored = useResource('adminRepurchaseSettings', { reloadOnShow: false })
  const [form, setForm] = useState<Settings | null>(null)
  const [minText, setMinText] = useState('')
  const [saved, setSaved] = useState(false)

  useEffect(() => {
    if (stored.data && !form) {
      setForm(stored.data.settings)
      setMinText(String(stored.data.settings.minIntervals))
    }
  }, [stored.data, form])

  const save = useSubmit(async (settings: Settings) => {
    const res = await request('adminPutRepurchaseSettings', { body: { rev: stored.data!.rev, settings } })
    stored.setData(res)
    setForm(res.settings)
    setSaved(true)
    await report.reload()
  })

  if (!form || !report.data) return <PageLoading page='repurchase' error={stored.error || report.error} errorId='repurchase-load-error' />

  const change = (s: Settings) => {
    setForm(s)
    setSaved(false)
  }
  const submit = () => {
    const n = Number(minText)
    if (!Number.isInteger(n) || n < 1 || n > 100) return save.setError('至少几次复购才提醒：请填 1 到 100 的整数')
    save.setError(null)
    void save.submit({ ...form, minIntervals: n })
  }
  const cycles = report.data.cycles

  return (
    <View className='page admin-page admin-repurchase'>
      <View className='card'>
        <View className='title'>复购周期</View>
        <View className='muted'>同一会员再次购买同一商品的间隔天数，取中位数。标为消耗品的商品，到了复购周期会给会员发补货提醒。</View>
        {cycles.length === 0 ? <Empty id='repurchase-empty'>还没有复购记录</Empty> : null}
        {cycles.map((c) => (
          <View key={`${c.kind}-${c.key}`} id={`repurchase-${c.kind}-${c.key}`} className='cycle-row'>
            <View className='cycle-text'>
              <View>
                {c.kind === 'sku' ? '商品' : '品类'} · {c.name ?? c.key}
              </View>
              <View className='muted'>
                复购 {c.intervals} 次 · 周期中位数 {c.medianDays === null ? '暂无' : `${c.medianDays} 天`}
              </View>
            </View>
            <ChoiceChips
              idPrefix={`repurchase-consumable-${c.kind}-${c.key}`}
              options={[{ value: 'yes', label: '消耗品' }, { value: 'no', label: '非消耗品' }]}
              value={marked(form, c) ? 'yes' : 'no'}
              onChange={(v) => (v === 'yes') !== marked(form, c) && change(toggled(form, c))}
            />
          </View>
        ))}
      </View>

      <View className='card'>
        <View className='section-title'>补货提醒</View>
        <Field label='提醒任务'>
          <ChoiceChips idPrefix='repurchase-care' options={ON_OFF} value={form.careEnabled ? 'on' : 'off'} onChange={(v) => change({ ...form, careEnabled: v === 'on' })} />
        </Field>
        <Field label='至少复购几次后才提醒'>
          <View className='row'>
            <TextInput id='repurchase-min-intervals' className='input min-intervals' type='number' value={minText} onChange={(v) => { setMinText(v); setSaved(false) }} />
            <Text className='muted'>次</Text>
          </View>
        </Field>
        <SubmitButton id='repurchase-save' busy={save.busy} onClick={submit}>
          保存
        </SubmitButton>
        <ErrorNote id='repurchase-error' error={adminError(save.error)} />
        {saved ? <Done id='repurchase-saved'>已保存</Done> : null}
      </View>
    </View>
  )
}

/** For admins only. */
export default function AdminRepurchasePage() {
  return (
    <RoleGate role='admin' title='复购周期'>
      <AdminRepurchase />
    </RoleGate>
  )
}
