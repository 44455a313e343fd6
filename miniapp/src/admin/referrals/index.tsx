import { useEffect, useState } from 'react'
import { Text, Textarea, View } from '@tarojs/components'
import type { RouteResponse } from '@shared/contract/routes'
import { formatYuan, groupThousands, parseYuan } from '@shared/domain/money'
import { request } from '../../api/client'
import { ChoiceChips, ErrorNote, RoleGate, useResource, useSubmit } from '../../kit'
import { Done, Field, SubmitButton, TextInput } from '../../kit/fields'
import { parseIntText, yuanText } from '../common'
import { adminError, FieldNote, type FieldIssue } from '../errors'
import { ListCard, PageLoading } from '../ui'
import '../common.scss'
import './index.scss'

type Settings = RouteResponse<'adminReferralSettings'>['settings']
type Row = RouteResponse<'adminReferrals'>['leaderboard'][number]

const ON_OFF = [
  { value: 'on', label: '开启' },
  { value: 'off', label: '关闭' },
] as const

/** The screen's names of the settings' fields (refused fields are named by them). */
const NAMES: Record<string, string> = {
  'settings.enabled': '活动开关',
  'settings.referrer.points': '邀请人奖励积分',
  'settings.referrer.couponTemplateId': '邀请人奖励券',
  'settings.referee.points': '好友奖励积分',
  'settings.referee.couponTemplateId': '好友奖励券',
  'settings.minOrderFen': '首单门槛',
  'settings.returnWindowDays': '退货期',
  'settings.capPerDay': '每日上限',
  'settings.capPerMonth': '每月上限',
  'settings.rulesText': '活动规则',
}

interface Texts {
  referrerPoints: string
  refereePoints: string
  minOrder: string
  window: string
  perDay: string
  perMonth: string
}

const textsOf = (s: Settings): Texts => ({
  referrerPoints: String(s.referrer.points),
  refereePoints: String(s.referee.points),
  minOrder: yuanText(s.minOrderFen),
  window: String(s.returnWindowDays),
  perDay: String(s.capPerDay),
  perMonth: String(s.capPerMonth),
})

/** The form's own checks, at the field the API would name. */
function parsed(form: Settings, t: Texts): Settings | FieldIssue {
  const whole = (text: string, path: string, label: string, min: number, max: number): number | FieldIssue => {
    const n = parseIntText(text)
    return n === null || n < min || n > max ? { path, message: `${label}：请填 ${min} 到 ${groupThousands(max)} 的整数` } : n
  }
  const rp = whole(t.referrerPoints, 'settings.referrer.points', '邀请人奖励积分', 0, 100_000)
  if (typeof rp !== 'number') return rp
  const ep = whole(t.refereePoints, 'settings.referee.points', '好友奖励积分', 0, 100_000)
  if (typeof ep !== 'number') return ep
  const min = parseYuan(t.minOrder)
  if (min === null) return { path: 'settings.minOrderFen', message: '首单门槛：请填金额，如 100 或 99.50' }
  const win = whole(t.window, 'settings.returnWindowDays', '退货期', 0, 90)
  if (typeof win !== 'number') return win
  const day = whole(t.perDay, 'settings.capPerDay', '每日上限', 1, 1_000)
  if (typeof day !== 'number') return day
  const month = whole(t.perMonth, 'settings.capPerMonth', '每月上限', 1, 10_000)
  if (typeof month !== 'number') return month
  if (day > month) return { path: 'settings.capPerDay', message: '每日上限不能大于每月上限' }
  return { ...form, referrer: { ...form.referrer, points: rp }, referee: { ...form.referee, points: ep }, minOrderFen: min, returnWindowDays: win, capPerDay: day, capPerMonth: month }
}

