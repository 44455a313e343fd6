/**
 * Card numbers (shared/domain/cards.ts): the Luhn check digit catches every single-digit typo and
 * every swap of two different adjacent digits except 0↔9 (Luhn's one blind spot); the bind decision
 * and the PIN lockout.
 */
import fc from 'fast-check';
import {
  PIN_LOCK_MINUTES,
  PIN_MAX_FAILURES,
  SERIAL_DIGITS,
  beforePin,
  checkCardNo,
  decideBind,
  deskQueryKind,
  lockAfterWrongPin,
  makeCardNo,
  maskCardNo,
  tierFromCard,
  type CardFacts,
} from '../../shared/domain/cards';
import type { TierProgram } from '../../shared/domain';

const prefix = fc.stringMatching(/^\d{1,6}$/);
const serial = fc.integer({ min: 0, max: 10 ** SERIAL_DIGITS - 1 });

describe('card numbers', () => {
  test('a generated number passes its own check, with the prefix, and is prefix + 9 + 1 digits long', () => {
    fc.assert(
      fc.property(prefix, serial, (p, s) => {
        const n = makeCardNo(p, s);
        expect(n).toHaveLength(p.length + SERIAL_DIGITS + 1);
        expect(checkCardNo(n, p)).toEqual({ ok: true, cardNo: n });
      }),
    );
  });

  test('any single-digit typo is detected', () => {
    fc.assert(
      fc.property(prefix, serial, fc.nat(), fc.integer({ min: 1, max: 9 }), (p, s, at, delta) => {
        const n = makeCardNo(p, s);
        const i = at % n.length;
        const typo = `${n.slice(0, i)}${(Number(n[i]) + delta) % 10}${n.slice(i + 1)}`;
        expect(typo).not.toBe(n);
        expect(checkCardNo(typo, p).ok).toBe(false);
      }),
      { numRuns: 2_000 },
    );
  });

  test('any swap of two different adjacent digits is detected, except 0 and 9 (where Luhn cannot tell)', () => {
    fc.assert(
      fc.property(prefix, serial, fc.nat(), (p, s, at) => {
        const n = makeCardNo(p, s);
        const i = at % (n.length - 1);
        const [x, y] = [n[i]!, n[i + 1]!];
        fc.pre(x !== y && !((x === '0' && y === '9') || (x === '9' && y === '0')));
        const swapped = `${n.slice(0, i)}${y}${x}${n.slice(i + 2)}`;
        expect(checkCardNo(swapped, p).ok).toBe(false);
      }),
      { numRuns: 2_000 },
    );
  });

  test('spaces and dashes as printed are ignored; other characters, other lengths and other prefixes are refused', () => {
    const n = makeCardNo('88', 12345);
    expect(checkCardNo(n.replace(/(\d{4})(?=\d)/g, '$1 '), '88')).toEqual({ ok: true, cardNo: n });
    expect(checkCardNo(`${n}0`, '88')).toEqual({ ok: false, reason: 'format' });
    expect(checkCardNo(`x${n.slice(1)}`, '88')).toEqual({ ok: false, reason: 'format' });
    expect(checkCardNo(makeCardNo('77', 12345), '88')).toEqual({ ok: false, reason: 'prefix' });
    expect(maskCardNo(n)).toBe(`**** ${n.slice(-4)}`);
  });

  test('the desk box: a mobile number, a member id, else a card number', () => {
    expect(deskQueryKind(' 13800138000 ')).toEqual({ kind: 'phone', value: '13800138000' });
    expect(deskQueryKind('m_0123456789ab')).toEqual({ kind: 'memberId', value: 'm_0123456789ab' });
    expect(deskQueryKind('8800 0001 2345 6')).toEqual({ kind: 'card', value: '8800000123456' });
  });
});

