import { useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { RouteBody, RouteResponse } from '@shared/contract/routes'
import { couponSummary } from '@shared/domain/coupons'
import { parseYuan } from '@shared/domain/money'
import { request } from '../../api/client'
import { describeError, formatDate, parseIntText, splitList } from '../common'
import '../common.scss'
import './index.scss'

type Template = RouteResponse<'adminListCouponTemplates'>['templates'][number]
type TemplateBody = RouteBody<'adminCreateCouponTemplate'>
type Kind = 'amountOff' | 'threshold' | 'percentOff' | 'gift' | 'stampCard'

const KINDS: { key: Kind; label: string }[] = [
  { key: 'amountOff', label: '代金券' },
  { key: 'threshold', label: '满减券' },
  { key: 'percentOff', label: '折扣券' },
  { key: 'gift', label: '赠品券' },
  { key: 'stampCard', label: '集点卡' },
]

const FIELD_NAMES: Record<string, string> = {
  name: '名称',
  description: '说明',
  kind: '类型',
  amountOffFen: '减免金额',
  thresholdFen: '门槛金额',
  percentOff: '折扣',
  maxDiscountFen: '最高优惠',
  giftSku: '赠品 SKU',
  validity: '有效期',
  days: '有效天数',
  stock: '发放总量',
  perMemberLimit: '每人限领',
  stores: '门店',
  scope: '适用范围',
  stampCard: '集点卡',
  purchasesNeeded: '集点次数',
  minOrderFen: '每次最低消费',
  rewardTemplateId: '集满奖励',
  pointsCost: '兑换积分',
}

interface Form {
  name: string
  description: string
  kind: Kind
  amount: string
  threshold: string
  percent: string
  max: string
  giftSku: string
  days: string
  stock: string
  limit: string
  stackable: boolean
  claimable: boolean
  registrationGift: boolean
  pointsCost: string
  stampsNeeded: string
  stampMin: string
  rewardTemplateId: string
  scopeKind: 'all' | 'categories' | 'skus'
  scopeList: string
  stores: string
  validityKind: 'afterIssue' | 'fixed'
  from: string
  until: string
}

const EMPTY: Form = {
  name: '',
  description: '',
  kind: 'amountOff',
  amount: '',
  threshold: '',
  percent: '',
  max: '',
  giftSku: '',
  days: '30',
  stock: '',
  limit: '1',
  stackable: false,
  claimable: true,
  registrationGift: false,
  pointsCost: '',
  stampsNeeded: '5',
  stampMin: '',
  rewardTemplateId: '',
  scopeKind: 'all',
  scopeList: '',
  stores: '',
  validityKind: 'afterIssue',
  from: '',
  until: '',
}

const SCOPES: { key: Form['scopeKind']; label: string }[] = [
  { key: 'all', label: '全部商品' },
  { key: 'categories', label: '指定品类' },
  { key: 'skus', label: '指定商品' },
]
const DATE = /^\d{4}-\d{2}-\d{2}$/
/** A local (Asia/Shanghai) day's first or last instant, as UTC ISO. */
const dayStart = (d: string) => new Date(`${d}T00:00:00.000+08:00`).toISOString()
const dayEnd = (d: string) => new Date(`${d}T23:59:59.999+08:00`).toISOString()
const localDay = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10)

const yuanText = (fen: number | undefined | null) => (fen === undefined || fen === null ? '' : String(fen / 100))

