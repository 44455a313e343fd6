/** How points and tiers look to a member and to an admin: summaries computed from the stored state. */
import type { LedgerPage, MemberProfile, MyTierResponse, PointsSummary } from '../../shared/contract';
import {
  balanceOf,
  expiringOf,
  heldOf,
  ladder,
  maskPhone,
  qualifyingTotal,
  spendableOf,
  tierProgress,
  type TierDef,
} from '../../shared/domain';
import { listLedger, listTierHistory, type LedgerType } from '../adapters/dynamo/account-repo';
import type { BrandConfig } from '../adapters/dynamo/brand-repo';
import { badRequest } from '../lib/errors';
import { tierOf, today, type Account } from './context';

export function pointsSummary(acct: Account, day = today()): PointsSummary {
  const s = acct.points.state;
  return {
    balance: balanceOf(s),
    spendable: spendableOf(s, day),
    held: heldOf(s, day),
    debt: s.debt,
    expiring: expiringOf(s, day),
    account: acct.holder.memberId === acct.member.memberId ? 'own' : 'family',
  };
}

export function profileView(acct: Account, brand: BrandConfig, day = today()): MemberProfile {
  const { member, holder } = acct;
  const tier = tierOf(brand, holder.tier.tierCode);
  const progress = tierProgress(brand.tiers, holder.tier, holder.qualifying, day);
  const summary = pointsSummary(acct, day);
  return {
    id: member.memberId,
    phoneMasked: maskPhone(member.phone),
    name: member.name,
    gender: member.gender,
    birthday: member.birthday,
    tier: { code: tier.code, name: tier.name, multiplier: tier.multiplier },
    points: { balance: summary.balance, spendable: summary.spendable, nextExpiry: summary.expiring[0] ?? null },
    qualifying: { basis: brand.tiers.basis, total: qualifyingTotal(brand.tiers, holder.qualifying, day) },
    nextTier: progress.next,
    family: member.familyRole,
    consentAt: member.consentAt,
    registeredAt: member.createdAt,
  };
}

const CURSOR_PREFIX = 'LEDGER#';

export async function ledgerPage(acct: Account, query: { cursor?: string | undefined; limit?: number | undefined; type?: LedgerType | undefined }): Promise<LedgerPage> {
  let afterSk: string | null = null;
  if (query.cursor) {
    afterSk = Buffer.from(query.cursor, 'base64url').toString('utf8');
    if (!afterSk.startsWith(CURSOR_PREFIX) || afterSk.length > 200) {
      throw badRequest('invalid_input', 'invalid query: cursor', [{ path: 'cursor', message: 'not a cursor this API gave out' }]);
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

export const tierView = (t: TierDef) => ({
  code: t.code,
  name: t.name,
  rank: t.rank,
  threshold: t.threshold,
  multiplier: t.multiplier,
  retentionMonths: t.retentionMonths,
  birthdayGift: t.birthdayGift?.description ?? null,
  perks: t.perks,
});

export function windowLabel(brand: BrandConfig): string {
  const w = brand.tiers.window;
  return w.kind === 'calendarYear' ? '本自然年' : `近${w.months}个月`;
}

export async function myTierView(acct: Account, brand: BrandConfig, day = today()): Promise<MyTierResponse> {
  const { holder } = acct;
  const cur = tierOf(brand, holder.tier.tierCode);
  const progress = tierProgress(brand.tiers, holder.tier, holder.qualifying, day);
  const history = await listTierHistory(holder.memberId, 20);
  return {
    basis: brand.tiers.basis,
    windowLabel: windowLabel(brand),
    current: tierView(cur),
    since: holder.tier.since,
    manualUntil: holder.tier.manual?.until ?? null,
    total: qualifyingTotal(brand.tiers, holder.qualifying, day),
    next: progress.next,
    retention: progress.retention,
    tiers: ladder(brand.tiers).map(tierView),
    history,
    viaFamily: holder.memberId !== acct.member.memberId,
  };
}
