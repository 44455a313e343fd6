/** 导出我的数据: ask for a copy, watch it being written, open the link (valid 24 hours). */
import { useEffect, useState } from 'react'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { request } from '../../api/client'
import { ErrorNote, useResource, useSubmit } from '../../kit'
import { openDownloadLink } from '../../platform'
import { formatTime } from '../../utils/format'
import { DATA_COPY_SECTIONS } from '@shared/domain/data-copy'

/** What the copy holds: the document's own section names, so the page never lists less than it has. */
const SECTIONS = Object.values(DATA_COPY_SECTIONS).join('、')

export function ExportCard() {
  const status = useResource('myDataExport')
  const ask = useSubmit(() => request('requestDataExport'))
  const [notice, setNotice] = useState('')
  const s = status.data
  const state = s?.state ?? null

  // While the copy is being written, look again every few seconds (it takes seconds to a few minutes).
  useEffect(() => {
    if (state !== 'pending') return undefined
    const timer = setInterval(() => void status.reload(), 3000)
    return () => clearInterval(timer)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state])

  const start = () => void ask.submit().then((r) => r && status.setData(r))
  const open = () => {
    if (!s?.url) return
    void openDownloadLink(s.url).then((how) => setNotice(how === 'copied' ? '下载链接已复制，请粘贴到手机浏览器中打开' : '已在新窗口打开'))
  }
  const canAsk = !s || (!s.nextAllowedAt && state !== 'pending')

  return (
    <View id='data-export' className='card data-card' data-state={state ?? ''}>
      <View className='section-title'>导出我的数据</View>
      <View className='muted'>我们会把你的{SECTIONS}整理成一个文件，通常几分钟内完成；下载链接 24 小时内有效，每天可申请一次。</View>
      {state === 'pending' ? (
        <View id='data-export-pending' className='data-line'>
          正在整理你的数据（{s?.requestedAt ? `${formatTime(s.requestedAt)} 申请` : '刚刚申请'}），请稍候…
        </View>
      ) : null}
      {state === 'ready' && s?.url ? (
        <View id='data-export-ready' className='data-line' data-url={s.url}>
          <View>数据已准备好，链接有效至 {s.expiresAt ? formatTime(s.expiresAt) : ''}。</View>
          <Button id='data-export-open' type='primary' block onClick={open}>
            打开下载链接
          </Button>
        </View>
      ) : null}
      {state === 'failed' ? <View className='error'>整理失败，请明天再试，或在「投诉与反馈」中联系我们。</View> : null}
      {state === 'expired' ? <View className='muted'>上次的下载链接已过期。</View> : null}
      {canAsk ? (
        <Button id='data-export-request' type='primary' block loading={ask.busy} disabled={ask.busy || status.loading} onClick={start}>
          申请导出
        </Button>
      ) : s?.nextAllowedAt && state !== 'pending' ? (
        <View className='muted'>今天已申请过，{formatTime(s.nextAllowedAt)} 后可再次申请。</View>
      ) : null}
      {notice ? (
        <View id='data-export-notice' className='muted'>
          {notice}
        </View>
      ) : null}
      <ErrorNote id='data-export-error' error={ask.error || status.error} />
    </View>
  )
}
