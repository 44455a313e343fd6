import { useState } from 'react'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { RouteResponse } from '@shared/contract/routes'
import { request } from '../../../api/client'
import { ChoiceChips, ErrorNote, RoleGate, useResource, useSubmit } from '../../../kit'
import { Done, InputField } from '../../../kit/fields'
import { adminError } from '../../errors'
import { formatTime } from '../../common'
import { ListCard, TitleBar } from '../../ui'
import '../../common.scss'
import './index.scss'

type State = 'pending' | 'confirmed' | 'refused' | 'expired'
type Row = RouteResponse<'deskRebinds'>['requests'][number]

const STATES: { value: State; label: string }[] = [
  { value: 'pending', label: '待处理' },
  { value: 'confirmed', label: '已换绑' },
  { value: 'refused', label: '已拒绝' },
  { value: 'expired', label: '已过期' },
]
const BY: Record<string, string> = { desk: '客服', member: '会员本人（原微信）' }

/** One pending request: the desk checks the person's identity, then approves or refuses with a note. */
function PendingRow({ r, onDone }: { r: Row; onDone: (text: string) => Promise<unknown> }) {
  const [reason, setReason] = useState('')
  const decide = useSubmit(async (approve: boolean) => {
    if (reason.trim().length < 2) throw '请填写处理说明（至少 2 个字），如核对身份的方式'
    const body = { reason: reason.trim() }
    if (approve) await request('deskRebindApprove', { params: { requestId: r.id }, body })
    else await request('deskRebindRefuse', { params: { requestId: r.id }, body })
    await onDone(approve ? `已换绑：${r.name ?? r.phoneMasked} 的会员账户已转到新的微信` : `已拒绝 ${r.name ?? r.phoneMasked} 的换绑申请`)
  })
  return (
    <View className='list-row rebind-row' data-request-id={r.id}>
      <View className='row-name'>
        {r.name ?? '未填写姓名'} · {r.phoneMasked}
      </View>
      <View className='muted'>
        申请于 {formatTime(r.createdAt)} · {formatTime(r.expiresAt)} 前有效
      </View>
      <InputField label='处理说明' id={`rebind-reason-${r.id}`} maxlength={100} placeholder='必填，如：已核对身份证' value={reason} onChange={setReason} />
      <View className='rebind-actions'>
        <Button id={`rebind-refuse-${r.id}`} className='half' disabled={decide.busy} onClick={() => void decide.submit(false)}>
          拒绝
        </Button>
        <Button id={`rebind-approve-${r.id}`} className='half' type='primary' loading={decide.busy} disabled={decide.busy} onClick={() => void decide.submit(true)}>
          同意换绑
        </Button>
      </View>
      <ErrorNote error={adminError(decide.error)} />
    </View>
  )
}

/** 换绑申请: members moving to a new WeChat account; pending ones are approved or refused here. */
function DeskRebind() {
  const [state, setState] = useState<State>('pending')
  const list = useResource('deskRebinds', { query: { state } })
  const [done, setDone] = useState('')
  const rows = list.data?.requests ?? []
  return (
    <View className='page admin-page admin-desk-rebind'>
      <View className='card'>
        <TitleBar title='换绑申请' reloadId='rebind-reload' loading={list.loading} onReload={list.reload} />
        <View className='muted'>会员换了微信号时，在新微信上验证手机号后提交申请。原微信确认，或客服核实身份后同意，会员账户即转到新微信；原微信不再是会员账户，店员和管理员权限不随之转移。申请 7 天内有效。</View>
        <ChoiceChips id='rebind-state' idPrefix='rebind-state' options={STATES} value={state} onChange={(v) => { setState(v); setDone('') }} />
        <Done id='rebind-done'>{done}</Done>
      </View>
      <ListCard id='rebind-list' title={STATES.find((s) => s.value === state)!.label} count={rows.length} empty='暂无申请' emptyId='rebind-empty' error={list.error}>
        {rows.map((r) =>
          state === 'pending' ? (
            <PendingRow key={r.id} r={r} onDone={async (text) => { setDone(text); await list.reload() }} />
          ) : (
            <View key={r.id} className='list-row' data-request-id={r.id}>
              <View className='row-name'>
                {r.name ?? '未填写姓名'} · {r.phoneMasked}
              </View>
              <View className='muted'>
                申请于 {formatTime(r.createdAt)}
                {r.decidedAt ? ` · ${formatTime(r.decidedAt)} 由${BY[r.decidedBy ?? 'desk']}处理` : ` · ${formatTime(r.expiresAt)} 过期`}
              </View>
            </View>
          ),
        )}
      </ListCard>
    </View>
  )
}

/** For admins only: signed out, it asks to sign in and comes back; another role is told and shown the way back. */
export default function DeskRebindPage() {
  return (
    <RoleGate role='admin' title='换绑申请'>
      <DeskRebind />
    </RoleGate>
  )
}
