/** The daily figures' pure rules (shared/domain/figures.ts): what each change means, and the closing figures. */
import fc from 'fast-check';
import { closingBalances, dayFigures, effectsOf, netsOf, periodTotals, sumAdds, type ChangeLike, type DayAdd } from '../../shared/domain/figures';
import { addDays } from '../../shared/domain/calendar';

const ctx = { rankOf: (c: string) => ({ MEMBER: 0, SILVER: 1, GOLD: 2 })[c], today: '2026-07-01' };
const ins = (pk: string, sk: string, n: Record<string, unknown>): ChangeLike => ({ kind: 'INSERT', pk, sk, oldImage: null, newImage: n });
const mod = (pk: string, sk: string, o: Record<string, unknown>, n: Record<string, unknown>): ChangeLike => ({ kind: 'MODIFY', pk, sk, oldImage: o, newImage: n });
// 2026-06-30T17:00Z is 2026-07-01 01:00 in Shanghai: days are local.
const LATE = '2026-06-30T17:00:00.000Z';

describe('what a change means', () => {
  test('a new profile: a new member by source, brand and registration store, members +1; local day', () => {
    const e = effectsOf(ins('MEMBER#m1', 'PROFILE', { memberId: 'm1', createdAt: LATE, source: 'import', registrationStoreId: 'S002' }), ctx);
    expect(e.adds).toEqual([
      { scope: 'brand', day: '2026-07-01', add: { newMembers: 1, src_import: 1, membersNet: 1 } },
      { scope: 'S002', day: '2026-07-01', add: { newMembers: 1, src_import: 1, membersNet: 1 } },
    ]);
    expect(e.marks).toEqual([]);
  });

  test('an order: orders and spend for brand and store, the buyer active in both', () => {
    const e = effectsOf(ins('ORDER#S001#O1', 'ORDER', { storeId: 'S001', orderId: 'O1', memberId: 'm1', amountFen: 12_345, createdAt: LATE }), ctx);
    expect(e.adds.map((a) => [a.scope, a.add])).toEqual([['brand', { orders: 1, spendFen: 12_345 }], ['S001', { orders: 1, spendFen: 12_345 }]]);
    expect(e.marks).toEqual([
      { scope: 'brand', day: '2026-07-01', figure: 'activeMembers', memberId: 'm1' },
      { scope: 'S001', day: '2026-07-01', figure: 'activeMembers', memberId: 'm1' },
    ]);
    // Only the insert counts (the order's returned totals move later).
    expect(effectsOf(mod('ORDER#S001#O1', 'ORDER', { rev: 0 }, { rev: 1, createdAt: LATE, amountFen: 1 }), ctx).adds).toEqual([]);
  });

  test('a return, the store from its key', () => {
    const e = effectsOf(ins('RETURN#S003#R1', 'RETURN', { at: LATE, refundFen: 500 }), ctx);
    expect(e.adds.map((a) => a.scope)).toEqual(['brand', 'S003']);
    expect(e.adds[0]!.add).toEqual({ returns: 1, refundFen: 500 });
  });

  test('ledger rows: earned, spent, expired by type; every row moves the points net', () => {
    const row = (type: string, points: number, storeId: string | null = null) => effectsOf(ins('MEMBER#m1', `LEDGER#${LATE}#x`, { type, points, createdAt: LATE, storeId }), ctx).adds;
    expect(row('earn', 30, 'S001')).toEqual([
      { scope: 'brand', day: '2026-07-01', add: { pointsEarned: 30, pointsNet: 30 } },
      { scope: 'S001', day: '2026-07-01', add: { pointsEarned: 30 } },
    ]);
    expect(row('spend', -20)[0]!.add).toEqual({ pointsSpent: 20, pointsNet: -20 });
    expect(row('expire', -5)[0]!.add).toEqual({ pointsExpired: 5, pointsNet: -5 });
    expect(row('reverse', -7)[0]!.add).toEqual({ pointsNet: -7 });
  });

  test('coupons: issued per template (a claim makes her active), redeemed on the day used, given back on that day; merges and stamp cards are not counted', () => {
    const issued = effectsOf(ins('MEMBER#m1', 'COUPON#c1', { memberId: 'm1', templateId: 't_1', name: '满减', issuedAt: LATE, source: 'centre', state: 'available' }), ctx);
    expect(issued.adds).toEqual([{ scope: 'brand', day: '2026-07-01', add: { couponsIssued: 1, ci_t_1: 1 }, set: { cn_t_1: '满减' } }]);
    expect(issued.marks).toHaveLength(1);
    expect(effectsOf(ins('MEMBER#m1', 'COUPON#c1', { memberId: 'm1', templateId: 't_1', issuedAt: LATE, source: 'campaign' }), ctx).marks).toEqual([]);
    expect(effectsOf(ins('MEMBER#m2', 'COUPON#c1', { memberId: 'm2', templateId: 't_1', issuedAt: LATE, mergedFrom: 'm1' }), ctx).adds).toEqual([]);
    const used = effectsOf(mod('MEMBER#m1', 'COUPON#c1', { state: 'available', templateId: 't_1' }, { state: 'used', templateId: 't_1', usedAt: LATE, usedFor: 'S002#O9', name: '满减' }), ctx);
    expect(used.adds.map((a) => [a.scope, a.add])).toEqual([['brand', { couponsRedeemed: 1, cr_t_1: 1 }], ['S002', { couponsRedeemed: 1, cr_t_1: 1 }]]);
    const back = effectsOf(mod('MEMBER#m1', 'COUPON#c1', { state: 'used', templateId: 't_1', usedAt: LATE, usedFor: 'S002#O9' }, { state: 'available', templateId: 't_1' }), ctx);
    expect(back.adds.map((a) => [a.scope, a.day, a.add.couponsRedeemed])).toEqual([['brand', '2026-07-01', -1], ['S002', '2026-07-01', -1]]);
    const stamped = effectsOf(mod('MEMBER#m1', 'COUPON#c2', { state: 'available', templateId: 't_2' }, { state: 'used', templateId: 't_2', usedAt: LATE, usedFor: 'stamps#full' }), ctx);
    expect(stamped.adds).toEqual([]);
  });

  test('complaints: opened, resolved, rated, answered late (overdue on its due day)', () => {
    const base = { id: 'C1', storeId: 'S001', createdAt: '2026-07-01T02:00:00.000Z', dueAt: '2026-07-02T02:00:00.000Z', state: 'new' };
    expect(effectsOf(ins('COMPLAINT#C1', 'COMPLAINT', base), ctx).adds.map((a) => a.add)).toEqual([{ complaintsOpened: 1 }, { complaintsOpened: 1 }]);
    const late = effectsOf(mod('COMPLAINT#C1', 'COMPLAINT', base, { ...base, state: 'in_progress', firstResponseAt: '2026-07-02T05:00:00.000Z' }), ctx);
    expect(late.adds.map((a) => [a.day, a.add])).toEqual([['2026-07-02', { complaintsOverdue: 1 }], ['2026-07-02', { complaintsOverdue: 1 }]]);
    const onTime = effectsOf(mod('COMPLAINT#C1', 'COMPLAINT', base, { ...base, state: 'in_progress', firstResponseAt: '2026-07-01T05:00:00.000Z' }), ctx);
    expect(onTime.adds).toEqual([]);
    const done = { ...base, state: 'in_progress', firstResponseAt: '2026-07-01T05:00:00.000Z' };
    const resolved = effectsOf(mod('COMPLAINT#C1', 'COMPLAINT', done, { ...done, state: 'resolved', resolvedAt: '2026-07-03T02:00:00.000Z' }), ctx);
    expect(resolved.adds[0]).toMatchObject({ day: '2026-07-03', add: { complaintsResolved: 1 } });
    const r = { ...done, state: 'resolved', resolvedAt: '2026-07-03T02:00:00.000Z' };
    const rated = effectsOf(mod('COMPLAINT#C1', 'COMPLAINT', r, { ...r, rating: { score: 4, at: '2026-07-04T02:00:00.000Z' } }), ctx);
    expect(rated.adds[0]).toMatchObject({ day: '2026-07-04', add: { ratings: 1, ratingSum: 4 } });
    // The desk and store copies are not counted again.
    expect(effectsOf(ins('COMPLAINT#C1', 'DESK', base), ctx).adds).toEqual([]);
  });

  test('care messages: sent and refused for want of consent, once when the outcome is recorded', () => {
    const claim = { outcome: 'sending', at: LATE };
    expect(effectsOf(mod('MEMBER#m1', 'CARE#birthday-2026', claim, { ...claim, outcome: 'sent', doneAt: LATE }), ctx).adds[0]!.add).toEqual({ careSent: 1 });
    expect(effectsOf(mod('MEMBER#m1', 'CARE#birthday-2026', { outcome: 'pending', at: LATE }, { outcome: 'no_consent', at: LATE, doneAt: LATE }), ctx).adds[0]!.add).toEqual({ careNoConsent: 1 });
    expect(effectsOf(ins('MEMBER#m1', 'CARE#x', { outcome: 'pending', at: LATE }), ctx).adds).toEqual([]);
    expect(effectsOf(mod('MEMBER#m1', 'CARE#x', { outcome: 'sent', at: LATE }, { outcome: 'sent', at: LATE, msgid: 'y' }), ctx).adds).toEqual([]);
  });

  test('stored value: recharged, spent (less returns), refunded (less failed refunds), and the net', () => {
    const row = (kind: string, principalFen: number, bonusFen = 0, storeId?: string) => effectsOf(ins('MEMBER#m1', `BAL#${LATE}#e`, { kind, principalFen, bonusFen, at: LATE, ...(storeId ? { storeId } : {}) }), ctx).adds;
    expect(row('recharge', 10_000, 1_000)[0]!.add).toEqual({ storedValueRechargedFen: 11_000, storedValueNetFen: 11_000 });
    expect(row('spend', -3_000, -300, 'S001')).toEqual([
      { scope: 'brand', day: '2026-07-01', add: { storedValueSpentFen: 3_300, storedValueNetFen: -3_300 } },
      { scope: 'S001', day: '2026-07-01', add: { storedValueSpentFen: 3_300 } },
    ]);
    expect(row('return', 1_000)[0]!.add).toEqual({ storedValueSpentFen: -1_000, storedValueNetFen: 1_000 });
    expect(row('refund', -5_000)[0]!.add).toEqual({ storedValueRefundedFen: 5_000, storedValueNetFen: -5_000 });
    expect(row('refundFailed', 5_000)[0]!.add).toEqual({ storedValueRefundedFen: -5_000, storedValueNetFen: 5_000 });
  });

  test('tier history: up or down by the program rank; unknown codes are not counted', () => {
    const t = (from: string, to: string) => effectsOf(ins('MEMBER#m1', `TIER#${LATE}#ab`, { from, to, createdAt: LATE }), ctx).adds.map((a) => a.add);
    expect(t('MEMBER', 'GOLD')).toEqual([{ tierUps: 1 }]);
    expect(t('GOLD', 'SILVER')).toEqual([{ tierDowns: 1 }]);
    expect(t('GOLD', 'PLATINUM')).toEqual([]);
  });

  test('repeat purchasers from the profile: a purchase on a later day than her first', () => {
    const p = (o: Record<string, unknown>, n: Record<string, unknown>) => effectsOf(mod('MEMBER#m1', 'PROFILE', { memberId: 'm1', ...o }, { memberId: 'm1', ...n }), ctx).marks;
    expect(p({}, { firstPurchaseAt: LATE, lastPurchaseAt: LATE, lastStoreId: 'S001' })).toEqual([]);
    expect(p({ firstPurchaseAt: '2026-06-30T02:00:00.000Z', lastPurchaseAt: '2026-06-30T02:00:00.000Z' }, { firstPurchaseAt: '2026-06-30T02:00:00.000Z', lastPurchaseAt: LATE, lastStoreId: 'S001' })).toEqual([
      { scope: 'brand', day: '2026-07-01', figure: 'repeatPurchasers', memberId: 'm1' },
      { scope: 'S001', day: '2026-07-01', figure: 'repeatPurchasers', memberId: 'm1' },
    ]);
    // A profile edit that moves no purchase is nothing.
    expect(p({ firstPurchaseAt: '2026-06-01T02:00:00.000Z', lastPurchaseAt: LATE }, { firstPurchaseAt: '2026-06-01T02:00:00.000Z', lastPurchaseAt: LATE, name: 'x' })).toEqual([]);
  });

  test('a scanned code makes its member active; other items mean nothing', () => {
    expect(effectsOf(ins('PCODE#12#5', 'PCODE', { memberId: 'm1', at: LATE }), ctx).marks).toEqual([{ scope: 'brand', day: '2026-07-01', figure: 'activeMembers', memberId: 'm1' }]);
    for (const [pk, sk] of [['MEMBER#m1', 'POINTS'], ['MCODE#1', 'MCODE'], ['BRAND', 'TIERPROGRAM'], ['FIG#brand', 'DAY#2026-07-01'], ['MEMBER#m1', 'SRC#x']]) {
      expect(effectsOf(ins(pk!, sk!, { createdAt: LATE, points: 5, memberId: 'm1' }), ctx)).toEqual({ adds: [], marks: [] });
    }
  });
});

