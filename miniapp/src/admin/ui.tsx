/**
 * Pieces the admin pages share: a page still loading, a page title with 刷新, a titled list card, the
 * confirmation of an edit, and the live preview of a WeChat subscription message.
 */
import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import type { ChangeLine } from '@shared/domain/changes'
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

/**
 * The confirmation of an edit before it is saved: each changed setting before → after, its warning in red
 * (earning dropping to 0, an extreme change), the page's own note (when it takes effect), then 返回修改 and
 * 确认保存 (ids `<id>-cancel`, `<id>-ok`; warnings are `.confirm-warning`, the lines `.confirm-line`).
 */
export function ConfirmCard(p: { id: string; title: string; lines: ChangeLine[]; note?: ReactNode; busy: boolean; okText?: string; onConfirm: () => void; onCancel: () => void }) {
  const warnings = p.lines.filter((l) => l.warning).length
  return (
    <View id={p.id} className='card confirm-card' data-warnings={String(warnings)}>
      <View className='section-title'>{p.title}</View>
      {p.lines.length === 0 ? <View className='muted'>与当前设置相同，没有改动</View> : null}
      {p.lines.map((l) => (
        <View key={l.label} className='confirm-line' data-label={l.label}>
          <View className='confirm-label'>{l.label}</View>
          <View className='confirm-values'>
            <Text className='confirm-before'>{l.before}</Text>
            <Text className='confirm-arrow'> → </Text>
            <Text className='confirm-after'>{l.after}</Text>
          </View>
          {l.warning ? <View className='error confirm-warning'>⚠ {l.warning}</View> : null}
        </View>
      ))}
      {p.note ? <View className='confirm-note'>{p.note}</View> : null}
      <View className='confirm-actions'>
        <Button id={`${p.id}-cancel`} className='confirm-button' onClick={p.onCancel}>
          返回修改
        </Button>
        <Button id={`${p.id}-ok`} className='confirm-button' type={warnings ? 'danger' : 'primary'} loading={p.busy} disabled={p.busy} onClick={p.onConfirm}>
          {p.okText ?? (warnings ? '仍然保存' : '确认保存')}
        </Button>
      </View>
    </View>
  )
}

/**
 * A subscription message as the member will see it in WeChat's service notices: its title, each field's
 * text (placeholders already filled with samples) and the link into the mini-program.
 * @example <MessagePreview id='care-preview-birthday' title='生日祝福' rows={['王女士，生日快乐']} />
 */
export function MessagePreview({ id, title, rows }: { id: string; title: string; rows: string[] }) {
  return (
    <View id={id} className='msg-preview'>
      <View className='msg-preview-title'>{title}</View>
      {rows.map((r, i) => (
        <View key={i} className='msg-preview-row'>
          {r}
        </View>
      ))}
      <View className='msg-preview-foot'>进入小程序查看 ›</View>
    </View>
  )
}
