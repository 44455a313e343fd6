import { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { ErrorNote, useResource } from '../../kit'
import QrCode from '../../components/qr/QrCode'
import { isWeapp } from '../../platform'
import { stateLabel, validityText, type WalletCoupon } from '../../components/coupons/labels'
import { StampProgress } from '../../components/coupons/stamps'
import './index.scss'

/** Groups of 4 digits, for reading aloud or typing at the till. */
function group(code: string): string {
  return /^\d+$/.test(code) ? code.replace(/(\d{4})(?=\d)/g, '$1 ') : code
}

export default function CouponDetail() {
  const router = useRouter()
  const id = router.params.id ? decodeURIComponent(router.params.id) : ''
  // The wallet holds the coupon: found by its id there.
  const wallet = useResource('myCoupons', { skip: !id })
  const coupon = wallet.data?.coupons.find((c) => c.id === id) ?? null
  const missing = !id || (wallet.data !== null && !coupon)
  const loading = wallet.loading
  const error = wallet.error

  return (
    <View className='page coupon-page'>
      {coupon ? (
        <View id='coupon-card' className='card coupon-card' data-coupon-id={coupon.id} data-state={coupon.state}>
          <Text id='coupon-name' className='coupon-name'>
            {coupon.name}
          </Text>
          <Text id='coupon-summary' className='coupon-summary'>
            {coupon.summary}
          </Text>
          <Text id='coupon-validity' className='muted'>
            {validityText(coupon)}
          </Text>
          <Text id='coupon-state' className={`coupon-state ${coupon.state}`}>
            {stateLabel(coupon)}
          </Text>
          <StampProgress coupon={coupon} id='coupon-stamps' />
          {coupon.stamps ? (
            <View className='muted hint'>消费时出示会员码即可自动集点</View>
          ) : coupon.state === 'available' ? (
            <>
              <View className='muted hint'>结账时向店员出示此码</View>
              <View className='qr-box'>
                <QrCode id='coupon-qr' text={coupon.code} moduleSize={isWeapp ? 5 : 6} quietZone={4} />
              </View>
            </>
          ) : (
            <View id='coupon-unavailable' className='unavailable'>
              该优惠券{stateLabel(coupon)}
            </View>
          )}
          <Text id='coupon-code' className='digits' data-code={coupon.code} userSelect>
            {group(coupon.code)}
          </Text>
        </View>
      ) : (
        <View className='card'>
          {missing ? (
            <View id='coupon-missing' className='muted placeholder'>
              未找到该优惠券
            </View>
          ) : (
            <View className='muted placeholder'>{loading ? '加载中…' : ''}</View>
          )}
        </View>
      )}
      <ErrorNote id='coupon-error' error={error} />
      {error ? (
        <Button id='coupon-retry' block loading={loading} disabled={loading} onClick={() => void wallet.reload()}>
          重试
        </Button>
      ) : null}
    </View>
  )
}
