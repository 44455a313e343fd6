import { useState } from 'react'
import Taro, { useDidShow, useLoad } from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { Button, Progress } from '@nutui/nutui-react-taro'
import type { MemberProfile } from '@shared/contract'
import { ApiError, request } from '../../api/client'
import { messageFor } from '../../api/messages'
import { isWeapp, loginCode, rememberDevOpenid } from '../../platform'
import { rememberLaunchStore } from '../../platform/attribution'
import { ConsentSheet } from '../../components/consent'
import { clearSession, getSession, hasRole, setSession, updateSession, type Session } from '../../session'
import { upgradeText } from '../../utils/format'
import './index.scss'

const REGISTER_URL = '/pages/register/index'
const STAFF_URL = '/staff/checkout/index'
const ADMIN_URL = '/admin/index/index'

const FAMILY_ROLE: Record<MemberProfile['family'], string> = { none: '', primary: '主卡', secondary: '副卡' }

type State =
  | { kind: 'signedOut' }
  | { kind: 'unregistered'; session: Session }
  | { kind: 'loading'; session: Session }
  | { kind: 'member'; session: Session; profile: MemberProfile }

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

  async function load() {
    const session = getSession()
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
      if (!session.memberId && !session.roles.includes('staff') && !session.roles.includes('admin')) {
        // A new member: straight to registration (staff and admins see their entries on this page).
        setState({ kind: 'unregistered', session })
        await Taro.navigateTo({ url: REGISTER_URL })
        return
      }
      await load()
    } catch (e) {
      setError(e instanceof ApiError ? messageFor(e) : '登录失败，请重试')
    } finally {
      setPending(false)
    }
  }

  function signOut() {
    clearSession()
    setState({ kind: 'signedOut' })
  }

  const go = (url: string) => () => {
    void Taro.navigateTo({ url })
  }

  if (state.kind === 'signedOut') {
    return (
      <View className='page home'>
        <View className='card'>
          <View className='title'>会员中心</View>
          <View className='muted'>登录后查看积分、等级和会员码</View>
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
  const staffEntry = staff ? (
    <Button id='home-staff' type='success' block onClick={go(STAFF_URL)}>
      店员收银
    </Button>
  ) : null
  const admin = hasRole(session, 'admin')
  const adminEntry = admin ? (
    <Button id='home-admin' type='warning' block onClick={go(ADMIN_URL)}>
      管理后台
    </Button>
  ) : null
  const worker = staff || admin

  if (state.kind === 'unregistered') {
    return (
      <View className='page home'>
        <View className='card'>
          <View className='title'>{staff ? '店员工作台' : admin ? '管理员' : '欢迎加入会员'}</View>
          <View className='muted'>{staff ? `门店 ${session.storeId ?? '-'}` : admin ? '可进入管理后台，或注册成为会员' : '注册会员即可积分、升级'}</View>
          <View className='actions'>
            {staffEntry}
            {adminEntry}
            <Button id='home-register' type={worker ? 'default' : 'primary'} block onClick={go(REGISTER_URL)}>
              注册会员
            </Button>
            <Button id='home-logout' fill='none' block onClick={signOut}>
              退出登录
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
        <View className='card'>
          <View className='muted'>加载中…</View>
          {error ? <View className='error'>{error}</View> : null}
          <View className='actions'>
            {staffEntry}
            {adminEntry}
            <Button fill='none' block onClick={() => void load()}>
              重试
            </Button>
          </View>
        </View>
      </View>
    )
  }

  const { profile } = state
  const next = profile.nextTier
  const expiry = profile.points.nextExpiry
  return (
    <View className='page home'>
      <ConsentSheet />
      <View className='card tier-card'>
        <View className='row between'>
          <Text id='home-tier' className='tier-name'>
            {profile.tier.name}
          </Text>
          <Text className='muted'>{profile.phoneMasked}</Text>
        </View>
        <View className='points'>
          <Text className='muted'>{profile.family === 'secondary' ? '积分（家庭共享）' : '积分'}</Text>
          <Text id='home-points' className='points-value'>
            {profile.points.balance}
          </Text>
          {expiry ? (
            <Text id='home-expiry' className='expiry'>
              {expiry.points} 积分将于 {expiry.date} 过期
            </Text>
          ) : null}
        </View>
        <View id='home-progress' className='progress'>
          {next ? (
            <>
              <Text className='progress-text'>{upgradeText(profile.qualifying.basis, next.remaining, next.name)}</Text>
              <Progress percent={next.percent} />
            </>
          ) : (
            <Text className='progress-text'>已是最高等级</Text>
          )}
        </View>
      </View>
      <View className='actions'>
        <Button id='home-code' type='primary' block onClick={go('/pages/code/index')}>
          会员码
        </Button>
        <Button id='home-points-link' block onClick={go('/pages/points/index')}>
          积分明细
        </Button>
        <Button id='home-tier-link' block onClick={go('/member/tier/index')}>
          我的等级
        </Button>
        <Button id='home-coupons-link' block onClick={go('/pages/coupons/index')}>
          我的优惠券
        </Button>
        <Button id='home-scan-link' block onClick={go('/pages/scan/index')}>
          扫码积分
        </Button>
        <Button id='home-products-link' block onClick={go('/member/products/index')}>
          我的产品与保修
        </Button>
        <Button id='home-complaints-link' block onClick={go('/member/complaints/index')}>
          投诉与反馈
        </Button>
        <Button id='home-family-link' block onClick={go('/member/family/index')}>
          家庭卡{FAMILY_ROLE[profile.family] ? `（${FAMILY_ROLE[profile.family]}）` : ''}
        </Button>
        <Button id='home-profile' block onClick={go('/member/profile/index')}>
          个人资料
        </Button>
        {staffEntry}
        {adminEntry}
        <Button id='home-logout' fill='none' block onClick={signOut}>
          退出登录
        </Button>
      </View>
      {error ? <View className='error'>{error}</View> : null}
    </View>
  )
}
