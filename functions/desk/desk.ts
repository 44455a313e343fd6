/**
 * The service desk (admins): find a member by phone, card number or member id in one box; her view
 * (profile, points, tier, card, frozen or not); freeze and unfreeze with a reason; a lost card and its
 * replacement. Every change is audited in its own unit of work.
 */
import type { DeskMemberView, DeskSearchResponse } from '../../shared/contract';
import { deskQueryKind } from '../../shared/domain/cards';
import { maskPhone } from '../../shared/domain';
import { getCard, recordFreeze, recordLostCard } from '../adapters/dynamo/card-repo';
import { findMemberIdByPhone, getMember } from '../adapters/dynamo/member-repo';
import { clock } from '../lib/clock';
import { fail } from '../lib/errors';
import type { Session } from '../lib/session';
import { brandOrFail, loadAccount, optimistic, pointsSummary, tierOf } from '../core';
import { bindCard, checkedCardNo } from '../cards/collaboration';

export async function deskView(memberId: string): Promise<DeskMemberView> {
  const [acct, brand] = await Promise.all([loadAccount(memberId), brandOrFail()]);
  const { member, holder } = acct;
  const tier = tierOf(brand, holder.tier.tierCode);
  const summary = pointsSummary(acct);
  const card = member.cardNo ? await getCard(member.cardNo) : null;
  return {
    id: member.memberId,
    phoneMasked: maskPhone(member.phone),
    name: member.name,
    registeredAt: member.createdAt,
    tier: { code: tier.code, name: tier.name },
    points: { balance: summary.balance, spendable: summary.spendable },
    card: member.cardNo ? { cardNo: member.cardNo, state: card?.state ?? 'bound', boundAt: card?.boundAt ?? null, source: card?.source ?? null } : null,
    lostCards: member.lostCards ?? [],
    family: member.familyRole,
    frozen: member.frozen ?? null,
  };
}

/** One search box: a mainland mobile, a member id, else a card number (as printed, spaces allowed). */
export async function deskSearch(q: string): Promise<DeskSearchResponse> {
  const { kind, value } = deskQueryKind(q);
  let memberId: string | null = null;
  if (kind === 'phone') memberId = await findMemberIdByPhone(value);
  else if (kind === 'memberId') memberId = (await getMember(value))?.memberId ?? null;
  else if (value.length > 0 && value.length <= 40) memberId = (await getCard(value))?.memberId ?? null;
  return { kind, members: memberId ? [await deskView(memberId)] : [] };
}

async function memberOrFail(memberId: string) {
  const m = await getMember(memberId);
  if (!m) throw fail('member_not_found', 'member not found');
  return m;
}

/** Freeze (no earning, spending or member code) or unfreeze, with a reason; a repeat changes nothing. */
export async function setFrozen(session: Session, memberId: string, body: { frozen: boolean; reason: string }): Promise<DeskMemberView> {
  const m = await memberOrFail(memberId);
  if (!!m.frozen === body.frozen) return deskView(memberId);
  const at = clock.now().toISOString();
  const freeze = body.frozen ? { at, by: session.openid, reason: body.reason } : null;
  const out = await recordFreeze({
    memberId,
    freeze,
    at,
    audit: { at, actor: session.openid, action: body.frozen ? 'member.freeze' : 'member.unfreeze', target: `member:${memberId}`, before: { frozen: m.frozen ?? null }, after: { frozen: freeze, reason: body.reason } },
  });
  if (!out.ok) throw fail('member_not_found', 'member not found');
  return deskView(memberId);
}

/** Her active card reported lost: it can no longer be bound or used; she keeps her points. */
export async function reportLost(session: Session, memberId: string, body: { reason: string }): Promise<DeskMemberView> {
  await optimistic(async () => {
    const m = await memberOrFail(memberId);
    if (!m.cardNo) throw fail('no_active_card', 'this member holds no active card');
    const card = await getCard(m.cardNo);
    const at = clock.now().toISOString();
    const out = await recordLostCard({
      memberId,
      card: card && card.memberId === memberId ? card : null,
      cardNo: m.cardNo,
      at,
      reason: body.reason,
      audit: { at, actor: session.openid, action: 'card.lost', target: `member:${memberId}`, before: { cardNo: m.cardNo }, after: { state: 'lost', reason: body.reason } },
    });
    return out.ok ? { done: true } : 'retry';
  }, 5);
  return deskView(memberId);
}

/** A replacement: an unbound card of a batch bound to her at the desk, without its opening points or tier. */
export async function replaceCard(session: Session, memberId: string, body: { cardNo: string; reason: string }): Promise<DeskMemberView> {
  const cardNo = checkedCardNo(body.cardNo);
  const m = await memberOrFail(memberId);
  await bindCard({
    memberId,
    cardNo,
    pin: null,
    boundBy: `desk:${session.openid}`,
    carry: false,
    audit: { actor: session.openid, action: 'card.replace', target: `member:${memberId}`, before: { lostCards: m.lostCards ?? [] }, after: { cardNo, reason: body.reason } },
  });
  return deskView(memberId);
}
