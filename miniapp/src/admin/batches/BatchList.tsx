import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { RouteResponse } from '@shared/contract/routes'
import { request } from '../../api/client'
import { Empty, ErrorNote, useSubmit } from '../../kit'
import { Done } from '../../kit/fields'
import { saveCsv } from '../download'
import { adminError } from '../errors'
import { formatDate } from '../common'
import { EXPORT_PAGE, STATE_LABEL, rewardText, type Batch, type Sample, type Template } from './form'

/** The batches with their counts: export the codes, print a sample sheet, pause, resume or void. One action at a time. */
export function BatchList(p: {
  batches: Batch[] | null
  templates: Template[]
  error: unknown
  reload: () => void
  onChanged: (b: Batch) => void
  onSample: (s: Sample) => void
}) {
  const [confirmVoid, setConfirmVoid] = useState<string | null>(null)
  const [exportNote, setExportNote] = useState('')
  const act = useSubmit(async (run: () => Promise<void>) => run())
  const busy = act.busy

  const setState = (b: Batch, state: Batch['state']) =>
    act.submit(async () => {
      p.onChanged(await request('adminSetProductBatchState', { params: { batchId: b.id }, body: { state } }))
      setConfirmVoid(null)
    })
  const exportCsv = (b: Batch) =>
    act.submit(async () => {
      setExportNote('')
      try {
        const parts: string[] = []
        let offset: number | null = 0
        while (offset !== null) {
          const page: RouteResponse<'adminExportProductCodes'> = await request('adminExportProductCodes', { params: { batchId: b.id }, query: { offset, limit: EXPORT_PAGE } })
          parts.push(page.csv)
          offset = page.next
          setExportNote(`正在导出 ${offset ?? b.definition.count} / ${b.definition.count}`)
        }
        setExportNote(`已导出 ${b.definition.count} 个码：${await saveCsv(`batch-${b.id}-${b.definition.sku}.csv`, parts)}`)
      } catch (e) {
        setExportNote('')
        throw e
      }
    })
  const showSample = (b: Batch) => act.submit(async () => p.onSample(await request('adminProductCodeSample', { params: { batchId: b.id }, query: { count: 12 } })))

  const list = p.batches ?? []
  return (
    <View id='batch-list' className='card'>
      <View className='between'>
        <View className='section-title'>防伪码批次</View>
        <Button id='batch-reload' size='small' onClick={p.reload}>
          刷新
        </Button>
      </View>
      {list.map((b) => (
        <View key={b.id} id={`batch-${b.id}`} className='list-row batch-row' data-batch-id={b.id} data-state={b.state}>
          <View className='between'>
            <View className='grow'>
              <View className='row-name batch-name'>
                {b.definition.name} <Text className='muted'>#{b.id} · {b.definition.sku}</Text>
              </View>
              <View id={`batch-counts-${b.id}`} className='row-summary batch-counts' data-scanned={b.scanned} data-unscanned={b.unscanned}>
                共 {b.definition.count} 个 · 已扫 {b.scanned} · 未扫 {b.unscanned}
              </View>
              <View className='muted'>{rewardText(b, p.templates)}</View>
              <View className='muted'>
                有效期 {formatDate(b.definition.validFrom)} 至 {formatDate(b.definition.validUntil)}
              </View>
            </View>
            <View className={`row-side batch-state ${b.state}`}>{STATE_LABEL[b.state]}</View>
          </View>
          <View className='choices batch-actions'>
            <Button id={`batch-export-${b.id}`} size='small' type='primary' disabled={busy} onClick={() => void exportCsv(b)}>
              导出 CSV
            </Button>
            <Button id={`batch-sample-${b.id}`} size='small' disabled={busy} onClick={() => void showSample(b)}>
              样张二维码
            </Button>
            {b.state !== 'voided' ? (
              <Button id={`batch-toggle-${b.id}`} size='small' disabled={busy} onClick={() => void setState(b, b.state === 'active' ? 'paused' : 'active')}>
                {b.state === 'active' ? '暂停' : '恢复'}
              </Button>
            ) : null}
            {b.state !== 'voided' && confirmVoid !== b.id ? (
              <Button id={`batch-void-${b.id}`} size='small' disabled={busy} onClick={() => setConfirmVoid(b.id)}>
                作废
              </Button>
            ) : null}
            {confirmVoid === b.id ? (
              <Button id={`batch-void-confirm-${b.id}`} size='small' type='danger' disabled={busy} onClick={() => void setState(b, 'voided')}>
                确认作废（不可恢复）
              </Button>
            ) : null}
          </View>
        </View>
      ))}
      {p.batches && list.length === 0 ? <Empty id='batch-empty' className='muted'>暂无批次</Empty> : null}
      <Done id='batch-export-note'>{exportNote}</Done>
      <ErrorNote id='batch-list-error' error={adminError(act.error) || adminError(p.error)} />
    </View>
  )
}
