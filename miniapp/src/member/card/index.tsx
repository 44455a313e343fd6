import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import type { BindCardResponse } from '@shared/contract'
import { luhnValid, normalizeCardNo } from '@shared/domain/cards'
import { request } from '../../api/client'
import { ErrorNote, FieldError, LoadGate, useResource, useSubmit } from '../../kit'
import { InputField, SubmitButton } from '../../kit/fields'
import { formatDate } from '../../utils/format'
import './index.scss'

/** 会员卡: bind a pre-printed card (number + PIN from the back of the card), or see the bound card, masked. */
export default function MemberCard() {
  const mine = useResource('myCard')
  const [cardNo, setCardNo] = useState('')
  const [pin, setPin] = useState('')
  const [bound, setBound] = useState<BindCardResponse | null>(null)
  const bind = useSubmit(async () => {
    // The check digit catches a typo before anything is sent (the server checks the brand's prefix too).
    const typed = normalizeCardNo(cardNo)
    if (!/^\d{8,24}$/.test(typed) || !luhnValid(typed)) throw '卡号有误，请核对后重新输入'
    if (!/^\d{6}$/.test(pin)) throw '请输入卡背面的 6 位密码'
    const r = await request('bindMyCard', { body: { cardNo: typed, pin } })
    setBound(r)
    setPin('')
    await mine.reload()
    return r
  })

  if (!mine.data) return <LoadGate error={mine.error} errorId='card-load-error' className='page card' />
  const { card, frozen } = mine.data

  return (
    <View className='page member-card-page'>
      {frozen ? (
        <View id='card-frozen' className='card error'>
          会员账户已冻结，暂不能使用，请联系客服
        </View>
      ) : null}
      {card ? (
        <View id='card-bound' className='card-face'>
          <Text>会员卡</Text>
          <Text id='card-number' className='card-number'>
            {card.cardNoMasked}
          </Text>
          <Text className='muted'>{card.boundAt ? `${formatDate(card.boundAt)} 绑定` : '已绑定'}</Text>
        </View>
      ) : null}
      {bound && !bound.replayed ? (
        <View id='card-carried' className='card success'>
          绑定成功
          {bound.carried.points > 0 ? `，开卡积分 ${bound.carried.points} 已到账` : ''}
          {bound.carried.tierName ? `，已升级为${bound.carried.tierName}` : ''}
          。当前积分 {bound.balance}
        </View>
      ) : null}
      {!card ? (
        <View id='card-bind' className='card'>
          <View className='section-title'>绑定实体会员卡</View>
          <InputField label='卡号' id='card-no' type='number' maxlength={24} placeholder='卡正面的卡号' value={cardNo} onChange={setCardNo} />
          <FieldError id='card-no-error' error={bind.error} path='cardNo' />
          <InputField label='密码' id='card-pin' type='number' maxlength={6} placeholder='卡背面刮开的 6 位密码' value={pin} onChange={setPin} />
          <FieldError id='card-pin-error' error={bind.error} path='pin' />
          <SubmitButton id='card-submit' busy={bind.busy} onClick={() => void bind.submit()}>
            绑定
          </SubmitButton>
          <ErrorNote id='card-error' error={bind.error} />
          <View className='muted hint'>卡内的开卡积分和等级在绑定后到账，每张卡只能绑定一位会员。密码连续输错 5 次，该卡锁定 30 分钟。</View>
        </View>
      ) : (
        <View className='card muted hint'>卡片遗失请联系客服挂失，挂失后可补办新卡，积分不受影响。</View>
      )}
    </View>
  )
}
