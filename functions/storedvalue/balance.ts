/** The member's balance and its ledger (reads only). */
import type { BalanceEntry, BalanceLedgerPage, BalanceView, RechargePackageOffer } from '../../shared/contract';
import { packageOnOffer } from '../../shared/domain/stored-value';
import { getBalance, listBalanceLedger, listRechargePackages, type BalanceEntryRecord, type RechargePackageRecord } from '../adapters/dynamo/balance-repo';
import { clock } from '../lib/clock';
import { fail } from '../lib/errors';
import type { Session } from '../lib/session';
import { resolveMemberId } from '../core';
import { capFen } from './cap';

export const offerView = (p: RechargePackageRecord): RechargePackageOffer => ({ id: p.id, name: p.name, amountFen: p.amountFen, bonusFen: p.bonusFen, validUntil: p.validUntil });

/** Packages on offer now, the smallest first. */
export async function packagesOnOffer(now: string): Promise<RechargePackageRecord[]> {
  return (await listRechargePackages()).filter((p) => packageOnOffer(p, now)).sort((a, b) => a.amountFen - b.amountFen || a.bonusFen - b.bonusFen);
}

export async function myBalance(session: Session): Promise<BalanceView> {
  const memberId = await resolveMemberId(session);
  const now = clock.now().toISOString();
  const [b, offers] = await Promise.all([getBalance(memberId), packagesOnOffer(now)]);
  return { principalFen: b.principalFen, bonusFen: b.bonusFen, totalFen: b.principalFen + b.bonusFen, capFen: capFen(), packages: offers.map(offerView) };
}

const entryView = (e: BalanceEntryRecord): BalanceEntry => ({ id: e.id, kind: e.kind, principalFen: e.principalFen, bonusFen: e.bonusFen, at: e.at, description: e.description, storeId: e.storeId });

export async function myBalanceLedger(session: Session, q: { cursor?: string | undefined; limit?: number | undefined }): Promise<BalanceLedgerPage> {
  const memberId = await resolveMemberId(session);
  let afterSk: string | null = null;
  if (q.cursor) {
    afterSk = Buffer.from(q.cursor, 'base64url').toString('utf8');
    if (!afterSk.startsWith('BAL#')) throw fail('invalid_input', 'invalid query: cursor', [{ path: 'cursor', message: 'not a cursor this API gave out' }]);
  }
  const page = await listBalanceLedger(memberId, { limit: q.limit ?? 20, afterSk });
  return { entries: page.entries.map(entryView), cursor: page.lastSk ? Buffer.from(page.lastSk, 'utf8').toString('base64url') : null };
}
