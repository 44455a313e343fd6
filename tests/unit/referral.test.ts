import fc from 'fast-check';
import { PutReferralSettings } from '../../shared/contract/referrals';
import { issueWording } from '../../shared/contract/issues';
import {
  DEFAULT_REFERRAL_SETTINGS,
  mature,
  maskName,
  monthOf,
  onPurchase,
  onReturn,
  personLabel,
  rankReferrers,
  referralSignals,
  rewardSteps,
  settingsProblems,
  statsDelta,
  withinCaps,
  type OrderFacts,
  type Referral,
  type ReferralSettings,
  type ReferrerStats,
} from '../../shared/domain/referral';
import { addDays } from '../../shared/domain';

const S: ReferralSettings = {
  ...DEFAULT_REFERRAL_SETTINGS,
  enabled: true,
  referrer: { points: 300, couponTemplateId: 't_abcdef01' },
  referee: { points: 150, couponTemplateId: null },
  minOrderFen: 10_000,
  returnWindowDays: 7,
  capPerDay: 2,
  capPerMonth: 3,
};

const bound = (refereeId = 'm_referee00001', referrerId = 'm_referrer0001'): Referral => ({
  referrerId,
  refereeId,
  createdAt: '2026-12-01T02:00:00.000Z',
  state: 'waiting',
  order: null,
  maturesOn: null,
  reward: null,
  returns: 0,
  bought: false,
  referrerCapped: false,
  rewardedAt: null,
  rev: 0,
});
const order = (amountFen: number, over: Partial<OrderFacts> = {}): OrderFacts => ({
  storeId: 'S001',
  orderId: 'O1',
  memberId: 'm_referee00001',
  createdAt: '2026-12-02T04:00:00.000Z',
  amountFen,
  returnedFen: 0,
  ...over,
});
const ok = { refereeOk: true, referrerOk: true };
const noCaps = { usedToday: 0, usedThisMonth: 0 };

function pending(amountFen = 12_000, day = '2026-12-02'): Referral {
  const m = onPurchase(bound(), order(amountFen), day, S);
  if (!m.ok) throw new Error(m.why);
  return m.next;
}

describe('the first qualifying purchase', () => {
  test('below the minimum it waits; at the minimum it is pending until the window ends, with the reward of the day fixed', () => {
    expect(onPurchase(bound(), order(9_999), '2026-12-02', S)).toEqual({ ok: false, why: 'below_minimum' });
    expect(onPurchase(bound(), order(20_000, { returnedFen: 12_000 }), '2026-12-02', S)).toEqual({ ok: false, why: 'below_minimum' });
    const m = onPurchase(bound(), order(10_000), '2026-12-28', S);
    expect(m.ok && m.next).toMatchObject({ state: 'pending', maturesOn: '2027-01-04', bought: true, rev: 1, order: { orderId: 'O1', day: '2026-12-28', amountFen: 10_000 } });
    expect(m.ok && m.next.reward).toEqual({ referrer: S.referrer, referee: S.referee, minOrderFen: 10_000 });
  });

  test("only the referee's own order after her binding, only while waiting", () => {
    expect(onPurchase(bound(), order(50_000, { memberId: 'm_someoneelse1' }), '2026-12-02', S).ok).toBe(false);
    expect(onPurchase(bound(), order(50_000, { createdAt: '2026-11-30T00:00:00.000Z' }), '2026-11-30', S).ok).toBe(false);
    expect(onPurchase(pending(), order(50_000, { orderId: 'O2' }), '2026-12-03', S)).toEqual({ ok: false, why: 'not_waiting' });
  });
});

describe('returns', () => {
  test('a return leaving the order at or above the minimum changes nothing; below it, back to waiting, counted', () => {
    const p = pending(15_000);
    expect(onReturn(p, order(15_000, { returnedFen: 5_000 }))).toEqual({ ok: false, why: 'still_qualifies' });
    const back = onReturn(p, order(15_000, { returnedFen: 5_001 }));
    expect(back.ok && back.next).toMatchObject({ state: 'waiting', order: null, maturesOn: null, reward: null, returns: 1, bought: true });
    expect(onReturn(p, order(15_000, { orderId: 'O9', returnedFen: 15_000 }))).toEqual({ ok: false, why: 'other_order' });
  });

  test('after the reward a return takes nothing back (the window had passed)', () => {
    const r: Referral = { ...pending(), state: 'rewarded' };
    expect(onReturn(r, order(12_000, { returnedFen: 12_000 })).ok).toBe(false);
  });
});