describe('summing and closing figures', () => {
  const addArb = fc.record({
    scope: fc.constantFrom('brand', 'S001'),
    day: fc.integer({ min: 0, max: 20 }).map((d) => addDays('2026-06-01', d)),
    add: fc.record({ orders: fc.integer({ min: -3, max: 5 }), pointsNet: fc.integer({ min: -100, max: 100 }) }),
  });

  test('summing adds per scope and day keeps every total (any order, any grouping)', () => {
    fc.assert(
      fc.property(fc.array(addArb, { maxLength: 60 }), fc.integer({ min: 1, max: 10 }), (adds: DayAdd[], chunk) => {
        const whole = sumAdds(adds);
        const chunked = sumAdds(Array.from({ length: Math.ceil(adds.length / chunk) }, (_, i) => sumAdds(adds.slice(i * chunk, (i + 1) * chunk))).flat());
        const key = (a: DayAdd) => `${a.scope}|${a.day}`;
        const norm = (xs: DayAdd[]) => Object.fromEntries(xs.map((a) => [key(a), a.add]));
        expect(norm(chunked)).toEqual(norm(whole));
        const total = (s: string) => adds.filter((a) => a.scope === s).reduce((t, a) => t + a.add.pointsNet!, 0);
        expect(netsOf(whole).get('brand')?.pointsNet ?? 0).toBe(total('brand'));
      }),
    );
  });

  test('closing balance of each day = TOTAL less the nets after it = the running sum up to it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 100 }), { minLength: 1, maxLength: 40 }), fc.integer({ min: -500, max: 500 }), (nets, before) => {
        const days = nets.map((_, i) => addDays('2026-06-01', i));
        const items = nets.map((n, i) => ({ day: days[i]!, pointsNet: n, membersNet: 1 })).filter((_, i) => nets[i] !== 0);
        const total = { pointsNet: before + nets.reduce((a, b) => a + b, 0), membersNet: items.length };
        const shown = days.slice(Math.floor(days.length / 2));
        const closing = closingBalances(shown, total, items);
        let running = before + nets.slice(0, days.length - shown.length).reduce((a, b) => a + b, 0);
        shown.forEach((d, i) => {
          running += nets[days.length - shown.length + i]!;
          expect(closing.get(d)!.pointsOutstanding).toBe(running);
        });
      }),
    );
  });

  test('a day item back to figures: flattened maps, zeros for an absent day; period totals close on the last day', () => {
    const d1 = dayFigures('2026-07-01', { orders: 2, src_wechat: 2, ci_t_1: 3, cr_t_1: 1, cn_t_1: '满减', ci_t_2: 1 }, { pointsOutstanding: 10, storedValueOutstandingFen: 0 });
    expect(d1).toMatchObject({ orders: 2, newMembersBySource: { wechat: 2 }, pointsOutstanding: 10 });
    expect(d1.coupons).toEqual([{ templateId: 't_1', name: '满减', issued: 3, redeemed: 1 }, { templateId: 't_2', name: null, issued: 1, redeemed: 0 }]);
    const d2 = dayFigures('2026-07-02', undefined, { pointsOutstanding: 7, storedValueOutstandingFen: 0 });
    expect(d2).toMatchObject({ orders: 0, coupons: [], newMembersBySource: {} });
    const t = periodTotals([d1, d2]);
    expect(t).toMatchObject({ orders: 2, pointsOutstanding: 7, newMembersBySource: { wechat: 2 } });
    expect(t.coupons[0]).toEqual({ templateId: 't_1', name: '满减', issued: 3, redeemed: 1 });
  });
});
