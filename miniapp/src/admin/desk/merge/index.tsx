import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { RouteResponse } from '@shared/contract/routes'
import { errorWording } from '@shared/contract/errors'
import { ApiError, request } from '../../../api/client'
import { ErrorNote, RoleGate, useSubmit } from '../../../kit'
import { Done, InputField, SubmitButton, TextInput } from '../../../kit/fields'
import { adminError } from '../../errors'
import { formatDate } from '../../common'
import '../../common.scss'
import './index.scss'

type Preview = RouteResponse<'deskMergePreview'>
type Side = Preview['keep']
type Found = { id: string; label: string }

const MEMBER_ID = /^m_[0-9a-z]{10,40}$/

/** A member found by phone (11 digits) or by member id. */
async function findMember(text: string): Promise<Found> {
  const t = text.trim()
  try {
    const m = /^1\d{10}$/.test(t) ? await request('adminFindMember', { query: { phone: t } }) : MEMBER_ID.test(t) ? await request('adminGetMember', { params: { memberId: t } }) : null
    if (!m) throw '请输入 11 位手机号或会员编号'
    return { id: m.id, label: `${m.name ?? '未填写姓名'} · ${m.tier.name}` }
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) throw '未找到该会员'
    throw e
  }
}

function Finder(p: { id: string; title: string; found: Found | null; onFound: (f: Found | null) => void }) {
  const [text, setText] = useState('')
  const find = useSubmit(async () => p.onFound(await findMember(text)))
  return (
    <View className='card'>
      <View className='section-title'>{p.title}</View>
      <View className='row'>
        <TextInput id={`${p.id}-input`} className='input grow' placeholder='手机号或会员编号' value={text} onChange={(v) => { setText(v); p.onFound(null) }} onConfirm={() => void find.submit()} />
        <Button id={`${p.id}-find`} className='row-side' type='primary' loading={find.busy} onClick={() => void find.submit()}>
          查找
        </Button>
      </View>
      {p.found ? <View id={`${p.id}-found`} className='muted'>{p.found.label}</View> : null}
      <ErrorNote id={`${p.id}-error`} error={adminError(find.error)} />
    </View>
  )
}

const ROWS: [label: string, value: (s: Side) => string, key: string][] = [
  ['手机号', (s) => s.phoneMasked, 'phone'],
  ['姓名', (s) => s.name ?? '未填写', 'name'],
  ['等级', (s) => s.tierName, 'tier'],
  ['注册日期', (s) => formatDate(s.registeredAt), 'registered'],
  ['积分余额', (s) => String(s.balance), 'balance'],
  ['可用优惠券', (s) => `${s.coupons} 张`, 'coupons'],
  ['标签', (s) => (s.tags.length ? s.tags.join('、') : '无'), 'tags'],
  ['微信', (s) => (s.wechatBound ? '已绑定' : '未绑定'), 'wechat'],
]

