import fc from 'fast-check';
import { addDays } from '../../shared/domain';
import {
  NO_STREAK,
  checkInDayOf,
  currentStreak,
  decideCheckIn,
  monthGrid,
  nextStreak,
  nextStreakReward,
  streakRewardFor,
  type CheckInSettings,
  type StreakState,
} from '../../shared/domain/checkin';

const settings: CheckInSettings = {
  enabled: true,
  streakRewards: [
    { days: 7, points: 50 },
    { days: 3, points: 10 },
  ],
  repeat: false,
  streakCap: null,
};

/** Check-ins on these days, in order, from no streak. */
function run(days: string[]): StreakState {
  let s = NO_STREAK;
  for (const d of days) s = nextStreak(s, d) ?? s;
  return s;
}

describe('check-in day', () => {
  test('is the Beijing date: 23:59 and 00:01 Beijing are two days', () => {
    expect(checkInDayOf(new Date('2026-12-01T15:59:00Z'))).toBe('2026-12-01');
    expect(checkInDayOf(new Date('2026-12-01T16:01:00Z'))).toBe('2026-12-02');
  });
});

describe('streaks', () => {
  test('a day in a row adds one, a missed day starts over, the same day is refused', () => {
    const s1 = nextStreak(NO_STREAK, '2026-12-01')!;
    expect(s1).toEqual({ lastDay: '2026-12-01', streak: 1, streakStart: '2026-12-01', total: 1 });
    const s2 = nextStreak(s1, '2026-12-02')!;
    expect(s2).toMatchObject({ streak: 2, streakStart: '2026-12-01', total: 2 });
    expect(nextStreak(s2, '2026-12-02')).toBeNull();
    const s3 = nextStreak(s2, '2026-12-04')!;
    expect(s3).toMatchObject({ streak: 1, streakStart: '2026-12-04', total: 3 });
    // Across a month and a year end.
    expect(run(['2026-12-30', '2026-12-31', '2027-01-01'])).toMatchObject({ streak: 3, streakStart: '2026-12-30' });
  });

  test('the current streak is kept through yesterday and lost after a missed day', () => {
    const s = run(['2026-12-01', '2026-12-02']);
    expect(currentStreak(s, '2026-12-02')).toBe(2);
    expect(currentStreak(s, '2026-12-03')).toBe(2);
    expect(currentStreak(s, '2026-12-04')).toBe(0);
  });

  test('property: the streak is the run of consecutive check-in days ending on the last one', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 60 }), (gaps) => {
        // Check-in days from 2026-11-01, each 0..3 days after the previous (0 = the same day again).
        const days: string[] = [];
        let d = '2026-11-01';
        for (const g of gaps) {
          d = addDays(d, g);
          days.push(d);
        }
        const s = run(days);
        const distinct = [...new Set(days)];
        expect(s.total).toBe(distinct.length);
        let expected = 1;
        while (expected < distinct.length && distinct[distinct.length - 1 - expected] === addDays(distinct[distinct.length - 1]!, -expected)) expected++;
        expect(s.streak).toBe(expected);
        expect(s.streakStart).toBe(addDays(s.lastDay!, -(expected - 1)));
        expect(s.lastDay).toBe(distinct[distinct.length - 1]);
      }),
    );
  });
});

describe('streak rewards', () => {
  test('paid on the day a length is reached; the next one ahead', () => {
    expect([1, 2, 3, 4, 7, 8, 14].map((n) => streakRewardFor(settings, n)?.points ?? 0)).toEqual([0, 0, 10, 0, 50, 0, 0]);
    expect(nextStreakReward(settings, 0)).toEqual({ atStreak: 3, points: 10, inDays: 3 });
    expect(nextStreakReward(settings, 3)).toEqual({ atStreak: 7, points: 50, inDays: 4 });
    expect(nextStreakReward(settings, 7)).toBeNull();
    const cycle = { ...settings, repeat: true };
    expect([10, 14, 17, 21].map((n) => streakRewardFor(cycle, n)?.points ?? 0)).toEqual([10, 50, 10, 50]);
    expect(nextStreakReward(cycle, 7)).toEqual({ atStreak: 10, points: 10, inDays: 3 });
  });

  test('the cap stops a due reward; the occurrence names the run and its length', () => {
    const state = run(['2026-12-01', '2026-12-02']);
    const capped = { ...settings, streakCap: { count: 1, period: 'month' as const } };
    expect(decideCheckIn({ settings: capped, state, day: '2026-12-03', rewardsInPeriod: 0 })).toMatchObject({
      kind: 'checkIn',
      reward: { days: 3, points: 10, occurrence: '2026-12-01#3', capPeriod: '2026-12' },
      capped: false,
    });
    expect(decideCheckIn({ settings: capped, state, day: '2026-12-03', rewardsInPeriod: 1 })).toMatchObject({ kind: 'checkIn', reward: null, capped: true });
    expect(decideCheckIn({ settings, state: run(['2026-12-03']), day: '2026-12-03', rewardsInPeriod: 0 })).toEqual({ kind: 'already' });
  });

  test('property: over one unbroken run, each length is paid once (without repeat), in order', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 2, max: 30 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 90 }),
        (lengths, runDays) => {
          const s: CheckInSettings = { ...settings, streakRewards: lengths.map((days) => ({ days, points: days })) };
          let state = NO_STREAK;
          const paid: number[] = [];
          for (let i = 0; i < runDays; i++) {
            const d = decideCheckIn({ settings: s, state, day: addDays('2026-01-01', i), rewardsInPeriod: 0 });
            if (d.kind !== 'checkIn') throw new Error('one check-in a day');
            if (d.reward) paid.push(d.reward.days);
            state = d.next;
          }
          expect(paid).toEqual([...lengths].filter((l) => l <= runDays).sort((a, b) => a - b));
        },
      ),
    );
  });
});

describe('month calendar', () => {
  test('weeks start on Monday; December 2026 starts on a Tuesday', () => {
    const g = monthGrid('2026-12');
    expect(g[0]).toEqual([null, '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06']);
    expect(g.flat().filter(Boolean)).toHaveLength(31);
    expect(g.every((w) => w.length === 7)).toBe(true);
    expect(monthGrid('2028-02').flat().filter(Boolean)).toHaveLength(29);
  });
});
