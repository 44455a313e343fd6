import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import { Grid } from '@nutui/nutui-react-taro'
import { CheckChecked, Complaint, Coupon, Heart, Order, Scan, ShieldCheck, Star, Store, Setting, StarF, User, Wallet } from '@nutui/icons-react-taro'
import type { MemberProfile } from '@shared/contract'
import { openPage } from '../../components/welcome'

interface Entry {
  id: string
  text: string
  icon: ReactNode
  url: string
}

const ICON = { size: 24 }
const FAMILY_ROLE: Record<MemberProfile['family'], string> = { none: '家庭卡', primary: '家庭卡·主卡', secondary: '家庭卡·副卡' }

function EntryGrid(p: { id: string; entries: Entry[]; columns?: number }) {
  return (
    <Grid id={p.id} className='entry-grid' columns={p.columns ?? 4}>
      {p.entries.map((e) => (
        <Grid.Item key={e.id} className='entry' onClick={() => openPage(e.url)}>
          {/* Grid.Item does not pass an id on: the entry's id sits on its content. */}
          <View id={e.id} className='entry-body'>
            {e.icon}
            <View className='entry-text'>{e.text}</View>
          </View>
        </Grid.Item>
      ))}
    </Grid>
  )
}

/** A member's entries, the everyday ones first. */
export function MemberEntries(p: { family: MemberProfile['family'] }) {
  const entries: Entry[] = [
    { id: 'home-points-link', text: '积分明细', icon: <Order {...ICON} />, url: '/pages/points/index' },
    { id: 'home-coupons-link', text: '优惠券', icon: <Coupon {...ICON} />, url: '/pages/coupons/index' },
    { id: 'home-checkin-link', text: '每日签到', icon: <CheckChecked {...ICON} />, url: '/member/checkin/index' },
    { id: 'home-stored-value-link', text: '储值', icon: <Wallet {...ICON} />, url: '/member/stored-value/index' },
    { id: 'home-tier-link', text: '等级权益', icon: <Star {...ICON} />, url: '/member/tier/index' },
    { id: 'home-plus-link', text: '付费会员', icon: <StarF {...ICON} />, url: '/member/plus/index' },
    { id: 'home-scan-link', text: '扫码积分', icon: <Scan {...ICON} />, url: '/pages/scan/index' },
    { id: 'home-products-link', text: '产品保修', icon: <ShieldCheck {...ICON} />, url: '/member/products/index' },
    { id: 'home-family-link', text: FAMILY_ROLE[p.family], icon: <Heart {...ICON} />, url: '/member/family/index' },
    { id: 'home-complaints-link', text: '投诉反馈', icon: <Complaint {...ICON} />, url: '/member/complaints/index' },
    { id: 'home-profile', text: '个人资料', icon: <User {...ICON} />, url: '/member/profile/index' },
  ]
  return (
    <View className='card entries-card'>
      <EntryGrid id='home-grid' entries={entries} />
    </View>
  )
}

/** What staff and admins open from here: only the entries their roles can use. */
export function WorkEntries(p: { staff: boolean; admin: boolean; storeId: string | null; manager?: boolean }) {
  if (!p.staff && !p.admin) return null
  const entries: Entry[] = []
  if (p.staff) entries.push({ id: 'home-staff', text: '店员收银', icon: <Store {...ICON} />, url: '/staff/checkout/index' })
  if (p.manager) entries.push({ id: 'home-team', text: '门店团队', icon: <User {...ICON} />, url: '/staff/team/index' })
  if (p.staff && p.storeId) entries.push({ id: 'home-growth', text: '我的拉新码', icon: <Scan {...ICON} />, url: '/staff/growth/index' })
  if (p.manager) entries.push({ id: 'home-leaderboard', text: '拉新排行', icon: <StarF {...ICON} />, url: '/staff/leaderboard/index' })
  if (p.admin) entries.push({ id: 'home-admin', text: '管理后台', icon: <Setting {...ICON} />, url: '/admin/index/index' })
  return (
    <View id='home-work' className='card entries-card'>
      <View className='section-title'>
        工作台
        {p.staff && !p.storeId ? <View className='muted work-store'>尚未绑定门店，请联系店长</View> : null}
      </View>
      <EntryGrid id='home-work-grid' entries={entries} />
    </View>
  )
}
