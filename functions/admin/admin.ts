/** The marketer's tools: earning rules (versioned), the tier program, a member's account, adjustments, hand-set tiers. All changes are audited. */
import type { AdminMemberView, EarningRulesInput, EarningRulesVersion } from '../../shared/contract';
import type { TierProgram } from '../../shared/domain';
import { qualifyingTotal, rulesAt, setManualTier, tierByCode } from '../../shared/domain';
import type { LedgerType } from '../adapters/dynamo/account-repo';
import { listTierHistory, writeAudit, writeTierHistory, writeTierState } from '../adapters/dynamo/account-repo';
import { listAudit, listDebts } from '../adapters/dynamo/admin-repo';
import { getTemplate } from '../adapters/dynamo/coupon-repo';
import { clearBrandCache, putRulesVersion, putTierProgram } from '../adapters/dynamo/brand-repo';
import { findMemberIdByPhone, getMember } from '../adapters/dynamo/member-repo';
import { Tx } from '../adapters/dynamo/tx';
import { clock } from '../lib/clock';
import { conflict, notFound, unprocessable } from '../lib/errors';
import type { Session } from '../lib/session';
import { brandOrFail, loadAccount, optimistic, rulesFor, tierOf, today } from '../points/context';
import { adjustPoints } from '../points/movements';
import { ledgerPage, pointsSummary } from '../points/views';
import { maskPhone } from '../../shared/domain';

export async function getRules() {
  const brand = await brandOrFail();
  const at = clock.now().toISOString();
  const current = rulesFor(brand, at);
  return {
    current,
    scheduled: brand.rules.filter((r) => r.effectiveFrom > at),
    versions: [...brand.rules].reverse(),
  };
}

/** A new rules version. It applies from `effectiveFrom` (now by default); past entries keep the version that made them. */
export async function putRules(session: Session, input: EarningRulesInput): Promise<EarningRulesVersion> {
  const now = clock.now();
  const at = now.toISOString();
  // Normalised to the same ISO form as every `at`, so the rules in force compare exactly by text.
  const effectiveFrom = input.effectiveFrom ? new Date(input.effectiveFrom).toISOString() : at;
  if (effectiveFrom < new Date(now.getTime() - 60_000).toISOString()) {
    throw unprocessable('effective_in_past', 'a rules change cannot apply to the past', [{ path: 'effectiveFrom', message: 'must not be in the past' }]);
  }
  return optimistic(async () => {
    clearBrandCache();
    const brand = await brandOrFail();
    const last = brand.rules[brand.rules.length - 1]!;
    const before = rulesAt(brand.rules, effectiveFrom);
    const version: EarningRulesVersion = { ...input, effectiveFrom, version: last.version + 1, createdAt: at, createdBy: session.openid };
    const tx = new Tx();
    putRulesVersion(tx, version);
    writeAudit(tx, { at, actor: session.openid, action: 'rules.version', target: 'rules', before: before ?? null, after: version });
    const out = await tx.send();
    clearBrandCache();
    return out.ok ? { done: version } : 'retry';
  });
}

export async function getTiers() {
  clearBrandCache();
  const brand = await brandOrFail();
  return brand.tiers;
}

export async function putTiers(session: Session, program: TierProgram) {
  // A birthday gift names a coupon template that exists.
  for (const [i, t] of program.tiers.entries()) {
    const id = t.birthdayGift?.couponTemplateId;
    if (id && !(await getTemplate(id))) {
      throw unprocessable('template_not_found', `tier ${t.code}: no coupon template ${id}`, [{ path: `tiers.${i}.birthdayGift.couponTemplateId`, message: 'no such coupon template' }]);
    }
  }
  clearBrandCache();
  const brand = await brandOrFail();
  const at = clock.now().toISOString();
  const tx = new Tx();
  const { rev, updatedAt: _u, updatedBy: _b, ...before } = brand.tiers;
  putTierProgram(tx, program, rev, at, session.openid);
  writeAudit(tx, { at, actor: session.openid, action: 'tiers.update', target: 'tiers', before, after: program });
  const out = await tx.send();
  clearBrandCache();
  if (!out.ok) throw conflict('tiers_changed', 'the tier program was changed meanwhile; reload and try again');
  return getTiers();
}

