/** Clerk attribution (issue 19, part C): the pure rules of codes, counters, ranking, ratings and periods. */
import fc from 'fast-check';
import { attributionFromLaunch, GROWTH_CODE } from '../../shared/domain/attribution';
import {
  attributionOf,
  clerkCodeFrom,
  clerkQrPath,
  clerkScene,
  leaderboardMonths,
  monthOfInstant,
  orderAdds,
  pickUnratedOrder,
  previousMonth,
  rankRows,
  ratingAverage,
  registrationAdds,
  returnAdds,
  sumStatAdds,
  withinRatingWindow,
  zeroCounters,
} from '../../shared/domain/clerks';

describe('clerk codes and their QR', () => {
  test('a code from any bytes is a growth code, and the QR path and scene give the store and code back', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 8 }), fc.stringMatching(/^[A-Za-z0-9_-]{1,11}$/), (bytes, storeId) => {
        const code = clerkCodeFrom(bytes);
        expect(code).toMatch(GROWTH_CODE);
        const scene = clerkScene(storeId, code);
        expect(scene.length).toBeLessThanOrEqual(32);
        const q = Object.fromEntries(new URLSearchParams(clerkQrPath(storeId, code).split('?')[1]));
        expect(attributionFromLaunch(q)).toEqual({ storeId, clerkCode: code, referralCode: null });
        expect(attributionFromLaunch({ scene: encodeURIComponent(scene) })).toEqual({ storeId, clerkCode: code, referralCode: null });
      }),
    );
  });
});

describe('months', () => {
  test('the local month of an instant (Asia/Shanghai), the month before, the months on offer', () => {
    expect(monthOfInstant('2026-11-30T16:30:00.000Z')).toBe('2026-12'); // 00:30 on 1 December in Shanghai
    expect(monthOfInstant('2026-11-30T15:59:59.000Z')).toBe('2026-11');
    expect(previousMonth('2026-01')).toBe('2025-12');
    expect(previousMonth('2026-12')).toBe('2026-11');
    expect(leaderboardMonths('2026-02', 4)).toEqual(['2026-02', '2026-01', '2025-12', '2025-11']);
  });
});

describe('what a change adds', () => {
  const at = '2026-12-01T04:00:00.000Z';
  test('a registration through a clerk counts for her and her store; a poster for the store; an import or no store for nobody', () => {
    expect(registrationAdds({ createdAt: at, registrationStoreId: 'S001', registrationClerk: 'c1', source: 'wechat' })).toEqual([
      { month: '2026-12', storeId: 'S001', clerk: null, add: { registrations: 1 } },
      { month: '2026-12', storeId: 'S001', clerk: 'c1', add: { registrations: 1 } },
    ]);
    expect(registrationAdds({ createdAt: at, registrationStoreId: 'S001', registrationClerk: null, source: 'wechat' })).toHaveLength(1);
    expect(registrationAdds({ createdAt: at, registrationStoreId: 'S001', source: 'import' })).toEqual([]);
    expect(registrationAdds({ createdAt: at, registrationStoreId: null, source: 'wechat' })).toEqual([]);
    expect(attributionOf(null)).toBeNull();
  });
  test('orders add to the buyer’s registration store and clerk in the order’s month; returns add refunds in theirs', () => {
    const buyer = { storeId: 'S002', clerk: 'c2' };
    expect(orderAdds({ createdAt: at, amountFen: 12_300, storeId: 'S001' }, buyer)).toEqual([
      { month: '2026-12', storeId: 'S002', clerk: null, add: { orders: 1, salesFen: 12_300 } },
      { month: '2026-12', storeId: 'S002', clerk: 'c2', add: { orders: 1, salesFen: 12_300 } },
    ]);
    expect(orderAdds({ createdAt: at, amountFen: 100 }, null)).toEqual([]);
    expect(returnAdds({ at: '2027-01-02T00:00:00.000Z', refundFen: 500 }, buyer)[0]).toEqual({ month: '2027-01', storeId: 'S002', clerk: null, add: { refundFen: 500 } });
    expect(returnAdds({ at, refundFen: 0 }, buyer)).toEqual([]);
  });
  test('sums per row keep every add', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ storeId: fc.constantFrom('S1', 'S2'), clerk: fc.constantFrom(null, 'a', 'b'), orders: fc.nat(5), salesFen: fc.nat(10_000) }), { maxLength: 40 }),
        (list) => {
          const adds = list.map((x) => ({ month: '2026-12', storeId: x.storeId, clerk: x.clerk, add: { orders: x.orders, salesFen: x.salesFen } }));
          const sums = sumStatAdds(adds);
          expect(new Set(sums.map((s) => `${s.storeId}|${s.clerk}`)).size).toBe(sums.length);
          const total = (f: 'orders' | 'salesFen') => sums.reduce((n, s) => n + (s.add[f] ?? 0), 0);
          expect(total('orders')).toBe(list.reduce((n, x) => n + x.orders, 0));
          expect(total('salesFen')).toBe(list.reduce((n, x) => n + x.salesFen, 0));
        },
      ),
    );
  });
});