describe('maturity', () => {
  test('not before the window ends; then the order is read again', () => {
    const p = pending(12_000, '2026-12-02');
    expect(mature(p, '2026-12-08', order(12_000), ok, noCaps, S).step).toBe('not_yet');
    const m = mature(p, '2026-12-09', order(12_000), ok, noCaps, S);
    expect(m.step).toBe('reward');
    expect(m.step === 'reward' && [m.referrerCounts, m.next.state, m.next.referrerCapped]).toEqual([true, 'rewarding', false]);
    // A return the stream had not noted yet, or the order gone: back to waiting.
    expect(mature(p, '2026-12-09', order(12_000, { returnedFen: 12_000 }), ok, noCaps, S).step).toBe('returned');
    expect(mature(p, '2026-12-09', null, ok, noCaps, S).step).toBe('returned');
  });

  test('a referee gone or frozen voids it; a referrer gone or frozen, or beyond her caps, loses only her share', () => {
    const p = pending();
    expect(mature(p, '2026-12-20', order(12_000), { refereeOk: false, referrerOk: true }, noCaps, S).step).toBe('void');
    for (const [people, caps] of [
      [{ refereeOk: true, referrerOk: false }, noCaps],
      [ok, { usedToday: 2, usedThisMonth: 2 }],
      [ok, { usedToday: 0, usedThisMonth: 3 }],
    ] as const) {
      const m = mature(p, '2026-12-20', order(12_000), people, caps, S);
      expect(m.step === 'reward' && [m.referrerCounts, m.next.referrerCapped]).toEqual([false, true]);
      if (m.step === 'reward') expect(rewardSteps(m.next).map((s) => s.side)).toEqual(['referee']);
    }
  });

  test('reward steps: deterministic request ids, each side only with something to give', () => {
    const m = mature(pending(), '2026-12-09', order(12_000), ok, noCaps, S);
    if (m.step !== 'reward') throw new Error('expected a reward');
    expect(rewardSteps(m.next)).toEqual([
      { side: 'referrer', memberId: 'm_referrer0001', points: 300, couponTemplateId: 't_abcdef01', requestId: 'referral-referrer-m_referee00001' },
      { side: 'referee', memberId: 'm_referee00001', points: 150, couponTemplateId: null, requestId: 'referral-referee-m_referee00001' },
    ]);
    expect(rewardSteps(pending())).toEqual([]);
    const onlyReferee: Referral = { ...m.next, reward: { ...m.next.reward!, referrer: { points: 0, couponTemplateId: null } } };
    expect(rewardSteps(onlyReferee).map((s) => s.side)).toEqual(['referee']);
  });

  test('stats deltas: bought once per friend, returns counted, a reward counted with the referrer points within her caps', () => {
    const w = bound();
    const p = pending();
    expect(statsDelta(w, p)).toEqual({ bought: 1 });
    const back = onReturn(p, order(12_000, { returnedFen: 12_000 }));
    if (!back.ok) throw new Error('expected a return');
    expect(statsDelta(p, back.next)).toEqual({ returned: 1 });
    const again = onPurchase(back.next, order(30_000, { orderId: 'O2' }), '2026-12-05', S);
    if (!again.ok) throw new Error('expected a purchase');
    expect(statsDelta(back.next, again.next)).toEqual({});
    const m = mature(again.next, '2026-12-12', order(30_000, { orderId: 'O2' }), ok, noCaps, S);
    if (m.step !== 'reward') throw new Error('expected a reward');
    expect(statsDelta(again.next, m.next)).toEqual({ rewarded: 1, points: 300 });
    const capped = mature(again.next, '2026-12-12', order(30_000, { orderId: 'O2' }), ok, { usedToday: 2, usedThisMonth: 2 }, S);
    if (capped.step !== 'reward') throw new Error('expected a reward');
    expect(statsDelta(again.next, capped.next)).toEqual({ rewarded: 1 });
  });
});

