/** Pieces the admin pages share: a page still loading, a page title with 刷新, and a titled list card. */
import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { Empty, ErrorNote, LoadGate } from '../kit'
import { adminError } from './errors'

/** The page's title with a small 刷新 button that spins while the list loads. */
export function TitleBar({ title, reloadId, loading, onReload }: { title: string; reloadId: string; loading: boolean; onReload: () => unknown }) {
  return (
    <View className='between'>
      <View className='title'>{title}</View>
      <Button id={reloadId} size='small' loading={loading} onClick={() => void onReload()}>
        刷新
      </Button>
    </View>
  )
}

/** A card listing records under a section title: `empty` when there are none, the load error below. */
export function ListCard(p: { id?: string; title: string; count: number; empty: ReactNode; emptyId?: string; error?: unknown; children: ReactNode }) {
  return (
    <View id={p.id} className='card'>
      <View className='section-title'>{p.title}</View>
      {p.count === 0 ? (
        <Empty id={p.emptyId} className='muted'>
          {p.empty}
        </Empty>
      ) : null}
      {p.children}
      <ErrorNote error={adminError(p.error)} />
    </View>
  )
}

/** A whole page waiting for its data: 加载中…, or the load error (id `errorId`). */
export function PageLoading({ page, error, errorId }: { page: string; error: unknown; errorId: string }) {
  return (
    <View className={`page admin-page admin-${page}`}>
      <LoadGate error={adminError(error)} errorId={errorId} />
    </View>
  )
}
