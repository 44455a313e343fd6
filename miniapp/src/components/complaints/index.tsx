/** Pieces shared by the member, staff and desk complaint pages: labels, list rows, actions, the timeline. */
import { useState, type ReactNode } from 'react'
import { Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { ComplaintDetail, ComplaintEvent, ComplaintView } from '@shared/contract'
import { CATEGORY_LABELS, STATE_LABELS } from '@shared/domain/complaints'
import { errorText } from '../../kit'
import { formatTime } from '../../utils/format'
import { useStoreNames } from '../store/names'

/** Labels of the domain's values (category, state), from shared/domain. */
export const CATEGORY_LABEL: Record<ComplaintView['category'], string> = CATEGORY_LABELS
export const STATE_LABEL: Record<ComplaintView['state'], string> = STATE_LABELS

export const CONTACT_LABEL: Record<ComplaintView['contact']['method'], string> = {
  phone: '电话联系',
  wechat: '微信消息',
  none: '无需联系',
}

const EVENT_LABEL: Record<ComplaintEvent['type'], string> = {
  created: '提交投诉',
  assigned: '分派处理',
  replied: '回复',
  in_progress: '开始处理',
  resolved: '已解决',
  closed: '已关闭',
  reopened: '重新打开',
  rated: '评价',
}

const BY_LABEL: Record<ComplaintEvent['by'], string> = { member: '会员', staff: '门店', admin: '客服' }

export const newRequestId = () => `cq${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`

/** The complaint's timeline, oldest first: who did what, and the replies' text. */
export function Timeline({ complaint }: { complaint: ComplaintDetail }) {
  return (
    <View id='complaint-timeline' className='card complaint-timeline'>
      <View className='section'>处理进度</View>
      {complaint.timeline.map((e, i) => (
        <View key={`${e.at}-${i}`} className={`timeline-event event-${e.type}`} data-type={e.type} data-by={e.by}>
          <View className='timeline-head'>
            <Text className='timeline-what'>
              {BY_LABEL[e.by]}
              {EVENT_LABEL[e.type]}
            </Text>
            <Text className='muted'>{formatTime(e.at)}</Text>
          </View>
          {e.text ? <View className='timeline-text'>{e.text}</View> : null}
          {e.type === 'rated' ? <View className='muted'>{e.summary}</View> : null}
        </View>
      ))}
    </View>
  )
}

/** The complaint's main facts. */
export function ComplaintFacts({ complaint, desk = false }: { complaint: ComplaintView; desk?: boolean }) {
  const stores = useStoreNames()
  return (
    <View id='complaint-facts' className='card complaint-facts' data-complaint-id={complaint.id}>
      <View className='between'>
        <Text className='complaint-category'>{CATEGORY_LABEL[complaint.category]}</Text>
        <Text id='complaint-state' className={`state-tag state-${complaint.state}`} data-state={complaint.state}>
          {STATE_LABEL[complaint.state]}
        </Text>
      </View>
      <View id='complaint-text' className='complaint-text'>
        {complaint.text}
      </View>
      <View className='muted'>编号 {complaint.id}</View>
      <View className='muted'>提交于 {formatTime(complaint.createdAt)}</View>
      {complaint.orderId ? <View className='muted'>订单号 {complaint.orderId}</View> : null}
      {complaint.storeId ? <View className='muted'>门店 {stores.nameOf(complaint.storeId)}</View> : null}
      <View className='muted'>
        联系方式：{CONTACT_LABEL[complaint.contact.method]}
        {complaint.contact.phone ? ` ${complaint.contact.phone}` : ''}
      </View>
      {desk && complaint.assignee ? <View className='muted'>处理人 {complaint.assignee}</View> : null}
      {desk ? (
        <View className='muted'>
          首次回复期限 {formatTime(complaint.dueAt)}
          {complaint.firstResponseAt ? `，已于 ${formatTime(complaint.firstResponseAt)} 回复` : ''}
        </View>
      ) : null}
      {complaint.overdue ? (
        <View id='complaint-overdue' className='overdue-badge'>
          已超时未回复
        </View>
      ) : null}
      {complaint.rating ? (
        <View id='complaint-rating' className='complaint-rating' data-score={complaint.rating.score}>
          评价：{'★'.repeat(complaint.rating.score)}
          {'☆'.repeat(5 - complaint.rating.score)} {complaint.rating.comment}
        </View>
      ) : null}
    </View>
  )
}

/** One complaint in a list: category (and the store's name, for the desk), state, the start of the text, then `children`. */
export function ComplaintRow(p: { complaint: ComplaintView; id: string; className?: string; storeName?: string; onClick: () => void; children?: ReactNode }) {
  const c = p.complaint
  return (
    <View id={p.id} className={`complaint-row ${p.className ?? ''}`} data-state={c.state} data-overdue={c.overdue ? 'true' : 'false'} onClick={p.onClick}>
      <View className='between'>
        <Text className='complaint-category'>
          {CATEGORY_LABEL[c.category]}
          {p.storeName ? ` · ${p.storeName}` : ''}
        </Text>
        <Text className={`state-tag state-${c.state}`}>{STATE_LABEL[c.state]}</Text>
      </View>
      <View className='complaint-text'>{c.text.length > 40 ? `${c.text.slice(0, 40)}…` : c.text}</View>
      {p.children}
    </View>
  )
}

export type DeskMove = 'start' | 'resolve' | 'close'

/**
 * What the store (staff) or the desk (admin) does with a complaint: reply and start or resolve it
 * while it is open, close it once resolved. Element ids start with `idPrefix`.
 */
export function ComplaintActions(p: {
  complaint: ComplaintView
  idPrefix: string
  title?: string
  placeholder: string
  reply: string
  onReplyChange: (text: string) => void
  pending: boolean
  onReply: () => void
  onMove: (action: DeskMove) => void
}) {
  const { state } = p.complaint
  if (state === 'resolved') {
    return (
      <View className='card'>
        <Button id={`${p.idPrefix}-close`} block disabled={p.pending} onClick={() => p.onMove('close')}>
          关闭投诉
        </Button>
      </View>
    )
  }
  if (state !== 'new' && state !== 'in_progress') return null
  return (
    <View className='card'>
      {p.title ? <View className='section-title'>{p.title}</View> : null}
      <Textarea id={`${p.idPrefix}-reply-text`} className='textarea' placeholder={p.placeholder} maxlength={1000} value={p.reply} onInput={(e) => p.onReplyChange(e.detail.value)} />
      <View className='actions'>
        <Button id={`${p.idPrefix}-reply-submit`} type='primary' block loading={p.pending} disabled={p.pending} onClick={p.onReply}>
          回复
        </Button>
        {state === 'new' ? (
          <Button id={`${p.idPrefix}-start`} block disabled={p.pending} onClick={() => p.onMove('start')}>
            开始处理
          </Button>
        ) : (
          <Button id={`${p.idPrefix}-resolve`} type='success' block disabled={p.pending} onClick={() => p.onMove('resolve')}>
            标记已解决
          </Button>
        )}
      </View>
    </View>
  )
}

/**
 * The store calls back a member who chose to be phoned: the number shows masked until the clerk taps
 * 查看号码 (or 拨打 on weapp, which dials at once); `reveal` asks the API, which audits each reveal.
 */
export function CallBack(p: { complaint: ComplaintView; reveal: (id: string) => Promise<{ phone: string }>; dial: (phone: string) => Promise<boolean>; canDial: boolean }) {
  const [phone, setPhone] = useState<string | null>(null)
  const [pending, setPending] = useState(false)
  const [error, setError] = useState('')
  const c = p.complaint
  if (c.contact.method !== 'phone' || !c.contact.phone) return null

  async function show(thenDial: boolean) {
    setError('')
    let full = phone
    if (!full) {
      setPending(true)
      try {
        full = (await p.reveal(c.id)).phone
        setPhone(full)
      } catch (e) {
        setError(errorText(e) || '查看号码失败，请重试')
        return
      } finally {
        setPending(false)
      }
    }
    if (thenDial) await p.dial(full)
  }

  return (
    <View id='complaint-callback' className='card complaint-callback'>
      <View className='section'>会员希望电话联系</View>
      <View id='complaint-callback-phone' className='callback-phone'>
        {phone ?? c.contact.phone}
      </View>
      <View className='muted'>为保护会员隐私，号码默认隐藏；每次查看都会留下记录。</View>
      <View className='actions'>
        {p.canDial ? (
          <Button id='complaint-callback-dial' type='primary' block loading={pending} disabled={pending} onClick={() => void show(true)}>
            拨打
          </Button>
        ) : null}
        {phone ? null : (
          <Button id='complaint-callback-reveal' block loading={pending && !p.canDial} disabled={pending} onClick={() => void show(false)}>
            查看号码
          </Button>
        )}
      </View>
      {error ? <View className='error'>{error}</View> : null}
    </View>
  )
}
