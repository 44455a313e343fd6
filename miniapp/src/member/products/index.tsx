import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { MyProduct } from '@shared/contract'
import { Empty, ErrorNote, useResource } from '../../kit'
import { formatTime } from '../../utils/format'
import './index.scss'

function warrantyText(p: MyProduct): string {
  if (!p.warrantyUntil) return '无延长保修'
  return p.warrantyActive ? `延保 ${p.warrantyMonths} 个月，保修至 ${p.warrantyUntil}` : `保修已于 ${p.warrantyUntil} 到期`
}

/** The member's scanned products, newest first, with their warranty end dates. */
export default function Products() {
  const mine = useResource('myProducts')
  const products = mine.data?.products ?? null
  const loading = mine.loading

  const active = products?.filter((p) => p.warrantyActive).length ?? 0

  return (
    <View className='page products-page'>
      <View className='card'>
        <View className='title'>我的产品与保修</View>
        <View id='products-summary' className='muted'>
          {products ? `共 ${products.length} 件产品，${active} 件在延保期内` : loading ? '加载中…' : ''}
        </View>
        <View className='actions'>
          <Button id='products-scan' type='primary' block onClick={() => void Taro.navigateTo({ url: '/pages/scan/index' })}>
            扫码登记新产品
          </Button>
        </View>
      </View>
      <ErrorNote id='products-error' error={mine.error} />
      {products ? (
        <View id='products-list' className='card'>
          {products.length === 0 ? (
            <Empty id='products-empty' className='muted'>
              还没有扫码登记的产品
            </Empty>
          ) : (
            products.map((p) => (
              <View key={p.id} className='product-row' data-product-id={p.id} data-warranty-until={p.warrantyUntil ?? ''}>
                <View className='product-name'>{p.name}</View>
                <View className='muted'>
                  登记于 {formatTime(p.scannedAt)}
                  {p.points ? ` · 获得 ${p.points} 积分` : ''}
                </View>
                <View className={`warranty ${p.warrantyUntil ? (p.warrantyActive ? 'active' : 'ended') : 'ended'}`}>{warrantyText(p)}</View>
              </View>
            ))
          )}
        </View>
      ) : null}
    </View>
  )
}
