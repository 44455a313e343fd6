import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { Store } from '@shared/contract'
import { Empty } from '../../kit'

/** The stores, each opening its own view (门店看板, staff/insight?storeId=…). */
export function StorePicker({ stores }: { stores: Store[] }) {
  return (
    <View id='store-picker' className='card'>
      <View className='section-title'>门店看板</View>
      {stores.length === 0 ? <Empty className='muted'>还没有门店</Empty> : null}
      <View className='store-picks'>
        {stores.map((s) => (
          <Button
            key={s.storeId}
            id={`store-pick-${s.storeId}`}
            className='store-pick'
            size='small'
            fill='outline'
            type='primary'
            onClick={() => void Taro.navigateTo({ url: `/staff/insight/index?storeId=${encodeURIComponent(s.storeId)}` })}
          >
            {s.name}
            {s.open ? '' : '（已关闭）'}
          </Button>
        ))}
      </View>
    </View>
  )
}
