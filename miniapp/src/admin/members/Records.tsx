import { useEffect, useState } from 'react'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { RouteResponse } from '@shared/contract/routes'
import { request } from '../../api/client'
import { Empty, ErrorNote, useSubmit } from '../../kit'
import { TIER_REASON } from '../../utils/format'
import { adminError } from '../errors'
import { actorName, formatDate, formatTime, signed } from '../common'
import { ListCard } from '../ui'
import { PAGE, type MemberFile } from './file'

type LedgerPage = Pick<RouteResponse<'adminMemberLedger'>, 'entries' | 'cursor'>

/** 积分明细: the ledger, newest first, a page at a time. */
export function Ledger({ memberId, ledger }: { memberId: string; ledger: MemberFile['ledger'] }) {
  // Pages read with 更多, after the first; a new first page starts over.
  const [more, setMore] = useState<LedgerPage | null>(null)
  useEffect(() => setMore(null), [ledger.data])
  const entries = [...(ledger.data?.entries ?? []), ...(more?.entries ?? [])]
  const cursor = more ? more.cursor : (ledger.data?.cursor ?? null)
  const next = useSubmit(async (after: string) => {
    const page = await request('adminMemberLedger', { params: { memberId }, query: { limit: PAGE, cursor: after } })
    setMore((m) => ({ entries: [...(m?.entries ?? []), ...page.entries], cursor: page.cursor }))
  })

  return (
    <View id='member-ledger' className='card'>
      <View className='section-title'>积分明细</View>
      {entries.length === 0 ? (
        <Empty id='member-ledger-empty' className='muted'>暂无积分记录</Empty>
      ) : (
        entries.map((e) => (
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
        <Button id='member-ledger-more' size='small' block loading={next.busy} onClick={() => void next.submit(cursor)}>
          更多
        </Button>
      ) : null}
      <ErrorNote id='member-ledger-error' error={adminError(next.error) || adminError(ledger.error)} />
    </View>
  )
}

/** 等级变更 and 操作记录: how the member's tier moved, and what admins changed. */
export function History({ file, tierName }: { file: MemberFile; tierName: (code: string) => string }) {
  const history = file.history.data?.entries ?? []
  const audit = file.audit.data?.entries ?? []
  return (
    <>
      <ListCard id='member-tier-history' title='等级变更' count={history.length} empty='暂无等级变更' error={file.history.error}>
        {history.map((h, i) => (
          <View key={`${h.at}-${i}`} className='list-row member-tier-row'>
            <View>
              {formatDate(h.at)} · {tierName(h.from)} → {tierName(h.to)}
            </View>
            <View className='muted'>
              {TIER_REASON[h.reason] ?? h.reason}
              {h.note ? `（${h.note}）` : ''}
              {h.by ? ` · ${actorName(h.by)}` : ''}
            </View>
          </View>
        ))}
      </ListCard>
      <ListCard id='member-audit' title='操作记录' count={audit.length} empty='暂无操作记录' error={file.audit.error}>
        {audit.map((a, i) => (
          <View key={`${a.at}-${i}`} className='list-row member-audit-row'>
            <View>
              {formatDate(a.at)} · {a.actionLabel}
            </View>
            <View className='muted'>操作人 {a.actorLabel}</View>
          </View>
        ))}
      </ListCard>
    </>
  )
}
