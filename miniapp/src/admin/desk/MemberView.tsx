import { useState } from 'react'
import { View } from '@tarojs/components'
import type { DeskMemberView } from '@shared/contract'
import { groupCardNo } from '@shared/domain/cards'
import { request } from '../../api/client'
import { ErrorNote, useSubmit } from '../../kit'
import { Done, InputField, SubmitButton } from '../../kit/fields'
import { adminError } from '../errors'
import { formatDate, formatTime } from '../common'

const CARD_STATE: Record<string, string> = { bound: '在用', lost: '已挂失', unbound: '未绑定' }
const FAMILY: Record<string, string> = { none: '', primary: ' · 家庭卡主卡', secondary: ' · 家庭卡副卡' }
const FIELD_NAMES = { reason: '原因', cardNo: '新卡卡号' }

/** One member at the desk: who she is, points, tier, card, frozen or not; freeze/unfreeze, lost card, replacement. */
export function MemberView({ m, onChanged }: { m: DeskMemberView; onChanged: (m: DeskMemberView) => void }) {
  const [reason, setReason] = useState('')
  const [newCard, setNewCard] = useState('')
  const [done, setDone] = useState('')
  const act = useSubmit(async (what: 'freeze' | 'unfreeze' | 'lost' | 'replace') => {
    setDone('')
    if (!reason.trim()) throw '请填写原因'
    const params = { memberId: m.id }
    let next: DeskMemberView
    if (what === 'freeze' || what === 'unfreeze') next = await request('deskFreeze', { params, body: { frozen: what === 'freeze', reason: reason.trim() } })
    else if (what === 'lost') next = await request('deskReportLost', { params, body: { reason: reason.trim() } })
    else {
      if (!newCard.trim()) throw '请输入新卡卡号'
      next = await request('deskReplaceCard', { params, body: { cardNo: newCard.trim(), reason: reason.trim() } })
      setNewCard('')
    }
    onChanged(next)
    setReason('')
    setDone({ freeze: '已冻结', unfreeze: '已解冻', lost: '已挂失', replace: '已补卡，积分不变' }[what])
  })

  return (
    <View id='desk-member' className='card' data-frozen={m.frozen ? 'true' : 'false'}>
      <View className='member-head'>
        {m.name ?? '未填写姓名'} {m.phoneMasked}
        {m.frozen ? <View id='desk-frozen-tag' className='frozen-tag'>已冻结</View> : null}
      </View>
      <View className='desk-line muted'>
        {formatDate(m.registeredAt)} 注册{FAMILY[m.family]}
      </View>
      <View id='desk-points' className='desk-line'>
        积分 {m.points.balance}（可用 {m.points.spendable}） · {m.tier.name}
      </View>
      <View id='desk-card' className='desk-line'>
        会员卡：{m.card ? `${groupCardNo(m.card.cardNo)}（${CARD_STATE[m.card.state] ?? ''}）` : '未绑定'}
      </View>
      {m.lostCards.length ? <View className='desk-line muted'>已挂失：{m.lostCards.map(groupCardNo).join('、')}</View> : null}
      {m.frozen ? (
        <View className='desk-line muted'>
          冻结于 {formatTime(m.frozen.at)}，原因：{m.frozen.reason}
        </View>
      ) : null}

      <InputField label='原因（必填，记入操作日志）' id='desk-reason' maxlength={200} value={reason} onChange={setReason} />
      <View className='choices'>
        {m.frozen ? (
          <SubmitButton id='desk-unfreeze' busy={act.busy} onClick={() => void act.submit('unfreeze')}>
            解冻
          </SubmitButton>
        ) : (
          <SubmitButton id='desk-freeze' busy={act.busy} onClick={() => void act.submit('freeze')}>
            冻结会员
          </SubmitButton>
        )}
      </View>
      {m.card ? (
        <View className='choices'>
          <SubmitButton id='desk-lost' busy={act.busy} onClick={() => void act.submit('lost')}>
            挂失会员卡
          </SubmitButton>
        </View>
      ) : (
        <View>
          <InputField label='补办新卡卡号（不再赠送开卡积分和等级）' id='desk-new-card' type='number' maxlength={24} value={newCard} onChange={setNewCard} />
          <SubmitButton id='desk-replace' busy={act.busy} onClick={() => void act.submit('replace')}>
            {m.lostCards.length ? '补办新卡' : '绑定会员卡'}
          </SubmitButton>
        </View>
      )}
      <Done id='desk-done'>{done}</Done>
      <ErrorNote id='desk-error' error={adminError(act.error, FIELD_NAMES)} />
    </View>
  )
}
