/**
 * Binding a pre-printed card: by the member in the mini-program (number + PIN), by a clerk at the till
 * for the member whose code was scanned (number + PIN), or by the desk as a replacement (no PIN; the
 * card's opening values are not given). Read → decide (shared/domain/cards.ts) → one unit of work
 * (`recordBinding`): the card's state condition makes one card bind to one member only.
 */
import type { BindCardResponse } from '../../shared/contract';
import { credit, expiryDateFor, isWellFormedMemberCode } from '../../shared/domain';
import {
  PIN_MAX_FAILURES,
  beforePin,
  checkCardNo,
  decideBind,
  lockAfterWrongPin,
  maskCardNo,
  tierFromCard,
  type BindRefusal,
  type CardFacts,
  type MemberFacts,
} from '../../shared/domain/cards';
import { countMemberCardFailure, countWrongPin, getCard, lockCard, memberCardFailures, recordBinding, type CardRecord, type TierWrite } from '../adapters/dynamo/card-repo';
import { getMemberCode } from '../adapters/dynamo/member-code-repo';
import { getMember, type MemberRecord } from '../adapters/dynamo/member-repo';
import type { AuditEntry, Movement } from '../adapters/dynamo/account-repo';
import { clock } from '../lib/clock';
import { AppError, fail, failAs } from '../lib/errors';
import type { Session } from '../lib/session';
import { brandOrFail, byMember, loadAccount, optimistic, resolveMemberId, rulesFor, tierOf, today } from '../core';
import { balanceOf } from '../../shared/domain';
import { cardPrefix, pinMatches } from './pins';

const cardField = (message: string) => [{ path: 'cardNo', message }];

export function refusalError(r: BindRefusal): AppError {
  switch (r.code) {
    case 'member_frozen':
      return fail('member_frozen', 'this member is frozen');
    case 'card_attempts_limited':
      return fail('card_attempts_limited', 'too many wrong cards or PINs today; try again tomorrow');
    case 'card_locked':
      return fail('card_locked', `too many wrong PINs: this card is locked until ${r.until}`, cardField('locked'));
    case 'card_lost':
      return fail('card_lost', 'this card was reported lost', cardField('lost'));
    case 'card_bound':
      return fail('card_bound', 'this card is already bound to a member', cardField('already bound'));
    case 'member_has_card':
      return fail('member_has_card', 'this member already holds an active card; report it lost first');
  }
}

const facts = (c: CardRecord): CardFacts => ({ cardNo: c.cardNo, state: c.state, memberId: c.memberId, lockedUntil: c.lockedUntil, openingPoints: c.openingPoints, tierCode: c.tierCode });
const memberFacts = (m: MemberRecord): MemberFacts => ({ memberId: m.memberId, cardNo: m.cardNo ?? null, frozen: !!m.frozen });

/** The typed number checked before any lookup (a typo is told at once, with no read). */
export function checkedCardNo(input: string): string {
  const c = checkCardNo(input, cardPrefix());
  if (!c.ok) throw fail('card_number_invalid', `not a card number of this brand (${c.reason})`, cardField(c.reason === 'check_digit' ? 'check digit does not match' : 'not a card number of this brand'));
  return c.cardNo;
}

export interface BindOptions {
  memberId: string;
  cardNo: string;
  /** null at the desk (the card is in the clerk's hand). */
  pin: string | null;
  /** 'member', 'staff:<openid>', 'desk:<openid>'. */
  boundBy: string;
  carry: boolean;
  audit: Omit<AuditEntry, 'at'> | null;
}

