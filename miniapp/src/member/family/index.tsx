import { useEffect, useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { FamilyView } from '@shared/contract'
import { request } from '../../api/client'
import { ErrorNote, useResource, useSubmit } from '../../kit'
import { formatDate, formatTime } from '../../utils/format'
import './index.scss'

type Invite = NonNullable<FamilyView['invite']>

const RULES = [
  '副卡消费积分与等级累计计入主卡；',
  '加入时副卡原有积分转入主卡；',
  '仅主卡可使用积分；',
  '解除后已转入和已累计的积分、消费留在主卡，副卡此后的消费积分回到自己的账户。',
]

const who = (m: { name: string | null; phoneMasked: string }) => (m.name ? `${m.name} ${m.phoneMasked}` : m.phoneMasked)

export default function Family() {
  const family = useResource('myFamily')
  const view = family.data
  const [invite, setInvite] = useState<Invite | null>(null)
  const [code, setCode] = useState('')
  const [pending, setPending] = useState('')
  const [notice, setNotice] = useState('')
  useEffect(() => setInvite(family.data?.invite ?? null), [family.data])

  const show = (v: FamilyView) => family.setData(v)

  /** Runs one action at a time; `key` names it for the buttons' loading state. */
  const action = useSubmit(async (key: string, run: () => Promise<void>) => {
    setPending(key)
    setNotice('')
    try {
      await run()
    } finally {
      setPending('')
    }
  })
  const act = (key: string, run: () => Promise<void>) => action.submit(key, run)
  const error = action.error || family.error

  const createInvite = () =>
    act('invite', async () => {
      setInvite(await request('familyInvite'))
    })

  const join = () => {
    const c = code.replace(/\s/g, '')
    if (!/^\d{8}$/.test(c)) {
      action.setError('请输入 8 位邀请码')
      return
    }
    void act('join', async () => {
      show(await request('familyJoin', { body: { code: c } }))
      setCode('')
      setNotice('已加入家庭卡')
    })
  }

  const leave = () =>
    act('leave', async () => {
      show(await request('familyLeave', { body: {} }))
      setNotice('已退出家庭卡')
    })

  const remove = (memberId: string) =>
    act(`remove-${memberId}`, async () => {
      show(await request('familyLeave', { body: { memberId } }))
      setNotice('已移除该副卡')
    })

  const rules = (
    <View id='family-rules' className='card rules'>
      <View className='section-title'>家庭卡规则</View>
      {RULES.map((r, i) => (
        <View key={i} className='rule'>
          {i + 1}. {r}
        </View>
      ))}
    </View>
  )

  const messages = (
    <>
      <ErrorNote id='family-error' error={error} />
      {notice ? (
        <View id='family-notice' className='notice'>
          {notice}
        </View>
      ) : null}
    </>
  )

  if (!view) {
    return (
      <View className='page family-page'>
        <View className='card'>{error ? messages : <View className='muted'>加载中…</View>}</View>
        {rules}
      </View>
    )
  }

  const canInvite = view.role !== 'secondary' && view.secondaries.length < view.maxSecondaries
  const inviteCard = canInvite ? (
    <View id='family-invite-card' className='card'>
      <View className='section-title'>邀请家人</View>
      <View className='muted'>
        生成邀请码发给家人，家人在「家庭卡」页输入即可成为副卡（最多 {view.maxSecondaries} 张副卡）
      </View>
      {invite ? (
        <View className='invite'>
          <Text id='family-invite-code' className='invite-code'>
            {invite.code}
          </Text>
          <View id='family-invite-expiry' className='muted'>
            有效期至 {formatTime(invite.expiresAt)}，仅可使用一次
          </View>
        </View>
      ) : null}
      <View className='actions'>
        <Button
          id='family-invite'
          type={invite ? 'default' : 'primary'}
          block
          loading={pending === 'invite'}
          disabled={!!pending}
          onClick={() => void createInvite()}
        >
          {invite ? '重新生成邀请码' : '邀请家人'}
        </Button>
      </View>
    </View>
  ) : null

  return (
    <View className='page family-page' data-role={view.role}>
      {view.role !== 'none' ? (
        <View className='card balance-card'>
          <View className='muted'>家庭共享积分</View>
          <Text id='family-balance' className='balance'>
            {view.balance}
          </Text>
          <View id='family-role' className='muted'>
            {view.role === 'primary' ? '我是主卡' : '我是副卡'}
          </View>
        </View>
      ) : null}

      {view.role === 'secondary' && view.primary ? (
        <View className='card'>
          <View className='section-title'>主卡</View>
          <View id='family-primary' className='member-line'>
            {who(view.primary)}
          </View>
          <View className='muted'>{formatDate(view.primary.since)} 加入</View>
          <View className='actions'>
            <Button id='family-leave' type='danger' fill='outline' block loading={pending === 'leave'} disabled={!!pending} onClick={() => void leave()}>
              退出家庭卡
            </Button>
          </View>
        </View>
      ) : null}

      {view.role === 'primary' ? (
        <View id='family-members' className='card'>
          <View className='section-title'>
            副卡（{view.secondaries.length}/{view.maxSecondaries}）
          </View>
          {view.secondaries.map((m) => (
            <View key={m.id} className='family-member' data-member-id={m.id}>
              <View>
                <View className='member-line'>{who(m)}</View>
                <View className='muted'>{formatDate(m.since)} 加入</View>
              </View>
              <Button
                id={`family-remove-${m.id}`}
                className='family-remove'
                size='small'
                type='danger'
                fill='outline'
                loading={pending === `remove-${m.id}`}
                disabled={!!pending}
                onClick={() => void remove(m.id)}
              >
                移除
              </Button>
            </View>
          ))}
        </View>
      ) : null}

      {view.role !== 'secondary' ? messages : null}
      {inviteCard}

      {view.role === 'none' ? (
        <View id='family-join-card' className='card'>
          <View className='section-title'>加入家庭卡</View>
          <View className='muted'>输入主卡发给你的 8 位邀请码</View>
          <View className='row join-row'>
            <Input
              id='family-join-code'
              className='input grow'
              type='number'
              maxlength={8}
              placeholder='8 位邀请码'
              value={code}
              onInput={(e) => setCode(e.detail.value)}
              onConfirm={join}
            />
            <Button id='family-join-submit' className='join-btn' type='primary' loading={pending === 'join'} disabled={!!pending} onClick={join}>
              加入
            </Button>
          </View>
        </View>
      ) : null}

      {view.role === 'secondary' ? messages : null}
      {rules}
    </View>
  )
}
