import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { getSession, hasRole } from '../../session'
import '../common.scss'
import './index.scss'

const LINKS = [
  { id: 'admin-link-rules', text: '积分规则', url: '/admin/rules/index' },
  { id: 'admin-link-tiers', text: '会员等级', url: '/admin/tiers/index' },
  { id: 'admin-link-members', text: '会员查询', url: '/admin/members/index' },
  { id: 'admin-link-shortfalls', text: '退货欠分', url: '/admin/shortfalls/index' },
  { id: 'admin-link-coupons', text: '优惠券', url: '/admin/coupons/index' },
  { id: 'admin-link-batches', text: '防伪码批次', url: '/admin/batches/index' },
  { id: 'admin-link-abuse', text: '扫码风控', url: '/admin/abuse/index' },
  { id: 'admin-link-campaigns', text: '营销活动', url: '/admin/campaigns/index' },
  { id: 'admin-link-care', text: '关怀消息', url: '/admin/care/index' },
  { id: 'admin-link-tags', text: '标签与规则', url: '/admin/tags/index' },
  { id: 'admin-link-segments', text: '会员分群', url: '/admin/segments/index' },
  { id: 'admin-link-complaints', text: '投诉工单', url: '/admin/complaints/index' },
]

export default function AdminIndex() {
  const session = getSession()
  const isAdmin = hasRole(session, 'admin')
  return (
    <View className='page admin-page admin-index'>
      <View className='card'>
        <View className='title'>管理后台</View>
        {isAdmin ? null : (
          <View id='admin-not-admin' className='error'>
            当前账号不是管理员
          </View>
        )}
        <View className='actions'>
          {LINKS.map((l) => (
            <Button key={l.id} id={l.id} type='primary' fill='outline' block onClick={() => void Taro.navigateTo({ url: l.url })}>
              {l.text}
            </Button>
          ))}
        </View>
      </View>
    </View>
  )
}
