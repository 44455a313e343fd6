import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { request } from '../../api/client'
import { Empty } from '../../kit'
import { TextInput } from '../../kit/fields'
import { downloadFromUrl } from '../../platform'
import { adminError } from '../errors'
import { formatDate } from '../common'
import type { Segment } from './draft'

/** The saved segments: tag every member of one, or export it as CSV. Each row says how its last action went. */
export function SavedList({ segments }: { segments: Segment[] }) {
  const [bulkTag, setBulkTag] = useState<Record<string, string>>({})
  const [notice, setNotice] = useState<Record<string, string>>({})
  const note = (id: string, text: string) => setNotice((n) => ({ ...n, [id]: text }))

  async function run(s: Segment, busyText: string, action: () => Promise<string>) {
    note(s.id, busyText)
    note(s.id, await action().catch((e: unknown) => adminError(e)))
  }
  const [links, setLinks] = useState<Record<string, string>>({})
  // The export runs in the background (written to a file in S3); the row polls it and then offers the link.
  const exportCsv = (s: Segment) =>
    run(s, '导出中…', async () => {
      let job = await request('adminStartSegmentExport', { params: { segmentId: s.id } })
      for (let i = 0; job.state === 'running' && i < 600; i++) {
        await new Promise((r) => setTimeout(r, 1000))
        job = await request('adminGetSegmentExport', { params: { segmentId: s.id, exportId: job.exportId } })
      }
      if (job.state !== 'done' || !job.downloadUrl) return '导出未完成，请稍后重试'
      setLinks((l) => ({ ...l, [s.id]: job.downloadUrl! }))
      await downloadFromUrl(job.downloadUrl, `${s.name}-${formatDate(new Date().toISOString())}.csv`)
      return `已导出 ${job.count ?? 0} 人${job.phonesVisible ? '（含完整手机号）' : '（手机号已脱敏）'}`
    })
  const tagAll = (s: Segment) => {
    const tag = (bulkTag[s.id] ?? '').trim()
    if (!tag) return note(s.id, '请填写标签')
    return run(s, '打标签中…', async () => {
      const r = await request('adminTagSegment', { params: { segmentId: s.id }, body: { tag } })
      setBulkTag((b) => ({ ...b, [s.id]: '' }))
      return `已为 ${r.tagged} 人打上「${r.tag}」（分群共 ${r.matched} 人）`
    })
  }

  return (
    <View id='segment-list' className='card'>
      <View className='section-title'>已保存的分群</View>
      {segments.length === 0 ? <Empty id='segment-empty' className='muted'>暂无分群</Empty> : null}
      {segments.map((s) => (
        <View key={s.id} className='list-row segment-row' data-segment-id={s.id} data-segment-name={s.name}>
          <View className='between'>
            <Text className='segment-name'>{s.name}</Text>
            <Text className='muted'>{formatDate(s.createdAt)}</Text>
          </View>
          <View className='row'>
            <TextInput id={`seg-bulk-tag-${s.id}`} className='input grow' maxlength={20} placeholder='批量打标签' value={bulkTag[s.id] ?? ''} onChange={(v) => setBulkTag((b) => ({ ...b, [s.id]: v }))} />
            <Button id={`seg-tag-all-${s.id}`} size='small' onClick={() => void tagAll(s)}>
              打标签
            </Button>
            <Button id={`seg-export-${s.id}`} size='small' onClick={() => void exportCsv(s)}>
              导出
            </Button>
          </View>
          {notice[s.id] ? (
            <View id={`seg-notice-${s.id}`} className='muted'>
              {notice[s.id]}
            </View>
          ) : null}
          {links[s.id] ? (
            <Button id={`seg-download-${s.id}`} size='small' onClick={() => void downloadFromUrl(links[s.id]!, `${s.name}.csv`)}>
              再次下载
            </Button>
          ) : null}
        </View>
      ))}
    </View>
  )
}
