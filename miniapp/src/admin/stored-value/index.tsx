import { useState } from 'react'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { RechargePackage, RechargePackageInput } from '@shared/contract'
import { formatYuan, parseYuan } from '@shared/domain/money'
import { request } from '../../api/client'
import { Empty, ErrorNote, RoleGate, useResource, useSubmit } from '../../kit'
import { Done, InputField, SubmitButton } from '../../kit/fields'
import { adminError } from '../errors'
import { formatDate } from '../common'
import '../common.scss'
import './index.scss'

const FIELD_NAMES = { name: '套餐名称', amountFen: '充值金额', bonusFen: '赠送金额', validFrom: '开始日期', validUntil: '结束日期' }

/** A Beijing calendar day as the instant its offer starts (00:00) or ends (23:59:59.999). */
const dayStart = (d: string) => new Date(`${d}T00:00:00+08:00`).toISOString()
const dayEnd = (d: string) => new Date(`${d}T23:59:59.999+08:00`).toISOString()
const validDay = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00+08:00`))

interface Form {
  name: string
  amount: string
  bonus: string
  from: string
  until: string
}
const EMPTY: Form = { name: '', amount: '', bonus: '0', from: '', until: '' }
const formOf = (p: RechargePackage): Form => ({
  name: p.name,
  amount: (p.amountFen / 100).toFixed(2),
  bonus: (p.bonusFen / 100).toFixed(2),
  from: p.validFrom ? formatDate(p.validFrom) : '',
  until: p.validUntil ? formatDate(p.validUntil) : '',
})

function bodyOf(f: Form, active: boolean): RechargePackageInput {
  if (!f.name.trim()) throw '请填写套餐名称'
  const amountFen = parseYuan(f.amount)
  const bonusFen = parseYuan(f.bonus || '0')
  if (amountFen === null || amountFen < 100) throw '充值金额须为不少于 ¥1.00 的金额'
  if (bonusFen === null) throw '赠送金额格式不正确'
  if (f.from && !validDay(f.from)) throw '开始日期请按“年-月-日”填写，如 2026-12-01'
  if (f.until && !validDay(f.until)) throw '结束日期请按“年-月-日”填写，如 2026-12-31'
  return { name: f.name.trim(), amountFen, bonusFen, validFrom: f.from ? dayStart(f.from) : null, validUntil: f.until ? dayEnd(f.until) : null, active }
}

function PackageForm({ editing, onSaved, onCancel }: { editing: RechargePackage | null; onSaved: (note: string) => Promise<unknown>; onCancel: () => void }) {
  const [f, setF] = useState<Form>(editing ? formOf(editing) : EMPTY)
  const set = (k: keyof Form) => (v: string) => setF((x) => ({ ...x, [k]: v }))
  const save = useSubmit(async () => {
    const body = bodyOf(f, editing ? editing.active : true)
    const p = editing
      ? await request('adminUpdateRechargePackage', { params: { packageId: editing.id }, body })
      : await request('adminCreateRechargePackage', { body })
    setF(EMPTY)
    await onSaved(editing ? `已保存「${p.name}」` : `已新建「${p.name}」`)
  })
  return (
    <View id='sv-admin-form' className='card'>
      <View className='section-title'>{editing ? `修改套餐「${editing.name}」` : '新建储值套餐'}</View>
      <InputField label='套餐名称' id='sv-admin-name' maxlength={40} placeholder='如 充 500 送 50' value={f.name} onChange={set('name')} />
      <View className='row field'>
        <InputField fieldClassName='half' label='充值金额（元）' id='sv-admin-amount' type='digit' placeholder='500.00' value={f.amount} onChange={set('amount')} />
        <InputField fieldClassName='half' label='赠送金额（元）' id='sv-admin-bonus' type='digit' placeholder='0.00' value={f.bonus} onChange={set('bonus')} />
      </View>
      <View className='row field'>
        <InputField fieldClassName='half' label='开始日期（可不填）' id='sv-admin-from' placeholder='2026-12-01' value={f.from} onChange={set('from')} />
        <InputField fieldClassName='half' label='结束日期（可不填）' id='sv-admin-until' placeholder='2026-12-31' value={f.until} onChange={set('until')} />
      </View>
      <SubmitButton id='sv-admin-submit' busy={save.busy} onClick={() => void save.submit()}>
        {editing ? '保存修改' : '新建套餐'}
      </SubmitButton>
      {editing ? (
        <Button id='sv-admin-cancel' block fill='outline' onClick={onCancel}>
          取消修改
        </Button>
      ) : null}
      <ErrorNote id='sv-admin-form-error' error={adminError(save.error, FIELD_NAMES)} />
      <View className='muted'>已下单的充值按下单时的金额和赠送到账，修改套餐不影响它们。</View>
    </View>
  )
}

/** 储值管理: the outstanding prepaid liability and totals, and the recharge packages (create, edit, stop). */
function AdminStoredValue() {
  const summary = useResource('adminStoredValue')
  const list = useResource('adminListRechargePackages')
  const [editing, setEditing] = useState<RechargePackage | null>(null)
  const [note, setNote] = useState('')
  const toggle = useSubmit(async (p: RechargePackage) => {
    const body = { ...bodyOf(formOf(p), !p.active), validFrom: p.validFrom, validUntil: p.validUntil }
    await request('adminUpdateRechargePackage', { params: { packageId: p.id }, body })
    setNote(p.active ? `已停售「${p.name}」` : `已恢复销售「${p.name}」`)
    await list.reload()
  })
  const s = summary.data
  const packages = list.data?.packages ?? null

  return (
    <View className='page admin-page admin-stored-value'>
      <View id='sv-admin-liability' className='card'>
        <View className='between'>
          <View className='section-title'>预付卡负债（未使用余额）</View>
          <Button id='sv-admin-reload' size='small' onClick={() => void Promise.all([summary.reload(), list.reload()])}>
            刷新
          </Button>
        </View>
        {s ? (
          <>
            <View id='sv-admin-outstanding' className='liability'>
              {formatYuan(s.outstanding.totalFen)}
            </View>
            <View className='totals'>
              <View id='sv-admin-principal'>本金 {formatYuan(s.outstanding.principalFen)}</View>
              <View id='sv-admin-bonus-out'>赠送 {formatYuan(s.outstanding.bonusFen)}</View>
            </View>
            <View className='totals muted'>
              <View>累计充值 {formatYuan(s.totals.rechargedFen)}</View>
              <View>累计赠送 {formatYuan(s.totals.bonusGrantedFen)}</View>
              <View>累计消费 {formatYuan(s.totals.spentFen)}</View>
              <View>退货退回 {formatYuan(s.totals.returnedFen)}</View>
              <View>累计退款 {formatYuan(s.totals.refundedFen)}</View>
              <View>退款时收回 {formatYuan(s.totals.forfeitedFen)}</View>
            </View>
            <View className='muted'>单个会员余额上限 {formatYuan(s.capFen)}</View>
          </>
        ) : null}
        <ErrorNote id='sv-admin-summary-error' error={adminError(summary.error)} />
      </View>
      <PackageForm
        key={editing?.id ?? 'new'}
        editing={editing}
        onCancel={() => setEditing(null)}
        onSaved={async (n) => {
          setNote(n)
          setEditing(null)
          await list.reload()
        }}
      />
      <Done id='sv-admin-note'>{note}</Done>
      <View id='sv-admin-list' className='card'>
        <View className='section-title'>储值套餐</View>
        {(packages ?? []).map((p) => (
          <View key={p.id} id={`sv-admin-pkg-${p.id}`} className='list-row' data-active={p.active ? 'true' : 'false'}>
            <View className='row-name'>{p.name}</View>
            <View className='row-summary'>
              充 {formatYuan(p.amountFen)} 送 {formatYuan(p.bonusFen)} · {p.onOffer ? '销售中' : p.active ? '不在活动期' : '已停售'}
            </View>
            <View className='muted'>
              {p.validFrom ? `${formatDate(p.validFrom)} 起` : '即日起'}
              {p.validUntil ? ` 至 ${formatDate(p.validUntil)}` : '，长期有效'}
            </View>
            <View className='choices'>
              <Button id={`sv-admin-edit-${p.id}`} size='small' onClick={() => setEditing(p)}>
                修改
              </Button>
              <Button id={`sv-admin-toggle-${p.id}`} size='small' type={p.active ? 'default' : 'primary'} disabled={toggle.busy} onClick={() => void toggle.submit(p)}>
                {p.active ? '停售' : '恢复销售'}
              </Button>
            </View>
          </View>
        ))}
        {packages && packages.length === 0 ? <Empty id='sv-admin-empty'>暂无储值套餐</Empty> : null}
        <ErrorNote id='sv-admin-list-error' error={adminError(toggle.error) || adminError(list.error)} />
      </View>
    </View>
  )
}

/** For admins only: signed out, it asks to sign in and comes back; another role is told and shown the way back. */
export default function AdminStoredValuePage() {
  return (
    <RoleGate role='admin' title='储值管理'>
      <AdminStoredValue />
    </RoleGate>
  )
}
