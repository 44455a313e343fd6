import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { groupProductCode } from '@shared/domain/product-codes'
import QrCode from '../../components/qr/QrCode'
import { isWeapp } from '../../platform'
import { printPage } from '../download'
import type { Sample } from './form'

/** A printable sheet of sample codes as QR codes, to check a print run. */
export function SampleSheet({ sample, onClose }: { sample: Sample; onClose: () => void }) {
  return (
    <View id='batch-sample-sheet' className='card sample-sheet' data-batch-id={sample.batch.id}>
      <View className='between no-print'>
        <View className='section-title'>
          样张：{sample.batch.name}（#{sample.batch.id}）
        </View>
        <View className='choices'>
          {!isWeapp ? (
            <Button id='batch-sample-print' size='small' onClick={() => printPage()}>
              打印
            </Button>
          ) : null}
          <Button id='batch-sample-close' size='small' onClick={onClose}>
            关闭
          </Button>
        </View>
      </View>
      <View className='sample-grid'>
        {sample.codes.map((c) => (
          <View key={c.serial} className='sample-code' data-code={c.code} data-url={c.url}>
            <QrCode id={`sample-qr-${c.serial}`} text={c.url} moduleSize={isWeapp ? 3 : 4} quietZone={2} />
            <Text className='sample-text'>{groupProductCode(c.code)}</Text>
          </View>
        ))}
      </View>
      <View className='muted no-print'>二维码内容为网址；微信扫码打开小程序“扫码积分”页面。</View>
    </View>
  )
}
