import { useState } from 'react'
import type { ReportExportRequest } from '@shared/contract/figures'
import { request } from '../../api/client'
import { useSubmit } from '../../kit'
import { downloadFromUrl } from '../../platform'

/**
 * CSV export of a report (POST /admin/insight/exports): the file is written to S3 and downloaded from its
 * presigned link (H5: the browser saves it; weapp: forwarded to a chat). Used by 经营看板 and 活动结果.
 */
export function useReportExport() {
  const [notice, setNotice] = useState('')
  const [last, setLast] = useState<{ url: string; fileName: string } | null>(null)
  const exporting = useSubmit(async (req: ReportExportRequest, label: string) => {
    setNotice(`正在导出「${label}」…`)
    const r = await request('adminExportReport', { body: req })
    setLast({ url: r.downloadUrl, fileName: r.fileName })
    await downloadFromUrl(r.downloadUrl, r.fileName)
    setNotice(`已导出「${label}」，共 ${r.rows} 行`)
    return r
  })
  return { exporting, notice, last, again: () => (last ? downloadFromUrl(last.url, last.fileName) : Promise.resolve()) }
}
