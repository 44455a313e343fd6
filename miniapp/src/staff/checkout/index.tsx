import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { CheckoutPreviewResponse, CheckoutRequest, CheckoutResponse } from '@shared/contract'
import { formatYuan, parseYuan } from '@shared/domain/money'
import { LIFECYCLE_LABELS } from '@shared/domain/rfm'
import { request } from '../../api/client'
import { formMessage } from '../../api/form-messages'
import type { MessageOverrides } from '../../api/messages'
import { isWeapp, scanCode } from '../../platform'
import { ErrorNote, useSubmit } from '../../kit'
import { getSession } from '../../session'
import './index.scss'

const newOrderId = () => `T${Date.now()}`

type Insight = NonNullable<CheckoutPreviewResponse['insight']>

/** Who the member is (tags, lifecycle stage, RFM) and a quick way for the clerk to add a tag. */
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
        <Text id='staff-member-stage'>{LIFECYCLE_LABELS[insight.lifecycle] ?? insight.lifecycle}</Text>
        <Text id='staff-member-rfm'>
          {' '}
          · R{insight.rfm.r} F{insight.rfm.f} M{insight.rfm.m}
        </Text>
      </View>
      <View id='staff-member-tags'>标签：{insight.tags.length ? insight.tags.join('、') : '暂无'}</View>
      <View className='row'>
        <Input id='staff-tag-input' className='input' maxlength={20} placeholder='添加标签' value={tag} onInput={(e) => setTag(e.detail.value)} />
        <Button id='staff-tag-add' size='small' onClick={() => void addTag()}>
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

