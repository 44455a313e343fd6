import { useState } from 'react'
import { View } from '@tarojs/components'
import { ErrorNote, RoleGate, useResource } from '../../kit'
import { Done } from '../../kit/fields'
import { adminError } from '../errors'
import { SendLog, useSendLog } from './SendLog'
import { NAMES } from './settings'
import { SettingsCard, useSaveSettings } from './SettingsCard'
import '../common.scss'
import './index.scss'

/** Care-job settings (jobs on/off and their days, quiet hours, weekly cap, templates) and the send log. */
function AdminCare() {
  const settings = useResource('adminGetCareSettings')
  const [saved, setSaved] = useState('')
  const save = useSaveSettings((r) => {
    settings.setData(r)
    setSaved('已保存')
  })
  const sends = useSendLog()
  const error = save.error || sends.run.error || settings.error || sends.log.error

  return (
    <View className='page admin-page admin-care'>
      <View className='card'>
        <View className='title'>关怀消息设置</View>
        <View className='muted'>每类消息需会员在小程序中订阅后才会发送，每次订阅可发送一条；会员可在「消息设置」中关闭。</View>
      </View>
      <ErrorNote id='care-error' error={adminError(error, NAMES)} />
      <Done id='care-saved'>{saved}</Done>
      {settings.data ? (
        <SettingsCard
          data={settings.data}
          busy={save.busy}
          onSave={(...args) => {
            setSaved('')
            void save.submit(...args)
          }}
        />
      ) : null}
      <SendLog sends={sends} />
    </View>
  )
}

/** For admins only: signed out, it asks to sign in and comes back; another role is told and shown the way back. */
export default function AdminCarePage() {
  return (
    <RoleGate role='admin' title='关怀消息'>
      <AdminCare />
    </RoleGate>
  )
}
