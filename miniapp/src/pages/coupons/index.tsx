import { useRef, useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { RouteResponse } from '@shared/contract/routes'
import { request } from '../../api/client'
import { messageFor } from '../../api/messages'
import { askConsent, ConsentSheet } from '../../components/consent'
import { stateLabel, validityText, type WalletCoupon } from './labels'
import { StampProgress } from './stamps'
import './index.scss'

type CentreEntry = RouteResponse<'couponCentre'>['entries'][number]
type Tab = 'centre' | 'wallet'
type WalletFilter = 'available' | 'used' | 'expired'

const FILTERS: { key: WalletFilter; label: string }[] = [
  { key: 'available', label: '可使用' },
  { key: 'used', label: '已使用' },
  { key: 'expired', label: '已过期' },
]

/** A fresh idempotency key for one tap on 领取: 'cl' + time + random, within [A-Za-z0-9_-]{8,64}. */
function newRequestId(): string {
  const random = Math.random().toString(36).slice(2, 12).padEnd(6, '0')
  return `cl${Date.now().toString(36)}${random}`.slice(0, 64)
}

export default function Coupons() {
  const [tab, setTab] = useState<Tab>('centre')
  const [entries, setEntries] = useState<CentreEntry[]>([])
  const [filter, setFilter] = useState<WalletFilter>('available')
  const [coupons, setCoupons] = useState<WalletCoupon[]>([])
  const [loading, setLoading] = useState(false)
  const [loaded, setLoaded] = useState(false)
  const [error, setError] = useState('')
  const [claiming, setClaiming] = useState<string | null>(null)
  const [claimed, setClaimed] = useState('')
  // Answers to an older request (another tab or filter) are dropped.
  const seq = useRef(0)

  async function loadCentre() {
    const mine = ++seq.current
    setLoading(true)
    try {
      const res = await request('couponCentre')
      if (mine !== seq.current) return
      setEntries(res.entries)
      setLoaded(true)
      setError('')
    } catch (e) {
      if (mine === seq.current) setError(messageFor(e))
    } finally {
      if (mine === seq.current) setLoading(false)
    }
  }

  async function loadWallet(state: WalletFilter) {
    const mine = ++seq.current
    setLoading(true)
    try {
      const res = await request('myCoupons', { query: { state } })
      if (mine !== seq.current) return
      setCoupons(res.coupons)
      setLoaded(true)
      setError('')
    } catch (e) {
      if (mine === seq.current) setError(messageFor(e))
    } finally {
      if (mine === seq.current) setLoading(false)
    }
  }

  const reload = (t: Tab = tab, f: WalletFilter = filter) => (t === 'centre' ? loadCentre() : loadWallet(f))

  useDidShow(() => {
    void reload()
  })

  function chooseTab(t: Tab) {
    if (t === tab) return
    setTab(t)
    setLoaded(false)
    setError('')
    setClaimed('')
    void reload(t, filter)
  }

  function chooseFilter(f: WalletFilter) {
    if (f === filter) return
    setFilter(f)
    setCoupons([])
    setLoaded(false)
    void loadWallet(f)
  }

  /** Claims a free coupon, or exchanges points for one (the points are spent in the same transaction). */
  async function claim(entry: CentreEntry, withPoints = false) {
    if (claiming) return
    const requestId = newRequestId()
    setClaiming(entry.templateId)
    setClaimed('')
    setError('')
    let failure = ''
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
    } catch (e) {
      failure = messageFor(e)
      setError(failure)
    } finally {
      setClaiming(null)
    }
    // Stock and limits changed (or were stale): refresh, keeping the claim's error on screen.
    await loadCentre()
    if (failure) setError(failure)
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
      <View id='coupons-tabs' className='tabs' data-tab={tab}>
        <View id='coupons-tab-centre' className={tab === 'centre' ? 'tab active' : 'tab'} onClick={() => chooseTab('centre')}>
          领券中心
        </View>
        <View id='coupons-tab-wallet' className={tab === 'wallet' ? 'tab active' : 'tab'} onClick={() => chooseTab('wallet')}>
          我的券
        </View>
      </View>

      {claimed ? (
        <View id='claim-result' className='success'>
          {claimed}
        </View>
      ) : null}
      <ConsentSheet />
      {error ? (
        <View id='coupons-error' className='error'>
          {error}
        </View>
      ) : null}

      {tab === 'centre' ? (
        <View id='coupons-centre' className='list'>
          {entries.map((e) => {
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
                    onClick={() => void claim(e)}
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
                    onClick={() => void claim(e, true)}
                  >
                    {e.soldOut ? '已兑完' : `${e.pointsCost} 积分兑换`}
                  </Button>
                ) : null}
              </View>
            )
          })}
          {loaded && !loading && entries.length === 0 && !error ? (
            <View id='coupons-centre-empty' className='muted empty'>
              暂无可领取的优惠券
            </View>
          ) : null}
        </View>
      ) : (
        <View id='coupons-wallet'>
          <View id='wallet-filters' className='filters' data-filter={filter}>
            {FILTERS.map((f) => (
              <View
                key={f.key}
                id={`wallet-filter-${f.key}`}
                className={f.key === filter ? 'filter active' : 'filter'}
                onClick={() => chooseFilter(f.key)}
              >
                {f.label}
              </View>
            ))}
          </View>
          <View className='list'>
            {coupons.map((c) => (
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
            {loaded && !loading && coupons.length === 0 && !error ? (
              <View id='wallet-empty' className='muted empty'>
                暂无优惠券
              </View>
            ) : null}
          </View>
        </View>
      )}
      {loading && !loaded ? <View className='muted empty'>加载中…</View> : null}
    </View>
  )
}
