import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { RouteResponse } from '@shared/contract/routes'
import { request } from '../../api/client'
import { askConsent, ConsentSheet } from '../../components/consent'
import { ChoiceChips, Empty, ErrorNote, Loading, useResource, useSubmit } from '../../kit'
import { stateLabel, validityText, type WalletCoupon } from '../../components/coupons/labels'
import { StampProgress } from '../../components/coupons/stamps'
import './index.scss'

type CentreEntry = RouteResponse<'couponCentre'>['entries'][number]
type Tab = 'centre' | 'wallet'
type WalletFilter = 'available' | 'used' | 'expired'

const TABS: { value: Tab; label: string }[] = [
  { value: 'centre', label: '领券中心' },
  { value: 'wallet', label: '我的券' },
]

const FILTERS: { value: WalletFilter; label: string }[] = [
  { value: 'available', label: '可使用' },
  { value: 'used', label: '已使用' },
  { value: 'expired', label: '已过期' },
]

/** A fresh idempotency key for one tap on 领取: 'cl' + time + random, within [A-Za-z0-9_-]{8,64}. */
function newRequestId(): string {
  const random = Math.random().toString(36).slice(2, 12).padEnd(6, '0')
  return `cl${Date.now().toString(36)}${random}`.slice(0, 64)
}

export default function Coupons() {
  const [tab, setTab] = useState<Tab>('centre')
  const [filter, setFilter] = useState<WalletFilter>('available')
  const centre = useResource('couponCentre', { skip: tab !== 'centre' })
  const wallet = useResource('myCoupons', { query: { state: filter }, skip: tab !== 'wallet' })
  const shown = tab === 'centre' ? centre : wallet
  const [claiming, setClaiming] = useState<string | null>(null)
  const [claimed, setClaimed] = useState('')

  /** Claims a free coupon, or exchanges points for one (the points are spent in the same transaction). */
  const claim = useSubmit(async (entry: CentreEntry, withPoints: boolean) => {
    const requestId = newRequestId()
    setClaiming(entry.templateId)
    setClaimed('')
    try {
      if (withPoints) {
        const r = await request('exchangeCoupon', { params: { templateId: entry.templateId }, body: { requestId } })
        setClaimed(`兑换成功，消耗 ${r.pointsSpent} 积分，剩余 ${r.balance} 积分`)
      } else {
        await request('claimCoupon', { params: { templateId: entry.templateId }, body: { requestId } })
        setClaimed('领取成功')
      }
      Taro.showToast({ title: withPoints ? '兑换成功' : '领取成功', icon: 'success' }).catch(() => undefined)
      // Claiming a coupon is a natural moment to ask for care-message consent (coupon expiry, offers).
      void askConsent('coupon')
    } finally {
      setClaiming(null)
      // Stock and limits changed (or were stale): refresh; a claim's error stays on screen.
      void centre.reload()
    }
  })

  function chooseTab(t: Tab) {
    if (t === tab) return
    setTab(t)
    setClaimed('')
    claim.setError(null)
  }

  function open(c: WalletCoupon) {
    void Taro.navigateTo({ url: `/pages/coupon/index?id=${encodeURIComponent(c.id)}` })
  }

  function claimText(e: CentreEntry): string {
    if (e.soldOut) return '已领完'
    if (e.canClaim === 0) return '已领取'
    return '领取'
  }

  return (
    <View className='page coupons-page'>
      <ChoiceChips id='coupons-tabs' className='tabs' idPrefix='coupons-tab' look='plain' chipClassName='tab' options={TABS} value={tab} onChange={chooseTab} />

      {claimed ? (
        <View id='claim-result' className='success'>
          {claimed}
        </View>
      ) : null}
      <ConsentSheet />
      <ErrorNote id='coupons-error' error={claim.error || shown.error} />

      {tab === 'centre' ? (
        <View id='coupons-centre' className='list'>
          {(centre.data?.entries ?? []).map((e) => {
            const disabled = e.soldOut || e.canClaim === 0
            return (
              <View key={e.templateId} className='card coupon-card centre-entry' data-template-id={e.templateId}>
                <View className='coupon-main'>
                  <Text className='coupon-name'>{e.name}</Text>
                  <Text className='coupon-summary'>{e.summary}</Text>
                  {e.description ? <Text className='muted coupon-desc'>{e.description}</Text> : null}
                  {e.remaining !== null ? <Text className='muted coupon-remaining'>剩余 {e.remaining}</Text> : null}
                </View>
                {e.claimable ? (
                  <Button
                    id={`claim-${e.templateId}`}
                    className='claim-btn'
                    type='primary'
                    size='small'
                    disabled={disabled || claiming !== null}
                    loading={claiming === e.templateId}
                    onClick={() => void claim.submit(e, false)}
                  >
                    {claimText(e)}
                  </Button>
                ) : null}
                {e.pointsCost ? (
                  <Button
                    id={`exchange-${e.templateId}`}
                    className='claim-btn'
                    size='small'
                    disabled={disabled || claiming !== null}
                    loading={claiming === e.templateId}
                    onClick={() => void claim.submit(e, true)}
                  >
                    {e.soldOut ? '已兑完' : `${e.pointsCost} 积分兑换`}
                  </Button>
                ) : null}
              </View>
            )
          })}
          {centre.data && !centre.loading && centre.data.entries.length === 0 && !claim.error && !centre.error ? <Empty id='coupons-centre-empty'>暂无可领取的优惠券</Empty> : null}
        </View>
      ) : (
        <View id='coupons-wallet'>
          <ChoiceChips id='wallet-filters' className='filters' idPrefix='wallet-filter' look='plain' chipClassName='filter' options={FILTERS} value={filter} onChange={setFilter} />
          <View className='list'>
            {(wallet.data?.coupons ?? []).map((c) => (
              <View
                key={c.id}
                id={`wallet-coupon-${c.id}`}
                className={`card coupon-card wallet-coupon state-${c.state}`}
                data-coupon-id={c.id}
                data-state={c.state}
                onClick={() => open(c)}
              >
                <View className='coupon-main'>
                  <Text className='coupon-name'>{c.name}</Text>
                  <Text className='coupon-summary'>{c.summary}</Text>
                  <Text className='muted coupon-validity'>{validityText(c)}</Text>
                  <StampProgress coupon={c} id={`wallet-stamps-${c.id}`} />
                </View>
                <Text className={`coupon-state ${c.state}`}>{stateLabel(c)}</Text>
              </View>
            ))}
            {wallet.data && !wallet.loading && wallet.data.coupons.length === 0 && !wallet.error ? <Empty id='wallet-empty'>暂无优惠券</Empty> : null}
          </View>
        </View>
      )}
      {shown.loading && !shown.data ? <Loading className='muted empty' /> : null}
    </View>
  )
}
