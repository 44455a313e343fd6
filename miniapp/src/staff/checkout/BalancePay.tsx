import { Input, Text, View } from '@tarojs/components'
import type { CheckoutPreviewResponse, CheckoutResponse } from '@shared/contract'
import { formatYuan } from '@shared/domain/money'

/** What the clerk chose for paying from the member's stored balance (储值). */
export interface BalanceChoice {
  on: boolean
  /** Yuan typed by the clerk; empty: as much of the amount as the balance covers. */
  text: string
}

export const NO_BALANCE: BalanceChoice = { on: false, text: '' }

/** The member's balance and the 余额支付 option, in the preview (only when she has a balance). */
export function BalancePay(p: { stored: CheckoutPreviewResponse['storedValue']; choice: BalanceChoice; onChange: (c: BalanceChoice) => void }) {
  const s = p.stored
  if (!s || s.totalFen <= 0) return null
  return (
    <View id='staff-balance' className='staff-balance'>
      <View
        id='staff-balance-toggle'
        className={p.choice.on ? 'staff-coupon ticked' : 'staff-coupon'}
        data-ticked={p.choice.on ? 'true' : 'false'}
        onClick={() => p.onChange({ ...p.choice, on: !p.choice.on })}
      >
        <View className='coupon-main'>
          <Text className='tick'>{p.choice.on ? '☑' : '☐'}</Text>
          <Text>余额支付</Text>
        </View>
        <View id='staff-balance-amount' className='muted'>
          储值余额 {formatYuan(s.totalFen)}（本金 {formatYuan(s.principalFen)}，赠送 {formatYuan(s.bonusFen)}），按比例扣减
        </View>
      </View>
      {p.choice.on ? (
        <View className='field'>
          <Text className='label'>余额支付金额（元，留空按实付与余额较小者）</Text>
          <Input id='staff-balance-input' className='input' type='digit' placeholder='0.00' value={p.choice.text} onInput={(e) => p.onChange({ ...p.choice, text: e.detail.value })} />
        </View>
      ) : null}
    </View>
  )
}

/** The balance part of a confirmed sale. */
export function BalancePaid({ paid }: { paid: CheckoutResponse['storedValue'] }) {
  if (!paid) return null
  return (
    <View id='staff-result-balance' className='staff-result-coupon'>
      余额支付 {formatYuan(paid.paidFen)}（本金 {formatYuan(paid.principalFen)}，赠送 {formatYuan(paid.bonusFen)}），余额剩余 {formatYuan(paid.remainingFen)}
    </View>
  )
}
