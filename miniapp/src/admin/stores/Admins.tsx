import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { request } from '../../api/client'
import { ErrorNote, useResource, useSubmit } from '../../kit'
import { formatDate } from '../common'
import { adminError } from '../errors'

/** The brand's admins: who, since when, and 撤销 (never the last one; refused on every route within a minute). */
export function Admins({ me }: { me: string | null }) {
  const admins = useResource('admins')
  const [confirming, setConfirming] = useState<string | null>(null)
  const revoke = useSubmit(async (openid: string) => {
    await request('revokeAdmin', { params: { openid } })
    setConfirming(null)
    await admins.reload()
  })
  const list = admins.data?.admins ?? []
  return (
    <View id='admins-card' className='card'>
      <View className='section-title'>品牌管理员（{list.length}）</View>
      <View className='muted'>在门店员工列表中可将员工设为管理员；撤销后 1 分钟内生效，至少保留一位管理员。</View>
      {list.map((a, i) => (
        <View key={a.openid} id={`admin-row-${i}`} className='list-row'>
          <View className='between'>
            <Text>
              {a.name ?? '管理员'}
              {a.openid === me ? '（我）' : ''}
            </Text>
            <Text className='muted'>{formatDate(a.since)} 起</Text>
          </View>
          {confirming === a.openid ? (
            <View className='row'>
              <Button id={`admin-revoke-ok-${i}`} size='small' type='danger' loading={revoke.busy} onClick={() => void revoke.submit(a.openid)}>
                确认撤销
              </Button>
              <Button id={`admin-revoke-cancel-${i}`} size='small' onClick={() => setConfirming(null)}>
                取消
              </Button>
            </View>
          ) : (
            <View className='row'>
              <Button id={`admin-revoke-${i}`} size='small' onClick={() => setConfirming(a.openid)}>
                撤销管理员
              </Button>
            </View>
          )}
        </View>
      ))}
      <ErrorNote error={adminError(admins.error || revoke.error)} />
    </View>
  )
}