describe('ranking', () => {
  const row = (label: string, registrations: number, salesFen: number, refundFen = 0) => ({ ...zeroCounters(), label, registrations, salesFen, refundFen });
  test('by registrations then net sales; equal rows share a rank', () => {
    const r = rankRows([row('乙', 3, 100), row('甲', 5, 0), row('丙', 3, 100), row('丁', 3, 900, 850)], 'registrations');
    expect(r.map((x) => [x.label, x.rank])).toEqual([
      ['甲', 1],
      ['丙', 2],
      ['乙', 2],
      ['丁', 4],
    ]);
  });
  test('by net sales (refunds taken off)', () => {
    const r = rankRows([row('甲', 9, 1000, 900), row('乙', 1, 500)], 'sales');
    expect(r.map((x) => x.label)).toEqual(['乙', '甲']);
  });
  test('ranks never decrease down the list and start at 1', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ r: fc.nat(5), s: fc.nat(5) }), { minLength: 1, maxLength: 20 }), fc.constantFrom('registrations' as const, 'sales' as const), (xs, sort) => {
        const ranked = rankRows(xs.map((x, i) => row(`n${i}`, x.r, x.s)), sort);
        expect(ranked[0]!.rank).toBe(1);
        for (let i = 1; i < ranked.length; i++) expect(ranked[i]!.rank).toBeGreaterThanOrEqual(ranked[i - 1]!.rank);
      }),
    );
  });
});

describe('service ratings', () => {
  test('average to one decimal, none without ratings', () => {
    expect(ratingAverage(0, 0)).toBeNull();
    expect(ratingAverage(14, 3)).toBe(4.7);
    expect(ratingAverage(5, 1)).toBe(5);
  });
  test('the newest order of the last 7 days with a clerk and no rating', () => {
    const now = new Date('2026-12-10T12:00:00.000Z');
    const o = (orderId: string, createdAt: string, staffOpenid: string | null, rated = false) => ({ storeId: 'S001', orderId, createdAt, staffOpenid, rated });
    expect(withinRatingWindow('2026-12-03T12:00:00.000Z', now)).toBe(true);
    expect(withinRatingWindow('2026-12-03T11:59:59.000Z', now)).toBe(false);
    expect(
      pickUnratedOrder([o('old', '2026-12-01T00:00:00.000Z', 'c'), o('rated', '2026-12-09T00:00:00.000Z', 'c', true), o('self', '2026-12-09T01:00:00.000Z', null), o('ok', '2026-12-08T00:00:00.000Z', 'c'), o('ok2', '2026-12-05T00:00:00.000Z', 'c')], now)?.orderId,
    ).toBe('ok');
    expect(pickUnratedOrder([o('old', '2026-12-01T00:00:00.000Z', 'c')], now)).toBeNull();
  });
});
