/**
 * Pre-printed membership cards (issue 16): the printed number and its check digit, the PIN lockout,
 * what a bind decides (one card, one member; one active card per member; what the card carried comes
 * with it once), and the tier a card carries as an upgrade. Pure: no I/O.
 *
 * A card number is the brand's prefix, a serial of SERIAL_DIGITS digits and one Luhn check digit
 * (ISO/IEC 7812, as on bank cards): every single-digit typo and every swap of two adjacent digits is
 * caught, except a swap of 0 and 9 (Luhn's one blind spot), before anything is looked up.
 */
import { addMonths } from './calendar';
import { luhnCheckDigit } from './member-code';
import { entryTier, tierByCode, type TierChange, type TierProgram, type TierState } from './tiers';

export const SERIAL_DIGITS = 9;
/** Wrong PINs in a row that lock a card, and for how long. */
export const PIN_MAX_FAILURES = 5;
export const PIN_LOCK_MINUTES = 30;
/** Wrong or unknown cards one member may try in a (brand-local) day, across all cards. */
export const MEMBER_DAILY_CARD_FAILURES = 10;
export const PIN_DIGITS = 6;

export type CardState = 'unbound' | 'bound' | 'lost';

/** Digits only: spaces and dashes as printed or typed are dropped; anything else stays (and fails the check). */
export function normalizeCardNo(input: string): string {
  return input.replace(/[\s-]/g, '');
}

/** A full number (body + check digit) passes the Luhn check. */
export function luhnValid(number: string): boolean {
  if (!/^\d{2,}$/.test(number)) return false;
  // The same Luhn digit as the member codes (shared/domain/member-code.ts).
  return luhnCheckDigit(number.slice(0, -1)) === number.charCodeAt(number.length - 1) - 48;
}

/** The card number of a serial under the brand's prefix. */
export function makeCardNo(prefix: string, serial: number): string {
  if (!/^\d{1,6}$/.test(prefix)) throw new RangeError('the card prefix is 1-6 digits');
  if (!Number.isInteger(serial) || serial < 0 || serial >= 10 ** SERIAL_DIGITS) throw new RangeError('serial out of range');
  const body = `${prefix}${String(serial).padStart(SERIAL_DIGITS, '0')}`;
  return `${body}${luhnCheckDigit(body)}`;
}

export type CardNoCheck = { ok: true; cardNo: string } | { ok: false; reason: 'format' | 'prefix' | 'check_digit' };

/** A typed card number checked before any lookup: digits, length and prefix of this brand, check digit. */
export function checkCardNo(input: string, prefix: string): CardNoCheck {
  const n = normalizeCardNo(input);
  if (!/^\d+$/.test(n) || n.length !== prefix.length + SERIAL_DIGITS + 1) return { ok: false, reason: 'format' };
  if (!n.startsWith(prefix)) return { ok: false, reason: 'prefix' };
  if (!luhnValid(n)) return { ok: false, reason: 'check_digit' };
  return { ok: true, cardNo: n };
}

/** Shown to people: the last four digits, e.g. **** **** 1234. */
export function maskCardNo(cardNo: string): string {
  return `**** ${cardNo.slice(-4)}`;
}

