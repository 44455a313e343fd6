import { useEffect, useRef, useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { SegmentFilter } from '@shared/contract/segments'
import type { RouteResponse } from '@shared/contract/routes'
import { request } from '../../api/client'
import { saveCsv } from '../batches/download'
import { describeError, formatDate, formatTime, parseIntText, splitList, yuanText } from '../common'
import '../common.scss'
import './index.scss'

type Preview = RouteResponse<'adminPreviewSegment'>
type Segment = RouteResponse<'adminListSegments'>['segments'][number]
type Tier = RouteResponse<'adminGetTiers'>['tiers'][number]
type Stage = NonNullable<SegmentFilter['lifecycle']>[number]

const STAGES: { stage: Stage; label: string }[] = [
  { stage: 'new', label: '新客' },
  { stage: 'active', label: '活跃' },
  { stage: 'silent', label: '沉默' },
  { stage: 'dormant', label: '睡眠' },
  { stage: 'lost', label: '流失' },
]
const STAGE_LABEL = Object.fromEntries(STAGES.map((s) => [s.stage, s.label])) as Record<Stage, string>
const SCORES = { r: [5, 4, 3, 2, 1, 0], f: [3, 2, 1, 0], m: [4, 3, 2, 1, 0] }
const SCORE_LABEL = { r: 'R 最近消费', f: 'F 消费频次', m: 'M 客单价' }
const DATE = /^\d{4}-\d{2}-\d{2}$/

interface Draft {
  tiers: string[]
  tags: string[]
  tagsMode: 'any' | 'all'
  r: number[]
  f: number[]
  m: number[]
  lifecycle: Stage[]
  birthdayMonth: number | null
  stores: string
  registeredFrom: string
  registeredTo: string
  lastPurchaseFrom: string
  lastPurchaseTo: string
  pointsMin: string
  pointsMax: string
}

const EMPTY: Draft = {
  tiers: [],
  tags: [],
  tagsMode: 'any',
  r: [],
  f: [],
  m: [],
  lifecycle: [],
  birthdayMonth: null,
  stores: '',
  registeredFrom: '',
  registeredTo: '',
  lastPurchaseFrom: '',
  lastPurchaseTo: '',
  pointsMin: '',
  pointsMax: '',
}

/** The filter of a draft, or the first thing wrong with it. */
function toFilter(d: Draft): SegmentFilter | string {
  const f: SegmentFilter = {}
  if (d.tiers.length) f.tiers = d.tiers
  if (d.tags.length) f[d.tagsMode === 'any' ? 'tagsAny' : 'tagsAll'] = d.tags
  if (d.r.length) f.rScores = d.r
  if (d.f.length) f.fScores = d.f
  if (d.m.length) f.mScores = d.m
  if (d.lifecycle.length) f.lifecycle = d.lifecycle
  if (d.birthdayMonth) f.birthdayMonth = d.birthdayMonth
  const stores = splitList(d.stores)
  if (stores.length) f.storeIds = stores
  for (const k of ['registeredFrom', 'registeredTo', 'lastPurchaseFrom', 'lastPurchaseTo'] as const) {
    const v = d[k].trim()
    if (!v) continue
    if (!DATE.test(v)) return '日期格式为 YYYY-MM-DD'
    f[k] = v
  }
  for (const k of ['pointsMin', 'pointsMax'] as const) {
    const v = d[k].trim()
    if (!v) continue
    const n = parseIntText(v)
    if (n === null) return '积分须为非负整数'
    f[k] = n
  }
  return f
}

const toggle = <T,>(xs: T[], x: T) => (xs.includes(x) ? xs.filter((y) => y !== x) : [...xs, x])

/** Segment builder: choose criteria, see the live count and a sample, save, export, tag in bulk. */
export default function AdminSegments() {
  const [tiers, setTiers] = useState<Tier[]>([])
  const [tagNames, setTagNames] = useState<string[]>([])
  const [segments, setSegments] = useState<Segment[]>([])
  const [draft, setDraft] = useState<Draft>(EMPTY)
  const [name, setName] = useState('')
  const [preview, setPreview] = useState<Preview | null>(null)
  const [previewing, setPreviewing] = useState(false)
  const [error, setError] = useState('')
  const [saving, setSaving] = useState(false)
  const [saved, setSaved] = useState('')
  const [bulkTag, setBulkTag] = useState<Record<string, string>>({})
  const [notice, setNotice] = useState<Record<string, string>>({})
  const seq = useRef(0)

  async function loadLists() {
    try {
      const [t, tags, s] = await Promise.all([request('adminGetTiers'), request('adminListTags'), request('adminListSegments')])
      setTiers([...t.tiers].sort((a, b) => a.rank - b.rank))
      setTagNames(tags.tags.map((x) => x.tag))
      setSegments(s.segments)
    } catch (e) {
      setError(describeError(e))
    }
  }

  useDidShow(() => {
    void loadLists()
  })

  async function runPreview(d: Draft) {
    const filter = toFilter(d)
    if (typeof filter === 'string') {
      setError(filter)
      return
    }
    const mine = ++seq.current
    setPreviewing(true)
    setError('')
    try {
      const p = await request('adminPreviewSegment', { body: { filter } })
      if (mine === seq.current) setPreview(p)
    } catch (e) {
      if (mine === seq.current) setError(describeError(e))
    } finally {
      if (mine === seq.current) setPreviewing(false)
    }
  }

  // The live count follows the criteria (shortly after the last change).
  useEffect(() => {
    const t = setTimeout(() => void runPreview(draft), 400)
    return () => clearTimeout(t)
  }, [draft])

  const edit = (patch: Partial<Draft>) => {
    setSaved('')
    setDraft((d) => ({ ...d, ...patch }))
  }

  async function save() {
    if (saving) return
    setSaved('')
    const filter = toFilter(draft)
    if (typeof filter === 'string') return setError(filter)
    if (!name.trim()) return setError('请填写分群名称')
    setSaving(true)
    setError('')
    try {
      const s = await request('adminCreateSegment', { body: { name: name.trim(), filter } })
      setSaved(`已保存「${s.name}」`)
      setName('')
      setSegments((xs) => [s, ...xs])
    } catch (e) {
      setError(describeError(e, { name: '名称' }))
    } finally {
      setSaving(false)
    }
  }

  async function exportCsv(s: Segment) {
    setNotice((n) => ({ ...n, [s.id]: '导出中…' }))
    try {
      const r = await request('adminExportSegment', { params: { segmentId: s.id } })
      // A BOM so that spreadsheet programs read the Chinese headers as UTF-8.
      await saveCsv(`${s.name}-${formatDate(new Date().toISOString())}.csv`, ['\ufeff', r.csv])
      setNotice((n) => ({ ...n, [s.id]: `已导出 ${r.count} 人${r.phonesVisible ? '（含完整手机号）' : '（手机号已脱敏）'}` }))
    } catch (e) {
      setNotice((n) => ({ ...n, [s.id]: describeError(e) }))
    }
  }

  async function tagAll(s: Segment) {
    const tag = (bulkTag[s.id] ?? '').trim()
    if (!tag) return setNotice((n) => ({ ...n, [s.id]: '请填写标签' }))
    setNotice((n) => ({ ...n, [s.id]: '打标签中…' }))
    try {
      const r = await request('adminTagSegment', { params: { segmentId: s.id }, body: { tag } })
      setNotice((n) => ({ ...n, [s.id]: `已为 ${r.tagged} 人打上「${r.tag}」（分群共 ${r.matched} 人）` }))
      setBulkTag((b) => ({ ...b, [s.id]: '' }))
    } catch (e) {
      setNotice((n) => ({ ...n, [s.id]: describeError(e) }))
    }
  }

  const choice = (id: string, on: boolean, label: string, onClick: () => void) => (
    <Button key={id} id={id} size='small' type={on ? 'primary' : 'default'} className={on ? 'choice active' : 'choice'} onClick={onClick}>
      {label}
    </Button>
  )

  return (
    <View className='page admin-page admin-segments'>
      <View className='card'>
        <View className='title'>会员分群</View>
        <View className='muted'>各条件同时满足；同一条件内多选为“任一”。不选即不限。</View>
      </View>

      <View id='segment-builder' className='card'>
        <View className='section-title'>等级</View>
        <View id='seg-tiers' className='choices'>
          {tiers.map((t) => choice(`seg-tier-${t.code}`, draft.tiers.includes(t.code), t.name, () => edit({ tiers: toggle(draft.tiers, t.code) })))}
        </View>

        <View className='section-title'>
          标签
          <Button id='seg-tags-mode' size='small' className='mode' onClick={() => edit({ tagsMode: draft.tagsMode === 'any' ? 'all' : 'any' })}>
            {draft.tagsMode === 'any' ? '含任一' : '含全部'}
          </Button>
        </View>
        <View id='seg-tags' className='choices'>
          {tagNames.length === 0 ? <View className='muted'>暂无标签</View> : null}
          {tagNames.map((t, i) => choice(`seg-tag-${i}`, draft.tags.includes(t), t, () => edit({ tags: toggle(draft.tags, t) })))}
        </View>

        <View className='section-title'>生命周期</View>
        <View id='seg-stages' className='choices'>
          {STAGES.map((s) => choice(`seg-stage-${s.stage}`, draft.lifecycle.includes(s.stage), s.label, () => edit({ lifecycle: toggle(draft.lifecycle, s.stage) })))}
        </View>

        {(['r', 'f', 'm'] as const).map((k) => (
          <View key={k}>
            <View className='section-title'>{SCORE_LABEL[k]}</View>
            <View id={`seg-${k}`} className='choices'>
              {SCORES[k].map((n) => choice(`seg-${k}-${n}`, draft[k].includes(n), `${n} 分`, () => edit({ [k]: toggle(draft[k], n) } as Partial<Draft>)))}
            </View>
          </View>
        ))}

        <View className='section-title'>生日月份</View>
        <View id='seg-birthday' className='choices'>
          {Array.from({ length: 12 }, (_, i) => i + 1).map((mo) =>
            choice(`seg-birthday-${mo}`, draft.birthdayMonth === mo, `${mo}月`, () => edit({ birthdayMonth: draft.birthdayMonth === mo ? null : mo })),
          )}
        </View>

        <View className='field'>
          <Text className='label'>门店（最近消费或注册门店，多个用逗号分隔）</Text>
          <Input id='seg-stores' className='input' placeholder='如 S001, S002' value={draft.stores} onInput={(e) => edit({ stores: e.detail.value })} />
        </View>
        <View className='field'>
          <Text className='label'>注册日期</Text>
          <View className='range'>
            <Input id='seg-reg-from' className='input' maxlength={10} placeholder='YYYY-MM-DD' value={draft.registeredFrom} onInput={(e) => edit({ registeredFrom: e.detail.value })} />
            <Text className='range-sep'>至</Text>
            <Input id='seg-reg-to' className='input' maxlength={10} placeholder='YYYY-MM-DD' value={draft.registeredTo} onInput={(e) => edit({ registeredTo: e.detail.value })} />
          </View>
        </View>
        <View className='field'>
          <Text className='label'>最近消费日期</Text>
          <View className='range'>
            <Input id='seg-last-from' className='input' maxlength={10} placeholder='YYYY-MM-DD' value={draft.lastPurchaseFrom} onInput={(e) => edit({ lastPurchaseFrom: e.detail.value })} />
            <Text className='range-sep'>至</Text>
            <Input id='seg-last-to' className='input' maxlength={10} placeholder='YYYY-MM-DD' value={draft.lastPurchaseTo} onInput={(e) => edit({ lastPurchaseTo: e.detail.value })} />
          </View>
        </View>
        <View className='field'>
          <Text className='label'>积分余额</Text>
          <View className='range'>
            <Input id='seg-points-min' className='input' type='number' placeholder='最少' value={draft.pointsMin} onInput={(e) => edit({ pointsMin: e.detail.value })} />
            <Text className='range-sep'>至</Text>
            <Input id='seg-points-max' className='input' type='number' placeholder='最多' value={draft.pointsMax} onInput={(e) => edit({ pointsMax: e.detail.value })} />
          </View>
        </View>
        <Button id='seg-reset' size='small' onClick={() => edit(EMPTY)}>
          清空条件
        </Button>
      </View>

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
        {error ? (
          <View id='seg-error' className='error'>
            {error}
          </View>
        ) : null}
        <View id='seg-sample'>
          {(preview?.sample ?? []).map((m) => (
            <View key={m.memberId} className='list-row seg-sample-row' data-member-id={m.memberId}>
              <View className='between'>
                <Text>
                  {m.phoneMasked} {m.name ?? ''}
                </Text>
                <Text className='muted'>
                  {STAGE_LABEL[m.lifecycle]} · R{m.rfm.r} F{m.rfm.f} M{m.rfm.m}
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
          <Input id='seg-name' className='input grow' maxlength={40} placeholder='分群名称，如 流失金卡会员' value={name} onInput={(e) => setName(e.detail.value)} />
          <Button id='seg-save' type='primary' loading={saving} onClick={() => void save()}>
            保存分群
          </Button>
        </View>
        {saved ? (
          <View id='seg-saved' className='success'>
            {saved}
          </View>
        ) : null}
      </View>

      <View id='segment-list' className='card'>
        <View className='section-title'>已保存的分群</View>
        {segments.length === 0 ? (
          <View id='segment-empty' className='muted'>
            暂无分群
          </View>
        ) : (
          segments.map((s) => (
            <View key={s.id} className='list-row segment-row' data-segment-id={s.id} data-segment-name={s.name}>
              <View className='between'>
                <Text className='segment-name'>{s.name}</Text>
                <Text className='muted'>{formatDate(s.createdAt)}</Text>
              </View>
              <View className='row'>
                <Input
                  id={`seg-bulk-tag-${s.id}`}
                  className='input grow'
                  maxlength={20}
                  placeholder='批量打标签'
                  value={bulkTag[s.id] ?? ''}
                  onInput={(e) => setBulkTag((b) => ({ ...b, [s.id]: e.detail.value }))}
                />
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
            </View>
          ))
        )}
      </View>
    </View>
  )
}
