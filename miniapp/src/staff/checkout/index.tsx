import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { CheckoutPreviewResponse, CheckoutRequest, CheckoutResponse, LifecycleStage } from '@shared/contract'
import { tickCoupon } from '@shared/domain/coupons'
import { formatYuan, parseYuan } from '@shared/domain/money'
import { request } from '../../api/client'
import { formMessage } from '../../api/form-messages'
import type { MessageOverrides } from '../../api/messages'
import { isWeapp, scanCode } from '../../platform'
import { PrivacySheet } from '../../components/privacy'
import { ErrorNote, RoleGate, useSubmit } from '../../kit'
import { StoreHeader } from '../../components/store'
import { getSession, hasRole } from '../../session'
import { BindCard } from './BindCard'
import { BalancePaid, BalancePay, NO_BALANCE, type BalanceChoice } from './BalancePay'
import './index.scss'

type Insight = NonNullable<CheckoutPreviewResponse['insight']>

/** Who the member is, in the clerk's words (not the RFM scores behind them). */
const STAGE_WORDS: Record<LifecycleStage, string> = {
  new: '新会员',
  active: '常客',
  silent: '有一阵没来了',
  dormant: '很久没来了',
  lost: '久未到店',
}

/** Who the member is (how often she comes, her tags) and a quick way for the clerk to add a tag. */
function MemberInsightView({ insight, onChange }: { insight: Insight; onChange: (i: Insight) => void }) {
  const [tag, setTag] = useState('')
  const [tagError, setTagError] = useState('')
  async function addTag() {
    const t = tag.trim()
    if (!t) return
    setTagError('')
    try {
      onChange(await request('setMemberTags', { params: { memberId: insight.memberId }, body: { add: [t] } }))
      setTag('')
    } catch {
      setTagError('添加标签失败，请重试')
    }
  }
  return (
    <View id='staff-member-insight' className='muted'>
      <View>
        <Text id='staff-member-stage' className='stage'>
          {STAGE_WORDS[insight.lifecycle] ?? '会员'}
        </Text>
        <Text id='staff-member-rfm'>
          {insight.orders12m > 0 ? ` · 近一年 ${insight.orders12m} 单，平均每单 ${formatYuan(insight.averageOrderFen)}` : ' · 近一年暂无消费'}
        </Text>
      </View>
      <View id='staff-member-tags'>标签：{insight.tags.length ? insight.tags.join('、') : '暂无'}</View>
      <View className='row tag-row'>
        <Input id='staff-tag-input' className='input grow' maxlength={20} placeholder='添加标签' value={tag} onInput={(e) => setTag(e.detail.value)} />
        <Button id='staff-tag-add' className='side-button' onClick={() => void addTag()}>
          添加
        </Button>
      </View>
      {tagError ? <View className='error'>{tagError}</View> : null}
    </View>
  )
}

/** The till's own words: a retry keeps the order id, so the clerk is told so. */
const TILL_WORDS: MessageOverrides = {
  forbidden: '无权为该门店收银',
  busy: '系统繁忙，请重试（订单号不变）',
  network_error: '网络异常，请重试（订单号不变）',
}

const describe = (e: unknown) => formMessage(e, { labels: { name: '商品名称' }, overrides: TILL_WORDS, audience: 'staff' })

/** Two coupons that do not combine: the better for this basket is ticked, the other one tap away. */
interface Proposal {
  chosen: string[]
  chosenFen: number
  other: string[]
  otherFen: number
}