/** The form filled from a template, to edit it. */
function formOf(t: Template): Form {
  const d = t.definition
  return {
    name: d.name,
    description: d.description,
    kind: d.kind,
    amount: yuanText(d.amountOffFen),
    threshold: yuanText(d.thresholdFen),
    percent: d.percentOff ? String(d.percentOff) : '',
    max: yuanText(d.maxDiscountFen),
    giftSku: d.giftSku ?? '',
    days: d.validity.kind === 'afterIssue' ? String(d.validity.days) : '',
    stock: d.stock === null ? '' : String(d.stock),
    limit: d.perMemberLimit === null ? '' : String(d.perMemberLimit),
    stackable: d.stackable,
    claimable: d.claimable,
    registrationGift: !!d.registrationGift,
    pointsCost: d.pointsCost ? String(d.pointsCost) : '',
    stampsNeeded: d.stampCard ? String(d.stampCard.purchasesNeeded) : '5',
    stampMin: yuanText(d.stampCard?.minOrderFen),
    rewardTemplateId: d.stampCard?.rewardTemplateId ?? '',
    scopeKind: d.scope.kind,
    scopeList: d.scope.kind === 'categories' ? d.scope.categories.join(', ') : d.scope.kind === 'skus' ? d.scope.skus.join(', ') : '',
    stores: d.stores ? d.stores.join(', ') : '',
    validityKind: d.validity.kind,
    from: d.validity.kind === 'fixed' ? localDay(d.validity.from) : '',
    until: d.validity.kind === 'fixed' ? localDay(d.validity.until) : '',
  }
}

/** The request body from the form, or the first problem in Chinese. */
function toBody(f: Form, base?: TemplateBody): { body: TemplateBody } | { error: string } {
  const name = f.name.trim()
  if (!name) return { error: '请填写名称' }
  if (name.length > 30) return { error: '名称最多 30 个字' }
  const list = splitList(f.scopeList)
  if (f.scopeKind !== 'all' && list.length === 0) return { error: f.scopeKind === 'categories' ? '请填写适用品类' : '请填写适用商品 SKU' }
  const stores = splitList(f.stores)
  if (stores.some((x) => !/^[A-Za-z0-9_-]{1,32}$/.test(x))) return { error: '门店编号只能含字母、数字、_ 或 -' }
  const body: TemplateBody = {
    name,
    description: f.description.trim(),
    kind: f.kind,
    scope: f.scopeKind === 'categories' ? { kind: 'categories', categories: list } : f.scopeKind === 'skus' ? { kind: 'skus', skus: list } : { kind: 'all' },
    stores: stores.length ? stores : null,
    stackable: f.stackable,
    validity: { kind: 'afterIssue', days: 30 },
    stock: null,
    perMemberLimit: null,
    claimable: f.claimable,
  }
  if (f.kind === 'amountOff' || f.kind === 'threshold') {
    const amount = parseYuan(f.amount)
    if (amount === null || amount <= 0) return { error: '请填写减免金额（元）' }
    body.amountOffFen = amount
  }
  if (f.kind === 'threshold') {
    const threshold = parseYuan(f.threshold)
    if (threshold === null || threshold <= 0) return { error: '请填写门槛金额（元）' }
    if (body.amountOffFen !== undefined && body.amountOffFen >= threshold) return { error: '减免金额须小于门槛金额' }
    body.thresholdFen = threshold
  }
  if (f.kind === 'percentOff') {
    const percent = parseIntText(f.percent)
    if (percent === null || percent < 1 || percent > 90) return { error: '折扣须为 1-90 的整数（减免百分比）' }
    body.percentOff = percent
    if (f.max.trim()) {
      const max = parseYuan(f.max)
      if (max === null || max <= 0) return { error: '最高优惠金额格式有误' }
      body.maxDiscountFen = max
    } else body.maxDiscountFen = null
  }
  if (f.kind === 'gift') {
    const sku = f.giftSku.trim()
    if (!sku) return { error: '请填写赠品 SKU' }
    body.giftSku = sku
  }
  if (f.kind === 'stampCard') {
    const needed = parseIntText(f.stampsNeeded)
    if (needed === null || needed < 2 || needed > 50) return { error: '集点次数须为 2-50 的整数' }
    const min = f.stampMin.trim() ? parseYuan(f.stampMin) : 0
    if (min === null || min < 0) return { error: '每次最低消费金额格式有误' }
    if (!f.rewardTemplateId) return { error: '请选择集满奖励券' }
    body.stampCard = { purchasesNeeded: needed, minOrderFen: min, rewardTemplateId: f.rewardTemplateId }
  }
  if (f.pointsCost.trim()) {
    const cost = parseIntText(f.pointsCost)
    if (cost === null || cost < 1) return { error: '兑换积分须为正整数，留空为不可兑换' }
    body.pointsCost = cost
  } else body.pointsCost = null
  body.registrationGift = f.registrationGift
  if (f.validityKind === 'fixed') {
    if (!DATE.test(f.from) || !DATE.test(f.until)) return { error: '请按 YYYY-MM-DD 填写起止日期' }
    if (f.until < f.from) return { error: '结束日期须不早于开始日期' }
    body.validity = { kind: 'fixed', from: dayStart(f.from), until: dayEnd(f.until) }
  } else if (!f.days.trim() && base?.validity.kind === 'fixed') body.validity = base.validity
  else {
    const days = parseIntText(f.days)
    if (days === null || days < 1 || days > 3650) return { error: '有效天数须为 1-3650 的整数' }
    body.validity = { kind: 'afterIssue', days }
  }
  if (f.stock.trim()) {
    const stock = parseIntText(f.stock)
    if (stock === null || stock < 1) return { error: '发放总量须为正整数，留空为不限' }
    body.stock = stock
  }
  if (f.limit.trim()) {
    const limit = parseIntText(f.limit)
    if (limit === null || limit < 1 || limit > 100) return { error: '每人限领须为 1-100 的整数，留空为不限' }
    body.perMemberLimit = limit
  }
  return { body }
}

