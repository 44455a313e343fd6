/**
 * Asking members for subscribe-message consent at natural moments (after registration, on claiming
 * a coupon, on the points page after a new purchase, from the message preferences page).
 *
 * A page renders <ConsentSheet /> once (in its flow: a card, never a mask over the page) and calls
 * `askConsent(moment)`, or `queueConsent(moment)` before leaving for a page that renders one (the
 * register page asks on the member home it goes to). The sheet asks the backend
 * which templates to ask for (at most three, kinds she turned off left out) and shows them:
 *  - weapp: tapping 允许 calls wx.requestSubscribeMessage (it must run inside a tap) with those ids;
 *  - H5 (no requestSubscribeMessage): the sheet itself is the consent dialog; in the local stack the
 *    acceptance is also given to the WeChat stand-in (POST /__dev/subscribe), as WeChat would record it.
 * Either way what was accepted and refused is reported to POST /members/me/subscriptions, which counts one
 * acceptance per accepted template.
 *
 * One moment at a time, in plain words: each kind is named by what it tells her (never a template's
 * internal title), the card scrolls into view when it opens, and once she taps 暂不 no other moment asks
 * again that day (only her own tap in 消息设置 does).
 */
import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { request } from '../../api/client'
import { bringIntoView, isWeapp, requestSubscribe } from '../../platform'
import { PrivacySheet } from '../privacy'
import './consent.scss'

export type ConsentMoment = 'register' | 'purchase' | 'coupon' | 'settings'

const OPEN = 'huiyuan:consent-open'
const NOTE = '消息提醒暂时无法设置，可稍后在「消息设置」中开启'

const QUEUED = 'huiyuan.consentQueued'
const DECLINED_ON = 'huiyuan.consentDeclinedOn'
let mounted = 0

/** What each kind of message tells her, in her words (the preferences page lists the same). */
export const CONSENT_KINDS: Record<string, { label: string; hint: string }> = {
  birthday: { label: '生日祝福', hint: '生日当天的祝福与生日礼' },
  pointsExpiring: { label: '积分到期提醒', hint: '积分即将过期时提醒' },
  tier: { label: '会员等级变动', hint: '升级或等级调整时通知' },
  couponExpiring: { label: '优惠券到期提醒', hint: '优惠券即将过期时提醒' },
  winback: { label: '回访关怀', hint: '久未到店时的问候与礼券' },
  complaint: { label: '投诉处理进度', hint: '你的反馈有新进展时通知' },
  campaign: { label: '会员活动', hint: '品牌会员活动与优惠' },
  repurchase: { label: '补货提醒', hint: '常买的商品快用完时提醒' },
}

/** Why she is asked now, as a question about her moment. */
const QUESTION: Record<ConsentMoment, string> = {
  register: '要不要在这些时候提醒你？',
  coupon: '优惠券快到期时提醒你？',
  purchase: '积分和等级有变化时提醒你？',
  settings: '选择要接收的微信通知',
}

/** Today in Beijing time (the brand's calendar), for "not again today". */
function today(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
}

function declinedToday(): boolean {
  try {
    return Taro.getStorageSync(DECLINED_ON) === today()
  } catch {
    return false
  }
}

function rememberDeclined(): void {
  try {
    Taro.setStorageSync(DECLINED_ON, today())
  } catch {
    // she may be asked again today
  }
}

/** Asks at the next page that shows a <ConsentSheet /> (e.g. registration, then the member home). */
export function queueConsent(moment: ConsentMoment): void {
  try {
    Taro.setStorageSync(QUEUED, moment)
  } catch {
    // not asked this time
  }
}

function takeQueued(): ConsentMoment | null {
  try {
    const m = Taro.getStorageSync(QUEUED) as ConsentMoment | ''
    if (m) Taro.removeStorageSync(QUEUED)
    return m || null
  } catch {
    return null
  }
}

/** Opens the consent sheet for a moment; resolves when it is closed (at once when there is nothing to ask). */
export function askConsent(moment: ConsentMoment): Promise<void> {
  if (mounted === 0) return Promise.resolve()
  return new Promise((resolve) => {
    Taro.eventCenter.trigger(OPEN, moment, resolve)
  })
}

function requestId(): string {
  return `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`
}

interface Ask {
  moment: ConsentMoment
  items: { templateId: string; title: string; hint: string; kind: string }[]
  done: () => void
}

async function report(moment: ConsentMoment, accepted: string[], rejected: string[]): Promise<void> {
  await request('reportSubscriptions', { body: { requestId: requestId(), accepted, rejected, moment } })
}

/** Mounted sheets, oldest first (one per page that shows one). */
const sheets: symbol[] = []