function Till() {
  const session = getSession()
  const [memberCode, setMemberCode] = useState('')
  const [orderId, setOrderId] = useState('')
  const [sku, setSku] = useState('')
  const [name, setName] = useState('')
  const [qty, setQty] = useState('1')
  const [price, setPrice] = useState('')
  const [amount, setAmount] = useState('')
  const [result, setResult] = useState<CheckoutResponse | null>(null)
  const [preview, setPreview] = useState<CheckoutPreviewResponse | null>(null)
  const [selected, setSelected] = useState<string[]>([])
  const [proposal, setProposal] = useState<Proposal | null>(null)
  const [balance, setBalance] = useState<BalanceChoice>(NO_BALANCE)

  /** A fresh order number from the store's sequence, unless the clerk typed one meanwhile. */
  async function proposeOrderId() {
    let next: string
    try {
      next = (await request('nextOrderNumber')).orderId
    } catch {
      next = `${session?.storeId ?? 'T'}-${Date.now()}`
    }
    setOrderId((typed) => (typed === '' ? next : typed))
  }

  useEffect(() => {
    void proposeOrderId()
  }, [])

  /** The member's usable coupons, and what the ticked ones take off, before confirming. */
  const previewing = useSubmit(async (body: CheckoutRequest, coupons: string[]) => {
    try {
      setPreview(await request('checkoutPreview', { body: { memberCode: body.memberCode, storeId: body.storeId, items: body.items, ...(coupons.length ? { coupons } : {}) } }))
    } catch (e) {
      setPreview(null)
      throw e
    }
  })

  const confirming = useSubmit(async (body: CheckoutRequest) => {
    setResult(null)
    setResult(await request('checkout', { body }))
    // The sale stays on screen (a second tap replays it) until the clerk starts the next one.
    setProposal(null)
  })

  /** 下一单: a clean form and a fresh order number. */
  function nextOrder() {
    setMemberCode('')
    setSku('')
    setName('')
    setQty('1')
    setPrice('')
    setAmount('')
    setResult(null)
    setPreview(null)
    setSelected([])
    setProposal(null)
    setBalance(NO_BALANCE)
    previewing.setError(null)
    confirming.setError(null)
    setOrderId('')
    void proposeOrderId()
    // The next sale starts at the member code, at the top of the page.
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined)
  }

  /** Checks the form, then runs one of the two requests; one error line for both (the latest). */
  function run(action: 'preview' | 'confirm', coupons = selected) {
    const body = build(coupons, action)
    const [mine, other] = action === 'preview' ? [previewing, confirming] : [confirming, previewing]
    other.setError(null)
    if (typeof body === 'string') return mine.setError(body)
    void (action === 'preview' ? previewing.submit(body, coupons) : confirming.submit(body))
  }

  function choose(coupons: string[], next: Proposal | null) {
    setSelected(coupons)
    setProposal(next)
    run('preview', coupons)
  }

  function toggleCoupon(id: string) {
    if (!preview) return
    const outcome = tickCoupon(selected, id, preview.memberCoupons, preview.discountFen)
    if (outcome.kind === 'conflict') {
      const { chosen, chosenFen, other, otherFen } = outcome
      choose(outcome.selected, { chosen, chosenFen, other, otherFen })
    } else choose(outcome.selected, null)
  }

  async function scan() {
    const code = await scanCode()
    if (code) setMemberCode(code.replace(/\D/g, ''))
  }

  function build(coupons: string[], action: 'preview' | 'confirm'): CheckoutRequest | string {
    if (!session?.storeId) return '当前账号未绑定门店'
    const code = memberCode.replace(/\s/g, '')
    if (!/^\d{18}$/.test(code)) return '请输入 18 位会员码'
    if (action === 'confirm' && !orderId.trim()) return '请填写订单号'
    if (!sku.trim() || !name.trim()) return '请填写商品编码和名称'
    const quantity = Number(qty)
    if (!Number.isInteger(quantity) || quantity <= 0) return '数量须为正整数'
    const unitPriceFen = parseYuan(price)
    if (unitPriceFen === null) return '单价格式不正确'
    if (action === 'confirm' && coupons.length && preview && preview.refusals.length) return '有优惠券不能用于本单，请先取消勾选'
    const total = unitPriceFen * quantity
    const payable = coupons.length && preview ? preview.payableFen : total
    const amountFen = amount.trim() ? parseYuan(amount) : payable
    if (amountFen === null) return '实付金额格式不正确'
    if (amountFen <= 0) return '实付金额须大于 0'
    if (amountFen > payable) return coupons.length ? '实付金额不能超过券后应付' : '实付金额不能超过商品合计'
    // 余额支付 (stored value): typed, or as much of the amount as the balance covers.
    const balanceFen = !balance.on ? 0 : balance.text.trim() ? parseYuan(balance.text) : Math.min(amountFen, preview?.storedValue?.totalFen ?? 0)
    if (balanceFen === null) return '余额支付金额格式不正确'
    if (balanceFen > amountFen) return '余额支付不能超过实付金额'
    return {
      memberCode: code,
      orderId: orderId.trim(),
      storeId: session.storeId,
      amountFen,
      items: [{ sku: sku.trim(), name: name.trim(), quantity, unitPriceFen }],
      ...(coupons.length ? { coupons } : {}),
      ...(balanceFen > 0 ? { balanceFen } : {}),
    }
  }

  const couponName = (id: string) => preview?.memberCoupons.find((c) => c.id === id)?.name ?? '该券'
  const names = (ids: string[]) => ids.map((id) => `「${couponName(id)}」`).join('')

  return (
    <View className='page staff-checkout'>
      <StoreHeader title='店员收银' />
      <View className='card'>
        <View className='field'>
          <Text className='label'>会员码</Text>
          <View className='row'>
            <Input
              id='staff-member-code'
              className='input grow'
              type='number'
              maxlength={24}
              placeholder='18 位会员码'
              value={memberCode}
              onInput={(e) => setMemberCode(e.detail.value)}
            />
            {isWeapp ? (
              <Button id='staff-scan' className='side-button' onClick={() => void scan()}>
                扫码
              </Button>
            ) : null}
          </View>
        </View>
        <BindCard memberCode={memberCode} />
        <View className='field'>
          <Text className='label'>订单号（已自动生成，可修改）</Text>
          <Input id='staff-order-id' className='input' placeholder='正在生成…' value={orderId} onInput={(e) => setOrderId(e.detail.value)} />
        </View>
        <View className='line'>
          <View className='field'>
            <Text className='label'>商品编码</Text>
            <Input id='staff-line-sku' className='input' placeholder='扫描或输入商品条码' value={sku} onInput={(e) => setSku(e.detail.value)} />
          </View>
          <View className='field'>
            <Text className='label'>商品名称</Text>
            <Input id='staff-line-name' className='input' placeholder='名称' value={name} onInput={(e) => setName(e.detail.value)} />
          </View>
          <View className='row'>
            <View className='field half'>
              <Text className='label'>数量</Text>
              <Input id='staff-line-qty' className='input' type='number' value={qty} onInput={(e) => setQty(e.detail.value)} />
            </View>
            <View className='field half'>
              <Text className='label'>单价（元）</Text>
              <Input id='staff-line-price' className='input' type='digit' placeholder='0.00' value={price} onInput={(e) => setPrice(e.detail.value)} />
            </View>
          </View>
        </View>
        <View className='field'>
          <Text className='label'>实付金额（元，留空按应付）</Text>
          <Input id='staff-amount' className='input' type='digit' placeholder='0.00' value={amount} onInput={(e) => setAmount(e.detail.value)} />
        </View>
        <Button id='staff-preview' className='till-button' block loading={previewing.busy} disabled={previewing.busy} onClick={() => run('preview')}>
          查询会员优惠券
        </Button>
        {preview ? (
          <View id='staff-preview-card' className='preview'>
            <View id='staff-member-line' className='member-line'>
              会员 {preview.phoneMasked}
              {preview.standing ? ` · ${preview.standing.tierName} · 积分 ${preview.standing.balance}` : ''}
            </View>
            {preview.insight ? <MemberInsightView insight={preview.insight} onChange={(insight) => setPreview({ ...preview, insight })} /> : null}
            {preview.memberCoupons.length === 0 ? <View className='muted'>该会员暂无可用优惠券</View> : null}
            {preview.memberCoupons.map((c) => (
              <View
                key={c.id}
                id={`staff-coupon-${c.id}`}
                className={selected.includes(c.id) ? 'staff-coupon ticked' : 'staff-coupon'}
                data-ticked={selected.includes(c.id) ? 'true' : 'false'}
                onClick={() => toggleCoupon(c.id)}
              >
                <View className='coupon-main'>
                  <Text className='tick'>{selected.includes(c.id) ? '☑' : '☐'}</Text>
                  <Text>{c.name}</Text>
                  <Text className={c.stackable ? 'stack-tag' : 'stack-tag alone'}>{c.stackable ? '可叠加' : '不可叠加'}</Text>
                </View>
                <View className='muted'>
                  {c.summary}
                  {c.aloneFen > 0 ? `，本单可减 ${formatYuan(c.aloneFen)}` : '，本单不适用'}
                </View>
              </View>
            ))}
            {proposal ? (
              <View id='staff-coupon-proposal' className='proposal'>
                <View>
                  {names(proposal.chosen)}与{names(proposal.other)}不能同时使用。已为本单选用{names(proposal.chosen)}，优惠 {formatYuan(proposal.chosenFen)}
                  {proposal.chosenFen > proposal.otherFen ? `，比另一种多省 ${formatYuan(proposal.chosenFen - proposal.otherFen)}` : ''}。
                </View>
                <Button id='staff-coupon-switch' className='till-button' block fill='outline' onClick={() => choose(proposal.other, null)}>
                  改用{names(proposal.other)}（优惠 {formatYuan(proposal.otherFen)}）
                </Button>
              </View>
            ) : null}
            {preview.refusals.map((r) => (
              <View key={r.coupon} className='staff-coupon-refusal error'>
                {preview.memberCoupons.find((c) => c.id === r.coupon)?.name ?? '该券'}：{r.message}
              </View>
            ))}
            <View>
              商品合计 {formatYuan(preview.linesTotalFen)}，优惠 <Text id='staff-discount'>{formatYuan(preview.discountFen)}</Text>
            </View>
            <View id='staff-payable' className='payable'>
              应付 {formatYuan(preview.payableFen)}
            </View>
            <View id='staff-points-preview' className='muted'>
              预计积分 +{preview.pointsPreview}
            </View>
            <BalancePay stored={preview.storedValue} choice={balance} onChange={setBalance} />
          </View>
        ) : null}
        <Button id='staff-submit' className='till-button' type='primary' block loading={confirming.busy} disabled={confirming.busy} onClick={() => run('confirm')}>
          确认收银
        </Button>
        <ErrorNote id='staff-error' error={confirming.error || previewing.error} format={describe} />
      </View>
      {result ? (
        <View id='staff-result' className='card result'>
          <View className='title'>收银成功{result.replayed ? '（重复提交，结果同前）' : ''}</View>
          <View>会员：{result.phoneMasked}</View>
          <View id='staff-result-points' className='result-points'>
            本单积分 +{result.pointsEarned}
          </View>
          {result.breakdown.map((step) => (
            <View key={step.key} className='muted staff-result-step'>
              {step.label}：{step.points >= 0 ? '+' : ''}
              {step.points}
            </View>
          ))}
          {result.bonuses.map((b) => (
            <View key={b.label} className='muted'>
              {b.label}：+{b.points}
            </View>
          ))}
          {result.availableOn ? <View className='muted'>积分将于 {result.availableOn} 起可用（退货期内冻结）</View> : null}
          {result.toFamily ? <View className='muted'>积分已计入家庭主卡</View> : null}
          {result.coupons.map((c) => (
            <View key={c.couponId} className='staff-result-coupon'>
              已核销 {c.name}：-{formatYuan(c.discountFen)}
            </View>
          ))}
          {(result.stamps ?? []).map((st) => (
            <View key={st.couponId} className='staff-result-stamp'>
              {st.name}：已集 {st.stamps}/{st.needed}
              {st.completed ? '，已集满，奖励券已发给会员' : ''}
            </View>
          ))}
          <BalancePaid paid={result.storedValue} />
          <View>积分余额：{result.balance}</View>
          <View>
            会员等级：{result.tier.name}
            {result.upgraded ? <Text className='upgraded'>已升级</Text> : null}
          </View>
          <View className='muted'>订单号 {result.orderId}</View>
          <Button id='staff-next-order' className='till-button next-order' type='primary' block onClick={nextOrder}>
            下一单
          </Button>
        </View>
      ) : null}
      <View className='till-links'>
        <Button id='staff-returns-link' className='till-button' block onClick={() => void Taro.navigateTo({ url: '/staff/returns/index' })}>
          办理退货
        </Button>
        <Button id='staff-redeem-link' className='till-button' block onClick={() => void Taro.navigateTo({ url: '/staff/redeem/index' })}>
          核销礼品券
        </Button>
        <Button id='staff-complaints-link' className='till-button' block onClick={() => void Taro.navigateTo({ url: '/staff/complaints/index' })}>
          门店投诉
        </Button>
        <Button id='staff-growth-link' className='till-button' block onClick={() => void Taro.navigateTo({ url: '/staff/growth/index' })}>
          我的拉新码
        </Button>
        {hasRole(session, 'manager') ? (
          <Button id='staff-leaderboard-link' className='till-button' block onClick={() => void Taro.navigateTo({ url: '/staff/leaderboard/index' })}>
            拉新排行
          </Button>
        ) : null}
        {hasRole(session, 'manager') ? (
          <Button id='staff-insight-link' className='till-button' block onClick={() => void Taro.navigateTo({ url: '/staff/insight/index' })}>
            门店看板
          </Button>
        ) : null}
      </View>
      <PrivacySheet />
    </View>
  )
}

export default function StaffCheckout() {
  return (
    <RoleGate role='staff' title='店员收银' needsStore>
      <Till />
    </RoleGate>
  )
}