function ReferrerList({ id, rows, empty }: { id: string; rows: Row[]; empty: string }) {
  return (
    <>
      {rows.length === 0 ? (
        <View id={`${id}-empty`} className='muted'>
          {empty}
        </View>
      ) : null}
      {rows.map((r, i) => (
        <View key={r.memberId} id={`${id}-${i}`} className='ref-row' data-member-id={r.memberId}>
          <View className='ref-rank'>{i + 1}</View>
          <View className='ref-main'>
            <View className='strong'>{r.label}</View>
            <View className='muted'>
              邀请 {r.bound} 人 · 消费 {r.bought} 人 · 已奖励 {r.rewarded} 人 · 首单退货 {r.returned} 单
            </View>
          </View>
          <View className='ref-points'>{groupThousands(r.points)} 积分</View>
        </View>
      ))}
    </>
  )
}

/** 邀请有礼: the programme's settings (audited), the referrers' leaderboard (masked) and the signals worth a look. */
function AdminReferrals() {
  const stored = useResource('adminReferralSettings', { reloadOnShow: false })
  const board = useResource('adminReferrals')
  const templates = useResource('adminListCouponTemplates')
  const [form, setForm] = useState<Settings | null>(null)
  const [texts, setTexts] = useState<Texts | null>(null)
  const [saved, setSaved] = useState(false)

  useEffect(() => {
    if (stored.data && !form) {
      setForm(stored.data.settings)
      setTexts(textsOf(stored.data.settings))
    }
  }, [stored.data, form])

  const save = useSubmit(async (settings: Settings) => {
    const res = await request('adminPutReferralSettings', { body: { rev: stored.data!.rev, settings } })
    stored.setData(res)
    setForm(res.settings)
    setTexts(textsOf(res.settings))
    setSaved(true)
  })

  if (!form || !texts || !board.data) return <PageLoading page='referrals' error={stored.error || board.error} errorId='referrals-load-error' />

  const change = (s: Settings) => {
    setForm(s)
    setSaved(false)
  }
  const text = (k: keyof Texts) => (v: string) => {
    setTexts({ ...texts, [k]: v })
    setSaved(false)
  }
  const submit = () => {
    const p = parsed(form, texts)
    if ('path' in p) return save.setError(p)
    save.setError(null)
    void save.submit(p)
  }
  const active = (templates.data?.templates ?? []).filter((t) => t.state === 'active')
  const couponChoices = [{ value: 'none', label: '不送券' }, ...active.map((t) => ({ value: t.id, label: t.definition.name }))]
  const b = board.data

  const side = (key: 'referrer' | 'referee', title: string, pointsKey: 'referrerPoints' | 'refereePoints') => (
    <View className='ref-side'>
      <View className='section-subtitle'>{title}</View>
      <Field label='奖励积分'>
        <View className='row'>
          <TextInput id={`ref-${key}-points`} className='input short' type='number' value={texts[pointsKey]} onChange={text(pointsKey)} />
          <Text className='muted'>积分</Text>
        </View>
      </Field>
      <FieldNote id={`ref-${key}-points-error`} error={save.error} path={`settings.${key}.points`} />
      <Field label='奖励优惠券'>
        <ChoiceChips
          idPrefix={`ref-${key}-coupon`}
          options={couponChoices}
          value={form[key].couponTemplateId ?? 'none'}
          onChange={(v) => change({ ...form, [key]: { ...form[key], couponTemplateId: v === 'none' ? null : v } })}
        />
      </Field>
      <FieldNote id={`ref-${key}-coupon-error`} error={save.error} path={`settings.${key}.couponTemplateId`} />
    </View>
  )

  return (
    <View className='page admin-page admin-referrals'>
      <View id='ref-settings' className='card'>
        <View className='title'>邀请有礼</View>
        <View className='muted'>好友通过会员的邀请注册，首笔满额消费过了退货期后发放奖励；仅分享不发奖励（微信平台规则）。规则全文会展示给会员。</View>
        <Field label='活动开关'>
          <ChoiceChips idPrefix='ref-enabled' options={ON_OFF} value={form.enabled ? 'on' : 'off'} onChange={(v) => change({ ...form, enabled: v === 'on' })} />
        </Field>
        {side('referrer', '邀请人奖励', 'referrerPoints')}
        {side('referee', '好友（新会员）奖励', 'refereePoints')}
        <Field label='首单门槛（扣除退货后）'>
          <View className='row'>
            <TextInput id='ref-min-order' className='input short' type='digit' value={texts.minOrder} onChange={text('minOrder')} />
            <Text className='muted'>元</Text>
          </View>
        </Field>
        <FieldNote id='ref-min-order-error' error={save.error} path='settings.minOrderFen' />
        <Field label='退货期（期满后发放奖励）'>
          <View className='row'>
            <TextInput id='ref-window' className='input short' type='number' value={texts.window} onChange={text('window')} />
            <Text className='muted'>天</Text>
          </View>
        </Field>
        <FieldNote id='ref-window-error' error={save.error} path='settings.returnWindowDays' />
        <Field label='每位邀请人奖励上限'>
          <View className='row'>
            <Text className='muted'>每日</Text>
            <TextInput id='ref-cap-day' className='input short' type='number' value={texts.perDay} onChange={text('perDay')} />
            <Text className='muted'>次，每月</Text>
            <TextInput id='ref-cap-month' className='input short' type='number' value={texts.perMonth} onChange={text('perMonth')} />
            <Text className='muted'>次</Text>
          </View>
        </Field>
        <FieldNote id='ref-cap-day-error' error={save.error} path='settings.capPerDay' />
        <FieldNote id='ref-cap-month-error' error={save.error} path='settings.capPerMonth' />
        <Field label='活动规则（会员可见全文）'>
          <Textarea id='ref-rules' className='textarea ref-rules' maxlength={2000} value={form.rulesText} onInput={(e) => change({ ...form, rulesText: e.detail.value })} />
        </Field>
        <FieldNote id='ref-rules-error' error={save.error} path='settings.rulesText' />
        <SubmitButton id='ref-save' busy={save.busy} onClick={submit}>
          保存
        </SubmitButton>
        <ErrorNote id='ref-error' error={adminError(save.error, NAMES)} />
        {saved ? <Done id='ref-saved'>已保存</Done> : null}
      </View>

      <View id='ref-totals' className='card'>
        <View className='section-title'>活动概况</View>
        <View className='ref-tiles'>
          <View className='ref-tile'>
            <View id='ref-total-bound' className='tile-value'>{groupThousands(b.totals.bound)}</View>
            <View className='muted'>受邀注册</View>
          </View>
          <View className='ref-tile'>
            <View id='ref-total-bought' className='tile-value'>{groupThousands(b.totals.bought)}</View>
            <View className='muted'>完成首单</View>
          </View>
          <View className='ref-tile'>
            <View id='ref-total-rewarded' className='tile-value'>{groupThousands(b.totals.rewarded)}</View>
            <View className='muted'>已发奖励</View>
          </View>
          <View className='ref-tile'>
            <View id='ref-total-returned' className='tile-value'>{groupThousands(b.totals.returned)}</View>
            <View className='muted'>首单退货</View>
          </View>
        </View>
        <View className='muted'>首单门槛 {formatYuan(form.minOrderFen)}，邀请人累计获得 {groupThousands(b.totals.points)} 积分。</View>
      </View>

      <ListCard id='ref-leaderboard' title='邀请排行榜' count={b.leaderboard.length} empty='还没有会员邀请好友' emptyId='ref-leaderboard-empty'>
        <ReferrerList id='ref-leader' rows={b.leaderboard} empty='' />
      </ListCard>

      <View id='ref-signals' className='card'>
        <View className='section-title'>风险提示</View>
        <View className='section-subtitle'>邀请多、好友不消费</View>
        <View className='muted'>
          邀请满 {b.signals.thresholds.minBound} 人、消费的好友不超过 {b.signals.thresholds.maxBuyPercent}%：可能是虚假注册。
        </View>
        <ReferrerList id='ref-never-buy' rows={b.signals.neverBuy} empty='暂无' />
        <View className='section-subtitle'>好友首单退货</View>
        <View className='muted'>好友首单在退货期内退货达 {b.signals.thresholds.minReturned} 单：可能是为领奖励下单。</View>
        <ReferrerList id='ref-returned' rows={b.signals.returned} empty='暂无' />
      </View>
    </View>
  )
}

/** For admins only. */
export default function AdminReferralsPage() {
  return (
    <RoleGate role='admin' title='邀请有礼'>
      <AdminReferrals />
    </RoleGate>
  )
}
