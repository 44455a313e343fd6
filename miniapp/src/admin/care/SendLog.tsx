import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { RouteResponse } from '@shared/contract/routes'
import { request } from '../../api/client'
import { useResource, useSubmit } from '../../kit'
import { TextInput } from '../../kit/fields'
import { SEND_OUTCOME, formatTime } from '../common'
import { JOBS, KINDS, type Job } from './settings'

/** Today in Shanghai, YYYY-MM-DD. */
const localToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)

/** The send log of a day, and running a job for it now; `errors` are shown by the page. */
export function useSendLog() {
  const [day, setDay] = useState(localToday)
  const [asked, setAsked] = useState(day)
  const log = useResource('adminCareLog', { query: { day: asked, limit: 100 } })
  const [running, setRunning] = useState<Job | null>(null)
  const [result, setResult] = useState<RouteResponse<'adminRunCareJob'> | null>(null)
  const query = () => (day === asked ? void log.reload() : setAsked(day))
  const run = useSubmit(async (job: Job) => {
    setRunning(job)
    try {
      setResult(await request('adminRunCareJob', { params: { job }, body: { day } }))
      query()
    } finally {
      setRunning(null)
    }
  })
  return { day, setDay, log, running, result, run, query }
}

/** 发送记录: the log of a day, with a button per job to run it for that day. */
export function SendLog({ sends }: { sends: ReturnType<typeof useSendLog> }) {
  const { log, result: r } = sends
  return (
    <View className='card'>
      <View className='section-title'>发送记录</View>
      <View className='row'>
        <TextInput id='care-day' className='input grow' value={sends.day} onChange={sends.setDay} />
        <Button id='care-log-reload' size='small' onClick={sends.query}>
          查询
        </Button>
      </View>
      <View className='choices' style={{ marginTop: '16px' }}>
        {JOBS.map(({ value: job, label }) => (
          <Button key={job} id={`care-run-${job}`} size='small' loading={sends.running === job} onClick={() => void (sends.running || sends.run.submit(job))}>
            运行{label.replace(' + 生日礼', '')}
          </Button>
        ))}
      </View>
      {r ? (
        <View id='care-run-result' className='muted'>
          {r.day} 目标 {r.targeted} 人，发送 {r.sent}，未订阅 {r.noConsent}，已关闭 {r.optedOut}，免打扰 {r.quietHours}，超上限 {r.capped}，重复 {r.duplicate}，错误 {r.wechatError}（读取 {r.itemsRead} 条）
        </View>
      ) : null}
      {log.data ? (
        <View id='care-log'>
          <View id='care-log-counts' className='muted'>
            {Object.keys(log.data.counts).length === 0 ? '当天没有发送记录' : Object.entries(log.data.counts).map(([k, n]) => `${SEND_OUTCOME[k] ?? k} ${n}`).join('，')}
          </View>
          {log.data.entries.map((e) => (
            <View key={`${e.memberId}-${e.occasion}`} className='care-log-entry' data-outcome={e.outcome}>
              <Text>{KINDS.find((k) => k.value === e.kind)?.label ?? e.kind}</Text>
              <Text className='muted'> {e.memberId} </Text>
              <Text className={e.outcome === 'sent' ? 'success' : 'muted'}>
                {SEND_OUTCOME[e.outcome] ?? e.outcome}
                {e.errcode ? `（${e.errcode}）` : ''}
              </Text>
              <Text className='muted'> {formatTime(e.at)}</Text>
            </View>
          ))}
        </View>
      ) : null}
    </View>
  )
}
