import { useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { AdminMemberView, LedgerPage } from '@shared/contract/points'
import type { RouteResponse } from '@shared/contract/routes'
import { ApiError, request } from '../../api/client'
import { TIER_REASON } from '../../utils/format'
import { describeError, formatDate, formatTime, parseIntText, signed } from '../common'
import '../common.scss'
import './index.scss'

type TierHistory = RouteResponse<'adminMemberTierHistory'>['entries']
type AuditEntries = RouteResponse<'adminAudit'>['entries']

/** What an audited admin change was, in Chinese. */
const AUDIT_ACTION: Record<string, string> = { 'points.adjust': '积分调整', 'tier.manual': '手动设置等级', 'member.tags': '修改标签' }
type TiersResponse = RouteResponse<'adminGetTiers'>
type LedgerEntry = LedgerPage['entries'][number]

const PAGE = 20
const INSIGHT_STAGE: Record<string, string> = { new: '新客', active: '活跃', silent: '沉默', dormant: '睡眠', lost: '流失' }

const FAMILY_ROLE: Record<AdminMemberView['family']['role'], string> = {
  none: '未加入家庭账户',
  primary: '家庭主卡',
  secondary: '家庭副卡',
}

const FIELD_NAMES: Record<string, string> = {
  phone: '手机号',
  points: '积分',
  reason: '原因',
  adjustmentId: '调整编号',
  tierCode: '等级',
  until: '截止日期',
}

const newAdjustmentId = () => `adj${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`

export default function AdminMembers() {
  const [phone, setPhone] = useState('')
  const [searching, setSearching] = useState(false)
  const [searchError, setSearchError] = useState('')
  const [member, setMember] = useState<AdminMemberView | null>(null)
  const [ledger, setLedger] = useState<LedgerEntry[]>([])
  const [cursor, setCursor] = useState<string | null>(null)
  const [loadingMore, setLoadingMore] = useState(false)
  const [history, setHistory] = useState<TierHistory>([])
  const [audit, setAudit] = useState<AuditEntries>([])
  const [tiers, setTiers] = useState<TiersResponse | null>(null)
  const [insight, setInsight] = useState<RouteResponse<'memberTags'> | null>(null)

  // Adjustment: one id per submission. A retry of the same values (after a network error, say) reuses
  // it, so the server adjusts once; new values or a successful submission start a new id.
  const [adjPoints, setAdjPoints] = useState('')
  const [adjReason, setAdjReason] = useState('')
  const [adjId, setAdjId] = useState(newAdjustmentId)
  const [adjPending, setAdjPending] = useState(false)
  const [adjError, setAdjError] = useState('')
  const [adjResult, setAdjResult] = useState<{ balance: number; replayed: boolean } | null>(null)

  const [manualCode, setManualCode] = useState('')
  const [manualUntil, setManualUntil] = useState('')
  const [manualReason, setManualReason] = useState('')
  const [manualPending, setManualPending] = useState(false)
  const [manualError, setManualError] = useState('')
  const [manualDone, setManualDone] = useState(false)

  async function loadLedger(memberId: string) {
    const page = await request('adminMemberLedger', { params: { memberId }, query: { limit: PAGE } })
    setLedger(page.entries)
    setCursor(page.cursor)
  }

  async function loadHistory(memberId: string) {
    const [res, log] = await Promise.all([
      request('adminMemberTierHistory', { params: { memberId } }),
      request('adminAudit', { query: { target: `member:${memberId}`, limit: 20 } }),
    ])
    setHistory(res.entries)
    setAudit(log.entries)
    // Tags, lifecycle and RFM (segments); the page works without them.
    setInsight(await request('memberTags', { params: { memberId } }).catch(() => null))
  }

  async function search() {
    if (searching) return
    const p = phone.replace(/\s/g, '')
    setSearchError('')
    if (!/^1\d{10}$/.test(p)) {
      setSearchError('请输入 11 位手机号')
      return
    }
    setSearching(true)
    try {
      const m = await request('adminFindMember', { query: { phone: p } })
      setMember(m)
      setAdjResult(null)
      setAdjError('')
      setManualError('')
      setManualDone(false)
      setManualCode(m.manualTier?.code ?? m.tier.code)
      const [, , t] = await Promise.all([loadLedger(m.id), loadHistory(m.id), tiers ? Promise.resolve(tiers) : request('adminGetTiers')])
      setTiers(t)
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        setMember(null)
        setSearchError('未找到该手机号的会员')
      } else setSearchError(describeError(e, FIELD_NAMES))
    } finally {
      setSearching(false)
    }
  }

  async function more() {
    if (!member || !cursor || loadingMore) return
    setLoadingMore(true)
    try {
      const page = await request('adminMemberLedger', { params: { memberId: member.id }, query: { limit: PAGE, cursor } })
      setLedger((l) => [...l, ...page.entries])
      setCursor(page.cursor)
    } catch (e) {
      setSearchError(describeError(e))
    } finally {
      setLoadingMore(false)
    }
  }

  async function reload(memberId: string) {
    const [m] = await Promise.all([request('adminGetMember', { params: { memberId } }), loadLedger(memberId), loadHistory(memberId)])
    setMember(m)
  }

  function editAdjustment(patch: { points?: string; reason?: string }) {
    const points = patch.points ?? adjPoints
    const reason = patch.reason ?? adjReason
    if (points !== adjPoints || reason !== adjReason) setAdjId(newAdjustmentId())
    setAdjPoints(points)
    setAdjReason(reason)
    setAdjResult(null)
  }

  async function adjust() {
    if (!member || adjPending) return
    setAdjError('')
    setAdjResult(null)
    const points = parseIntText(adjPoints, true)
    if (points === null || points === 0) {
      setAdjError('请输入非零整数积分（扣减填负数）')
      return
    }
    if (adjReason.trim().length < 2) {
      setAdjError('请填写原因（至少 2 个字）')
      return
    }
    setAdjPending(true)
    try {
      const res = await request('adminAdjustPoints', {
        params: { memberId: member.id },
        body: { adjustmentId: adjId, points, reason: adjReason.trim() },
      })
      setAdjResult({ balance: res.balance, replayed: res.replayed })
      setAdjId(newAdjustmentId())
      setAdjPoints('')
      setAdjReason('')
      // The adjustment is made; a failed refresh is reported apart from it.
      await reload(member.id).catch((e: unknown) => setSearchError(describeError(e)))
    } catch (e) {
      setAdjError(describeError(e, FIELD_NAMES))
    } finally {
      setAdjPending(false)
    }
  }

  async function setTier() {
    if (!member || manualPending) return
    setManualError('')
    setManualDone(false)
    if (!manualCode) {
      setManualError('请选择等级')
      return
    }
    const until = manualUntil.trim()
    if (!/^\d{4}-\d{2}-\d{2}$/.test(until)) {
      setManualError('截止日期格式为 YYYY-MM-DD')
      return
    }
    if (manualReason.trim().length < 2) {
      setManualError('请填写原因（至少 2 个字）')
      return
    }
    setManualPending(true)
    try {
      const m = await request('adminSetTier', {
        params: { memberId: member.id },
        body: { tierCode: manualCode, until, reason: manualReason.trim() },
      })
      setMember(m)
      setManualDone(true)
      await Promise.all([loadHistory(member.id), loadLedger(member.id)])
    } catch (e) {
      setManualError(describeError(e, FIELD_NAMES))
    } finally {
      setManualPending(false)
    }
  }

  const ladder = tiers ? [...tiers.tiers].sort((a, b) => a.rank - b.rank) : []
  const tierName = (code: string) => ladder.find((t) => t.code === code)?.name ?? code

  return (
    <View className='page admin-page admin-members'>
      <View className='card'>
        <View className='title'>会员查询</View>
        <View className='row'>
          <Input
            id='member-search-phone'
            className='input grow'
            type='number'
            maxlength={11}
            placeholder='会员手机号'
            value={phone}
            onInput={(e) => setPhone(e.detail.value)}
            onConfirm={() => void search()}
          />
          <Button id='member-search-submit' className='search-btn' type='primary' loading={searching} onClick={() => void search()}>
            查询
          </Button>
        </View>
        {searchError ? (
          <View id='member-search-error' className='error'>
            {searchError}
          </View>
        ) : null}
      </View>

      {member ? (
        <View id='member-card' className='card member-card' data-member-id={member.id}>
          <View className='between'>
            <View>
              <View id='member-phone' className='member-phone'>
                {member.phone}
              </View>
              <View id='member-name' className='muted'>
                {member.name ?? '未填写姓名'} · 注册于 {formatDate(member.registeredAt)}
              </View>
            </View>
            <View id='member-tier' className='member-tier'>
              {member.tier.name}
            </View>
          </View>
          <View id='member-tier-since' className='muted'>
            {member.tier.name} · 自 {member.tier.since}
            {member.tier.retainUntil ? ` · 保级至 ${member.tier.retainUntil}` : ''}
          </View>
          {member.manualTier ? (
            <View id='member-manual-tier' className='muted'>
              人工设置：{tierName(member.manualTier.code)} 至 {member.manualTier.until}（{member.manualTier.reason} · {member.manualTier.by}）
            </View>
          ) : null}
          <View className='stats'>
            <View className='stat'>
              <View id='member-balance' className='stat-value'>
                {member.points.balance}
              </View>
              <View className='muted'>积分余额</View>
            </View>
            <View className='stat'>
              <View id='member-spendable' className='stat-value'>
                {member.points.spendable}
              </View>
              <View className='muted'>可用</View>
            </View>
            <View className='stat'>
              <View id='member-held' className='stat-value'>
                {member.points.held}
              </View>
              <View className='muted'>冻结中</View>
            </View>
            <View className='stat'>
              <View id='member-debt' className={member.points.debt > 0 ? 'stat-value debt' : 'stat-value'}>
                {member.points.debt}
              </View>
              <View className='muted'>欠分</View>
            </View>
          </View>
          <View id='member-family' className='muted'>
            {FAMILY_ROLE[member.family.role]}
            {member.points.account === 'family' ? '（余额为家庭共享积分）' : ''}
          </View>
          {insight ? (
            <View id='member-insight' className='muted' data-lifecycle={insight.lifecycle}>
              {INSIGHT_STAGE[insight.lifecycle]} · R{insight.rfm.r} F{insight.rfm.f} M{insight.rfm.m} · 近 12 个月 {insight.orders12m} 笔 · 标签：
              {insight.tags.length ? insight.tags.join('、') : '暂无'}
              {insight.registrationStoreId ? ` · 注册门店 ${insight.registrationStoreId}` : ''}
              {insight.lastStoreId ? ` · 最近消费门店 ${insight.lastStoreId}` : ''}
            </View>
          ) : null}
        </View>
      ) : null}

      {member ? (
        <View id='adjust-form' className='card'>
          <View className='section-title'>积分调整</View>
          <View className='field'>
            <Text className='label'>积分（增加填正数，扣减填负数）</Text>
            <Input
              id='adjust-points'
              className='input'
              placeholder='如 100 或 -50'
              value={adjPoints}
              onInput={(e) => editAdjustment({ points: e.detail.value })}
            />
          </View>
          <View className='field'>
            <Text className='label'>原因</Text>
            <Input id='adjust-reason' className='input' maxlength={100} placeholder='必填' value={adjReason} onInput={(e) => editAdjustment({ reason: e.detail.value })} />
          </View>
          <Button id='adjust-submit' type='primary' block loading={adjPending} disabled={adjPending} onClick={() => void adjust()}>
            确认调整
          </Button>
          {adjError ? (
            <View id='adjust-error' className='error'>
              {adjError}
            </View>
          ) : null}
          {adjResult ? (
            <View>
              <View id='adjust-result' className='success'>
                已调整，当前余额 {adjResult.balance}
              </View>
              {adjResult.replayed ? <View className='muted'>重复提交，未重复计入</View> : null}
            </View>
          ) : null}
        </View>
      ) : null}

      {member ? (
        <View id='manual-form' className='card'>
          <View className='section-title'>手动设置等级</View>
          <View id='manual-tier' className='choices' data-value={manualCode}>
            {ladder.map((t) => (
              <Button
                key={t.code}
                id={`manual-tier-${t.code}`}
                size='small'
                type={manualCode === t.code ? 'primary' : 'default'}
                className={manualCode === t.code ? 'choice active' : 'choice'}
                onClick={() => {
                  setManualCode(t.code)
                  setManualDone(false)
                }}
              >
                {t.name}
              </Button>
            ))}
          </View>
          <View className='field'>
            <Text className='label'>截止日期（含当天）</Text>
            <Input id='manual-until' className='input' placeholder='YYYY-MM-DD' maxlength={10} value={manualUntil} onInput={(e) => setManualUntil(e.detail.value)} />
          </View>
          <View className='field'>
            <Text className='label'>原因</Text>
            <Input id='manual-reason' className='input' maxlength={100} placeholder='必填' value={manualReason} onInput={(e) => setManualReason(e.detail.value)} />
          </View>
          <Button id='manual-submit' type='primary' block loading={manualPending} disabled={manualPending} onClick={() => void setTier()}>
            设置等级
          </Button>
          {manualError ? (
            <View id='manual-error' className='error'>
              {manualError}
            </View>
          ) : null}
          {manualDone ? (
            <View id='manual-result' className='success'>
              已设置为 {tierName(manualCode)}，至 {manualUntil.trim()}
            </View>
          ) : null}
        </View>
      ) : null}

      {member ? (
        <View id='member-ledger' className='card'>
          <View className='section-title'>积分明细</View>
          {ledger.length === 0 ? (
            <View id='member-ledger-empty' className='muted'>
              暂无积分记录
            </View>
          ) : (
            ledger.map((e) => (
              <View key={e.id} className='list-row member-ledger-entry between' data-entry-id={e.id} data-type={e.type}>
                <View className='grow'>
                  <View className='ledger-description'>{e.description}</View>
                  {e.note ? <View className='muted ledger-note'>{e.note}</View> : null}
                  {e.byMember ? <View className='muted ledger-by'>{e.byMember}</View> : null}
                  <View className='muted ledger-date'>{formatTime(e.createdAt)}</View>
                </View>
                <View className='ledger-right'>
                  <View className={e.points >= 0 ? 'plus ledger-points' : 'minus ledger-points'}>{signed(e.points)}</View>
                  <View className='muted ledger-balance'>余额 {e.balanceAfter}</View>
                </View>
              </View>
            ))
          )}
          {cursor ? (
            <Button id='member-ledger-more' size='small' block loading={loadingMore} onClick={() => void more()}>
              更多
            </Button>
          ) : null}
        </View>
      ) : null}

      {member ? (
        <>
          <View id='member-tier-history' className='card'>
            <View className='section-title'>等级变更</View>
            {history.length === 0 ? (
              <View className='muted'>暂无等级变更</View>
            ) : (
              history.map((h, i) => (
                <View key={`${h.at}-${i}`} className='list-row member-tier-row'>
                  <View>
                    {formatDate(h.at)} · {tierName(h.from)} → {tierName(h.to)}
                  </View>
                  <View className='muted'>
                    {TIER_REASON[h.reason] ?? h.reason}
                    {h.note ? `（${h.note}）` : ''}
                    {h.by ? ` · ${h.by}` : ''}
                  </View>
                </View>
              ))
            )}
          </View>
          <View id='member-audit' className='card'>
            <View className='section-title'>操作记录</View>
            {audit.length === 0 ? (
              <View className='muted'>暂无操作记录</View>
            ) : (
              audit.map((a, i) => (
                <View key={`${a.at}-${i}`} className='list-row member-audit-row'>
                  <View>
                    {formatDate(a.at)} · {AUDIT_ACTION[a.action] ?? a.action}
                  </View>
                  <View className='muted'>操作人 {a.actor}</View>
                </View>
              ))
            )}
          </View>
        </>
      ) : null}
    </View>
  )
}