/** 合并会员: find the member to keep and the duplicate, see side by side what moves, confirm with a reason. */
function DeskMerge() {
  const [keep, setKeep] = useState<Found | null>(null)
  const [dup, setDup] = useState<Found | null>(null)
  const [preview, setPreview] = useState<Preview | null>(null)
  const [reason, setReason] = useState('')
  const [result, setResult] = useState<RouteResponse<'deskMerge'> | null>(null)
  const load = useSubmit(async () => {
    setResult(null)
    if (!keep || !dup) throw '请先查找两位会员'
    if (keep.id === dup.id) throw '两次查找的是同一位会员'
    setPreview(await request('deskMergePreview', { query: { keepId: keep.id, mergeId: dup.id } }))
  })
  const merge = useSubmit(async () => {
    if (!preview) return
    if (reason.trim().length < 2) throw '请填写合并原因（至少 2 个字）'
    const r = await request('deskMerge', { body: { keepId: preview.keep.id, mergeId: preview.merge.id, reason: reason.trim() } })
    setResult(r)
    setPreview(await request('deskMergePreview', { query: { keepId: preview.keep.id, mergeId: preview.merge.id } }))
  })
  const swap = () => {
    setKeep(dup)
    setDup(keep)
    setPreview(null)
  }
  const found = (set: (f: Found | null) => void) => (f: Found | null) => {
    set(f)
    setPreview(null)
    setResult(null)
  }

  return (
    <View className='page admin-page admin-desk-merge'>
      <View className='card'>
        <View className='title'>合并会员</View>
        <View className='muted'>同一个人有两个会员账户时，把重复的账户合并到保留的账户：积分、未使用的优惠券和标签转入；被合并账户的手机号以后也找到保留的账户，它不能再单独登录。</View>
      </View>
      <Finder id='merge-keep' title='保留的会员' found={keep} onFound={found(setKeep)} />
      <Finder id='merge-dup' title='被合并的会员' found={dup} onFound={found(setDup)} />
      <View className='card'>
        <View className='row'>
          <Button id='merge-swap' className='half' disabled={!keep && !dup} onClick={swap}>
            交换
          </Button>
          <Button id='merge-preview-load' className='half' type='primary' loading={load.busy} onClick={() => void load.submit()}>
            预览合并
          </Button>
        </View>
        <ErrorNote id='merge-preview-error' error={adminError(load.error)} />
      </View>
      {preview ? (
        <View id='merge-preview' className='card' data-refusal={preview.refusal ?? ''}>
          <View className='section-title'>合并预览</View>
          <View className='compare-row compare-head'>
            <Text className='compare-label'> </Text>
            <Text className='compare-cell'>保留</Text>
            <Text className='compare-cell'>被合并</Text>
          </View>
          {ROWS.map(([label, value, key]) => (
            <View key={key} className='compare-row'>
              <Text className='compare-label'>{label}</Text>
              <Text id={`merge-keep-${key}`} className='compare-cell'>{value(preview.keep)}</Text>
              <Text id={`merge-dup-${key}`} className='compare-cell'>{value(preview.merge)}</Text>
            </View>
          ))}
          <View className='section-title after-title'>合并后保留的会员</View>
          <View id='merge-after' className='muted'>
            积分 <Text id='merge-after-balance'>{preview.after.balance}</Text> · 可用优惠券 {preview.after.coupons} 张 · 标签 {preview.after.tags.length ? preview.after.tags.join('、') : '无'}
          </View>
          <View className='muted'>
            {preview.merge.wechatBound ? (preview.after.wechatMoves ? '被合并会员的微信将改为登录保留的会员。' : '保留的会员已有微信，被合并会员的微信将解除绑定，并在下次打开时收到通知。') : '被合并的会员没有绑定微信。'}
            积分按两笔转移记入双方明细，历史订单和明细仍可在被合并会员下查看。
          </View>
          {preview.refusal ? (
            <View id='merge-refusal' className='error'>
              {errorWording(preview.refusal, 'staff') ?? '这两位会员不能合并'}
            </View>
          ) : (
            <>
              <InputField label='合并原因' id='merge-reason' maxlength={100} placeholder='必填，如：同一人两个账户' value={reason} onChange={setReason} />
              <SubmitButton id='merge-submit' busy={merge.busy} onClick={() => void merge.submit()}>
                确认合并
              </SubmitButton>
            </>
          )}
          <ErrorNote id='merge-error' error={adminError(merge.error)} />
        </View>
      ) : null}
      {result ? (
        <View className='card'>
          <Done id='merge-result' data={{ balance: String(result.balance) }}>
            {result.replayed ? '这两位会员已合并过，没有重复转移。' : `合并完成：转入 ${result.pointsMoved} 积分、${result.couponsMoved} 张优惠券。`}保留的会员当前积分 {result.balance}
          </Done>
        </View>
      ) : null}
    </View>
  )
}

/** For admins only: signed out, it asks to sign in and comes back; another role is told and shown the way back. */
export default function DeskMergePage() {
  return (
    <RoleGate role='admin' title='合并会员'>
      <DeskMerge />
    </RoleGate>
  )
}
