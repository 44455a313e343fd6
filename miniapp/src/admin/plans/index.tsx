import { useState } from 'react'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { MembershipPlan } from '@shared/contract'
import { formatYuan, parseYuan } from '@shared/domain/money'
import { request } from '../../api/client'
import { Empty, ErrorNote, MultiChoiceChips, RoleGate, useResource, useSubmit } from '../../kit'
import { Done, InputField, SubmitButton, ToggleChip } from '../../kit/fields'
import { adminError } from '../errors'
import { parseIntText, parseNumberText, yuanText } from '../common'
import '../common.scss'
import './index.scss'

const FIELD_NAMES = { name: '方案名称', priceFen: '价格', months: '月数', multiplier: '积分倍率', couponTemplateIds: '每月券包', badge: '徽章文字' }
const monthsText = (m: number) => (m % 12 === 0 ? `${m / 12} 年` : `${m} 个月`)

interface Draft {
  id: string | null
  rev: number
  name: string
  price: string
  months: string
  multiplier: string
  badge: string
  coupons: string[]
  active: boolean
}
const EMPTY: Draft = { id: null, rev: 0, name: '', price: '', months: '12', multiplier: '2', badge: '尊享', coupons: [], active: true }
const draftOf = (p: MembershipPlan): Draft => ({
  id: p.id,
  rev: p.rev,
  name: p.name,
  price: yuanText(p.priceFen),
  months: String(p.months),
  multiplier: String(p.multiplier),
  badge: p.badge,
  coupons: p.couponTemplateIds,
  active: p.active,
})

function PlanForm(p: { draft: Draft; templates: { value: string; label: string }[]; onSaved: (note: string) => Promise<unknown>; onCancel: () => void }) {
  const [d, setD] = useState<Draft>(p.draft)
  const set = (patch: Partial<Draft>) => setD((x) => ({ ...x, ...patch }))
  const save = useSubmit(async () => {
    const priceFen = parseYuan(d.price)
    const months = parseIntText(d.months)
    const multiplier = parseNumberText(d.multiplier)
    if (!d.name.trim()) throw '请填写方案名称'
    if (priceFen === null || priceFen <= 0) throw '请填写价格（元），如 99'
    if (months === null || months < 1 || months > 36) throw '月数须为 1–36 的整数'
    if (multiplier === null || multiplier < 1 || multiplier > 10) throw '积分倍率须为 1–10，如 2 或 1.5'
    if (!d.badge.trim()) throw '请填写徽章文字'
    const body = { name: d.name.trim(), priceFen, months, multiplier, couponTemplateIds: d.coupons, badge: d.badge.trim(), active: d.active }
    const saved = d.id ? await request('adminEditMembershipPlan', { params: { planId: d.id }, body: { ...body, rev: d.rev } }) : await request('adminCreateMembershipPlan', { body })
    await p.onSaved(`已保存「${saved.name}」`)
  })
  return (
    <View id='plans-form' className='card'>
      <View className='section-title'>{d.id ? '修改方案' : '新建方案'}</View>
      <InputField label='方案名称' id='plans-name' maxlength={20} placeholder='如 尊享年卡' value={d.name} onChange={(v) => set({ name: v })} />
      <View className='row field'>
        <InputField fieldClassName='half' label='价格（元）' id='plans-price' type='digit' maxlength={10} value={d.price} onChange={(v) => set({ price: v })} />
        <InputField fieldClassName='half' label='月数' id='plans-months' type='number' maxlength={2} value={d.months} onChange={(v) => set({ months: v })} />
      </View>
      <View className='row field'>
        <InputField fieldClassName='half' label='积分倍率' id='plans-multiplier' type='digit' maxlength={5} value={d.multiplier} onChange={(v) => set({ multiplier: v })} />
        <InputField fieldClassName='half' label='徽章文字' id='plans-badge' maxlength={8} value={d.badge} onChange={(v) => set({ badge: v })} />
      </View>
      <View className='label'>每月券包（每月各发一张）</View>
      {p.templates.length === 0 ? <View className='muted'>暂无优惠券，可先在优惠券页新建</View> : null}
      <MultiChoiceChips idPrefix='plans-coupon' options={p.templates} values={d.coupons} onChange={(v) => set({ coupons: v })} />
      <View className='row field'>
        <ToggleChip id='plans-active' on={d.active} onChange={(v) => set({ active: v })}>
          {d.active ? '在售' : '已下架'}
        </ToggleChip>
      </View>
      <SubmitButton id='plans-submit' busy={save.busy} onClick={() => void save.submit()}>
        保存方案
      </SubmitButton>
      {d.id ? (
        <Button id='plans-cancel' block onClick={p.onCancel}>
          取消修改
        </Button>
      ) : null}
      <ErrorNote id='plans-form-error' error={adminError(save.error, FIELD_NAMES)} />
    </View>
  )
}

