import { useState } from 'react'
import { useDidShow, useLoad } from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { MemberProfile } from '@shared/contract'
import { ApiError, request } from '../../api/client'
import { messageFor } from '../../api/messages'
import { isWeapp, loginCode, rememberDevOpenid } from '../../platform'
import { rememberLaunchStore } from '../../platform/attribution'
import { ConsentSheet } from '../../components/consent'
import { AccountNotices, RebindPending } from '../../components/rebind'
import { SurveysCard } from '../../components/surveys'
import { openPage, returnReason } from '../../components/welcome'
import { getSession, hasRole, peekReturnTo, setSession, takeReturnTo, updateSession, type Session } from '../../session'
import { MemberCard } from './MemberCard'
import { MemberEntries, WorkEntries } from './Entries'
import { WhatsNew } from './WhatsNew'
import { ServiceRatingCard } from '../../components/clerks'
import './index.scss'

const REGISTER_URL = '/pages/register/index'

type State =
  | { kind: 'signedOut' }
  | { kind: 'unregistered'; session: Session }
  | { kind: 'loading'; session: Session }
  | { kind: 'member'; session: Session; profile: MemberProfile }

/**
 * The member centre's first tab: the member card, what is new, the entries; for staff and admins their
 * work entries (and, when they are not members, an invitation to join); signed out, the sign-in card,
 * which says where it will return to when a deep link brought her here.
 */
export default function Index() {
  const [state, setState] = useState<State>(() => {
    const s = getSession()
    return s ? { kind: 'loading', session: s } : { kind: 'signedOut' }
  })
  // Opened from a store's poster link (?store=S001): remembered for the registration.
  useLoad((params: Record<string, string | undefined>) => rememberLaunchStore(params))
  const [openid, setOpenid] = useState('')
  const [pending, setPending] = useState(false)
  const [error, setError] = useState('')
  const [returnTo, setReturnTo] = useState(peekReturnTo)

  async function load() {
    const session = getSession()
    setReturnTo(peekReturnTo())
    if (!session) {
      setState({ kind: 'signedOut' })
      return
    }
    if (!session.memberId) {
      setState({ kind: 'unregistered', session })
      return
    }
    setState((prev) => (prev.kind === 'member' ? prev : { kind: 'loading', session }))
    try {
      const profile = await request('getMe')
      setError('')
      setState({ kind: 'member', session, profile })
    } catch (e) {
      if (e instanceof ApiError && e.status === 404 && e.code === 'not_registered') {
        updateSession({ memberId: null })
        setState({ kind: 'unregistered', session: { ...session, memberId: null } })
        return
      }
      if (e instanceof ApiError && e.status === 401) return // the client signs out and reloads
      setError(messageFor(e))
    }
  }

  useDidShow(() => {
    void load()
  })

  async function signIn() {
    if (pending) return
    if (!isWeapp && !openid.trim()) {
      setError('请输入测试 openid')
      return
    }
    setPending(true)
    setError('')
    try {
      const code = await loginCode(openid.trim())
      rememberDevOpenid(openid.trim())
      const session = await request('login', { body: { code } })
      setSession(session)
      const worker = session.roles.includes('staff') || session.roles.includes('admin')
      if (!session.memberId && !worker) {
        // A new member: straight to registration, which takes the remembered link afterwards.
        setState({ kind: 'unregistered', session })
        openPage(REGISTER_URL)
        return
      }
      // A deep link opened while signed out (a scanned code, a staff or admin page): go there now.
      const back = takeReturnTo()
      await load()
      if (back) openPage(back)
    } catch (e) {
      setError(e instanceof ApiError ? messageFor(e) : '登录失败，请重试')
    } finally {
      setPending(false)
    }
  }

  if (state.kind === 'signedOut') {
    const why = returnReason(returnTo)
    return (
      <View className='page home'>
        <View className='card sign-in-card'>
          <View className='title'>会员中心</View>
          <View className='muted'>登录后查看积分、等级和会员码，到店消费即可累计积分。</View>
          {why ? (
            <View id='login-return-note' className='return-note'>
              {why}
            </View>
          ) : null}
          {isWeapp ? (
            <View className='actions'>
              <Button id='login-submit' type='primary' block loading={pending} disabled={pending} onClick={signIn}>
                微信登录
              </Button>
            </View>
          ) : (
            <View className='actions'>
              <View className='field'>
                <Text className='label'>测试 openid（H5 模拟微信登录）</Text>
                <Input
                  id='login-openid'
                  className='input'
                  placeholder='测试 openid'
                  value={openid}
                  onInput={(e) => setOpenid(e.detail.value)}
                  onConfirm={signIn}
                />
              </View>
              <Button id='login-submit' type='primary' block loading={pending} disabled={pending} onClick={signIn}>
                登录
              </Button>
            </View>
          )}
          {error ? <View className='error'>{error}</View> : null}
        </View>
      </View>
    )
  }

  const session = state.session
  const staff = hasRole(session, 'staff')
  const admin = hasRole(session, 'admin')
  const work = <WorkEntries staff={staff} admin={admin} manager={hasRole(session, 'manager')} storeId={session.storeId ?? null} />

  if (state.kind === 'unregistered') {
    const worker = staff || admin
    return (
      <View className='page home'>
        {worker ? work : null}
        <AccountNotices />
        <View id='home-join' className='card join-card'>
          <View className='title'>{worker ? '也想成为会员？' : '欢迎加入会员'}</View>
          <View className='muted'>
            {worker ? '注册会员后，你在门店消费也能累计积分、领取优惠券。' : '注册即送新人礼，到店消费累计积分、升级享更多权益。'}
          </View>
          {returnReason(returnTo) ? (
            <View id='login-return-note' className='return-note'>
              {returnReason(returnTo)}
            </View>
          ) : null}
          <View className='actions'>
            <Button id='home-register' type={worker ? 'default' : 'primary'} block onClick={() => openPage(REGISTER_URL)}>
              注册会员
            </Button>
          </View>
          {error ? <View className='error'>{error}</View> : null}
        </View>
      </View>
    )
  }

  if (state.kind === 'loading') {
    return (
      <View className='page home'>
        {work}
        <View className='card'>
          <View className='muted'>加载中…</View>
          {error ? <View className='error'>{error}</View> : null}
          {error ? (
            <View className='actions'>
              <Button block onClick={() => void load()}>
                重试
              </Button>
            </View>
          ) : null}
        </View>
      </View>
    )
  }

  const { profile } = state
  return (
    <View className='page home'>
      <MemberCard profile={profile} onCode={() => openPage('/pages/code/index')} />
      <RebindPending />
      <WhatsNew />
      <SurveysCard />
      <ServiceRatingCard />
      <ConsentSheet />
      <MemberEntries family={profile.family} />
      {work}
      {error ? <View className='error'>{error}</View> : null}
    </View>
  )
}
