import { useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button, Progress } from '@nutui/nutui-react-taro'
import { request } from '../../api/client'
import type { RouteResponse } from '@shared/contract/routes'
import { chooseFile, downloadFromUrl, uploadToUrl } from '../../platform'
import { Empty, RoleGate, useResource } from '../../kit'
import { adminError } from '../errors'
import { formatTime } from '../common'
import { ENCODING_LABELS, STATE_LABELS, formatOf, type Mapping } from './labels'
import { MappingCard } from './Mapping'
import '../common.scss'
import './index.scss'

type Preview = RouteResponse<'adminPreviewImport'>
type Status = RouteResponse<'adminGetImport'>

/** The five counters and the bar of one import. */
function ProgressCard({ s }: { s: Status }) {
  const total = s.counts.total
  const percent = s.state === 'done' ? 100 : total ? Math.floor((s.counts.processed / Math.max(1, total)) * 100) : 0
  const counters: [string, string, number | string][] = [
    ['processed', '已处理', s.counts.processed],
    ['total', '总行数', total ?? '统计中'],
    ['created', '新建会员', s.counts.created],
    ['merged', '合并到已有会员', s.counts.merged],
    ['failed', '失败', s.counts.failed],
  ]
  return (
    <View id='import-progress' className='card' data-state={s.state}>
      <View className='between'>
        <Text className='section-title'>{s.fileName}</Text>
        <Text id='import-state'>{STATE_LABELS[s.state] ?? s.state}</Text>
      </View>
      <Progress percent={percent} />
      <View className='counters'>
        {counters.map(([k, label, v]) => (
          <View key={k} className='counter'>
            <View id={`import-count-${k}`} className='counter-value'>
              {v}
            </View>
            <View className='muted'>{label}</View>
          </View>
        ))}
      </View>
      {s.state === 'done' ? <View id='import-done' className='success'>导入完成{s.counts.unchanged ? `，其中 ${s.counts.unchanged} 行与已有会员一致，未作改动` : ''}</View> : null}
      {s.message ? <View className='error'>{s.message}</View> : null}
      {s.errorFileUrl ? (
        <Button id='import-error-file' size='small' onClick={() => void downloadFromUrl(s.errorFileUrl!, `导入失败行-${s.fileName}.csv`)}>
          下载失败行（{s.counts.failed} 行）
        </Button>
      ) : null}
    </View>
  )
}

function AdminImport() {
  const past = useResource('adminListImports')
  const [busy, setBusy] = useState('')
  const [error, setError] = useState('')
  const [preview, setPreview] = useState<Preview | null>(null)
  const [mapping, setMapping] = useState<Mapping>({})
  const [status, setStatus] = useState<Status | null>(null)

  async function pick() {
    setError('')
    const f = await chooseFile(['csv', 'xlsx'])
    if (!f) return
    const format = formatOf(f.name)
    if (!format) return setError('请选择逗号分隔文本文件（.csv）或电子表格文件（.xlsx）')
    try {
      setBusy('上传中…')
      setStatus(null)
      setPreview(null)
      const up = await request('adminCreateImport', { body: { fileName: f.name, format } })
      if (!(await uploadToUrl(up.uploadUrl, up.contentType, await f.read()))) throw new Error('上传失败，请重试')
      setBusy('读取中…')
      const p = await request('adminPreviewImport', { params: { importId: up.importId } })
      setPreview(p)
      setMapping(p.mapping as Mapping)
    } catch (e) {
      setError(e instanceof Error && /[\u4e00-\u9fff]/.test(e.message) ? e.message : adminError(e))
    } finally {
      setBusy('')
    }
  }

  async function start() {
    if (!preview) return
    if (mapping.phone === undefined) return setError('请为手机号选择对应的列')
    setError('')
    try {
      setBusy('开始导入…')
      const s = await request('adminStartImport', { params: { importId: preview.importId }, body: { mapping: mapping as Mapping & { phone: number } } })
      setStatus(s)
      setPreview(null)
    } catch (e) {
      setError(adminError(e))
    } finally {
      setBusy('')
    }
  }

  // Live progress: the job's counters, every second until it ends.
  useEffect(() => {
    if (!status || (status.state !== 'running' && status.state !== 'ready')) return
    const t = setTimeout(() => {
      request('adminGetImport', { params: { importId: status.importId } })
        .then((s) => {
          setStatus(s)
          if (s.state === 'done' || s.state === 'failed') void past.reload()
        })
        .catch((e: unknown) => setError(adminError(e)))
    }, 1000)
    return () => clearTimeout(t)
  }, [status])

  const imports = past.data?.imports ?? []
  return (
    <View className='page admin-page admin-import'>
      <View className='card'>
        <View className='title'>会员导入</View>
        <View className='muted'>上传老系统导出的会员表：逗号分隔文本文件（统一码或国标码）或电子表格文件。第一行为表头。手机号已是会员的，只补充空白资料，期初积分每位会员只计一次；同一文件重复导入不会重复写入。</View>
        <Button id='import-pick' type='primary' block disabled={!!busy} onClick={() => void pick()}>
          选择文件
        </Button>
        {busy ? <View className='muted'>{busy}</View> : null}
        {error ? (
          <View id='import-error' className='error'>
            {error}
          </View>
        ) : null}
      </View>
      {preview ? (
        <>
          <View className='card'>
            <View id='import-file'>{preview.fileName}</View>
            <View className='muted'>文件格式：{ENCODING_LABELS[preview.encoding] ?? preview.encoding}</View>
          </View>
          <MappingCard header={preview.header} rows={preview.rows} mapping={mapping} onChange={setMapping} />
          <View className='card'>
            <Button id='import-start' type='primary' block disabled={!!busy} onClick={() => void start()}>
              开始导入
            </Button>
          </View>
        </>
      ) : null}
      {status ? <ProgressCard s={status} /> : null}
      <View id='import-list' className='card'>
        <View className='section-title'>导入记录</View>
        {imports.length === 0 ? <Empty className='muted'>暂无导入记录</Empty> : null}
        {imports.map((i) => (
          <View key={i.importId} className='list-row' data-import-id={i.importId}>
            <View className='between'>
              <Text>{i.fileName}</Text>
              <Text className='muted'>{STATE_LABELS[i.state] ?? i.state}</Text>
            </View>
            <View className='muted'>
              {formatTime(i.createdAt)} · 新建 {i.counts.created} · 合并 {i.counts.merged} · 失败 {i.counts.failed}
            </View>
            {i.errorFileUrl ? (
              <Button size='small' onClick={() => void downloadFromUrl(i.errorFileUrl!, `导入失败行-${i.fileName}.csv`)}>
                下载失败行
              </Button>
            ) : null}
          </View>
        ))}
      </View>
    </View>
  )
}

/** For admins only: signed out, it asks to sign in and comes back; another role is told and shown the way back. */
export default function AdminImportPage() {
  return (
    <RoleGate role='admin' title='会员导入'>
      <AdminImport />
    </RoleGate>
  )
}
