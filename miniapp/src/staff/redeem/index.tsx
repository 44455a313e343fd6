import { useState } from 'react'
import { Input, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { RouteResponse } from '@shared/contract/routes'
import { request } from '../../api/client'
import { ErrorNote, RoleGate, useSubmit } from '../../kit'
import { StoreHeader } from '../../components/store'
import { isWeapp, scanCode } from '../../platform'
import { PrivacySheet } from '../../components/privacy'
import { getSession } from '../../session'
import './index.scss'

const newRedemptionId = () => `RD${Date.now()}`

/** A clerk scans (or types) a gift coupon's code and hands over the gift: no purchase needed. */
function Redeem() {
  const session = getSession()
  const [code, setCode] = useState('')
  const [redemptionId, setRedemptionId] = useState(newRedemptionId)
  const [result, setResult] = useState<RouteResponse<'redeemCoupon'> | null>(null)

  async function scan() {
    const c = await scanCode()
    if (c) setCode(c.replace(/\D/g, ''))
  }

  const redeeming = useSubmit(async (storeId: string, digits: string) => {
    setResult(null)
    setResult(await request('redeemCoupon', { body: { storeId, code: digits, redemptionId } }))
    setRedemptionId(newRedemptionId())
    setCode('')
  })

  function submit() {
    const digits = code.replace(/\s/g, '')
    if (!session?.storeId) return redeeming.setError('当前账号未绑定门店')
    if (!/^\d{16}$/.test(digits)) return redeeming.setError('请输入 16 位券码')
    void redeeming.submit(session.storeId, digits)
  }

  return (
    <View className='page staff-redeem'>
      <StoreHeader title='核销礼品券' />
      <View className='card'>
        <View className='field'>
          <View className='label'>券码</View>
          <View className='row'>
            <Input id='redeem-code' className='input grow' type='number' placeholder='16 位券码' value={code} onInput={(e) => setCode(e.detail.value)} />
            {isWeapp ? (
              <Button id='redeem-scan' className='side-button' onClick={() => void scan()}>
                扫码
              </Button>
            ) : null}
          </View>
        </View>
        <Button id='redeem-submit' className='desk-button' type='primary' block loading={redeeming.busy} disabled={redeeming.busy} onClick={submit}>
          确认核销
        </Button>
        <ErrorNote id='redeem-error' error={redeeming.error} />
      </View>
      {result ? (
        <View id='redeem-result' className='card result'>
          <View className='title'>核销成功{result.replayed ? '（重复提交）' : ''}</View>
          <View>
            {result.name} · {result.summary}
          </View>
          <View>会员：{result.phoneMasked}</View>
        </View>
      ) : null}
      <PrivacySheet />
    </View>
  )
}

export default function StaffRedeem() {
  return (
    <RoleGate role='staff' title='核销礼品券' needsStore>
      <Redeem />
    </RoleGate>
  )
}
