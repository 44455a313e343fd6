/** A member's file as the admin reads it: the member, the ledger, tier history, audit and insight. */
import type { RouteResponse } from '@shared/contract/routes'
import { useResource } from '../../kit'

export type Member = RouteResponse<'adminFindMember'>
export type Tier = RouteResponse<'adminGetTiers'>['tiers'][number]

/** Ledger entries per page. */
export const PAGE = 20

/** The records behind one member (none until there is a member); `reload` reads them all again. */
export function useMemberFile(memberId: string | null) {
  const params = { memberId: memberId ?? '' }
  const skip = !memberId
  const ledger = useResource('adminMemberLedger', { params, query: { limit: PAGE }, skip, reloadOnShow: false })
  const history = useResource('adminMemberTierHistory', { params, skip, reloadOnShow: false })
  const audit = useResource('adminAudit', { query: { target: `member:${memberId ?? ''}`, limit: 20 }, skip, reloadOnShow: false })
  // Tags, lifecycle and RFM (segments); the page works without them.
  const insight = useResource('memberTags', { params, skip, reloadOnShow: false })
  return { ledger, history, audit, insight, reload: () => Promise.all([ledger.reload(), history.reload(), audit.reload(), insight.reload()]) }
}

export type MemberFile = ReturnType<typeof useMemberFile>