export function ConsentSheet() {
  const [ask, setAsk] = useState<Ask | null>(null)
  const [chosen, setChosen] = useState<Record<string, boolean>>({})
  const [busy, setBusy] = useState(false)
  // A failed ask or report is not hidden: a calm line says so, in place of the sheet.
  const [note, setNote] = useState('')

  useEffect(() => {
    mounted++
    // Pages under the one on top stay mounted: only the most recently mounted sheet (the top page's) answers.
    const me = Symbol('consent-sheet')
    sheets.push(me)
    const open = (moment: ConsentMoment, done: () => void) => {
      if (sheets[sheets.length - 1] !== me) return
      // She said 暂不 today: no other moment asks again until tomorrow (her own tap in settings does).
      if (moment !== 'settings' && declinedToday()) return done()
      setNote('')
      request('myCarePreferences')
        .then((p) => {
          const ids = p.ask[moment] ?? []
          const items = ids.map((id) => {
            const t = p.templates.find((x) => x.templateId === id)
            const kind = t?.kind ?? id
            return { templateId: id, title: CONSENT_KINDS[kind]?.label ?? t?.title ?? '消息提醒', hint: CONSENT_KINDS[kind]?.hint ?? '', kind, remaining: t?.remaining ?? 0 }
          })
          // Nothing to ask, or every one of them still has an acceptance left: do not nag.
          if (items.length === 0 || (moment !== 'settings' && items.every((i) => i.remaining > 0))) return done()
          setChosen(Object.fromEntries(items.map((i) => [i.templateId, true])))
          setAsk({ moment, items, done })
          // In view: the card is in the page's flow; brought into view when it opened out of sight.
          setTimeout(() => bringIntoView('#consent-sheet'), 50)
        })
        .catch(() => {
          setNote(NOTE)
          done()
        })
    }
    Taro.eventCenter.on(OPEN, open)
    const queued = takeQueued()
    if (queued) open(queued, () => undefined)
    return () => {
      mounted--
      sheets.splice(sheets.indexOf(me), 1)
      Taro.eventCenter.off(OPEN, open)
    }
  }, [])

  if (!ask) {
    return note ? (
      <View id='consent-note' className='consent-muted'>
        {note}
      </View>
    ) : null
  }

  const close = () => {
    const done = ask.done
    setAsk(null)
    done()
  }

  async function accept() {
    if (!ask || busy) return
    setBusy(true)
    const ids = ask.items.map((i) => i.templateId)
    try {
      const accepted = await requestSubscribe(
        ids,
        ids.filter((id) => chosen[id]),
      )
      await report(ask.moment, accepted, ids.filter((id) => !accepted.includes(id)))
      if (accepted.length) Taro.showToast({ title: '订阅成功', icon: 'success' }).catch(() => undefined)
    } catch {
      // Failed: nothing is counted, nothing will be sent; she can subscribe later from her settings.
      setNote(NOTE)
    } finally {
      setBusy(false)
      close()
    }
  }

  async function refuse() {
    if (!ask || busy) return
    setBusy(true)
    // Refusing only saves asking again soon: if it cannot be recorded, she may simply be asked again.
    if (ask.moment !== 'settings') rememberDeclined()
    await report(ask.moment, [], ask.items.map((i) => i.templateId)).catch(() => setNote(NOTE))
    setBusy(false)
    close()
  }

  return (
    <View id='consent-sheet' className='card consent-sheet'>
      <View className='consent-title'>{QUESTION[ask.moment]}</View>
      <View className='consent-muted'>允许后，我们会在下列情况通过微信通知你：</View>
      {ask.items.map((i) => (
        <View
          key={i.templateId}
          id={`consent-item-${i.kind}`}
          className={`consent-item ${chosen[i.templateId] ? 'on' : ''}`}
          onClick={() => !isWeapp && setChosen((c) => ({ ...c, [i.templateId]: !c[i.templateId] }))}
        >
          <View className='consent-words'>
            <Text>{i.title}</Text>
            {i.hint ? <Text className='consent-hint'>{i.hint}</Text> : null}
          </View>
          {isWeapp ? null : <Text className='consent-check'>{chosen[i.templateId] ? '✓' : '○'}</Text>}
        </View>
      ))}
      <View className='consent-muted'>微信规定每次允许只能发送一条，之后可在「我的 › 消息设置」中再次开启或关闭。</View>
      <View className='consent-actions'>
        <Button id='consent-reject' className='consent-button' disabled={busy} onClick={() => void refuse()}>
          今天不用
        </Button>
        <Button id='consent-accept' className='consent-button' type='primary' loading={busy} disabled={busy} onClick={() => void accept()}>
          允许
        </Button>
      </View>
      <PrivacySheet />
    </View>
  )
}
