import { useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { RouteBody, RouteResponse } from '@shared/contract/routes'
import { groupProductCode } from '@shared/domain/product-codes'
import { request } from '../../api/client'
import QrCode from '../../components/qr/QrCode'
import { isWeapp } from '../../platform'
import { scanErrorText } from '../../pages/scan/labels'
import { describeError, formatDate, parseIntText } from '../common'
import { printPage, saveCsv } from './download'
import '../common.scss'
import './index.scss'

type Batch = RouteResponse<'adminListProductBatches'>['batches'][number]
type BatchBody = RouteBody<'adminCreateProductBatch'>
type Sample = RouteResponse<'adminProductCodeSample'>
type Template = RouteResponse<'adminListCouponTemplates'>['templates'][number]

const STATE_LABEL: Record<Batch['state'], string> = { active: '进行中', paused: '已暂停', voided: '已作废' }

const FIELD_NAMES: Record<string, string> = {
  sku: 'SKU',
  name: '产品名称',
  count: '数量',
  points: '积分',
  couponTemplateId: '赠券',
  warrantyMonths: '延保月数',
  validFrom: '开始时间',
  validUntil: '结束时间',
  dailyLimitPerMember: '每人每日上限',
}

interface Form {
  sku: string
  name: string
  count: string
  points: string
  warranty: string
  days: string
  limit: string
  couponTemplateId: string
}

const EMPTY: Form = { sku: '', name: '', count: '1000', points: '', warranty: '12', days: '365', limit: '', couponTemplateId: '' }

function toBody(f: Form): { body: BatchBody } | { error: string } {
  const sku = f.sku.trim()
  const name = f.name.trim()
  if (!sku) return { error: '请填写 SKU' }
  if (!name) return { error: '请填写产品名称' }
  const count = parseIntText(f.count)
  if (count === null || count < 1 || count > 1_000_000) return { error: '数量须为 1-1,000,000 的整数' }
  let points: number | null = null
  if (f.points.trim()) {
    points = parseIntText(f.points)
    if (points === null) return { error: '积分须为整数，留空按积分规则' }
  }
  let warrantyMonths: number | null = null
  if (f.warranty.trim()) {
    warrantyMonths = parseIntText(f.warranty)
    if (warrantyMonths === null || warrantyMonths < 1 || warrantyMonths > 120) return { error: '延保月数须为 1-120，留空为不延保' }
  }
  const days = parseIntText(f.days)
  if (days === null || days < 1 || days > 3650) return { error: '有效天数须为 1-3650 的整数' }
  let limit: number | null = null
  if (f.limit.trim()) {
    limit = parseIntText(f.limit)
    if (limit === null || limit < 1 || limit > 100) return { error: '每人每日上限须为 1-100，留空按积分规则' }
  }
  const from = new Date()
  return {
    body: {
      sku,
      name,
      count,
      points,
      warrantyMonths,
      couponTemplateId: f.couponTemplateId || null,
      dailyLimitPerMember: limit,
      validFrom: from.toISOString(),
      validUntil: new Date(from.getTime() + days * 86_400_000).toISOString(),
    },
  }
}

function rewardText(b: Batch, templates: Template[]): string {
  const d = b.definition
  const parts = [d.points === null ? '积分按规则' : `${d.points} 积分`]
  if (d.warrantyMonths) parts.push(`延保 ${d.warrantyMonths} 个月`)
  if (d.couponTemplateId) parts.push(`赠券：${templates.find((t) => t.id === d.couponTemplateId)?.definition.name ?? d.couponTemplateId}`)
  if (d.dailyLimitPerMember) parts.push(`每人每日 ${d.dailyLimitPerMember} 次`)
  return parts.join(' · ')
}

/** Export pages are fetched one after another; a 100,000-code batch is ten requests. */
const EXPORT_PAGE = 10_000

export default function AdminBatches() {
  const [batches, setBatches] = useState<Batch[]>([])
  const [templates, setTemplates] = useState<Template[]>([])
  const [loaded, setLoaded] = useState(false)
  const [listError, setListError] = useState('')
  const [busy, setBusy] = useState<string | null>(null)
  const [confirmVoid, setConfirmVoid] = useState<string | null>(null)
  const [exportNote, setExportNote] = useState('')

  const [form, setForm] = useState<Form>(EMPTY)
  const [pending, setPending] = useState(false)
  const [error, setError] = useState('')
  const [created, setCreated] = useState<Batch | null>(null)
  const [sample, setSample] = useState<Sample | null>(null)

  async function load() {
    try {
      const res = await request('adminListProductBatches')
      setBatches(res.batches)
      setLoaded(true)
      setListError('')
    } catch (e) {
      setListError(describeError(e))
    }
  }

  useDidShow(() => {
    void load()
    request('adminListCouponTemplates')
      .then((r) => setTemplates(r.templates))
      .catch(() => undefined)
  })

  function edit(patch: Partial<Form>) {
    setForm((f) => ({ ...f, ...patch }))
    setCreated(null)
  }

  async function submit() {
    if (pending) return
    setError('')
    const built = toBody(form)
    if ('error' in built) return setError(built.error)
    setPending(true)
    try {
      const b = await request('adminCreateProductBatch', { body: built.body })
      setCreated(b)
      setForm(EMPTY)
      await load()
    } catch (e) {
      setError(describeError(e, FIELD_NAMES))
    } finally {
      setPending(false)
    }
  }

  async function setState(b: Batch, state: Batch['state']) {
    if (busy) return
    setBusy(b.id)
    setListError('')
    try {
      const updated = await request('adminSetProductBatchState', { params: { batchId: b.id }, body: { state } })
      setBatches((list) => list.map((x) => (x.id === updated.id ? updated : x)))
      setConfirmVoid(null)
    } catch (e) {
      setListError(scanErrorText(e))
    } finally {
      setBusy(null)
    }
  }

  async function exportCsv(b: Batch) {
    if (busy) return
    setBusy(b.id)
    setExportNote('')
    setListError('')
    try {
      const parts: string[] = []
      let offset: number | null = 0
      while (offset !== null) {
        const page: RouteResponse<'adminExportProductCodes'> = await request('adminExportProductCodes', { params: { batchId: b.id }, query: { offset, limit: EXPORT_PAGE } })
        parts.push(page.csv)
        offset = page.next
        setExportNote(`正在导出 ${offset ?? b.definition.count} / ${b.definition.count}`)
      }
      const where = await saveCsv(`batch-${b.id}-${b.definition.sku}.csv`, parts)
      setExportNote(`已导出 ${b.definition.count} 个码：${where}`)
    } catch (e) {
      setListError(describeError(e))
      setExportNote('')
    } finally {
      setBusy(null)
    }
  }

  async function showSample(b: Batch) {
    if (busy) return
    setBusy(b.id)
    try {
      setSample(await request('adminProductCodeSample', { params: { batchId: b.id }, query: { count: 12 } }))
    } catch (e) {
      setListError(describeError(e))
    } finally {
      setBusy(null)
    }
  }

  return (
    <View className='page admin-page admin-batches'>
      <View id='batch-list' className='card'>
        <View className='between'>
          <View className='section-title'>防伪码批次</View>
          <Button id='batch-reload' size='small' onClick={() => void load()}>
            刷新
          </Button>
        </View>
        {batches.map((b) => (
          <View key={b.id} id={`batch-${b.id}`} className='list-row batch-row' data-batch-id={b.id} data-state={b.state}>
            <View className='between'>
              <View className='grow'>
                <View className='batch-name'>
                  {b.definition.name} <Text className='muted'>#{b.id} · {b.definition.sku}</Text>
                </View>
                <View id={`batch-counts-${b.id}`} className='batch-counts' data-scanned={b.scanned} data-unscanned={b.unscanned}>
                  共 {b.definition.count} 个 · 已扫 {b.scanned} · 未扫 {b.unscanned}
                </View>
                <View className='muted'>{rewardText(b, templates)}</View>
                <View className='muted'>
                  有效期 {formatDate(b.definition.validFrom)} 至 {formatDate(b.definition.validUntil)}
                </View>
              </View>
              <View className={`batch-state ${b.state}`}>{STATE_LABEL[b.state]}</View>
            </View>
            <View className='choices batch-actions'>
              <Button id={`batch-export-${b.id}`} size='small' type='primary' disabled={busy !== null} onClick={() => void exportCsv(b)}>
                导出 CSV
              </Button>
              <Button id={`batch-sample-${b.id}`} size='small' disabled={busy !== null} onClick={() => void showSample(b)}>
                样张二维码
              </Button>
              {b.state !== 'voided' ? (
                <Button id={`batch-toggle-${b.id}`} size='small' disabled={busy !== null} onClick={() => void setState(b, b.state === 'active' ? 'paused' : 'active')}>
                  {b.state === 'active' ? '暂停' : '恢复'}
                </Button>
              ) : null}
              {b.state !== 'voided' && confirmVoid !== b.id ? (
                <Button id={`batch-void-${b.id}`} size='small' disabled={busy !== null} onClick={() => setConfirmVoid(b.id)}>
                  作废
                </Button>
              ) : null}
              {confirmVoid === b.id ? (
                <Button id={`batch-void-confirm-${b.id}`} size='small' type='danger' disabled={busy !== null} onClick={() => void setState(b, 'voided')}>
                  确认作废（不可恢复）
                </Button>
              ) : null}
            </View>
          </View>
        ))}
        {loaded && batches.length === 0 ? (
          <View id='batch-empty' className='muted'>
            暂无批次
          </View>
        ) : null}
        {exportNote ? (
          <View id='batch-export-note' className='success'>
            {exportNote}
          </View>
        ) : null}
        {listError ? (
          <View id='batch-list-error' className='error'>
            {listError}
          </View>
        ) : null}
      </View>

      {sample ? (
        <View id='batch-sample-sheet' className='card sample-sheet' data-batch-id={sample.batch.id}>
          <View className='between no-print'>
            <View className='section-title'>
              样张：{sample.batch.name}（#{sample.batch.id}）
            </View>
            <View className='choices'>
              {!isWeapp ? (
                <Button id='batch-sample-print' size='small' onClick={() => printPage()}>
                  打印
                </Button>
              ) : null}
              <Button id='batch-sample-close' size='small' onClick={() => setSample(null)}>
                关闭
              </Button>
            </View>
          </View>
          <View className='sample-grid'>
            {sample.codes.map((c) => (
              <View key={c.serial} className='sample-code' data-code={c.code} data-url={c.url}>
                <QrCode id={`sample-qr-${c.serial}`} text={c.url} moduleSize={isWeapp ? 3 : 4} quietZone={2} />
                <Text className='sample-text'>{groupProductCode(c.code)}</Text>
              </View>
            ))}
          </View>
          <View className='muted no-print'>二维码内容为网址；微信扫码打开小程序“扫码积分”页面。</View>
        </View>
      ) : null}

      <View id='batch-form' className='card'>
        <View className='section-title'>新建批次</View>
        <View className='row field'>
          <View className='half'>
            <Text className='label'>SKU</Text>
            <Input id='batch-sku' className='input' maxlength={64} placeholder='商品编码' value={form.sku} onInput={(e) => edit({ sku: e.detail.value })} />
          </View>
          <View className='half'>
            <Text className='label'>数量</Text>
            <Input id='batch-count' className='input' type='number' maxlength={7} value={form.count} onInput={(e) => edit({ count: e.detail.value })} />
          </View>
        </View>
        <View className='field'>
          <Text className='label'>产品名称（会员可见）</Text>
          <Input id='batch-name' className='input' maxlength={40} placeholder='如 修护面霜 50ml' value={form.name} onInput={(e) => edit({ name: e.detail.value })} />
        </View>
        <View className='row field'>
          <View className='half'>
            <Text className='label'>每码积分（留空按规则）</Text>
            <Input id='batch-points' className='input' type='number' placeholder='按积分规则' value={form.points} onInput={(e) => edit({ points: e.detail.value })} />
          </View>
          <View className='half'>
            <Text className='label'>延保月数（留空不延保）</Text>
            <Input id='batch-warranty' className='input' type='number' maxlength={3} value={form.warranty} onInput={(e) => edit({ warranty: e.detail.value })} />
          </View>
        </View>
        <View className='row field'>
          <View className='half'>
            <Text className='label'>有效天数（自今天起）</Text>
            <Input id='batch-days' className='input' type='number' maxlength={4} value={form.days} onInput={(e) => edit({ days: e.detail.value })} />
          </View>
          <View className='half'>
            <Text className='label'>每人每日上限（选填）</Text>
            <Input id='batch-limit' className='input' type='number' maxlength={3} placeholder='按积分规则' value={form.limit} onInput={(e) => edit({ limit: e.detail.value })} />
          </View>
        </View>
        <View className='label'>扫码赠券（选填）</View>
        <View className='choices'>
          <Button id='batch-coupon-none' size='small' type={form.couponTemplateId ? 'default' : 'primary'} onClick={() => edit({ couponTemplateId: '' })}>
            不赠券
          </Button>
          {templates
            .filter((t) => t.state === 'active')
            .map((t) => (
              <Button key={t.id} id={`batch-coupon-${t.id}`} size='small' type={form.couponTemplateId === t.id ? 'primary' : 'default'} onClick={() => edit({ couponTemplateId: t.id })}>
                {t.definition.name}
              </Button>
            ))}
        </View>
        <Button id='batch-submit' type='primary' block loading={pending} disabled={pending} onClick={() => void submit()}>
          生成批次
        </Button>
        {error ? (
          <View id='batch-error' className='error'>
            {error}
          </View>
        ) : null}
        {created ? (
          <View id='batch-created' className='success' data-batch-id={created.id}>
            已生成批次 #{created.id}：{created.definition.name} × {created.definition.count}
          </View>
        ) : null}
      </View>
    </View>
  )
}
