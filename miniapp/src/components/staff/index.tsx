/**
 * A store's staff as a list (issue 16): name (or 未登记姓名), 店长 / 店员, since when; each row's actions come
 * from the page (the manager removes clerks; the admin also appoints, removes managers, grants admin).
 * Removing asks once more before it is done. WeChat ids are never shown.
 */
import { useState, type ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { StaffMember } from '@shared/contract'
import { formatDate } from '../../utils/format'
import '../invite/invite.scss'

export const staffName = (s: StaffMember) => s.name ?? '未登记姓名'

export function StaffList(p: {
  id: string
  staff: StaffMember[]
  me?: string | null
  canRemove: (s: StaffMember) => boolean
  onRemove: (s: StaffMember) => Promise<unknown>
  actions?: (s: StaffMember) => ReactNode
}) {
  const [confirming, setConfirming] = useState<string | null>(null)
  if (p.staff.length === 0) {
    return (
      <View id={`${p.id}-empty`} className='muted'>
        还没有员工，点「邀请」生成邀请码
      </View>
    )
  }
  return (
    <View id={p.id}>
      {p.staff.map((s, i) => (
        <View key={s.openid} id={`${p.id}-row-${i}`} className='list-row staff-row' data-openid={s.openid} data-position={s.position}>
          <View className='between'>
            <Text className='staff-name'>
              {staffName(s)}
              {p.me === s.openid ? '（我）' : ''}
            </Text>
            <Text className={s.position === 'manager' ? 'staff-badge manager' : 'staff-badge'}>{s.position === 'manager' ? '店长' : '店员'}</Text>
          </View>
          <View className='muted'>{formatDate(s.since)} 加入</View>
          <View className='row'>
            {p.actions?.(s)}
            {p.canRemove(s) && confirming !== s.openid ? (
              <Button id={`staff-remove-${i}`} size='small' onClick={() => setConfirming(s.openid)}>
                移除
              </Button>
            ) : null}
          </View>
          {confirming === s.openid ? (
            <View className='row'>
              <Text className='error'>移除后对方将在 1 分钟内无法再使用门店功能。</Text>
              <Button id={`staff-remove-ok-${i}`} size='small' type='danger' onClick={() => void p.onRemove(s).finally(() => setConfirming(null))}>
                确认移除
              </Button>
              <Button id={`staff-remove-cancel-${i}`} size='small' onClick={() => setConfirming(null)}>
                取消
              </Button>
            </View>
          ) : null}
        </View>
      ))}
    </View>
  )
}