export default function StaffCheckout() {
  const session = getSession()
  const [memberCode, setMemberCode] = useState('')
  const [orderId, setOrderId] = useState(newOrderId)
  const [sku, setSku] = useState('')
  const [name, setName] = useState('')
  const [qty, setQty] = useState('1')
  const [price, setPrice] = useState('')
  const [amount, setAmount] = useState('')
  const [result, setResult] = useState<CheckoutResponse | null>(null)
  const [preview, setPreview] = useState<CheckoutPreviewResponse | null>(null)
  const [selected, setSelected] = useState<string[]>([])

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
    // A new order id for the next sale; the rest stays (a reused member code is refused by the API).
    setOrderId(newOrderId())
    setPreview(null)
    setSelected([])
  })

  /** Checks the form, then runs one of the two requests; one error line for both (the latest). */
  function run(action: 'preview' | 'confirm', coupons = selected) {
    const body = build()
    const [mine, other] = action === 'preview' ? [previewing, confirming] : [confirming, previewing]
    other.setError(null)
    if (typeof body === 'string') return mine.setError(body)
    void (action === 'preview' ? previewing.submit(body, coupons) : confirming.submit(body))
  }

  function toggleCoupon(id: string) {
    const next = selected.includes(id) ? selected.filter((x) => x !== id) : [...selected, id]
    setSelected(next)
    run('preview', next)
  }

  async function scan() {
    const code = await scanCode()
    if (code) setMemberCode(code.replace(/\D/g, ''))
  }

  function build(): CheckoutRequest | string {
    if (!session?.storeId) return '当前账号未绑定门店'
    const code = memberCode.replace(/\s/g, '')
    if (!/^\d{18}$/.test(code)) return '请输入 18 位会员码'
    if (!sku.trim() || !name.trim()) return '请填写商品编码和名称'
    const quantity = Number(qty)
    if (!Number.isInteger(quantity) || quantity <= 0) return '数量须为正整数'
    const unitPriceFen = parseYuan(price)
    if (unitPriceFen === null) return '单价格式不正确'
    const total = unitPriceFen * quantity
    const payable = selected.length && preview ? preview.payableFen : total
    const amountFen = amount.trim() ? parseYuan(amount) : payable
    if (amountFen === null) return '实付金额格式不正确'
    if (amountFen <= 0) return '实付金额须大于 0'
    if (amountFen > payable) return selected.length ? '实付金额不能超过券后应付' : '实付金额不能超过商品合计'
    return {
      memberCode: code,
      orderId: orderId.trim(),
      storeId: session.storeId,
      amountFen,
      items: [{ sku: sku.trim(), name: name.trim(), quantity, unitPriceFen }],
      ...(selected.length ? { coupons: selected } : {}),
    }
  }

  return (
    <View className='page staff-checkout'>
      <View className='card'>
        <View className='title'>店员收银</View>
        <View className='muted'>门店 {session?.storeId ?? '未绑定'}</View>
      </View>
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
              <Button id='staff-scan' className='scan' size='small' onClick={() => void scan()}>
                扫码
              </Button>
            ) : null}
          </View>
        </View>
        <View className='field'>
          <Text className='label'>订单号</Text>
          <Input id='staff-order-id' className='input' value={orderId} onInput={(e) => setOrderId(e.detail.value)} />
        </View>
        <View className='line'>
          <View className='field'>
            <Text className='label'>商品编码</Text>
            <Input id='staff-line-sku' className='input' placeholder='SKU' value={sku} onInput={(e) => setSku(e.detail.value)} />
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
          <Text className='label'>实付金额（元，留空按商品合计）</Text>
          <Input id='staff-amount' className='input' type='digit' placeholder='0.00' value={amount} onInput={(e) => setAmount(e.detail.value)} />
        </View>
        <Button id='staff-preview' block loading={previewing.busy} disabled={previewing.busy} onClick={() => run('preview')}>
          查询会员优惠券
        </Button>
        {preview ? (
          <View id='staff-preview-card' className='preview'>
            <View className='muted'>会员 {preview.phoneMasked}</View>
            {preview.insight ? <MemberInsightView insight={preview.insight} onChange={(insight) => setPreview({ ...preview, insight })} /> : null}
            {preview.memberCoupons.length === 0 ? <View className='muted'>该会员暂无可用优惠券</View> : null}
            {preview.memberCoupons.map((c) => (
              <View
                key={c.id}
                id={`staff-coupon-${c.id}`}
                className={selected.includes(c.id) ? 'staff-coupon ticked' : 'staff-coupon'}
                onClick={() => toggleCoupon(c.id)}
              >
                <Text>{selected.includes(c.id) ? '☑' : '☐'} {c.name}</Text>
                <Text className='muted'> {c.summary}</Text>
              </View>
            ))}
            {preview.refusals.map((r) => (
              <View key={r.coupon} className='staff-coupon-refusal error'>
                {preview.memberCoupons.find((c) => c.id === r.coupon)?.name ?? r.coupon}：{r.message}
              </View>
            ))}
            <View>
              商品合计 {formatYuan(preview.linesTotalFen)}，优惠 {formatYuan(preview.discountFen)}
            </View>
            <View id='staff-payable' className='payable'>
              应付 {formatYuan(preview.payableFen)}
            </View>
            <View id='staff-points-preview' className='muted'>
              预计积分 +{preview.pointsPreview}
            </View>
          </View>
        ) : null}
        <Button id='staff-submit' type='primary' block loading={confirming.busy} disabled={confirming.busy} onClick={() => run('confirm')}>
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
          <View>积分余额：{result.balance}</View>
          <View>
            会员等级：{result.tier.name}
            {result.upgraded ? <Text className='upgraded'>已升级</Text> : null}
          </View>
          <View className='muted'>订单号 {result.orderId}</View>
        </View>
      ) : null}
      <Button id='staff-returns-link' className='link' block onClick={() => void Taro.navigateTo({ url: '/staff/returns/index' })}>
        办理退货
      </Button>
      <Button id='staff-redeem-link' className='link' block onClick={() => void Taro.navigateTo({ url: '/staff/redeem/index' })}>
        核销礼品券
      </Button>
      <Button id='staff-complaints-link' className='link' block onClick={() => void Taro.navigateTo({ url: '/staff/complaints/index' })}>
        门店投诉
      </Button>
    </View>
  )
}