describe('binding decisions', () => {
  const card = (over: Partial<CardFacts> = {}): CardFacts => ({ cardNo: '880000000018', state: 'unbound', memberId: null, lockedUntil: null, openingPoints: 100, tierCode: 'SILVER', ...over });
  const member = { memberId: 'm_a', cardNo: null, frozen: false };

  test('one card, one member; one active card per member; a replacement carries nothing', () => {
    expect(decideBind(card(), member, { carry: true })).toEqual({ ok: true, already: false, carry: { points: 100, tierCode: 'SILVER' } });
    expect(decideBind(card(), member, { carry: false })).toEqual({ ok: true, already: false, carry: { points: 0, tierCode: null } });
    expect(decideBind(card({ state: 'bound', memberId: 'm_b' }), member, { carry: true })).toEqual({ ok: false, refusal: { code: 'card_bound' } });
    expect(decideBind(card({ state: 'bound', memberId: 'm_a' }), { ...member, cardNo: '880000000018' }, { carry: true })).toEqual({ ok: true, already: true });
    expect(decideBind(card({ state: 'lost', memberId: 'm_a' }), member, { carry: true })).toEqual({ ok: false, refusal: { code: 'card_lost' } });
    expect(decideBind(card(), { ...member, cardNo: '880000000026' }, { carry: true })).toEqual({ ok: false, refusal: { code: 'member_has_card' } });
    expect(decideBind(card(), { ...member, frozen: true }, { carry: true })).toEqual({ ok: false, refusal: { code: 'member_frozen' } });
  });

  test('the PIN lockout: the 5th wrong PIN in a row locks for 30 minutes; a locked card refuses before the PIN is compared', () => {
    const now = new Date('2026-12-01T00:00:00Z');
    for (let i = 1; i < PIN_MAX_FAILURES; i++) expect(lockAfterWrongPin(i, now)).toBeNull();
    const until = lockAfterWrongPin(PIN_MAX_FAILURES, now)!;
    expect(Date.parse(until) - now.getTime()).toBe(PIN_LOCK_MINUTES * 60_000);
    expect(beforePin({ member, memberFailuresToday: 0, card: { lockedUntil: until }, now: now.toISOString() })).toEqual({ code: 'card_locked', until });
    expect(beforePin({ member, memberFailuresToday: 0, card: { lockedUntil: until }, now: until })).toBeNull();
    expect(beforePin({ member, memberFailuresToday: 10, card: null, now: now.toISOString() })).toEqual({ code: 'card_attempts_limited' });
  });

  test("a card's tier is a floor: it raises a lower tier (kept for that tier's retention), never lowers one", () => {
    const program: TierProgram = {
      basis: 'spend',
      window: { kind: 'rolling', months: 12 },
      downgrade: 'oneLevel',
      tiers: [
        { code: 'MEMBER', name: '普通', rank: 0, threshold: 0, multiplier: 1, retentionMonths: 12, birthdayGift: null, perks: [] },
        { code: 'SILVER', name: '银卡', rank: 1, threshold: 100, multiplier: 1.2, retentionMonths: 12, birthdayGift: null, perks: [] },
        { code: 'GOLD', name: '金卡', rank: 2, threshold: 200, multiplier: 1.5, retentionMonths: 12, birthdayGift: null, perks: [] },
      ],
    };
    const s = { tierCode: 'MEMBER', since: '2026-01-01', retainUntil: null, manual: null };
    expect(tierFromCard(program, s, 'SILVER', '2026-12-01')).toEqual({ state: { tierCode: 'SILVER', since: '2026-12-01', retainUntil: '2027-12-01', manual: null }, change: { from: 'MEMBER', to: 'SILVER', reason: 'qualified' } });
    const gold = { ...s, tierCode: 'GOLD' };
    expect(tierFromCard(program, gold, 'SILVER', '2026-12-01')).toEqual({ state: gold, change: null });
    expect(tierFromCard(program, s, 'PLATINUM', '2026-12-01').change).toBeNull();
    expect(tierFromCard(program, s, null, '2026-12-01').change).toBeNull();
  });
});
