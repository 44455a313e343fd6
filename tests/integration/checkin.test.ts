/**
 * Daily check-in (issue 19, part D) against DynamoDB Local, through the real handlers. The demo brand: 5 points a
 * day (每日签到, at most 31 a month), streak rewards 3 days +10 and 7 days +50 in a 7-day cycle, at most 8 a month.
 * Time moves with setClock (noon in Beijing of each day), never by sleeping.
 */
import { listAudit } from '../../functions/adapters/dynamo/admin-repo';
import { sumLedger, listLedger } from '../../functions/adapters/dynamo/account-repo';
import { handler as checkinHandler } from '../../functions/checkin/http';
import { setClock } from '../../functions/lib/clock';
import { demoBrand } from '../../infra/local/seed';
import { actors } from './actors';
import { call, setupWorld } from './support';

let world: Awaited<ReturnType<typeof setupWorld>>;
const a = actors(() => world.standIn);
let admin: string;
beforeAll(async () => {
  world = await setupWorld();
  admin = (await a.login('demo-admin')).token;
});
afterAll(() => world.close());
afterEach(() => setClock(null));

/** Noon in Beijing of a local day. */
const onDay = (day: string) => setClock({ now: () => new Date(`${day}T04:00:00.000Z`) });
const at = (iso: string) => setClock({ now: () => new Date(iso) });
const checkIn = (token: string) => call(checkinHandler, { method: 'POST', path: '/members/me/check-in', token });
const view = (token: string) => call(checkinHandler, { method: 'GET', path: '/members/me/check-in', token });
const settings = (method: 'GET' | 'PUT', body?: unknown) => call(checkinHandler, { method, path: '/admin/check-in-settings', token: admin, body });

