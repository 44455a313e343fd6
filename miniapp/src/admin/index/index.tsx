import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { RoleGate } from '../../kit'
import '../common.scss'
import './index.scss'

/** Each tool: its page (admin/<page>/index, button admin-link-<page> with / as -) and its name. */
const LINKS: [page: string, text: string][] = [
  ['rules', '积分规则'], ['tiers', '会员等级'], ['members', '会员查询'], ['shortfalls', '退货欠分'], ['coupons', '优惠券'], ['batches', '防伪码批次'],
  ['abuse', '扫码风控'], ['campaigns', '营销活动'], ['care', '关怀消息'], ['tags', '标签与规则'], ['segments', '会员分群'], ['complaints', '投诉工单'], ['stores', '门店与员工'],
  ['audit', '审计日志'],
  ['cards', '会员卡批次'], ['desk', '客服台'],
  ['desk/merge', '合并会员'], ['desk/rebind', '换绑申请'],
  ['deletions', '待注销会员'], ['policies', '协议与隐私政策'],
  ['import', '会员导入'],
  ['plans', '付费会员方案'],
  ['stored-value', '储值管理'],
  ['payments', '支付与退款'],
  ['planner', '等级门槛规划'],
  ['repurchase', '复购周期'],
  ['insight', '经营看板'],
  // Issue 19, part C: the leaderboard is one page for managers and admins (a path of its own).
  ['/staff/leaderboard/index', '拉新排行'],
  ['checkin', '签到设置'],
  ['referrals', '邀请有礼'],
  ['surveys', '问卷调查'],
]

function AdminIndex() {
  return (
    <View className='page admin-page admin-index'>
      <View className='card'>
        <View className='title'>管理后台</View>
        <View className='actions'>
          {LINKS.map(([page, text]) => (
            <Button key={page} id={`admin-link-${page.startsWith('/') ? page.split('/')[2] : page.replace(/\//g, '-')}`} type='primary' fill='outline' block onClick={() => void Taro.navigateTo({ url: page.startsWith('/') ? page : `/admin/${page}/index` })}>
              {text}
            </Button>
          ))}
        </View>
      </View>
    </View>
  )
}

/** For admins only: signed out, it asks to sign in and comes back; another role is told and shown the way back. */
export default function AdminIndexPage() {
  return (
    <RoleGate role='admin' title='管理后台'>
      <AdminIndex />
    </RoleGate>
  )
}
