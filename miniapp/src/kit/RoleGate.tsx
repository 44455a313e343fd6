/**
 * Role-aware pages: a page for staff or admins renders its content only for a session that holds the
 * role. Signed out, it says why sign-in is needed and returns here after it; with the wrong role, it
 * explains and offers the way back, so nobody fills in a form only to read 没有权限 at the end.
 */
import type { ReactNode } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { currentUrl, getSession, hasRole, rememberReturnTo, type Session } from '../session'

export type GatedRole = 'staff' | 'admin' | 'manager'

const WHO: Record<GatedRole, string> = { staff: '门店店员', admin: '品牌管理员', manager: '门店店长' }
const HOME = '/pages/index/index'

/** What a session may do with a page for `role`: enter, sign in first, or not at all. */
export function gateFor(session: Session | null, role: GatedRole, needsStore = false): 'enter' | 'signIn' | 'forbidden' | 'noStore' {
  if (!session) return 'signIn'
  if (!hasRole(session, role)) return 'forbidden'
  if (needsStore && !session.storeId) return 'noStore'
  return 'enter'
}

export function RoleGate(p: { role: GatedRole; title: string; needsStore?: boolean; children: ReactNode }) {
  const session = getSession()
  const gate = gateFor(session, p.role, p.needsStore)
  if (gate === 'enter') return <>{p.children}</>

  const signIn = () => {
    rememberReturnTo(currentUrl())
    void Taro.reLaunch({ url: HOME })
  }
  const back = () => void Taro.reLaunch({ url: HOME })

  const [heading, text] =
    gate === 'signIn'
      ? ['请先登录', `「${p.title}」仅供${WHO[p.role]}使用，登录后将自动回到这里。`]
      : gate === 'noStore'
        ? ['尚未绑定门店', '你的店员账号还没有绑定门店，请联系店长或品牌管理员为你绑定后再使用。']
        : ['无法使用此页面', `「${p.title}」仅供${WHO[p.role]}使用。如需开通，请联系店长或品牌管理员。`]

  return (
    <View className='page role-gate'>
      <View id='role-gate' className='card'>
        <View className='title'>{heading}</View>
        <View id='role-gate-text' className='muted'>
          {text}
        </View>
        <View className='actions'>
          {gate === 'signIn' ? (
            <Button id='role-gate-sign-in' type='primary' block onClick={signIn}>
              去登录
            </Button>
          ) : null}
          <Button id='role-gate-back' type='default' block onClick={back}>
            返回会员中心
          </Button>
        </View>
      </View>
    </View>
  )
}
