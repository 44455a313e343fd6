/** The staff pages' header: the page's title and the clerk's store by its name (never its id alone). */
import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import { useResource } from '../../kit'
import './store.scss'

export function StoreHeader(p: { title: string; id?: string; action?: ReactNode }) {
  const store = useResource('staffStore', { reloadOnShow: false })
  return (
    <View className='card store-header'>
      <View className='between'>
        <View className='title'>{p.title}</View>
        {p.action ?? null}
      </View>
      <View id={p.id ?? 'staff-store-name'} className='muted'>
        {store.data ? `门店：${store.data.name}` : ' '}
      </View>
    </View>
  )
}