/** In groups of four for printing and reading aloud. */
export function groupCardNo(cardNo: string): string {
  return cardNo.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** A random PIN of PIN_DIGITS digits from a uniform source of integers below `n`. */
export function drawPin(randomInt: (n: number) => number): string {
  let pin = '';
  for (let i = 0; i < PIN_DIGITS; i++) pin += String(randomInt(10));
  return pin;
}

export interface CardFacts {
  cardNo: string;
  state: CardState;
  memberId: string | null;
  /** A wrong PIN locks the card until then (UTC ISO). */
  lockedUntil: string | null;
  openingPoints: number;
  tierCode: string | null;
}

export interface MemberFacts {
  memberId: string;
  /** The member's active card, if any. */
  cardNo: string | null;
  frozen: boolean;
}

export type BindRefusal =
  | { code: 'member_frozen' }
  | { code: 'card_locked'; until: string }
  | { code: 'card_lost' }
  | { code: 'card_bound' }
  | { code: 'member_has_card' }
  | { code: 'card_attempts_limited' };

export type BindDecision =
  | { ok: true; already: false; carry: { points: number; tierCode: string | null } }
  /** The very same binding exists (a retry, or the clerk and the member both did it): answer it again. */
  | { ok: true; already: true }
  | { ok: false; refusal: BindRefusal };

/** Whether the card is locked at `now`. */
export function lockedAt(card: Pick<CardFacts, 'lockedUntil'>, now: string): boolean {
  return !!card.lockedUntil && card.lockedUntil > now;
}

/**
 * Before the PIN is compared: a frozen member, a member over her daily failures, a locked card.
 * (The card's state is told only after a right PIN, so a wrong guess learns nothing about the card.)
 */
export function beforePin(p: { member: MemberFacts; memberFailuresToday: number; card: Pick<CardFacts, 'lockedUntil'> | null; now: string }): BindRefusal | null {
  if (p.member.frozen) return { code: 'member_frozen' };
  if (p.memberFailuresToday >= MEMBER_DAILY_CARD_FAILURES) return { code: 'card_attempts_limited' };
  if (p.card && lockedAt(p.card, p.now)) return { code: 'card_locked', until: p.card.lockedUntil! };
  return null;
}

/**
 * After a right PIN (or at the desk, which needs none): may this card be bound to this member, and
 * what does it carry? `carry: false` for a replacement card, whose opening values are not given again.
 */
export function decideBind(card: CardFacts, member: MemberFacts, opts: { carry: boolean }): BindDecision {
  if (member.frozen) return { ok: false, refusal: { code: 'member_frozen' } };
  if (card.state === 'lost') return { ok: false, refusal: { code: 'card_lost' } };
  if (card.state === 'bound') {
    if (card.memberId === member.memberId && member.cardNo === card.cardNo) return { ok: true, already: true };
    return { ok: false, refusal: { code: 'card_bound' } };
  }
  if (member.cardNo) return { ok: false, refusal: { code: 'member_has_card' } };
  return { ok: true, already: false, carry: opts.carry ? { points: card.openingPoints, tierCode: card.tierCode } : { points: 0, tierCode: null } };
}

/** After a wrong PIN counted as the card's `failures`-th in a row: the PIN_MAX_FAILURES-th locks it until the returned instant. */
export function lockAfterWrongPin(failures: number, now: Date): string | null {
  return failures >= PIN_MAX_FAILURES ? new Date(now.getTime() + PIN_LOCK_MINUTES * 60_000).toISOString() : null;
}

/**
 * The tier a card carries, as a floor: when it is above the member's tier she moves up at once and
 * keeps it for that tier's retention period (as if she had qualified today); when it is not, nothing
 * changes. A tier the program no longer has is ignored. A hand-set tier is left alone if it is higher.
 */
export function tierFromCard(p: TierProgram, s: TierState, cardTierCode: string | null, today: string): { state: TierState; change: TierChange | null } {
  if (!cardTierCode) return { state: s, change: null };
  const to = tierByCode(p, cardTierCode);
  const cur = tierByCode(p, s.tierCode) ?? entryTier(p);
  if (!to || to.rank <= cur.rank) return { state: s, change: null };
  const retainUntil = to.code === entryTier(p).code ? null : addMonths(today, to.retentionMonths);
  return { state: { tierCode: to.code, since: today, retainUntil, manual: null }, change: { from: cur.code, to: to.code, reason: 'qualified' } };
}

/** A member's freeze: who, when, why (on her profile; absent when she is not frozen). */
export interface Freeze {
  at: string;
  by: string;
  reason: string;
}

/** How the desk's one search box reads what was typed: a mainland mobile, a member id, else a card number. */
export function deskQueryKind(q: string): { kind: 'phone' | 'memberId' | 'card'; value: string } {
  const t = q.trim();
  const digits = normalizeCardNo(t);
  if (/^1\d{10}$/.test(digits)) return { kind: 'phone', value: digits };
  if (/^m_[0-9a-z]{10,40}$/.test(t)) return { kind: 'memberId', value: t };
  return { kind: 'card', value: digits };
}
