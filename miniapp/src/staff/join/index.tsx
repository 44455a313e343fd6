import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { InviteView } from '@shared/contract'
import { ApiError, HOME_URL, request } from '../../api/client'
import { ErrorNote, useResource, useSubmit } from '../../kit'
import { TextInput } from '../../kit/fields'
import { POSITION_TEXT, groupedCode } from '../../components/invite'
import { formatTime } from '../../utils/format'
import { loginCode, rememberedDevOpenid } from '../../platform'
import { currentUrl, getSession, rememberReturnTo, setSession } from '../../session'

const CODE = /^[A-HJ-NP-Z2-9]{10}$/
/** What a person types or a link carries: any case, with or without the dash and spaces. */
const cleanCode = (text: string) => text.toUpperCase().replace(/[\s-]/g, '')

const STATE_TEXT: Record<Exclude<InviteView['state'], 'open'>, string> = {
  used: '这个邀请已经被使用过了。每个邀请只能一人使用一次，请向店长索取新的邀请。',
  expired: '这个邀请已过期（邀请在生成后 24 小时内有效），请向店长索取新的邀请。',
}

/** The invite behind a code: its store, position and validity, then 成为店员 (or 成为店长). */
function Invitation({ code }: { code: string }) {
  const invite = useResource('viewInvite', { params: { code } })
  const [joined, setJoined] = useState<{ storeName: string; position: InviteView['position'] } | null>(null)
  const accept = useSubmit(async () => {
    const r = await request('acceptInvite', { params: { code } })
    // The new role comes with a new session: sign in again at once.
    const session = await request('login', { body: { code: await loginCode(rememberedDevOpenid() ?? undefined) } })
    setSession(session)
    return r
  })

  if (invite.error) {
    const notFound = invite.error instanceof ApiError && (invite.error.status === 404 || invite.error.status === 400)
    return (
      <View id='join-invalid' className='card'>
        <View className='title'>邀请无效</View>
        {notFound ? <View className='muted'>没有找到这个邀请码，请核对后重新输入，或向店长索取新的邀请。</View> : <ErrorNote error={invite.error} />}
      </View>
    )
  }
  if (!invite.data) return <View className='card muted'>加载中…</View>
  const inv = invite.data
  const role = POSITION_TEXT[inv.position]

  if (joined) {
    const url = '/staff/checkout/index'
    return (
      <View id='join-done' className='card'>
        <View className='title'>
          你已成为「{joined.storeName}」的{POSITION_TEXT[joined.position]}
        </View>
        <View className='muted'>现在可以在门店收银台为会员记录消费。</View>
        <View className='actions'>
          <Button id='join-go-till' type='primary' block onClick={() => void Taro.reLaunch({ url })}>
            去收银
          </Button>
        </View>
      </View>
    )
  }

  return (
    <View id='join-card' className='card' data-state={inv.state}>
      <View className='title'>
        加入「{inv.storeName}」
      </View>
      <View className='muted'>邀请你成为本店{role}。成为{role}后，你可以在本店收银台为会员记录消费、核销优惠券。</View>
      <View id='join-validity' className='muted'>
        邀请码 {groupedCode(inv.code)}，24 小时内有效（至 {formatTime(inv.expiresAt)}），仅限一人使用。
      </View>
      {inv.state === 'open' ? (
        <View className='actions'>
          <Button
            id='join-submit'
            type='primary'
            block
            loading={accept.busy}
            onClick={() => void accept.submit().then((r) => r && setJoined({ storeName: r.storeName, position: r.position }))}
          >
            成为{role}
          </Button>
        </View>
      ) : (
        <View id='join-state' className='error'>
          {STATE_TEXT[inv.state]}
        </View>
      )}
      <ErrorNote id='join-error' error={accept.error} />
    </View>
  )
}

/**
 * Joining a store's staff from an invite (issue 16): opened from the invite's QR code or link
 * (staff/join/index?code=…), or with the code typed in. Signed out, it asks to sign in and comes back.
 */
export default function JoinPage() {
  const router = useRouter()
  const given = cleanCode(router.params.code ? decodeURIComponent(router.params.code) : '')
  const [typed, setTyped] = useState('')
  const [code, setCode] = useState(CODE.test(given) ? given : '')
  const [typedError, setTypedError] = useState('')
  const session = getSession()

  if (!session) {
    return (
      <View className='page join-page'>
        <View id='join-sign-in' className='card'>
          <View className='title'>请先登录</View>
          <View className='muted'>登录后即可查看邀请并加入门店，登录后将自动回到这里。</View>
          <View className='actions'>
            <Button
              id='join-sign-in-button'
              type='primary'
              block
              onClick={() => {
                rememberReturnTo(currentUrl())
                void Taro.reLaunch({ url: HOME_URL })
              }}
            >
              去登录
            </Button>
          </View>
        </View>
      </View>
    )
  }

  const lookUp = () => {
    const c = cleanCode(typed)
    if (!CODE.test(c)) return setTypedError('邀请码为 10 位字母或数字，请核对后重新输入')
    setTypedError('')
    setCode(c)
  }

  return (
    <View className='page join-page'>
      {code ? (
        <Invitation key={code} code={code} />
      ) : (
        <View className='card'>
          <View className='title'>加入门店</View>
          <View className='muted'>{given ? '邀请链接不完整。' : ''}请输入店长给你的邀请码（10 位）。</View>
          <TextInput id='join-code' className='input' maxlength={11} placeholder='邀请码' value={typed} onChange={setTyped} onConfirm={lookUp} />
          {typedError ? <View className='error'>{typedError}</View> : null}
          <View className='actions'>
            <Button id='join-code-submit' type='primary' block onClick={lookUp}>
              查看邀请
            </Button>
          </View>
        </View>
      )}
    </View>
  )
}
