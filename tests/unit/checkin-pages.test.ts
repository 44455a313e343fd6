/** The check-in pages' own logic: the admin form's checks (in Chinese) and the member page's rules and next-reward words. */
import type { CheckInView } from '../../shared/contract';
import { formOf, settingsOf } from '../../miniapp/src/admin/checkin/form';
import { nextRewardText, rulesOf } from '../../miniapp/src/member/checkin/rules';

const settings = { enabled: true, streakRewards: [{ days: 3, points: 10 }, { days: 7, points: 50 }], repeat: true, streakCap: { count: 8, period: 'month' as const } };
const view = (over: Partial<CheckInView> = {}): CheckInView => ({
  enabled: true,
  today: '2026-12-02',
  month: '2026-12',
  days: [],
  checkedInToday: false,
  todayOutcome: null,
  streak: 2,
  total: 2,
  todayPoints: 5,
  dailyLimit: { count: 31, period: 'month' },
  nextReward: { atStreak: 3, points: 10, inDays: 1 },
  rewardsThisPeriod: 0,
  settings,
  ...over,
});

describe('admin check-in form', () => {
  it('round-trips the settings, sorted by length, and refuses bad rows in Chinese', () => {
    const f = formOf(settings);
    expect(settingsOf({ ...f, steps: [...f.steps].reverse() })).toEqual({ ok: true, settings });
    expect(settingsOf({ ...f, steps: [{ days: '1', points: '5' }] })).toMatchObject({ ok: false, path: 'settings.streakRewards.0.days' });
    expect(settingsOf({ ...f, steps: [{ days: '3', points: '5' }, { days: '3', points: '6' }] })).toMatchObject({ ok: false, message: '第 2 档：连续 3 天已设置过' });
    expect(settingsOf({ ...f, cap: 'week', capCount: '0' })).toMatchObject({ ok: false, path: 'settings.streakCap.count' });
    expect(settingsOf({ ...f, cap: 'none' })).toMatchObject({ ok: true, settings: { streakCap: null } });
  });
});

describe('member check-in page words', () => {
  it('says the rules in full and the next reward, without Latin words', () => {
    const rules = rulesOf(view());
    expect(rules).toContain('每天可签到一次，每次获得 5 积分。');
    expect(rules).toContain('连续签到奖励：连续 3 天额外获得 10 积分；连续 7 天额外获得 50 积分。');
    expect(rules).toContain('连续签到奖励每月最多发放 8 次。');
    expect(nextRewardText(view())).toBe('今天签到，连续 3 天可额外获得 10 积分');
    expect(nextRewardText(view({ checkedInToday: true, streak: 3, nextReward: { atStreak: 7, points: 50, inDays: 4 } }))).toBe('再签 4 天，连续 7 天可额外获得 50 积分');
    expect(nextRewardText(view({ rewardsThisPeriod: 8 }))).toBe('本月连续签到奖励已领满，继续签到仍可获得每日积分');
    for (const line of [...rules, nextRewardText(view())]) expect(line).not.toMatch(/[A-Za-z]/);
  });
});
