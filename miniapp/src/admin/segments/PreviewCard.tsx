import { useEffect, useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { request } from '../../api/client'
import { ErrorNote, useSubmit } from '../../kit'
import { Done, TextInput } from '../../kit/fields'
import { adminError, isFieldIssue } from '../errors'
import { formatTime, yuanText } from '../common'
import type { SegmentFilter } from '@shared/contract/segments'
import { STAGE_LABEL, toFilter, type Draft, type Preview, type Segment } from './draft'

/** The live count and a sample of the members the draft finds, and saving it as a segment. */
export function PreviewCard({ draft, listsError, onSaved, error, setError }: { draft: Draft; listsError: unknown; onSaved: (s: Segment) => void; error: unknown; setError: (e: unknown) => void }) {
  const [preview, setPreview] = useState<Preview | null>(null)
  const [previewing, setPreviewing] = useState(false)
  const [name, setName] = useState('')
  const [saved, setSaved] = useState('')
  const seq = useRef(0)

  async function runPreview(d: Draft) {
    const filter = toFilter(d)
    if (isFieldIssue(filter)) return setError(filter)
    const mine = ++seq.current
    setPreviewing(true)
    setError(null)
    try {
      const p = await request('adminPreviewSegment', { body: { filter } })
      if (mine === seq.current) setPreview(p)
    } catch (e) {
      if (mine === seq.current) setError(e)
    } finally {
      if (mine === seq.current) setPreviewing(false)
    }
  }

  // The live count follows the criteria (shortly after the last change); a new draft clears 已保存.
  useEffect(() => {
    setSaved('')
    const t = setTimeout(() => void runPreview(draft), 400)
    return () => clearTimeout(t)
  }, [draft])

  const save = useSubmit(async (filter: SegmentFilter) => {
    const s = await request('adminCreateSegment', { body: { name: name.trim(), filter } })
    setSaved(`已保存「${s.name}」`)
    setName('')
    onSaved(s)
  })
  const submit = () => {
    if (save.busy) return
    setSaved('')
    const filter = toFilter(draft)
    if (isFieldIssue(filter)) return setError(filter)
    if (!name.trim()) return setError('请填写分群名称')
    setError(null)
    void save.submit(filter)
  }

  return (
    <View id='segment-preview' className='card'>
      <View className='between'>
        <View>
          <Text className='muted'>符合条件的会员 </Text>
          <Text id='seg-count' className='segment-count' data-count={preview?.count ?? ''}>
            {preview ? preview.count : '…'}
          </Text>
          <Text className='muted'> 人</Text>
        </View>
        <Button id='seg-refresh' size='small' loading={previewing} onClick={() => void runPreview(draft)}>
          刷新
        </Button>
      </View>
      {preview?.engine === 'analytics' ? (
        <View id='seg-as-of' className='muted' data-engine='analytics'>
          会员较多，按分析库统计{preview.asOf ? `，数据截至 ${formatTime(preview.asOf)}` : ''}
        </View>
      ) : null}
      <ErrorNote id='seg-error' error={adminError(error) || adminError(save.error, { name: '分群名称' }) || adminError(listsError)} />
      <View id='seg-sample'>
        {(preview?.sample ?? []).map((m) => (
          <View key={m.memberId} className='list-row seg-sample-row' data-member-id={m.memberId}>
            <View className='between'>
              <Text>
                {m.phoneMasked} {m.name ?? ''}
              </Text>
              <Text className='muted'>
                {STAGE_LABEL[m.lifecycle]} · 最近消费 {m.rfm.r} 分 · 频次 {m.rfm.f} 分 · 客单价 {m.rfm.m} 分
              </Text>
            </View>
            <View className='muted'>
              近 12 个月 {m.orders12m} 笔 ¥{yuanText(m.spend12mFen)}
              {m.lastPurchaseAt ? ` · 最近消费 ${formatTime(m.lastPurchaseAt)}` : ' · 未消费'}
              {m.tags.length ? <Text className='sample-tags'> · {m.tags.join('、')}</Text> : null}
            </View>
          </View>
        ))}
        {preview && preview.count > preview.sample.length ? <View className='muted'>仅显示前 {preview.sample.length} 人</View> : null}
      </View>
      <View className='row'>
        <TextInput id='seg-name' className='input grow' maxlength={40} placeholder='分群名称，如 流失金卡会员' value={name} onChange={setName} />
        <Button id='seg-save' type='primary' loading={save.busy} onClick={submit}>
          保存分群
        </Button>
      </View>
      <Done id='seg-saved'>{saved}</Done>
    </View>
  )
}
