import { useEffect, useState } from 'react'
import { View } from '@tarojs/components'
import type { RouteResponse } from '@shared/contract/routes'
import { request } from '../../api/client'
import { ErrorNote, useSubmit } from '../../kit'
import { Done, InputField, SubmitButton } from '../../kit/fields'
import { adminError } from '../errors'
import { parseNumberText, splitList, yuanText } from '../common'

type Rfm = RouteResponse<'adminGetRfmSettings'>
type Texts = { recency: string; frequency: string; monetary: string; lifecycle: string }

const textsOf = (s: Rfm): Texts => ({
  recency: s.recencyMonths.join(', '),
  frequency: s.frequencyOrders.join(', '),
  monetary: s.monetaryFen.map((f) => yuanText(f)).join(', '),
  lifecycle: [s.lifecycle.newDays, s.lifecycle.activeDays, s.lifecycle.silentDays, s.lifecycle.dormantDays].join(', '),
})

const INPUTS: { key: keyof Texts; id: string; label: string }[] = [
  { key: 'recency', id: 'rfm-recency', label: '最近消费：5/4/3/2 分对应的月数' },
  { key: 'frequency', id: 'rfm-frequency', label: '消费频次：2/3 分对应的订单数' },
  { key: 'monetary', id: 'rfm-monetary', label: '客单价：2/3/4 分的分档（元）' },
  { key: 'lifecycle', id: 'rfm-lifecycle', label: '生命周期天数：新客、活跃、沉默、睡眠' },
]

/** RFM 与生命周期口径: the definitions in force, in words, and as numbers to edit. */
export function RfmSettings({ rfm, onSaved }: { rfm: Rfm; onSaved: (s: Rfm) => void }) {
  const [texts, setTexts] = useState<Texts>(() => textsOf(rfm))
  const [done, setDone] = useState(false)
  useEffect(() => setTexts(textsOf(rfm)), [rfm])
  const save = useSubmit(async () => {
    const nums = (text: string) => splitList(text).map((x) => parseNumberText(x))
    const [r, f, m, l] = [nums(texts.recency), nums(texts.frequency), nums(texts.monetary), nums(texts.lifecycle)]
    if (r.length !== 4 || f.length !== 2 || m.length !== 3 || l.length !== 4 || [...r, ...f, ...m, ...l].some((x) => x === null)) {
      throw '请按格式填写：最近消费 4 个月数，消费频次 2 个笔数，客单价 3 个金额，生命周期 4 个天数'
    }
    const s = await request('adminPutRfmSettings', {
      body: {
        recencyMonths: r.map(Number) as [number, number, number, number],
        frequencyOrders: f.map(Number) as [number, number],
        monetaryFen: m.map((x) => Math.round(x! * 100)) as [number, number, number],
        lifecycle: { newDays: l[0]!, activeDays: l[1]!, silentDays: l[2]!, dormantDays: l[3]! },
      },
    })
    onSaved(s)
    setDone(true)
  })

  return (
    <View id='rfm-settings' className='card'>
      <View className='section-title'>价值评分与生命周期口径</View>
      <View className='muted'>
        最近消费：{rfm.recencyMonths.map((m, i) => `${m} 个月内 ${5 - i} 分`).join('，')}，更早 1 分，从未消费 0 分
      </View>
      <View className='muted'>消费频次（近 12 个月订单数）：1 笔 1 分，{rfm.frequencyOrders.map((n, i) => `${n} 笔及以上 ${i + 2} 分`).join('，')}</View>
      <View className='muted'>
        客单价（近 12 个月）：¥{yuanText(rfm.monetaryFen[0])} 及以下 1 分，{rfm.monetaryFen.map((f, i) => `高于 ¥${yuanText(f)} ${i + 2} 分`).join('，')}
      </View>
      <View className='muted'>
        生命周期：首次消费 {rfm.lifecycle.newDays} 天内或未消费为新客；距上次消费 {rfm.lifecycle.activeDays} 天内活跃，{rfm.lifecycle.silentDays} 天内沉默，
        {rfm.lifecycle.dormantDays} 天内睡眠，更久为流失
      </View>
      {INPUTS.map((x) => (
        <InputField key={x.key} label={x.label} id={x.id} value={texts[x.key]} onChange={(v) => setTexts((t) => ({ ...t, [x.key]: v }))} />
      ))}
      <SubmitButton
        id='rfm-save'
        busy={save.busy}
        onClick={() => {
          setDone(false)
          void save.submit()
        }}
      >
        保存口径
      </SubmitButton>
      <ErrorNote id='rfm-error' error={adminError(save.error)} />
      {done ? <Done id='rfm-result'>已保存，分群与收银台将按新口径计算</Done> : null}
    </View>
  )
}