describe('properties', () => {
  test('property: whatever purchases and returns happen, a referral is rewarded only for an order still at or above the minimum after its window', () => {
    const event = fc.oneof(
      fc.record({ kind: fc.constant('buy' as const), amountFen: fc.integer({ min: 1, max: 40_000 }), day: fc.integer({ min: 0, max: 40 }) }),
      fc.record({ kind: fc.constant('return' as const), amountFen: fc.integer({ min: 1, max: 40_000 }), day: fc.integer({ min: 0, max: 40 }) }),
      fc.record({ kind: fc.constant('job' as const), day: fc.integer({ min: 0, max: 60 }) }),
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 30 }), (events) => {
        let r = bound();
        const orders = new Map<string, OrderFacts>();
        let seq = 0;
        let rewarded = 0;
        let today = 0;
        for (const e of events) {
          today = Math.max(today, e.day);
          const day = addDays('2026-12-02', today);
          if (e.kind === 'buy') {
            const o = order(e.amountFen, { orderId: `O${++seq}`, createdAt: `${day}T04:00:00.000Z` });
            orders.set(o.orderId, o);
            const m = onPurchase(r, o, day, S);
            if (m.ok) r = m.next;
          } else if (e.kind === 'return') {
            if (!r.order) continue;
            const o = orders.get(r.order.orderId)!;
            o.returnedFen = Math.min(o.amountFen, o.returnedFen + e.amountFen);
            const m = onReturn(r, o);
            if (m.ok) r = m.next;
          } else {
            const o = r.order ? orders.get(r.order.orderId)! : null;
            const m = mature(r, day, o, ok, noCaps, S);
            if (m.step === 'reward') {
              // Rewarded: the order it names reaches the minimum, and its window has ended.
              expect(o!.amountFen - o!.returnedFen).toBeGreaterThanOrEqual(S.minOrderFen);
              expect(m.next.maturesOn! <= day).toBe(true);
              expect(m.next.maturesOn).toBe(addDays(m.next.order!.day, S.returnWindowDays));
              rewarded++;
              r = { ...m.next, state: 'rewarded' };
            } else if (m.step === 'returned') {
              r = m.next;
            }
          }
          expect(r.rev).toBeGreaterThanOrEqual(0);
          if (r.state === 'pending') expect(r.order).not.toBeNull();
          if (r.state === 'waiting') expect(r.order).toBeNull();
        }
        // Rewarded at most once.
        expect(rewarded).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  test("property: a referrer's rewards never exceed the cap of any day or month, and every friend is rewarded", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 75 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 12 }),
        (maturities, perDay, perMonthRaw) => {
          const s = { capPerDay: perDay, capPerMonth: Math.max(perDay, perMonthRaw) };
          const byDay = new Map<string, number>();
          const byMonth = new Map<string, number>();
          let friends = 0;
          // The job's days in order; each day's maturing referrals one after another, as the job does.
          for (const offset of [...maturities].sort((a, b) => a - b)) {
            const day = addDays('2026-11-20', offset);
            const p: Referral = { ...pending(12_000, addDays(day, -7)), refereeId: `m_f${friends}` };
            const caps = { usedToday: byDay.get(day) ?? 0, usedThisMonth: byMonth.get(monthOf(day)) ?? 0 };
            const m = mature(p, day, order(12_000, { memberId: p.refereeId }), ok, caps, s);
            expect(m.step).toBe('reward');
            if (m.step !== 'reward') return;
            friends++;
            expect(rewardSteps(m.next).some((x) => x.side === 'referee')).toBe(true);
            if (m.referrerCounts) {
              byDay.set(day, caps.usedToday + 1);
              byMonth.set(monthOf(day), caps.usedThisMonth + 1);
            }
          }
          for (const n of byDay.values()) expect(n).toBeLessThanOrEqual(s.capPerDay);
          for (const n of byMonth.values()) expect(n).toBeLessThanOrEqual(s.capPerMonth);
          expect(friends).toBe(maturities.length);
          // Within the caps nothing is held back: a day below its cap in a month below its cap rewarded everyone.
          expect(withinCaps({ usedToday: 0, usedThisMonth: 0 }, s)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('settings and what people see', () => {
  test('settings that do not hold together are refused, in Chinese', () => {
    expect(settingsProblems(S)).toEqual([]);
    expect(settingsProblems({ ...S, capPerDay: 9 }).map((p) => p.path)).toEqual(['settings.capPerDay']);
    expect(settingsProblems({ ...S, referrer: { points: 0, couponTemplateId: null }, referee: { points: 0, couponTemplateId: null } }).map((p) => p.path)).toEqual(['settings.referrer.points']);
    expect(settingsProblems({ ...S, rulesText: '  ' }).map((p) => p.path)).toEqual(['settings.rulesText']);
    expect(settingsProblems({ ...S, enabled: false, rulesText: '' })).toEqual([]);
    const r = PutReferralSettings.safeParse({ rev: 0, settings: { ...S, capPerDay: 9, rulesText: '' } });
    expect(r.success).toBe(false);
    const messages = r.success ? [] : r.error.issues.map((i) => i.message);
    expect(messages.map((m) => issueWording(m))).toEqual(['每日上限不能大于每月上限', '请填写活动规则（会员可见全文）']);
    expect(PutReferralSettings.safeParse({ rev: 0, settings: DEFAULT_REFERRAL_SETTINGS }).success).toBe(true);
  });

  test('names and phones are masked', () => {
    expect(maskName('张敏')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧**');
    expect(maskName(null)).toBeNull();
    expect(personLabel({ name: '张敏', phone: '13812345678' })).toBe('张* 138****5678');
    expect(personLabel({ name: null, phone: '13812345678' })).toBe('138****5678');
  });

  test('leaderboard and signals', () => {
    const st = (memberId: string, bound: number, bought: number, rewarded: number, returned: number): ReferrerStats => ({ memberId, bound, bought, rewarded, returned, points: rewarded * 300 });
    const all = [st('m_a', 10, 1, 1, 0), st('m_b', 3, 3, 3, 0), st('m_c', 6, 4, 1, 3), st('m_d', 0, 0, 0, 0), st('m_e', 8, 0, 0, 0)];
    expect(rankReferrers(all).map((s) => s.memberId)).toEqual(['m_b', 'm_c', 'm_a', 'm_e']);
    const sig = referralSignals(all);
    expect(sig.neverBuy.map((s) => s.memberId)).toEqual(['m_a', 'm_e']);
    expect(sig.returned.map((s) => s.memberId)).toEqual(['m_c']);
  });
});