/** Binds (the number already checked by `checkedCardNo`). */
export async function bindCard(o: BindOptions): Promise<BindCardResponse> {
  const now = clock.now();
  const day = today(now);
  const member = await getMember(o.memberId);
  if (!member) throw fail('member_not_found', 'member not found');
  const [failuresToday, firstCard] = await Promise.all([o.pin === null ? Promise.resolve(0) : memberCardFailures(o.memberId, day), getCard(o.cardNo)]);
  const early = beforePin({ member: memberFacts(member), memberFailuresToday: failuresToday, card: firstCard, now: now.toISOString() });
  if (early) throw refusalError(early);
  if (o.pin === null) {
    if (!firstCard) throw failAs('card_not_found', 'referenced', `no card ${o.cardNo}`, cardField('no such card'));
  } else if (!firstCard || !pinMatches(o.cardNo, o.pin, firstCard.pinHash)) {
    // A wrong PIN (or a number that was never printed) counts against the member, and against the card.
    const at = now.toISOString();
    await countMemberCardFailure(o.memberId, day, at);
    if (firstCard) {
      const n = await countWrongPin(o.cardNo, at);
      const lock = lockAfterWrongPin(n, now);
      if (lock) {
        await lockCard(o.cardNo, lock, PIN_MAX_FAILURES);
        throw refusalError({ code: 'card_locked', until: lock });
      }
      throw fail('card_pin_wrong', `the card number or the PIN is wrong (${PIN_MAX_FAILURES - n} tries left before the card locks)`, [{ path: 'pin', message: 'wrong PIN', limit: PIN_MAX_FAILURES - n }]);
    }
    throw fail('card_pin_wrong', 'the card number or the PIN is wrong', [{ path: 'pin', message: 'wrong PIN' }]);
  }

  const brand = await brandOrFail();
  let card: CardRecord | null = firstCard;
  let pointsAlreadyCarried = false;
  return optimistic<BindCardResponse>(async () => {
    card ??= await getCard(o.cardNo);
    const c = card!;
    card = null;
    const acct = await loadAccount(o.memberId);
    const at = clock.now().toISOString();
    const d = decideBind(facts(c), memberFacts(acct.member), { carry: o.carry });
    if (!d.ok) throw refusalError(d.refusal);
    if (d.already) return { done: answer(c, c.boundAt, { points: 0, tierCode: null }, balanceOf(acct.points.state), true, brand) };

    const points = pointsAlreadyCarried ? 0 : d.carry.points;
    let movement: Movement | null = null;
    if (points > 0) {
      const next = credit(acct.points.state, points, expiryDateFor(rulesFor(brand, at).expiry, day), day, false).state;
      movement = {
        before: acct.points,
        next,
        entries: [{ type: 'adjust', points, description: '会员卡开卡积分', source: { kind: 'card', id: c.cardNo }, note: `会员卡尾号 ${c.cardNo.slice(-4)}`, ...byMember(acct) }],
      };
    }
    const t = tierFromCard(brand.tiers, acct.holder.tier, d.carry.tierCode, day);
    const tier: TierWrite | null = t.change ? { holderId: acct.holder.memberId, qrev: acct.holder.qrev, state: t.state, change: t.change } : null;
    const out = await recordBinding({
      card: c,
      memberId: o.memberId,
      at,
      boundBy: o.boundBy,
      carried: o.carry,
      points: movement ? { holderId: acct.holder.memberId, sourceId: `card#${c.cardNo}`, movement } : null,
      tier,
      audit: o.audit ? { ...o.audit, at } : null,
    });
    const balance = balanceOf((movement?.next ?? acct.points.state));
    if (out.ok) return { done: answer(c, at, { points, tierCode: tier ? tier.state.tierCode : null }, balance, false, brand) };
    switch (out.failed) {
      case 'already_carried':
        // The card's points reached this account before (never twice): bind without them.
        pointsAlreadyCarried = true;
        return 'retry';
      case 'card_taken': // the next round reads the card and tells (bound to her: replay; else card_bound / card_lost)
      case 'member_changed': // she got a card or was frozen meanwhile: the next round tells
      case 'revision_moved':
        return 'retry';
    }
  });
}

function answer(c: CardRecord, boundAt: string | null, carried: { points: number; tierCode: string | null }, balance: number, replayed: boolean, brand: Awaited<ReturnType<typeof brandOrFail>>): BindCardResponse {
  return {
    card: { cardNoMasked: maskCardNo(c.cardNo), state: 'bound', boundAt },
    carried: { points: carried.points, tierCode: carried.tierCode, tierName: carried.tierCode ? tierOf(brand, carried.tierCode).name : null },
    balance,
    replayed,
  };
}

/** The member binds her card in the mini-program. */
export async function bindMyCard(session: Session, body: { cardNo: string; pin: string }): Promise<BindCardResponse> {
  const cardNo = checkedCardNo(body.cardNo);
  const memberId = await resolveMemberId(session);
  return bindCard({ memberId, cardNo, pin: body.pin, boundBy: 'member', carry: true, audit: null });
}

/** A clerk binds a card for the member whose code was scanned (the code is read, not spent). */
export async function staffBindCard(session: Session, body: { memberCode: string; cardNo: string; pin: string }): Promise<BindCardResponse> {
  const cardNo = checkedCardNo(body.cardNo);
  const code = isWellFormedMemberCode(body.memberCode) ? await getMemberCode(body.memberCode) : null;
  const codeField = (message: string) => [{ path: 'memberCode', message }];
  if (!code) throw fail('member_code_not_found', 'no such member code; ask the member to show the code again', codeField('unknown code'));
  if (code.usedAt) throw fail('member_code_used', 'this member code was already used; ask the member to refresh it', codeField('already used'));
  if (code.expiresAt <= clock.now().toISOString()) throw fail('member_code_expired', 'this member code has expired; ask the member to refresh it', codeField('expired'));
  return bindCard({
    memberId: code.memberId,
    cardNo,
    pin: body.pin,
    boundBy: `staff:${session.openid}`,
    carry: true,
    audit: { actor: session.openid, action: 'card.bind.staff', target: `member:${code.memberId}`, before: null, after: { cardNo, storeId: session.storeId } },
  });
}

/** The member's card, masked, and whether she is frozen. */
export async function myCard(session: Session) {
  const memberId = await resolveMemberId(session);
  const m = await getMember(memberId);
  if (!m) throw fail('member_not_found', 'member not found');
  const c = m.cardNo ? await getCard(m.cardNo) : null;
  return {
    card: m.cardNo ? { cardNoMasked: maskCardNo(m.cardNo), state: c?.state ?? ('bound' as const), boundAt: c?.boundAt ?? null } : null,
    frozen: !!m.frozen,
  };
}