/** Paid membership: plans (price, months, multiplier, monthly pack, badge), the stacking setting, members with a term. */
function AdminPlans() {
  const list = useResource('adminMembershipPlans')
  const templates = useResource('adminListCouponTemplates')
  const members = useResource('adminMembershipMembers')
  const [editing, setEditing] = useState<Draft>(EMPTY)
  const [formKey, setFormKey] = useState(0)
  const [note, setNote] = useState('')
  const options = (templates.data?.templates ?? []).map((t) => ({ value: t.id, label: t.definition.name }))
  const nameOf = (id: string) => options.find((o) => o.value === id)?.label ?? '已删除的券'
  const settings = list.data?.settings ?? null
  const stack = useSubmit(async (on: boolean) => {
    if (!settings) return
    await request('adminMembershipSettings', { body: { stackPlusWithTier: on, rev: settings.rev } })
    setNote(on ? '已设为与等级倍率叠加' : '已设为与等级倍率取高者')
    await list.reload()
  })
  const plans = list.data?.plans ?? null

  return (
    <View className='page admin-page admin-plans'>
      <PlanForm
        key={formKey}
        draft={editing}
        templates={options}
        onSaved={async (n) => {
          setNote(n)
          setEditing(EMPTY)
          setFormKey((k) => k + 1)
          await list.reload()
        }}
        onCancel={() => {
          setEditing(EMPTY)
          setFormKey((k) => k + 1)
        }}
      />
      <Done id='plans-note'>{note}</Done>
      <View id='plans-list' className='card'>
        <View className='between'>
          <View className='section-title'>方案</View>
          <Button id='plans-reload' size='small' onClick={() => void list.reload()}>
            刷新
          </Button>
        </View>
        {(plans ?? []).map((p) => (
          <View key={p.id} id={`plans-row-${p.id}`} className={`list-row ${p.active ? '' : 'plan-off'}`}>
            <View className='row-name'>
              {p.name}（{p.badge}）{p.active ? '' : ' · 已下架'}
            </View>
            <View className='row-summary'>
              {formatYuan(p.priceFen)} / {monthsText(p.months)} · 消费积分 ×{p.multiplier}
            </View>
            <View className='muted'>每月券包：{p.couponTemplateIds.length ? p.couponTemplateIds.map(nameOf).join('、') : '无'}</View>
            <Button
              id={`plans-edit-${p.id}`}
              size='small'
              onClick={() => {
                setEditing(draftOf(p))
                setFormKey((k) => k + 1)
              }}
            >
              修改
            </Button>
          </View>
        ))}
        {plans && plans.length === 0 ? <Empty id='plans-empty'>暂无方案</Empty> : null}
        <ErrorNote id='plans-list-error' error={adminError(list.error)} />
      </View>
      <View id='plans-settings' className='card'>
        <View className='section-title'>倍率规则</View>
        <View className='muted'>付费会员倍率与等级倍率默认取高者；打开后两者相乘。</View>
        {settings ? (
          <ToggleChip id='plans-stack' on={settings.stackPlusWithTier} onChange={(on) => void stack.submit(on)}>
            {settings.stackPlusWithTier ? '叠加（相乘）' : '取高者'}
          </ToggleChip>
        ) : null}
        <ErrorNote id='plans-settings-error' error={adminError(stack.error)} />
      </View>
      <View id='plans-members' className='card'>
        <View className='section-title'>付费会员</View>
        <View id='plans-active-count' data-count={members.data?.activeCount ?? 0}>
          生效中 {members.data?.activeCount ?? 0} 人
        </View>
        <View className='muted'>30 天内到期：</View>
        {(members.data?.endingSoon ?? []).map((m) => (
          <View key={m.memberId} className='list-row'>
            {m.phoneMasked} · {m.planName} · {m.lastDay} 到期
          </View>
        ))}
        {members.data && members.data.endingSoon.length === 0 ? <Empty id='plans-ending-empty'>暂无</Empty> : null}
        <ErrorNote id='plans-members-error' error={adminError(members.error)} />
      </View>
    </View>
  )
}

/** For admins only: signed out, it asks to sign in and comes back; another role is told and shown the way back. */
export default function AdminPlansPage() {
  return (
    <RoleGate role='admin' title='付费会员方案'>
      <AdminPlans />
    </RoleGate>
  )
}
