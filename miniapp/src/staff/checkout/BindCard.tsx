import { useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { luhnValid, normalizeCardNo } from '@shared/domain/cards'
import { request } from '../../api/client'
import { formMessage } from '../../api/form-messages'
import { ErrorNote, useSubmit } from '../../kit'

const describe = (e: unknown) => formMessage(e, { labels: { cardNo: '卡号', pin: '密码' }, audience: 'staff' })

/**
 * 绑定会员卡 at the till: for the member whose code is in the code field (read, not spent: the purchase
 * can still use it), the card's number and the PIN from its back.
 */
export function BindCard({ memberCode }: { memberCode: string }) {
  const [open, setOpen] = useState(false)
  const [cardNo, setCardNo] = useState('')
  const [pin, setPin] = useState('')
  const [done, setDone] = useState('')
  const bind = useSubmit(async () => {
    setDone('')
    const code = memberCode.replace(/\s/g, '')
    if (!/^\d{18}$/.test(code)) throw '请先扫描会员的会员码'
    const n = normalizeCardNo(cardNo)
    if (!/^\d{8,24}$/.test(n) || !luhnValid(n)) throw '卡号校验不通过，请核对卡号'
    if (!/^\d{6}$/.test(pin)) throw '请输入卡背面的 6 位密码'
    const r = await request('staffBindCard', { body: { memberCode: code, cardNo: n, pin } })
    setCardNo('')
    setPin('')
    setDone(`已绑定会员卡 ${r.card.cardNoMasked}${r.carried.points > 0 ? `，开卡积分 ${r.carried.points} 已到账` : ''}${r.carried.tierName ? `，等级升为${r.carried.tierName}` : ''}`)
  })

  if (!open) {
    return (
      <Button id='staff-bind-card-open' className='till-button' block fill='outline' onClick={() => setOpen(true)}>
        绑定会员卡
      </Button>
    )
  }
  return (
    <View id='staff-bind-card' className='preview'>
      <View className='field'>
        <Text className='label'>会员卡号</Text>
        <Input id='staff-card-no' className='input' type='number' maxlength={24} placeholder='卡正面的卡号' value={cardNo} onInput={(e) => setCardNo(e.detail.value)} />
      </View>
      <View className='field'>
        <Text className='label'>卡密码</Text>
        <Input id='staff-card-pin' className='input' type='number' maxlength={6} placeholder='卡背面的 6 位密码' value={pin} onInput={(e) => setPin(e.detail.value)} />
      </View>
      <Button id='staff-bind-card-submit' className='till-button' type='primary' block loading={bind.busy} disabled={bind.busy} onClick={() => void bind.submit()}>
        为该会员绑定
      </Button>
      {done ? (
        <View id='staff-bind-card-done' className='success'>
          {done}
        </View>
      ) : null}
      <ErrorNote id='staff-bind-card-error' error={bind.error} format={describe} />
    </View>
  )
}
