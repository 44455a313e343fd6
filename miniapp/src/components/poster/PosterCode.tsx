import { useState } from 'react'
import { Image, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { RouteResponse } from '@shared/contract/routes'
import { ErrorNote, useSubmit } from '../../kit'
import { saveImage } from '../../platform'
import './poster.scss'

type Poster = RouteResponse<'myGrowthPoster'>

/**
 * 印刷用小程序码: the mini-program code for a printed poster, made when asked (WeChat's code, kept by the backend
 * once made), shown here and saved to the phone's album (weapp) or opened to save (H5).
 */
export function PosterCode(p: { id: string; make: () => Promise<Poster>; hint: string }) {
  const make = useSubmit(p.make)
  const [code, setCode] = useState<Poster | null>(null)
  const [note, setNote] = useState('')

  const show = () => void make.submit().then((r) => r && setCode(r))
  const save = async () => {
    if (!code) return
    try {
      const how = await saveImage(code.url)
      setNote(how === 'saved' ? '已保存到相册，可交给门店打印' : '已在新页面打开，长按或右键即可保存')
    } catch {
      setNote('保存失败，请稍后再试')
    }
  }

  return (
    <View id={p.id} className='poster-code' data-scene={code?.scene ?? ''}>
      {code ? (
        <>
          <View className='poster-code-title'>印刷用小程序码</View>
          <View className='poster-code-image'>
            <Image id={`${p.id}-image`} src={code.url} mode='aspectFit' className='poster-code-img' />
          </View>
          <View className='muted center'>{p.hint}</View>
          <Button id={`${p.id}-save`} block onClick={() => void save()}>
            保存小程序码
          </Button>
        </>
      ) : (
        <Button id={`${p.id}-make`} block loading={make.busy} disabled={make.busy} onClick={show}>
          生成印刷用小程序码
        </Button>
      )}
      {note ? (
        <View id={`${p.id}-note`} className='muted'>
          {note}
        </View>
      ) : null}
      <ErrorNote id={`${p.id}-error`} error={make.error} />
    </View>
  )
}
