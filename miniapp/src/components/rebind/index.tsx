/**
 * 换绑 on the member's side. `RebindOffer`: on the registration page, when the phone belongs to a member
 * on another WeChat account, she can ask to move that membership here (WeChat proves the phone again:
 * each phone code is used once). `RebindPending`: the old account sees the request and confirms or
 * refuses it. `AccountNotices`: what happened to this WeChat account's membership (moved, merged).
 */
import { useState } from 'react'
import { Text, View, type BaseEventOrig, type ButtonProps } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { request } from '../../api/client'
import { ErrorNote, useResource, useSubmit } from '../../kit'
import { isWeapp, phoneCodeFromDev } from '../../platform'
import { formatTime } from '../../utils/format'
import './index.scss'

/** The request once made, as the new account sees it. */
function RequestState({ state, expiresAt }: { state: string; expiresAt: string }) {
  if (state === 'confirmed') return <View id='rebind-state' className='success' data-state={state}>换绑已完成，请重新进入小程序</View>
  if (state === 'refused') return <View id='rebind-state' className='error' data-state={state}>换绑申请未通过，如有疑问请联系客服</View>
  if (state === 'expired') return <View id='rebind-state' className='error' data-state={state}>换绑申请已过期，可重新申请</View>
  return (
    <View id='rebind-state' className='success' data-state={state}>
      已提交换绑申请，{formatTime(expiresAt)} 前有效。请在原微信账号的「我的」页确认，或联系客服核实身份后处理。
    </View>
  )
}

export function RebindOffer({ phone }: { phone: string }) {
  const [made, setMade] = useState<{ state: string; expiresAt: string } | null>(null)
  const ask = useSubmit(async (phoneCode: string) => {
    const r = await request('rebindCreate', { body: { phoneCode } })
    setMade({ state: r.state, expiresAt: r.expiresAt })
  })
  const onGetPhoneNumber = (e: BaseEventOrig<ButtonProps.onGetPhoneNumberEventDetail>) => {
    const code = (e.detail as { code?: string }).code
    if (!code) return ask.setError('未授权手机号，无法申请换绑')
    void ask.submit(code)
  }
  const askH5 = async () => {
    if (ask.busy) return
    await ask.submit(await phoneCodeFromDev(phone))
  }
  return (
    <View id='rebind-offer' className='rebind-offer'>
      <Text className='rebind-title'>该手机号已是会员，绑定在另一个微信上</Text>
      <Text className='rebind-body'>
        如果你换了微信号，可以申请把会员账户（积分、等级、优惠券）转到当前微信。申请需原微信账号确认，或由客服核实身份后处理；转移后原微信将不再是会员账户。
      </Text>
      {made ? (
        <RequestState state={made.state} expiresAt={made.expiresAt} />
      ) : isWeapp ? (
        <Button type='primary' block loading={ask.busy} disabled={ask.busy} openType='getPhoneNumber' onGetPhoneNumber={onGetPhoneNumber}>
          申请换绑
        </Button>
      ) : (
        <Button id='rebind-submit' type='primary' block loading={ask.busy} disabled={ask.busy} onClick={() => void askH5()}>
          申请换绑
        </Button>
      )}
      <ErrorNote id='rebind-error' error={ask.error} />
    </View>
  )
}

/** On the old account's 我的 page: a pending request to move her membership away, with 确认 / 拒绝. */
export function RebindPending() {
  const pending = useResource('rebindPendingForMe')
  const [done, setDone] = useState<string | null>(null)
  const decide = useSubmit(async (id: string, confirm: boolean) => {
    if (confirm) await request('rebindConfirmByMember', { params: { requestId: id } })
    else await request('rebindRefuseByMember', { params: { requestId: id } })
    setDone(confirm ? '已确认，会员账户已转到新的微信账号，本微信不再是会员账户' : '已拒绝该换绑申请')
    await pending.reload()
  })
  const requests = pending.data?.requests ?? []
  if (!done && requests.length === 0) return null
  return (
    <View id='rebind-pending' className='card rebind-pending'>
      <View className='section-title'>待确认的换绑申请</View>
      {requests.map((r) => (
        <View key={r.id} className='rebind-request' data-request-id={r.id}>
          <Text className='rebind-body'>
            {formatTime(r.createdAt)} 有人在另一个微信上验证了你的手机号，申请把你的会员账户（积分、等级、优惠券）转过去。如果是你本人换了微信，请确认；否则请拒绝。{formatTime(r.expiresAt)} 前有效。
          </Text>
          <View className='rebind-actions'>
            <Button id='rebind-refuse' className='rebind-button' disabled={decide.busy} onClick={() => void decide.submit(r.id, false)}>
              拒绝
            </Button>
            <Button id='rebind-confirm' className='rebind-button' type='primary' loading={decide.busy} disabled={decide.busy} onClick={() => void decide.submit(r.id, true)}>
              确认
            </Button>
          </View>
        </View>
      ))}
      {done ? (
        <View id='rebind-done' className='success'>
          {done}
        </View>
      ) : null}
      <ErrorNote id='rebind-pending-error' error={decide.error} />
    </View>
  )
}

/** Notices to this WeChat account (its membership moved or was merged), newest first. */
export function AccountNotices() {
  const notices = useResource('myNotices')
  const list = notices.data?.notices ?? []
  if (list.length === 0) return null
  return (
    <View id='account-notices' className='card'>
      <View className='section-title'>账户通知</View>
      {list.slice(0, 3).map((n) => (
        <View key={n.id} className='account-notice' data-kind={n.kind}>
          <Text className='rebind-body'>{n.text}</Text>
        </View>
      ))}
    </View>
  )
}