export async function memberView(memberId: string): Promise<AdminMemberView> {
  const [acct, brand] = await Promise.all([loadAccount(memberId), brandOrFail()]);
  const { member, holder } = acct;
  const tier = tierOf(brand, holder.tier.tierCode);
  return {
    id: member.memberId,
    phone: member.phone,
    name: member.name,
    birthday: member.birthday,
    registeredAt: member.createdAt,
    tier: { code: tier.code, name: tier.name, since: holder.tier.since, retainUntil: holder.tier.retainUntil },
    manualTier: holder.tier.manual,
    qualifyingTotal: qualifyingTotal(brand.tiers, holder.qualifying, today()),
    points: pointsSummary(acct),
    family: { role: member.familyRole, primaryId: (member.familyPrimaryId as never) ?? null },
  };
}

export async function findMember(phone: string): Promise<AdminMemberView> {
  const id = await findMemberIdByPhone(phone);
  if (!id) throw notFound('member_not_found', `no member with phone ${phone}`);
  return memberView(id);
}

export async function memberLedger(memberId: string, query: { cursor?: string | undefined; limit?: number | undefined; type?: LedgerType | undefined }) {
  return ledgerPage(await loadAccount(memberId), query);
}

export async function memberTierHistory(memberId: string) {
  const m = await getMember(memberId);
  if (!m) throw notFound('member_not_found', 'member not found');
  return { entries: await listTierHistory(memberId, 100) };
}

export async function adjust(session: Session, memberId: string, body: { adjustmentId: string; points: number; reason: string }) {
  const r = await adjustPoints(session.openid, memberId, body.adjustmentId, body.points, body.reason);
  return {
    entry: {
      id: r.entryId,
      type: 'adjust' as const,
      points: body.points,
      balanceAfter: r.balance,
      createdAt: r.at,
      description: body.points > 0 ? '积分补发' : '积分扣减',
      source: { kind: 'adjust', id: body.adjustmentId },
      storeId: null,
      ruleVersion: null,
      note: body.reason,
      byMember: null,
    },
    balance: r.balance,
    replayed: r.replayed,
  };
}

/** A hand-set tier, with its end date; afterwards the member goes to the tier her record earns. */
export async function setTier(session: Session, memberId: string, body: { tierCode: string; until: string; reason: string }): Promise<AdminMemberView> {
  const brand = await brandOrFail();
  if (!tierByCode(brand.tiers, body.tierCode)) {
    throw unprocessable('unknown_tier', `no tier ${body.tierCode}`, [{ path: 'tierCode', message: 'not a tier of the program' }]);
  }
  const day = today();
  if (body.until < day) throw unprocessable('until_in_past', 'the end date must not be in the past', [{ path: 'until', message: 'must be today or later' }]);
  await optimistic(async () => {
    const m = await getMember(memberId);
    if (!m) throw notFound('member_not_found', 'member not found');
    if (m.familyRole === 'secondary') throw conflict('family_secondary', "a secondary card's tier is the primary card's; set the primary's tier");
    const at = clock.now().toISOString();
    const r = setManualTier(brand.tiers, m.tier, { code: body.tierCode, until: body.until, by: session.openid, reason: body.reason }, day);
    const tx = new Tx();
    writeTierState(tx, memberId, m.qrev, { tier: r.state });
    if (r.change) writeTierHistory(tx, memberId, at, r.change, { note: `${body.reason}（至 ${body.until}）`, by: session.openid, source: 'admin' });
    writeAudit(tx, { at, actor: session.openid, action: 'tier.manual', target: `member:${memberId}`, before: m.tier, after: r.state });
    const out = await tx.send();
    return out.ok ? { done: true } : 'retry';
  });
  return memberView(memberId);
}

export async function shortfalls() {
  const debts = await listDebts();
  const members = await Promise.all(debts.map(async (d) => ({ d, m: await getMember(d.memberId) })));
  return { members: members.filter((x) => x.m).map(({ d, m }) => ({ id: d.memberId as never, phoneMasked: maskPhone(m!.phone), debt: d.debt, since: d.since })) };
}

export async function audit(query: { target?: string | undefined; limit?: number | undefined }) {
  return { entries: await listAudit({ target: query.target, limit: query.limit ?? 50 }) };
}
