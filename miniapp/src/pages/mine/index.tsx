import { useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button, Cell } from '@nutui/nutui-react-taro'
import { ArrowRight } from '@nutui/icons-react-taro'
import { clearSession, getSession, hasRole, type Session } from '../../session'
import { openPage } from '../../components/welcome'
import { AccountNotices, RebindPending } from '../../components/rebind'
import './index.scss'

const HOME = '/pages/index/index'

interface Row {
  id: string
  title: string
  url: string
  member?: boolean
}

/** Her less frequent entries, in the order a member centre lists them. */
const ROWS: Row[][] = [
  [
    { id: 'mine-invite', title: '邀请有礼', url: '/member/invite/index', member: true },
    { id: 'mine-profile', title: '个人资料', url: '/member/profile/index', member: true },
    { id: 'mine-preferences', title: '消息设置', url: '/member/preferences/index', member: true },
    { id: 'mine-family', title: '家庭卡', url: '/member/family/index', member: true },
    { id: 'mine-card', title: '实体会员卡', url: '/member/card/index', member: true },
  ],
  [
    { id: 'mine-products', title: '我的产品与保修', url: '/member/products/index', member: true },
    { id: 'mine-complaints', title: '投诉与反馈', url: '/member/complaints/index', member: true },
    { id: 'mine-surveys', title: '问卷调查', url: '/member/surveys/index', member: true },
  ],
  [
    { id: 'mine-terms', title: '会员服务协议', url: '/member/terms/index' },
    { id: 'mine-privacy', title: '隐私政策', url: '/member/privacy/index' },
    { id: 'mine-data', title: '我的数据（导出与注销）', url: '/member/data/index' },
  ],
]

/** 我的: profile and settings, the member's agreements, and signing out. */
export default function Mine() {
  const [session, setSession] = useState<Session | null>(getSession)
  useDidShow(() => setSession(getSession()))
  const member = !!session?.memberId

  function signOut() {
    clearSession()
    setSession(null)
    void Taro.reLaunch({ url: HOME })
  }

  const who = !session ? '未登录' : member ? '会员' : hasRole(session, 'admin') ? '品牌管理员' : hasRole(session, 'staff') ? '门店店员' : '尚未注册会员'

  return (
    <View className='page mine'>
      <View id='mine-head' className='card mine-head'>
        <View className='title'>我的</View>
        <View className='muted'>{who}</View>
        {!session || !member ? (
          <View className='actions'>
            <Button id='mine-join' type='primary' block onClick={() => openPage(session ? '/pages/register/index' : HOME)}>
              {session ? '注册会员' : '去登录'}
            </Button>
          </View>
        ) : null}
      </View>
      {member ? <RebindPending /> : session ? <AccountNotices /> : null}
      {ROWS.map((group, i) => {
        const rows = group.filter((r) => !r.member || member)
        if (rows.length === 0) return null
        return (
          <Cell.Group key={i} className='mine-group'>
            {rows.map((r) => (
              // Cell does not pass an id on: the row's id sits on its title.
              <Cell key={r.id} className='mine-row' title={<View id={r.id}>{r.title}</View>} extra={<ArrowRight size={14} />} clickable onClick={() => openPage(r.url)} />
            ))}
          </Cell.Group>
        )
      })}
      {session ? (
        <View className='actions'>
          <Button id='mine-logout' block onClick={signOut}>
            退出登录
          </Button>
        </View>
      ) : null}
    </View>
  )
}
