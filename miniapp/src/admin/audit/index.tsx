import { useEffect, useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { RouteQuery } from '../../api/client'
import { request } from '../../api/client'
import type { RouteResponse } from '@shared/contract/routes'
import { AUDIT_ACTION_LABELS } from '@shared/domain/audit'
import { ChoiceChips, Empty, ErrorNote, RoleGate, useResource, useSubmit } from '../../kit'
import { Field, TextInput } from '../../kit/fields'
import { getSession } from '../../session'
import { adminError } from '../errors'
import { TitleBar } from '../ui'
import { formatTime, signedInId } from '../common'
import '../common.scss'
import './index.scss'

type Page = RouteResponse<'adminAudit'>
type Entry = Page['entries'][number]
type Filters = { member?: string; memberLabel?: string; actor?: string; actorLabel?: string; action?: string; from?: string; to?: string }

/** Actions offered as a filter: all, then the ones people most often look for, then the rest. */
const FIRST = ['member.phone_revealed', 'complaint.phone_revealed', 'points.adjust', 'tier.manual', 'segment.export', 'coupon.issue']
const choice = (a: string) => ({ value: a, label: a ? AUDIT_ACTION_LABELS[a]! : '全部操作', id: `audit-action-${a ? a.replace(/\./g, '-') : 'all'}` })
const COMMON = ['', ...FIRST].map(choice)
const ALL = [...COMMON, ...Object.keys(AUDIT_ACTION_LABELS).filter((a) => !FIRST.includes(a)).map(choice)]
const PAGE = 30
const DATE = /^\d{4}-\d{2}-\d{2}$/

/** 审计日志: who did what to whom and when (Beijing time), newest first; filters by member, person, action and dates. */
function AdminAudit() {
  const router = useRouter()
  const me = signedInId(getSession()?.token)
  const [filters, setFilters] = useState<Filters>(() => (router.params.member ? { member: String(router.params.member) } : {}))
  const [phone, setPhone] = useState('')
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const [allActions, setAllActions] = useState(false)
  const query: RouteQuery<'adminAudit'> = {
    limit: PAGE,
    ...(filters.member ? { member: filters.member } : {}),
    ...(filters.actor ? { actor: filters.actor } : {}),
    ...(filters.action ? { action: filters.action } : {}),
    ...(filters.from ? { from: filters.from } : {}),
    ...(filters.to ? { to: filters.to } : {}),
  }
  const log = useResource('adminAudit', { query, reloadOnShow: false })
  const [more, setMore] = useState<Page | null>(null)
  useEffect(() => setMore(null), [log.data])
  const entries: Entry[] = [...(log.data?.entries ?? []), ...(more?.entries ?? [])]
  const cursor = more ? more.cursor : (log.data?.cursor ?? null)
  const next = useSubmit(async (after: string) => {
    const page = await request('adminAudit', { query: { ...query, cursor: after } })
    setMore((m) => ({ entries: [...(m?.entries ?? []), ...page.entries], cursor: page.cursor }))
  })

  // A phone number typed in: the member it belongs to becomes the member filter.
  const findMember = useSubmit(async () => {
    const p = phone.replace(/\s/g, '')
    if (!p) return setFilters((f) => ({ ...f, member: undefined, memberLabel: undefined }))
    if (!/^1\d{10}$/.test(p)) throw '请输入 11 位手机号'
    const m = await request('adminFindMember', { query: { phone: p } })
    setFilters((f) => ({ ...f, member: m.id, memberLabel: `${m.name ?? ''} ${m.phoneMasked}`.trim() }))
  })
  const applyDates = useSubmit(async () => {
    if ((from && !DATE.test(from)) || (to && !DATE.test(to))) throw '日期请按“年-月-日”填写，如 2026-12-01'
    if (from && to && from > to) throw '结束日期不能早于开始日期'
    setFilters((f) => ({ ...f, from: from || undefined, to: to || undefined }))
  })
  const who = (e: Entry) => (me && e.actor === me ? '我' : e.actorLabel)
  const memberOnly = filters.member ? (filters.memberLabel ?? entries.find((e) => e.memberId === filters.member)?.memberLabel ?? '该会员') : null

  return (
    <View className='page admin-page admin-audit'>
      <View className='card'>
        <TitleBar title='审计日志' reloadId='audit-reload' loading={log.loading} onReload={log.reload} />
        <View className='muted'>管理员与店员的改动、导出和查看完整手机号的记录，最新的在前（北京时间）。</View>
        <Field label='会员手机号'>
          <View className='row'>
            <TextInput id='audit-phone' className='input grow' type='number' maxlength={11} placeholder='输入手机号只看该会员' value={phone} onChange={setPhone} onConfirm={() => void findMember.submit()} />
            <Button id='audit-phone-submit' className='row-side' size='small' loading={findMember.busy} onClick={() => void findMember.submit()}>
              筛选
            </Button>
          </View>
        </Field>
        <ErrorNote id='audit-phone-error' error={adminError(findMember.error)} />
        <Field label='操作类型'>
          <ChoiceChips className='choices audit-actions' idPrefix='audit-action' options={allActions ? ALL : COMMON} value={filters.action ?? ''} onChange={(action) => setFilters((f) => ({ ...f, action: action || undefined }))} />
          <Button id='audit-actions-toggle' size='small' onClick={() => setAllActions((v) => !v)}>
            {allActions ? '收起' : '更多类型'}
          </Button>
        </Field>
        <Field label='日期范围'>
          <View className='row audit-dates'>
            <TextInput id='audit-from' className='input' maxlength={10} placeholder='开始日期' value={from} onChange={setFrom} />
            <TextInput id='audit-to' className='input' maxlength={10} placeholder='结束日期' value={to} onChange={setTo} />
            <Button id='audit-dates-submit' className='row-side' size='small' onClick={() => void applyDates.submit()}>
              确定
            </Button>
          </View>
        </Field>
        <View className='muted'>日期按“年-月-日”填写，如 2026-12-01；可只填一项</View>
        <ErrorNote id='audit-dates-error' error={adminError(applyDates.error)} />
        {memberOnly || filters.actor ? (
          <View className='row audit-filter-note'>
            <View id='audit-filter' className='muted grow'>
              {memberOnly ? `只看会员：${memberOnly}` : ''}
              {memberOnly && filters.actor ? '；' : ''}
              {filters.actor ? `只看操作人：${filters.actor === me ? '我' : (filters.actorLabel ?? '该人员')}` : ''}
            </View>
            <Button id='audit-filter-clear' size='small' onClick={() => { setPhone(''); setFilters((f) => ({ action: f.action, from: f.from, to: f.to })) }}>
              清除
            </Button>
          </View>
        ) : null}
      </View>
      <ErrorNote id='audit-error' error={adminError(log.error)} />
      {log.data ? (
        <View id='audit-list' className='card'>
          {entries.length === 0 ? <Empty id='audit-empty' className='muted'>没有符合条件的记录</Empty> : null}
          {entries.map((e, i) => (
            <View key={`${e.at}-${i}`} className='list-row audit-row' data-action={e.action} data-member-id={e.memberId ?? ''}>
              <View className='between'>
                <View className='audit-what'>{e.actionLabel}</View>
                <View className='muted audit-at'>{formatTime(e.at)}</View>
              </View>
              <View className='between'>
                <View className='muted'>
                  操作人 <View className='audit-actor' style={{ display: 'inline' }}>{who(e)}</View>
                  {e.memberLabel ? ` · 会员 ${e.memberLabel}` : ''}
                </View>
                {filters.actor === e.actor ? null : (
                  <Button className='audit-only-actor' size='small' onClick={() => setFilters((f) => ({ ...f, actor: e.actor, actorLabel: e.actorLabel }))}>
                    只看此人
                  </Button>
                )}
              </View>
            </View>
          ))}
          {cursor ? (
            <Button id='audit-more' size='small' block loading={next.busy} onClick={() => void next.submit(cursor)}>
              更多
            </Button>
          ) : null}
          <ErrorNote error={adminError(next.error)} />
        </View>
      ) : null}
    </View>
  )
}

/** For admins only: signed out, it asks to sign in and comes back; another role is told and shown the way back. */
export default function AdminAuditPage() {
  return (
    <RoleGate role='admin' title='审计日志'>
      <AdminAudit />
    </RoleGate>
  )
}
