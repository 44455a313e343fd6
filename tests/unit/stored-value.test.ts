/**
 * Stored value rules (shared/domain/stored-value.ts), by property: a sequence of recharges, payments,
 * returns and a refund played against a model ledger never goes negative, the ledger sums to the
 * balance, every split sums to what was paid, a return gives back exactly what was taken, and a refund
 * never exceeds what was paid (per payment and in total).
 */
import fc from 'fast-check';
import {
  balanceBack,
  exceedsCap,
  packageOnOffer,
  refundQuote,
  splitPayment,
  totalOf,
  type BalanceParts,
  type RechargePaid,
  type RefundBalance,
} from '../../shared/domain/stored-value';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-01T00:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe('splitPayment', () => {
  it('sums to the payment, takes each side within what it holds, in proportion (±1 fen)', () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.nat(1_000_000), fc.nat(2_000_000), (p, b, pay) => {
        const s = splitPayment({ principalFen: p, bonusFen: b }, pay);
        if (pay > p + b) return expect(s).toBeNull();
        expect(s).not.toBeNull();
        expect(s!.principalFen + s!.bonusFen).toBe(pay);
        expect(s!.principalFen).toBeGreaterThanOrEqual(0);
        expect(s!.bonusFen).toBeGreaterThanOrEqual(0);
        expect(s!.principalFen).toBeLessThanOrEqual(p);
        expect(s!.bonusFen).toBeLessThanOrEqual(b);
        if (p + b > 0) expect(Math.abs(s!.principalFen - (pay * p) / (p + b))).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('¥120 from ¥500 + ¥50 takes ¥109.09 principal and ¥10.91 bonus', () => {
    expect(splitPayment({ principalFen: 50_000, bonusFen: 5_000 }, 12_000)).toEqual({ principalFen: 10_909, bonusFen: 1_091 });
  });

  it('refuses more than the balance and odd amounts', () => {
    expect(splitPayment({ principalFen: 100, bonusFen: 0 }, 101)).toBeNull();
    expect(splitPayment({ principalFen: 100, bonusFen: 0 }, -1)).toBeNull();
    expect(splitPayment({ principalFen: 100, bonusFen: 0 }, 1.5)).toBeNull();
  });
});

describe('balanceBack', () => {
  it('partial returns give back, cumulatively, exactly what the order took, never more', () => {
    fc.assert(
      fc.property(fc.nat(100_000), fc.nat(100_000), fc.nat(100_000), fc.array(fc.integer({ min: 1, max: 50_000 }), { maxLength: 8 }), (tp, tb, cash, steps) => {
        const taken = { principalFen: tp, bonusFen: tb };
        const amount = tp + tb + cash;
        let returned = 0;
        const back = { principalFen: 0, bonusFen: 0 };
        for (const s of steps) {
          const next = Math.min(amount, returned + s);
          const r = balanceBack(taken, returned, next);
          expect(r.principalFen).toBeGreaterThanOrEqual(0);
          expect(r.bonusFen).toBeGreaterThanOrEqual(0);
          expect(r.principalFen + r.bonusFen).toBeLessThanOrEqual(next - returned);
          back.principalFen += r.principalFen;
          back.bonusFen += r.bonusFen;
          returned = next;
        }
        expect(back.principalFen).toBeLessThanOrEqual(tp);
        expect(back.bonusFen).toBeLessThanOrEqual(tb);
        // The balance part comes back first.
        expect(totalOf(back)).toBe(Math.min(returned, tp + tb));
        if (returned === amount) expect(back).toEqual(taken);
      }),
    );
  });
});

describe('the cap', () => {
  it('refuses a recharge that would take the balance over the cap, accepts one reaching it', () => {
    expect(exceedsCap({ principalFen: 0, bonusFen: 0 }, { principalFen: 50_000, bonusFen: 5_000 }, 500_000)).toBe(false);
    expect(exceedsCap({ principalFen: 445_000, bonusFen: 0 }, { principalFen: 50_000, bonusFen: 5_000 }, 500_000)).toBe(false);
    expect(exceedsCap({ principalFen: 445_001, bonusFen: 0 }, { principalFen: 50_000, bonusFen: 5_000 }, 500_000)).toBe(true);
  });
});

describe('packages on offer', () => {
  const p = { amountFen: 50_000, bonusFen: 5_000, validFrom: '2026-11-01T00:00:00.000Z', validUntil: '2026-12-31T15:59:59.999Z', active: true };
  it('only active and within validity', () => {
    expect(packageOnOffer(p, '2026-12-01T00:00:00.000Z')).toBe(true);
    expect(packageOnOffer(p, '2026-10-31T00:00:00.000Z')).toBe(false);
    expect(packageOnOffer(p, '2027-01-01T00:00:00.000Z')).toBe(false);
    expect(packageOnOffer({ ...p, active: false }, '2026-12-01T00:00:00.000Z')).toBe(false);
    expect(packageOnOffer({ ...p, validFrom: null, validUntil: null }, '2030-01-01T00:00:00.000Z')).toBe(true);
  });
});

describe('refundQuote', () => {
  const bal = (p: number, b: number, granted: number, lastSpendAt: string | null = null): RefundBalance => ({ principalFen: p, bonusFen: b, bonusGrantedFen: granted, lastSpendAt });
  const recharge = (no: string, amountFen: number, bonusFen: number, paidAt: number, refundedFen = 0): RechargePaid => ({ outTradeNo: no, amountFen, bonusFen, paidAt: iso(paidAt), refundedFen });

  it('a recharge untouched for up to 7 days refunds in full, its bonus leaving with it', () => {
    const q = refundQuote(bal(50_000, 5_000, 5_000), [recharge('A', 50_000, 5_000, T0)], new Date(T0 + 7 * DAY));
    expect(q).toMatchObject({ rule: 'full', refundFen: 50_000, bonusLeavingFen: 5_000, principalKeptFen: 0 });
    expect(q.parts).toEqual([{ outTradeNo: 'A', refundFen: 50_000, rule: 'full', takes: { principalFen: 50_000, bonusFen: 5_000, grantedFen: 5_000 } }]);
  });

  it('later, the remaining principal minus the bonus already spent; the rest of the bonus is forfeited', () => {
    // ¥500 + ¥50, then ¥120 spent (¥109.09 principal, ¥10.91 bonus): 390.91 − 10.91 = ¥380.00.
    const q = refundQuote(bal(39_091, 3_909, 5_000, iso(T0 + DAY)), [recharge('A', 50_000, 5_000, T0)], new Date(T0 + 8 * DAY));
    expect(q).toMatchObject({ rule: 'partial', refundFen: 38_000, bonusSpentFen: 1_091, bonusLeavingFen: 3_909, principalKeptFen: 1_091 });
    expect(q.takes).toEqual({ principalFen: 39_091, bonusFen: 3_909, grantedFen: 5_000 });
  });

  it('within 7 days but spent since: the general rule', () => {
    const q = refundQuote(bal(39_091, 3_909, 5_000, iso(T0 + DAY)), [recharge('A', 50_000, 5_000, T0)], new Date(T0 + 2 * DAY));
    expect(q.rule).toBe('partial');
    expect(q.refundFen).toBe(38_000);
  });

  it('spreads newest first, each within its amount less what was refunded', () => {
    const q = refundQuote(bal(70_000, 0, 0, iso(T0 + 3 * DAY)), [recharge('A', 50_000, 0, T0, 0), recharge('B', 30_000, 0, T0 + DAY, 5_000)], new Date(T0 + 20 * DAY));
    expect(q.parts.map((x) => [x.outTradeNo, x.refundFen])).toEqual([
      ['B', 25_000],
      ['A', 45_000],
    ]);
  });

  it('nothing refundable when the bonus spent covers the principal', () => {
    const q = refundQuote(bal(1_000, 0, 5_000, iso(T0 + DAY)), [recharge('A', 50_000, 5_000, T0)], new Date(T0 + 30 * DAY));
    expect(q).toMatchObject({ rule: 'none', refundFen: 0, parts: [] });
  });

  const world = fc.record({
    recharges: fc.array(fc.record({ amount: fc.integer({ min: 100, max: 100_000 }), bonus: fc.nat(20_000), day: fc.nat(30) }), { minLength: 1, maxLength: 5 }),
    ops: fc.array(fc.oneof(fc.record({ spend: fc.integer({ min: 1, max: 50_000 }), day: fc.nat(30) }), fc.record({ back: fc.integer({ min: 1, max: 50_000 }), day: fc.nat(30) })), { maxLength: 8 }),
    nowDay: fc.integer({ min: 0, max: 40 }),
  });

  it('model: never negative, ledger sums to the balance, a refund never exceeds what was paid', () => {
    fc.assert(
      fc.property(world, ({ recharges, ops, nowDay }) => {
        // Play recharges and spends in time order against a ledger, as the repositories would.
        type Row = { principalFen: number; bonusFen: number };
        const ledger: Row[] = [];
        const balance: BalanceParts & { granted: number; lastSpendAt: string | null } = { principalFen: 0, bonusFen: 0, granted: 0, lastSpendAt: null };
        const paid: RechargePaid[] = [];
        const events = [
          ...recharges.map((r, i) => ({ at: T0 + r.day * DAY + i, kind: 'recharge' as const, r, i })),
          ...ops.map((o, i) => ({ at: T0 + o.day * DAY + 100 + i, kind: 'spend' in o ? ('spend' as const) : ('back' as const), o })),
        ].sort((x, y) => x.at - y.at);
        let spentTotal: BalanceParts = { principalFen: 0, bonusFen: 0 };
        for (const e of events) {
          if (e.kind === 'recharge') {
            ledger.push({ principalFen: e.r.amount, bonusFen: e.r.bonus });
            balance.principalFen += e.r.amount;
            balance.bonusFen += e.r.bonus;
            balance.granted += e.r.bonus;
            paid.push({ outTradeNo: `R${e.i}`, amountFen: e.r.amount, bonusFen: e.r.bonus, paidAt: iso(e.at), refundedFen: 0 });
          } else if (e.kind === 'spend') {
            const s = splitPayment(balance, (e.o as { spend: number }).spend);
            if (!s) continue;
            ledger.push({ principalFen: -s.principalFen, bonusFen: -s.bonusFen });
            balance.principalFen -= s.principalFen;
            balance.bonusFen -= s.bonusFen;
            balance.lastSpendAt = iso(e.at);
            spentTotal = { principalFen: spentTotal.principalFen + s.principalFen, bonusFen: spentTotal.bonusFen + s.bonusFen };
          } else {
            // A return of part of what was spent gives back in proportion.
            const want = Math.min((e.o as { back: number }).back, totalOf(spentTotal));
            const g = balanceBack(spentTotal, 0, want);
            ledger.push(g);
            balance.principalFen += g.principalFen;
            balance.bonusFen += g.bonusFen;
            spentTotal = { principalFen: spentTotal.principalFen - g.principalFen, bonusFen: spentTotal.bonusFen - g.bonusFen };
          }
          expect(balance.principalFen).toBeGreaterThanOrEqual(0);
          expect(balance.bonusFen).toBeGreaterThanOrEqual(0);
        }
        const now = new Date(T0 + nowDay * DAY + 50);
        const q = refundQuote({ principalFen: balance.principalFen, bonusFen: balance.bonusFen, bonusGrantedFen: balance.granted, lastSpendAt: balance.lastSpendAt }, paid.filter((r) => Date.parse(r.paidAt) <= now.getTime()), now);
        ledger.push({ principalFen: -q.takes.principalFen, bonusFen: -q.takes.bonusFen });
        const after = { principalFen: balance.principalFen - q.takes.principalFen, bonusFen: balance.bonusFen - q.takes.bonusFen };
        expect(after.principalFen).toBeGreaterThanOrEqual(0);
        expect(after.bonusFen).toBeGreaterThanOrEqual(0);
        expect(ledger.reduce((s, r) => s + r.principalFen, 0)).toBe(after.principalFen);
        expect(ledger.reduce((s, r) => s + r.bonusFen, 0)).toBe(after.bonusFen);
        // Never more than was paid: per payment, in total, and never more than the principal held.
        for (const part of q.parts) {
          const r = paid.find((x) => x.outTradeNo === part.outTradeNo)!;
          expect(part.refundFen).toBeGreaterThan(0);
          expect(part.refundFen).toBeLessThanOrEqual(r.amountFen - r.refundedFen);
        }
        expect(new Set(q.parts.map((x) => x.outTradeNo)).size).toBe(q.parts.length);
        expect(q.refundFen).toBeLessThanOrEqual(balance.principalFen);
        expect(q.refundFen).toBeLessThanOrEqual(paid.reduce((s, r) => s + r.amountFen, 0));
        expect(q.parts.reduce((s, x) => s + x.refundFen, 0)).toBe(q.refundFen);
        // What the parts take adds up to what the quote takes; the general rule empties the balance.
        expect(q.parts.reduce((s, x) => s + x.takes.principalFen + x.takes.bonusFen, 0)).toBe(totalOf(q.takes));
        if (q.rule === 'partial' || q.rule === 'mixed') expect(after).toEqual({ principalFen: 0, bonusFen: 0 });
        // The general rule never pays out bonus: principal minus bonus spent at most.
        if (q.rule === 'partial') expect(q.refundFen).toBeLessThanOrEqual(Math.max(0, balance.principalFen - (balance.granted - balance.bonusFen)));
      }),
      { numRuns: 300 },
    );
  });
});
