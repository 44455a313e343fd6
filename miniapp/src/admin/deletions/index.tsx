import { Text, View } from '@tarojs/components'
import type { DeletionSource } from '@shared/contract'
import { Empty, ErrorNote, RoleGate, useResource } from '../../kit'
import { adminError } from '../errors'
import { TitleBar } from '../ui'
import { formatTime } from '../common'
import '../common.scss'
import './index.scss'

const SOURCE: Record<DeletionSource, string> = {
  member: '会员申请',
  wechat_phone_revoked: '微信撤回手机号授权',
  wechat_account_cancelled: '微信账号已注销',
}

/** 待注销会员: account deletions waiting for their grace period to end (phones masked). */
function AdminDeletions() {
  const list = useResource('adminDeletions', { reloadOnShow: false })
  const rows = list.data?.deletions ?? null
  return (
    <View className='page admin-page admin-deletions'>
      <View className='card'>
        <TitleBar title='待注销会员' reloadId='deletions-reload' loading={list.loading} onReload={list.reload} />
        <View className='muted'>会员申请注销后有 15 天冷静期，期间会员可以撤销；到期后系统删除其手机号、微信绑定、姓名、生日和标签，积分作废、优惠券失效，消费与积分记录匿名保留。微信账号注销的会员不设冷静期。</View>
      </View>
      <ErrorNote id='deletions-error' error={adminError(list.error)} />
      {rows ? (
        <View id='deletions-list' className='card'>
          {rows.length === 0 ? (
            <Empty id='deletions-empty' className='muted'>
              暂无待注销会员
            </Empty>
          ) : (
            rows.map((r) => (
              <View key={r.memberId} className='list-row deletion-row between' data-member-id={r.memberId}>
                <View>
                  <View className='deletion-phone'>{r.phoneMasked || '（无手机号）'}</View>
                  <View className='muted'>
                    {SOURCE[r.source]} · {formatTime(r.requestedAt)} 申请
                  </View>
                </View>
                <Text className='deletion-due'>{r.erasing ? '正在执行' : `${formatTime(r.dueAt)} 执行`}</Text>
              </View>
            ))
          )}
        </View>
      ) : null}
    </View>
  )
}

export default function AdminDeletionsPage() {
  return (
    <RoleGate role='admin' title='待注销会员'>
      <AdminDeletions />
    </RoleGate>
  )
}
