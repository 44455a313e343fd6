import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { RouteResponse } from '@shared/contract/routes'
import { request } from '../../api/client'
import { ErrorNote, useResource, useSubmit } from '../../kit'
import { askConsent, ConsentSheet } from '../../components/consent'
import './index.scss'

type Prefs = RouteResponse<'myCarePreferences'>
type Kind = keyof Prefs['preferences']

/** The care messages a member can receive, in the order shown. */
const KINDS: { kind: Kind; label: string; hint: string }[] = [
  { kind: 'birthday', label: '生日祝福', hint: '生日当天的祝福与生日礼' },
  { kind: 'pointsExpiring', label: '积分到期提醒', hint: '积分即将过期时提醒' },
  { kind: 'tier', label: '会员等级变动', hint: '升级或等级调整时通知' },
  { kind: 'couponExpiring', label: '优惠券到期提醒', hint: '优惠券即将过期时提醒' },
  { kind: 'winback', label: '回访关怀', hint: '久未到店时的问候与礼券' },
  { kind: 'complaint', label: '投诉处理进度', hint: '你的反馈有新进展时通知' },
  { kind: 'campaign', label: '会员活动', hint: '品牌会员活动与优惠' },
  { kind: 'repurchase', label: '补货提醒', hint: '常买的商品快用完时提醒' },
]

export default function Preferences() {
  const loaded = useResource('myCarePreferences')
  const prefs = loaded.data
  const [saving, setSaving] = useState<Kind | null>(null)

  const saved = useSubmit(async (kind: Kind, on: boolean) => {
    setSaving(kind)
    try {
      loaded.setData(await request('updateCarePreferences', { body: { preferences: { [kind]: on } } }))
    } finally {
      setSaving(null)
    }
  })

  function toggle(kind: Kind) {
    if (prefs) void saved.submit(kind, !prefs.preferences[kind])
  }

  async function subscribe() {
    await askConsent('settings')
    await loaded.reload()
  }

  return (
    <View className='page preferences'>
      <View className='card'>
        <View className='muted'>选择想收到的微信通知。微信规定每允许一次只能发送一条，用完后可在这里再次允许；关闭后不再发送该类通知。</View>
      </View>
      <ErrorNote id='pref-error' error={saved.error || loaded.error} />
      <View id='pref-list' className='card'>
        {KINDS.map(({ kind, label, hint }) => {
          const on = prefs ? prefs.preferences[kind] : true
          const left = prefs?.templates.find((t) => t.kind === kind)?.remaining ?? 0
          return (
            <View key={kind} id={`pref-${kind}`} className='pref-row' onClick={() => toggle(kind)}>
              <View className='pref-text'>
                <Text className='pref-label'>{label}</Text>
                <Text className='pref-hint'>
                  {hint}
                  {on ? (left > 0 ? `（可接收 ${left} 条）` : '（尚未在微信中允许，点下方按钮开启）') : ''}
                </Text>
              </View>
              <View id={`pref-${kind}-state`} className={`pref-switch ${on ? 'on' : 'off'}`}>
                {saving === kind ? '…' : on ? '已开启' : '已关闭'}
              </View>
            </View>
          )
        })}
      </View>
      <View className='actions'>
        <Button id='pref-subscribe' type='primary' block disabled={!prefs} onClick={() => void subscribe()}>
          允许接收更多通知
        </Button>
      </View>
      <ConsentSheet />
    </View>
  )
}
