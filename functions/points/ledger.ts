/** A member's points history (her own and the admin's view), and the return debts owed. */
import type { LedgerPage } from '../../shared/contract';
import { maskPhone } from '../../shared/domain';
import { listLedger, type LedgerType } from '../adapters/dynamo/account-repo';
import { listDebts } from '../adapters/dynamo/admin-repo';
import { getMember } from '../adapters/dynamo/member-repo';
import { fail } from '../lib/errors';
import type { Session } from '../lib/session';
import { loadAccount, pointsSummary, resolveMemberId, type Account } from '../core';

type LedgerQuery = { cursor?: string | undefined; limit?: number | undefined; type?: LedgerType | undefined };

const CURSOR_PREFIX = 'LEDGER#';

export async function ledgerPage(acct: Account, query: LedgerQuery): Promise<LedgerPage> {
  let afterSk: string | null = null;
  if (query.cursor) {
    afterSk = Buffer.from(query.cursor, 'base64url').toString('utf8');
    if (!afterSk.startsWith(CURSOR_PREFIX) || afterSk.length > 200) {
      throw fail('invalid_input', 'invalid query: cursor', [{ path: 'cursor', message: 'not a cursor this API gave out' }]);
    }
  }
  const page = await listLedger(acct.holder.memberId, { limit: query.limit ?? 20, afterSk, type: query.type });
  return {
    summary: pointsSummary(acct),
    entries: page.entries.map((e) => ({
      id: e.entryId,
      type: e.type,
      points: e.points,
      balanceAfter: e.balanceAfter,
      createdAt: e.createdAt,
      description: e.description,
      source: e.source,
      storeId: e.storeId,
      ruleVersion: e.ruleVersion,
      note: e.note,
      byMember: e.byMember,
    })),
    cursor: page.lastSk ? Buffer.from(page.lastSk, 'utf8').toString('base64url') : null,
  };
}

/** `GET /members/me/points`: the member's own history (the family's for a secondary card). */
export async function pointsHistory(session: Session, query: LedgerQuery): Promise<LedgerPage> {
  return ledgerPage(await loadAccount(await resolveMemberId(session)), query);
}

export async function memberLedger(memberId: string, query: LedgerQuery) {
  return ledgerPage(await loadAccount(memberId), query);
}

export async function shortfalls() {
  const debts = await listDebts();
  const members = await Promise.all(debts.map(async (d) => ({ d, m: await getMember(d.memberId) })));
  return { members: members.filter((x) => x.m).map(({ d, m }) => ({ id: d.memberId as never, phoneMasked: maskPhone(m!.phone), debt: d.debt, since: d.since })) };
}