export default function AdminCoupons() {
  const [templates, setTemplates] = useState<Template[]>([])
  const [loaded, setLoaded] = useState(false)
  const [listError, setListError] = useState('')
  const [toggling, setToggling] = useState<string | null>(null)

  const [form, setForm] = useState<Form>(EMPTY)
  const [pending, setPending] = useState(false)
  const [error, setError] = useState('')
  const [created, setCreated] = useState<Template | null>(null)
  // Editing an existing template: its id and the revision it was read at.
  const [editing, setEditing] = useState<Template | null>(null)
  // Issuing to chosen members (phones) or a whole tier.
  const [issueTpl, setIssueTpl] = useState('')
  const [issuePhones, setIssuePhones] = useState('')
  const [issueTier, setIssueTier] = useState('')
  const [tierList, setTierList] = useState<{ code: string; name: string }[]>([])
  const [issueBatch, setIssueBatch] = useState(() => `B${Date.now().toString(36)}`)
  const [issuing, setIssuing] = useState(false)
  const [issueResult, setIssueResult] = useState('')
  const [issueError, setIssueError] = useState('')

  async function issue() {
    if (issuing) return
    setIssueError('')
    setIssueResult('')
    const phones = issuePhones.split(/[\s,，]+/).filter(Boolean)
    if (!issueTpl) return setIssueError('请选择优惠券')
    if (!issueTier && phones.length === 0) return setIssueError('请填写手机号或选择等级')
    setIssuing(true)
    try {
      const r = await request('issueCoupons', {
        params: { templateId: issueTpl },
        body: { batchId: issueBatch, ...(issueTier ? { tierCode: issueTier } : { phones }) },
      })
      setIssueResult(`已发放 ${r.issued} 张${r.repeated ? `，${r.repeated} 张此前已发` : ''}${r.refused.length ? `，${r.refused.length} 个未发放（${r.refused.map((x) => `${x.target}:${x.reason}`).join('、')}）` : ''}`)
      // A new batch for the next send; a retry of this one (same values) keeps its id.
      setIssueBatch(`B${Date.now().toString(36)}`)
      await load()
    } catch (e) {
      setIssueError(describeError(e))
    } finally {
      setIssuing(false)
    }
  }

  async function load() {
    try {
      const res = await request('adminListCouponTemplates')
      setTemplates(res.templates)
      setLoaded(true)
      setListError('')
    } catch (e) {
      setListError(describeError(e))
    }
  }

  useDidShow(() => {
    void load()
    request('adminGetTiers')
      .then((p) => setTierList(p.tiers.map((t) => ({ code: t.code, name: t.name }))))
      .catch(() => undefined)
  })

  function edit(patch: Partial<Form>) {
    setForm((f) => ({ ...f, ...patch }))
    setCreated(null)
  }

  async function toggle(t: Template) {
    if (toggling) return
    setToggling(t.id)
    setListError('')
    try {
      const updated = await request('adminSetCouponTemplateState', {
        params: { templateId: t.id },
        body: { state: t.state === 'active' ? 'paused' : 'active' },
      })
      setTemplates((list) => list.map((x) => (x.id === updated.id ? updated : x)))
    } catch (e) {
      setListError(describeError(e))
    } finally {
      setToggling(null)
    }
  }

  async function submit() {
    if (pending) return
    setError('')
    setCreated(null)
    const built = toBody(form, editing?.definition)
    if ('error' in built) {
      setError(built.error)
      return
    }
    setPending(true)
    try {
      const t = editing
        ? await request('adminEditCouponTemplate', { params: { templateId: editing.id }, body: { rev: editing.rev, definition: built.body } })
        : await request('adminCreateCouponTemplate', { body: built.body })
      setCreated(t)
      setEditing(null)
      setForm((f) => ({ ...EMPTY, kind: f.kind }))
      await load()
    } catch (e) {
      setError(describeError(e, FIELD_NAMES))
    } finally {
      setPending(false)
    }
  }

  const kind = form.kind

  return (
    <View className='page admin-page admin-coupons'>
      <View id='template-list' className='card'>
        <View className='section-title'>优惠券模板</View>
        {templates.map((t) => (
          <View key={t.id} id={`template-${t.id}`} className='list-row template-row' data-template-id={t.id} data-state={t.state}>
            <View className='between'>
              <View className='grow'>
                <View className='template-name'>{t.definition.name}</View>
                <View className='template-summary'>{couponSummary(t.definition)}</View>
                <View className='muted template-stock'>
                  已发 {t.issued} / 剩余 {t.remaining === null ? '不限' : t.remaining}
                  {t.definition.perMemberLimit ? ` · 每人限领 ${t.definition.perMemberLimit}` : ''}
                </View>
                <View className='muted template-redeemed' id={`template-redeemed-${t.id}`}>
                  已核销 {t.redeemed} · 核销率 {Math.round(t.redemptionRate * 1000) / 10}%
                  {t.definition.pointsCost ? ` · ${t.definition.pointsCost} 积分兑换` : ''}
                  {t.definition.registrationGift ? ' · 新人礼' : ''}
                </View>
                <View className='muted'>
                  {t.definition.scope.kind === 'categories' ? `品类：${t.definition.scope.categories.join('、')} · ` : t.definition.scope.kind === 'skus' ? `商品：${t.definition.scope.skus.join('、')} · ` : ''}
                  {t.definition.stores ? `门店：${t.definition.stores.join('、')} · ` : ''}
                  {t.definition.validity.kind === 'fixed' ? `${localDay(t.definition.validity.from)} 至 ${localDay(t.definition.validity.until)} · ` : `领取后 ${t.definition.validity.days} 天有效 · `}
                  {t.definition.claimable ? '领券中心可领' : '不在领券中心'}
                  {t.definition.stackable ? ' · 可叠加' : ''} · 创建于 {formatDate(t.createdAt)}
                </View>
              </View>
              <View className='template-right'>
                <View className={t.state === 'active' ? 'template-state active' : 'template-state paused'}>
                  {t.state === 'active' ? '进行中' : '已暂停'}
                </View>
                <Button
                  id={`template-toggle-${t.id}`}
                  size='small'
                  type={t.state === 'active' ? 'default' : 'primary'}
                  loading={toggling === t.id}
                  disabled={toggling !== null}
                  onClick={() => void toggle(t)}
                >
                  {t.state === 'active' ? '暂停' : '恢复'}
                </Button>
                <Button
                  id={`template-edit-${t.id}`}
                  size='small'
                  onClick={() => {
                    setEditing(t)
                    setForm(formOf(t))
                    setCreated(null)
                    setError('')
                  }}
                >
                  编辑
                </Button>
              </View>
            </View>
          </View>
        ))}
        {loaded && templates.length === 0 ? (
          <View id='template-empty' className='muted'>
            暂无优惠券模板
          </View>
        ) : null}
        {listError ? (
          <View id='template-error' className='error'>
            {listError}
          </View>
        ) : null}
      </View>

      <View id='tpl-form' className='card'>
        <View className='section-title'>{editing ? `编辑：${editing.definition.name}` : '新建优惠券'}</View>
        {editing ? (
          <View id='tpl-editing' className='muted'>
            修改只影响此后发放的券；类型不可修改；发放总量不能少于已发数量。
          </View>
        ) : null}
        <View className='field'>
          <Text className='label'>名称</Text>
          <Input id='tpl-name' className='input' maxlength={30} placeholder='如 新人 10 元券' value={form.name} onInput={(e) => edit({ name: e.detail.value })} />
        </View>
        <View className='field'>
          <Text className='label'>说明（选填）</Text>
          <Input
            id='tpl-description'
            className='input'
            maxlength={200}
            placeholder='领券中心展示'
            value={form.description}
            onInput={(e) => edit({ description: e.detail.value })}
          />
        </View>
        <View className='field'>
          <Text className='label'>类型</Text>
          <View id='tpl-kind' className='choices' data-value={kind}>
            {KINDS.map((k) => (
              <Button
                key={k.key}
                id={`tpl-kind-${k.key}`}
                size='small'
                type={kind === k.key ? 'primary' : 'default'}
                className={kind === k.key ? 'choice active' : 'choice'}
                disabled={!!editing && kind !== k.key}
                onClick={() => edit({ kind: k.key })}
              >
                {k.label}
              </Button>
            ))}
          </View>
        </View>
        {kind === 'threshold' ? (
          <View className='field'>
            <Text className='label'>门槛金额（元，满多少可用）</Text>
            <Input id='tpl-threshold' className='input' type='digit' placeholder='如 300' value={form.threshold} onInput={(e) => edit({ threshold: e.detail.value })} />
          </View>
        ) : null}
        {kind === 'amountOff' || kind === 'threshold' ? (
          <View className='field'>
            <Text className='label'>减免金额（元）</Text>
            <Input id='tpl-amount' className='input' type='digit' placeholder='如 10' value={form.amount} onInput={(e) => edit({ amount: e.detail.value })} />
          </View>
        ) : null}
        {kind === 'percentOff' ? (
          <>
            <View className='field'>
              <Text className='label'>减免百分比（1-90，如 15 即 8.5 折）</Text>
              <Input id='tpl-percent' className='input' type='number' maxlength={2} placeholder='如 15' value={form.percent} onInput={(e) => edit({ percent: e.detail.value })} />
            </View>
            <View className='field'>
              <Text className='label'>最高优惠（元，选填）</Text>
              <Input id='tpl-max' className='input' type='digit' placeholder='不限' value={form.max} onInput={(e) => edit({ max: e.detail.value })} />
            </View>
          </>
        ) : null}
        {kind === 'gift' ? (
          <View className='field'>
            <Text className='label'>赠品 SKU</Text>
            <Input id='tpl-gift-sku' className='input' maxlength={64} placeholder='商品编码' value={form.giftSku} onInput={(e) => edit({ giftSku: e.detail.value })} />
          </View>
        ) : null}
        {kind === 'stampCard' ? (
          <>
            <View className='row field'>
              <View className='half'>
                <Text className='label'>集满次数</Text>
                <Input id='tpl-stamps' className='input' type='number' maxlength={2} value={form.stampsNeeded} onInput={(e) => edit({ stampsNeeded: e.detail.value })} />
              </View>
              <View className='half'>
                <Text className='label'>每次最低实付（元）</Text>
                <Input id='tpl-stamp-min' className='input' type='digit' placeholder='0' value={form.stampMin} onInput={(e) => edit({ stampMin: e.detail.value })} />
              </View>
            </View>
            <View className='label'>集满奖励券</View>
            <View className='chips'>
              {templates
                .filter((t) => t.definition.kind !== 'stampCard' && t.id !== editing?.id)
                .map((t) => (
                  <Button key={t.id} id={`tpl-reward-${t.id}`} size='small' type={form.rewardTemplateId === t.id ? 'primary' : 'default'} onClick={() => edit({ rewardTemplateId: t.id })}>
                    {t.definition.name}
                  </Button>
                ))}
            </View>
          </>
        ) : null}
        <View className='field'>
          <Text className='label'>积分兑换所需积分（选填，留空为不可兑换）</Text>
          <Input id='tpl-points-cost' className='input' type='number' placeholder='不可兑换' value={form.pointsCost} onInput={(e) => edit({ pointsCost: e.detail.value })} />
        </View>
        <View className='field'>
          <Text className='label'>适用范围</Text>
          <View className='chips'>
            {SCOPES.map((x) => (
              <Button key={x.key} id={`tpl-scope-${x.key}`} size='small' type={form.scopeKind === x.key ? 'primary' : 'default'} onClick={() => edit({ scopeKind: x.key })}>
                {x.label}
              </Button>
            ))}
          </View>
          {form.scopeKind !== 'all' ? (
            <Input
              id='tpl-scope-list'
              className='input'
              placeholder={form.scopeKind === 'categories' ? '品类，逗号分隔，如 服装, 配件' : 'SKU，逗号分隔'}
              value={form.scopeList}
              onInput={(e) => edit({ scopeList: e.detail.value })}
            />
          ) : null}
        </View>
        <View className='field'>
          <Text className='label'>适用门店（门店编号，逗号分隔；留空为全部门店）</Text>
          <Input id='tpl-stores' className='input' placeholder='全部门店' value={form.stores} onInput={(e) => edit({ stores: e.detail.value })} />
        </View>
        <View className='field'>
          <Text className='label'>有效期</Text>
          <View className='chips'>
            <Button id='tpl-validity-afterIssue' size='small' type={form.validityKind === 'afterIssue' ? 'primary' : 'default'} onClick={() => edit({ validityKind: 'afterIssue' })}>
              领取后 N 天
            </Button>
            <Button id='tpl-validity-fixed' size='small' type={form.validityKind === 'fixed' ? 'primary' : 'default'} onClick={() => edit({ validityKind: 'fixed' })}>
              固定日期
            </Button>
          </View>
          {form.validityKind === 'afterIssue' ? (
            <Input id='tpl-days' className='input' type='number' maxlength={4} placeholder='领取后有效天数' value={form.days} onInput={(e) => edit({ days: e.detail.value })} />
          ) : (
            <View className='row'>
              <View className='half'>
                <Input id='tpl-from' className='input' maxlength={10} placeholder='开始 YYYY-MM-DD' value={form.from} onInput={(e) => edit({ from: e.detail.value })} />
              </View>
              <View className='half'>
                <Input id='tpl-until' className='input' maxlength={10} placeholder='结束 YYYY-MM-DD' value={form.until} onInput={(e) => edit({ until: e.detail.value })} />
              </View>
            </View>
          )}
        </View>
        <View className='row field'>
          <View className='half'>
            <Text className='label'>发放总量</Text>
            <Input id='tpl-stock' className='input' type='number' placeholder='不限' value={form.stock} onInput={(e) => edit({ stock: e.detail.value })} />
          </View>
          <View className='half'>
            <Text className='label'>每人限领</Text>
            <Input id='tpl-limit' className='input' type='number' maxlength={3} placeholder='不限' value={form.limit} onInput={(e) => edit({ limit: e.detail.value })} />
          </View>
        </View>
        <View className='choices toggles'>
          <Button
            id='tpl-stackable'
            size='small'
            type={form.stackable ? 'primary' : 'default'}
            className={form.stackable ? 'choice active' : 'choice'}
            data-checked={form.stackable ? 'true' : 'false'}
            onClick={() => edit({ stackable: !form.stackable })}
          >
            {form.stackable ? '可与其他券叠加：是' : '可与其他券叠加：否'}
          </Button>
          <Button
            id='tpl-claimable'
            size='small'
            type={form.claimable ? 'primary' : 'default'}
            className={form.claimable ? 'choice active' : 'choice'}
            data-checked={form.claimable ? 'true' : 'false'}
            onClick={() => edit({ claimable: !form.claimable })}
          >
            {form.claimable ? '领券中心可领：是' : '领券中心可领：否'}
          </Button>
          <Button
            id='tpl-registration-gift'
            size='small'
            type={form.registrationGift ? 'primary' : 'default'}
            className={form.registrationGift ? 'choice active' : 'choice'}
            data-checked={form.registrationGift ? 'true' : 'false'}
            onClick={() => edit({ registrationGift: !form.registrationGift })}
          >
            {form.registrationGift ? '新人注册礼：是' : '新人注册礼：否'}
          </Button>
        </View>
        <Button id='tpl-submit' type='primary' block loading={pending} disabled={pending} onClick={() => void submit()}>
          {editing ? '保存修改' : '创建'}
        </Button>
        {editing ? (
          <Button
            id='tpl-cancel-edit'
            block
            onClick={() => {
              setEditing(null)
              setForm(EMPTY)
            }}
          >
            取消编辑
          </Button>
        ) : null}
        {error ? (
          <View id='tpl-error' className='error'>
            {error}
          </View>
        ) : null}
        {created ? (
          <View id='tpl-created' className='success' data-template-id={created.id}>
            已保存：{created.definition.name}（{couponSummary(created.definition)}）
          </View>
        ) : null}
      </View>
      <View id='issue-form' className='card'>
        <View className='section-title'>定向发放</View>
        <View className='chips'>
          {templates
            .filter((t) => t.state === 'active')
            .map((t) => (
              <Button key={t.id} id={`issue-tpl-${t.id}`} size='small' type={issueTpl === t.id ? 'primary' : 'default'} onClick={() => setIssueTpl(t.id)}>
                {t.definition.name}
              </Button>
            ))}
        </View>
        <View className='label'>手机号（多个用逗号或换行分隔）</View>
        <Input id='issue-phones' className='input' value={issuePhones} placeholder='13800000000, 13900000000' onInput={(e) => { setIssuePhones(e.detail.value); setIssueTier('') }} />
        <View className='label'>或发给整个等级</View>
        <View className='chips'>
          {tierList.map((t) => (
            <Button key={t.code} id={`issue-tier-${t.code}`} size='small' type={issueTier === t.code ? 'primary' : 'default'} onClick={() => setIssueTier(issueTier === t.code ? '' : t.code)}>
              {t.name}
            </Button>
          ))}
        </View>
        <Button id='issue-submit' type='primary' block loading={issuing} disabled={issuing} onClick={() => void issue()}>
          发放
        </Button>
        {issueResult ? <View id='issue-result' className='success'>{issueResult}</View> : null}
        {issueError ? <View id='issue-error' className='error'>{issueError}</View> : null}
      </View>
    </View>
  )
}