async function checkInOn(token: string, day: string) {
  onDay(day);
  const r = await checkIn(token);
  if (r.status !== 200) throw new Error(`check-in ${day}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** The member's ledger rows by source kind of description. */
async function ledgerOf(memberId: string) {
  const page = await listLedger(memberId, { limit: 100, afterSk: null });
  return page.entries.map((e) => ({ points: e.points, description: e.description, source: e.source.id }));
}

describe('daily check-in', () => {
  test('ten concurrent check-ins on one day reward once: one ledger row, the first result answered to all', async () => {
    const m = await a.newMember('o-ci-race');
    onDay('2027-03-01');
    const all = await Promise.all(Array.from({ length: 10 }, () => checkIn(m.token)));
    expect(all.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(all.filter((r) => !r.body.replayed)).toHaveLength(1);
    for (const r of all) expect(r.body).toMatchObject({ day: '2027-03-01', streak: 1, dailyPoints: 5, dailyLimited: false, reward: null, rewardCapped: false });
    expect(await sumLedger(m.id)).toEqual({ sum: 5, count: 1 });
    expect((await a.myPoints(m.token)).body.summary.balance).toBe(5);
    // A retry later the same day answers the same result and gives nothing more.
    at('2027-03-01T15:30:00.000Z'); // 23:30 Beijing
    const again = await checkIn(m.token);
    expect(again.body).toMatchObject({ replayed: true, dailyPoints: 5, balance: 5 });
    expect(await sumLedger(m.id)).toEqual({ sum: 5, count: 1 });
  });

  test('a streak across days pays its reward once, also when the reward day is tapped ten times at once', async () => {
    const m = await a.newMember('o-ci-streak');
    expect(await checkInOn(m.token, '2027-03-01')).toMatchObject({ streak: 1, dailyPoints: 5, balance: 5 });
    expect(await checkInOn(m.token, '2027-03-02')).toMatchObject({ streak: 2, dailyPoints: 5, reward: null, balance: 10 });
    onDay('2027-03-03');
    const race = await Promise.all(Array.from({ length: 10 }, () => checkIn(m.token)));
    expect(race.map((r) => r.status)).toEqual(Array(10).fill(200));
    for (const r of race) expect(r.body).toMatchObject({ streak: 3, dailyPoints: 5, reward: { days: 3, points: 10 } });
    expect(await sumLedger(m.id)).toEqual({ sum: 25, count: 4 });
    const rows = await ledgerOf(m.id);
    expect(rows.filter((r) => r.description === '连续签到奖励')).toEqual([{ points: 10, description: '连续签到奖励', source: 'event#checkInStreak#2027-03-01#3' }]);

    const v = await view(m.token);
    expect(v.status).toBe(200);
    expect(v.body).toMatchObject({
      enabled: true,
      today: '2027-03-03',
      month: '2027-03',
      checkedInToday: true,
      streak: 3,
      total: 3,
      todayPoints: 5,
      dailyLimit: { count: 31, period: 'month' },
      nextReward: { atStreak: 7, points: 50, inDays: 4 },
      rewardsThisPeriod: 1,
      todayOutcome: { streak: 3, dailyPoints: 5, reward: { days: 3, points: 10 } },
    });
    expect(v.body.days).toEqual([
      { day: '2027-03-01', points: 5, reward: false },
      { day: '2027-03-02', points: 5, reward: false },
      { day: '2027-03-03', points: 15, reward: true },
    ]);
    // The next day, before checking in: the streak still stands and the next reward is 4 check-ins away.
    onDay('2027-03-04');
    expect((await view(m.token)).body).toMatchObject({ checkedInToday: false, streak: 3, nextReward: { atStreak: 7, inDays: 4 } });
  });

  test('a missed day resets the streak; 23:59 and 00:01 in Beijing are two days in a row', async () => {
    const m = await a.newMember('o-ci-missed');
    await checkInOn(m.token, '2027-03-01');
    await checkInOn(m.token, '2027-03-02');
    // 03-03 missed: the streak is gone on 03-04's page, and 03-04 starts over (no 3-day reward).
    onDay('2027-03-04');
    expect((await view(m.token)).body).toMatchObject({ streak: 0, checkedInToday: false, nextReward: { atStreak: 3, inDays: 3 } });
    expect(await checkInOn(m.token, '2027-03-04')).toMatchObject({ streak: 1, reward: null });
    expect(await checkInOn(m.token, '2027-03-05')).toMatchObject({ streak: 2, reward: null });
    expect(await checkInOn(m.token, '2027-03-06')).toMatchObject({ streak: 3, reward: { days: 3, points: 10 } });
    expect(await sumLedger(m.id)).toEqual({ sum: 5 * 5 + 10, count: 6 });

    const n = await a.newMember('o-ci-midnight');
    at('2027-03-01T15:59:00.000Z');
    expect((await checkIn(n.token)).body).toMatchObject({ day: '2027-03-01', streak: 1 });
    at('2027-03-01T16:01:00.000Z');
    expect((await checkIn(n.token)).body).toMatchObject({ day: '2027-03-02', streak: 2, replayed: false });
  });

  test('the cap holds: at most one streak reward a week, the next week pays again', async () => {
    const s0 = await settings('GET');
    expect(s0.body.settings).toEqual(demoBrand.checkIn);
    const put = await settings('PUT', { rev: s0.body.rev, settings: { enabled: true, streakRewards: [{ days: 2, points: 20 }], repeat: true, streakCap: { count: 1, period: 'week' } } });
    expect(put.status).toBe(200);
    const stale = await settings('PUT', { rev: s0.body.rev, settings: put.body.settings });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'settings_changed']);
    const audit = await listAudit({ source: { kind: 'target', target: 'checkin-settings' }, lo: '0', hi: '9', limit: 5, startKey: null });
    expect(audit.rows.map((r) => [r.action, r.actor])).toEqual([['checkin.settings.update', 'demo-admin']]);
    const dup = await settings('PUT', { rev: put.body.rev, settings: { ...put.body.settings, streakRewards: [{ days: 2, points: 1 }, { days: 2, points: 3 }] } });
    expect([dup.status, dup.body.error.fields[0].path]).toEqual([400, 'settings.streakRewards.1.days']);

    // Monday 2027-03-08 to Monday 2027-03-15: due at streaks 2, 4, 6 (one week: only the first) and 8 (the next week).
    const m = await a.newMember('o-ci-cap');
    const outcomes = [];
    for (let i = 8; i <= 15; i++) outcomes.push(await checkInOn(m.token, `2027-03-${String(i).padStart(2, '0')}`));
    expect(outcomes.map((o) => [o.streak, o.reward?.points ?? 0, o.rewardCapped])).toEqual([
      [1, 0, false],
      [2, 20, false],
      [3, 0, false],
      [4, 0, true],
      [5, 0, false],
      [6, 0, true],
      [7, 0, false],
      [8, 20, false],
    ]);
    expect(await sumLedger(m.id)).toEqual({ sum: 8 * 5 + 2 * 20, count: 10 });
    expect((await view(m.token)).body).toMatchObject({ rewardsThisPeriod: 1, streak: 8 });
  });

  test("the daily points keep the rule's own limit; switched off, nobody checks in", async () => {
    // A rule version from 2027-04-05 (Monday): 5 points, at most 2 check-ins a week.
    onDay('2027-04-05');
    const rules = await a.admin(admin, 'GET', '/admin/rules');
    const current = rules.body.current;
    const { version: _v, effectiveFrom: _f, createdAt: _c, createdBy: _b, ...input } = current;
    const put = await a.admin(admin, 'PUT', '/admin/rules', { ...input, events: { ...input.events, checkIn: { points: 5, limit: { count: 2, period: 'week' } } } });
    expect(put.status).toBe(200);

    const m = await a.newMember('o-ci-limit');
    expect(await checkInOn(m.token, '2027-04-05')).toMatchObject({ dailyPoints: 5, dailyLimited: false });
    expect(await checkInOn(m.token, '2027-04-06')).toMatchObject({ dailyPoints: 5, reward: { points: 20 } });
    expect(await checkInOn(m.token, '2027-04-07')).toMatchObject({ streak: 3, dailyPoints: 0, dailyLimited: true });
    expect(await sumLedger(m.id)).toEqual({ sum: 5 + 5 + 20, count: 3 });

    const s = await settings('GET');
    const off = await settings('PUT', { rev: s.body.rev, settings: { ...s.body.settings, enabled: false } });
    expect(off.status).toBe(200);
    onDay('2027-04-08');
    const refused = await checkIn(m.token);
    expect([refused.status, refused.body.error.code]).toEqual([409, 'checkin_disabled']);
    expect((await view(m.token)).body).toMatchObject({ enabled: false, checkedInToday: false });
    expect(await sumLedger(m.id)).toEqual({ sum: 30, count: 3 });
  });
});
