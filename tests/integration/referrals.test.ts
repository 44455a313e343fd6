/**
 * Issue 19, part A (邀请有礼) against DynamoDB Local with the table's stream: a member's code is created once;
 * registration through it binds a NEW member once (two invitations at once: bound once; an existing member,
 * herself or one found by phone: not referred; an unknown code: nothing); on a moved clock, the referee's first
 * qualifying purchase (noted by the stream consumer) is rewarded only when its return window has ended, a return
 * inside it takes it back (also one the stream had not noted yet), the caps per referrer per day and month hold
 * (the friend is still rewarded), and every reward is one ledger row / one coupon however often the job runs.
 */
import { getReferral, moveReferral, referrerStats } from '../../functions/adapters/dynamo/referral-repo';
import { mature, statsDelta } from '../../shared/domain/referral';
import { awardEvent } from '../../functions/points/collaboration';
import { setClock } from '../../functions/lib/clock';
import { runReferralMaturing } from '../../functions/referrals/maturing';
import { registerMember } from '../../functions/members/http';
import { drainStream } from '../../infra/local/streams';
import { actors } from './actors';
import { call, callRoute, phoneCode, setupWorld, uniquePhone } from './support';

let world: Awaited<ReturnType<typeof setupWorld>>;
const a = actors(() => world.standIn);
let clerk: string;
let admin: string;
let couponTpl: string;

let movedTo: string | null = null;
afterEach(() => {
  movedTo = null;
  setClock(null);
});
const at = (iso: string) => {
  movedTo = iso;
  setClock({ now: () => new Date(iso) });
};
/** Noon in Shanghai of a local day. */
const noon = (day: string) => at(`${day}T04:00:00Z`);
/** Tokens are checked against the real time: sign in on the real clock, whatever day the test is on. */
async function login(openid: string) {
  const was = movedTo;
  setClock(null);
  try {
    return await a.login(openid);
  } finally {
    if (was) at(was);
  }
}
async function newMember(openid: string) {
  return register(openid, undefined);
}

/** Any route of serverless.yml, by method and path (as API Gateway would route it). */
const api = (method: string, path: string, token: string, body?: unknown) => callRoute(method, path, token, body);

async function settle() {
  // The consumer's own writes come back on the stream: drain until nothing is left.
  for (let i = 0; i < 4; i++) if ((await drainStream()) === 0) return;
}

const SETTINGS = {
  enabled: true,
  referrer: { points: 300, couponTemplateId: null as string | null },
  referee: { points: 150, couponTemplateId: null },
  minOrderFen: 10_000,
  returnWindowDays: 7,
  capPerDay: 2,
  capPerMonth: 3,
  rulesText: '好友注册并完成首笔满 100 元消费，退货期 7 天后双方获得奖励。',
};

beforeAll(async () => {
  world = await setupWorld({ stream: true });
  clerk = (await a.login('demo-staff')).token;
  admin = (await a.login('demo-admin')).token;
  const tpl = await api('POST', '/admin/coupon-templates', admin, {
    name: '邀请好友满200减20',
    description: '',
    kind: 'threshold',
    amountOffFen: 2_000,
    thresholdFen: 20_000,
    scope: { kind: 'all' },
    stores: null,
    stackable: true,
    validity: { kind: 'afterIssue', days: 30 },
    stock: 100,
    perMemberLimit: null,
    claimable: false,
  });
  expect(tpl.status).toBeLessThan(300);
  couponTpl = tpl.body.id;
  SETTINGS.referrer.couponTemplateId = couponTpl;
  await settle();
}, 60_000);
afterAll(() => world.close());

/** Registers `openid` with `phone` through `referralCode` (the register page sends the launch's code). */
async function register(openid: string, referralCode: string | undefined, phone = uniquePhone()) {
  const s = await login(openid);
  const r = await call(registerMember, { path: '/members', token: s.token, body: { phoneCode: await phoneCode(world.standIn, phone), consent: true, ...(referralCode ? { referralCode } : {}) } });
  return { status: r.status, body: r.body, token: s.token, id: r.body?.id as string, phone };
}

const myReferral = (token: string) => api('GET', '/members/me/referral', token);
let orderSeq = 0;
const buy = async (m: { token: string }, amountFen: number) => {
  const orderId = `REF${Date.now().toString(36)}${++orderSeq}`;
  await a.buy(clerk, m, amountFen, { orderId });
  return orderId;
};
const ret = async (orderId: string, amountFen: number) => {
  const r = await a.returns(clerk, { storeId: 'S001', orderId, returnId: `R-${orderId}-${++orderSeq}`, amountFen });
  expect(r.status).toBe(200);
};
/** Her balance and her ledger rows of one referral event. */
async function pointsOf(token: string, kind: 'referrer' | 'referee', refereeId: string) {
  const r = await a.myPoints(token, { limit: '100' });
  expect(r.status).toBe(200);
  const rows = (r.body.entries as { points: number; description: string; source: { id: string } }[]).filter((e) => e.source.id === `event#${kind}#${refereeId}`);
  return { balance: r.body.summary.balance as number, rows };
}
const wallet = async (token: string) => ((await api('GET', '/members/me/coupons', token)).body.coupons as { templateId: string; source: string }[]).filter((c) => c.templateId === couponTpl);

test('settings: audited, refused when they do not hold together, and a stale revision is refused', async () => {
  noon('2026-12-01');
  const s0 = await api('GET', '/admin/referral-settings', admin);
  expect(s0.status).toBe(200);
  expect(s0.body.settings.enabled).toBe(false);
  // Off: a member's page says so and has no code.
  const early = await newMember('ref-early');
  const off = await myReferral(early.token);
  expect(off.body).toMatchObject({ enabled: false, code: null });

  const bad = await api('PUT', '/admin/referral-settings', admin, { rev: s0.body.rev, settings: { ...SETTINGS, capPerDay: 9, capPerMonth: 3 } });
  expect([bad.status, bad.body.error.fields[0].path]).toEqual([400, 'settings.capPerDay']);
  const none = await api('PUT', '/admin/referral-settings', admin, { rev: s0.body.rev, settings: { ...SETTINGS, referrer: { points: 0, couponTemplateId: null }, referee: { points: 0, couponTemplateId: null } } });
  expect(none.status).toBe(400);
  const ghost = await api('PUT', '/admin/referral-settings', admin, { rev: s0.body.rev, settings: { ...SETTINGS, referee: { points: 10, couponTemplateId: 't_nosuchtemplate' } } });
  expect([ghost.status, ghost.body.error.code, ghost.body.error.fields[0].path]).toEqual([422, 'template_not_found', 'settings.referee.couponTemplateId']);

  const put = await api('PUT', '/admin/referral-settings', admin, { rev: s0.body.rev, settings: SETTINGS });
  expect(put.status).toBe(200);
  expect(put.body.couponNames[couponTpl]).toBe('邀请好友满200减20');
  const stale = await api('PUT', '/admin/referral-settings', admin, { rev: s0.body.rev, settings: SETTINGS });
  expect([stale.status, stale.body.error.code]).toEqual([409, 'settings_changed']);
  const log = await a.admin(admin, 'GET', '/admin/audit', undefined, { action: 'referral.settings.update' });
  expect(log.body.entries[0]).toMatchObject({ action: 'referral.settings.update', actionLabel: '修改邀请有礼设置' });
});

describe('binding', () => {
  test("a member's code is created once; a new member through it is bound; two invitations at once bind her once", async () => {
    noon('2026-12-01');
    const alice = await newMember('ref-alice');
    const dave = await newMember('ref-dave');
    const [c1, c2] = await Promise.all([myReferral(alice.token), myReferral(alice.token)]);
    expect(c1.body.code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    expect(c2.body.code).toBe(c1.body.code);
    expect(c1.body.sharePath).toBe(`/pages/index/index?ref=${c1.body.code}`);
    expect(c1.body.rulesText).toBe(SETTINGS.rulesText);
    const daveCode = (await myReferral(dave.token)).body.code as string;
    expect(daveCode).not.toBe(c1.body.code);

    const bob = await register('ref-bob', c1.body.code);
    expect(bob.status).toBe(200);
    expect(await getReferral(bob.id)).toMatchObject({ referrerId: alice.id, state: 'waiting' });

    // One person, two invitations at once (two taps, two codes): one member, bound once.
    const phone = uniquePhone();
    const s = await login('ref-carol');
    const both = await Promise.all(
      [c1.body.code, daveCode].map(async (code) =>
        call(registerMember, { path: '/members', token: s.token, body: { phoneCode: await phoneCode(world.standIn, phone), consent: true, referralCode: code } }),
      ),
    );
    const ok = both.filter((r) => r.status === 200);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    const carolIds = new Set(ok.map((r) => r.body.id));
    expect(carolIds.size).toBe(1);
    const carolId = [...carolIds][0] as string;
    const bound = await getReferral(carolId);
    expect([alice.id, dave.id]).toContain(bound!.referrerId);
    await settle();
    const aliceFriends = (await myReferral(alice.token)).body.referees.length;
    const daveFriends = (await myReferral(dave.token)).body.referees.length;
    expect(aliceFriends + daveFriends).toBe(2); // bob, and carol once
    // The binding counted once in her referrer's stats, however often the stream is replayed.
    expect((await referrerStats(bound!.referrerId))!.bound).toBe(bound!.referrerId === alice.id ? 2 : 1);
    // The friend is shown masked.
    const list = (await myReferral(alice.token)).body.referees as { label: string; state: string }[];
    expect(list.map((r) => r.label)).toContain(`${bob.phone.slice(0, 3)}****${bob.phone.slice(-4)}`);
    expect(JSON.stringify(list)).not.toContain(bob.phone);
  }, 60_000);

  test('an existing member is not referred: herself, one found by phone, one already registered; an unknown code records nothing', async () => {
    noon('2026-12-01');
    const erin = await newMember('ref-erin');
    const erinCode = (await myReferral(erin.token)).body.code as string;
    const alice = await login('ref-alice');
    const aliceCode = (await myReferral(alice.token)).body.code as string;
    // Erin through her own code, and through Alice's: she exists, nothing is bound.
    for (const code of [erinCode, aliceCode]) {
      const again = await call(registerMember, { path: '/members', token: erin.token, body: { phoneCode: await phoneCode(world.standIn, erin.phone), consent: true, referralCode: code } });
      expect(again.status).toBe(200);
    }
    expect(await getReferral(erin.id)).toBeNull();
    // A member imported from a store (found by phone) registering through an invitation: bound to her account, not referred.
    const imported = await register('ref-imported', aliceCode, '13900000001');
    expect(imported.status).toBe(200);
    expect(await getReferral(imported.id)).toBeNull();
    // An unknown code: she registers, nothing is bound.
    const fresh = await register('ref-unknown', 'ZZZZ2345');
    expect(fresh.status).toBe(200);
    expect(await getReferral(fresh.id)).toBeNull();
  }, 60_000);
});

describe('rewards on a moved clock', () => {
  test('no reward before the window ends; at its end both sides once (points, coupon, ledger rows); a rerun gives nothing twice', async () => {
    noon('2026-12-02');
    const ann = await newMember('ref-ann');
    const code = (await myReferral(ann.token)).body.code as string;
    const ben = await register('ref-ben', code);
    await settle();
    // Below the minimum: not qualifying.
    await buy(ben, 8_000);
    await settle();
    expect((await getReferral(ben.id))!.state).toBe('waiting');
    await buy(ben, 15_000);
    await settle();
    expect(await getReferral(ben.id)).toMatchObject({ state: 'pending', maturesOn: '2026-12-09' });
    const page = (await myReferral(ann.token)).body;
    expect(page.referees[0]).toMatchObject({ state: 'pending', maturesOn: '2026-12-09', stateLabel: '已消费，退货期后发放奖励' });

    const annBefore = await pointsOf(ann.token, 'referrer', ben.id);
    const benBefore = await pointsOf(ben.token, 'referee', ben.id);
    // The day before the window ends: nothing.
    noon('2026-12-08');
    const early = await runReferralMaturing();
    expect(early.rewarded).toBe(0);
    expect((await pointsOf(ann.token, 'referrer', ben.id)).balance).toBe(annBefore.balance);
    expect((await getReferral(ben.id))!.state).toBe('pending');

    noon('2026-12-09');
    const due = await runReferralMaturing();
    expect(due.rewarded).toBeGreaterThanOrEqual(1);
    const annAfter = await pointsOf(ann.token, 'referrer', ben.id);
    const benAfter = await pointsOf(ben.token, 'referee', ben.id);
    expect(annAfter.balance - annBefore.balance).toBe(300);
    expect(benAfter.balance - benBefore.balance).toBe(150);
    expect(annAfter.rows.map((r) => [r.points, r.description])).toEqual([[300, '邀请好友奖励']]);
    expect(benAfter.rows.map((r) => [r.points, r.description])).toEqual([[150, '受邀注册奖励']]);
    expect(await wallet(ann.token)).toHaveLength(1);
    expect((await wallet(ann.token))[0]!.source).toBe('referral');
    expect(await getReferral(ben.id)).toMatchObject({ state: 'rewarded', referrerCapped: false });

    // Again the same day and the next: nothing twice.
    await runReferralMaturing();
    noon('2026-12-10');
    await runReferralMaturing();
    await settle();
    expect((await pointsOf(ann.token, 'referrer', ben.id)).rows).toHaveLength(1);
    expect((await pointsOf(ben.token, 'referee', ben.id)).rows).toHaveLength(1);
    expect(await wallet(ann.token)).toHaveLength(1);
    const mine = (await myReferral(ann.token)).body;
    expect(mine).toMatchObject({ counts: { invited: 1, bought: 1, rewarded: 1 }, pointsEarned: 300 });
    expect(mine.referees[0]).toMatchObject({ state: 'rewarded', stateLabel: '奖励已发放' });
  }, 60_000);

  test('a return inside the window takes it back (noted by the stream, or found at maturity); a later purchase counts again', async () => {
    noon('2026-12-02');
    const amy = await newMember('ref-amy');
    const code = (await myReferral(amy.token)).body.code as string;
    const fay = await register('ref-fay', code);
    const gus = await register('ref-gus', code);
    await settle();
    const fayOrder = await buy(fay, 12_000);
    const gusOrder = await buy(gus, 20_000);
    await settle();
    expect((await getReferral(fay.id))!.state).toBe('pending');
    expect((await getReferral(gus.id))!.state).toBe('pending');

    // Fay returns part of it on day 3: ¥90 left, below the minimum: back to waiting.
    noon('2026-12-05');
    await ret(fayOrder, 3_000);
    await settle();
    expect(await getReferral(fay.id)).toMatchObject({ state: 'waiting', returns: 1, order: null });
    // Gus returns all of it on the window's last day, and the stream has not noted it when the job runs.
    noon('2026-12-08');
    await ret(gusOrder, 20_000);
    noon('2026-12-09');
    const run = await runReferralMaturing();
    expect(run.returned).toBe(1);
    expect(await getReferral(gus.id)).toMatchObject({ state: 'waiting', returns: 1 });
    await settle(); // the return's record, noted late, changes nothing
    expect(await getReferral(gus.id)).toMatchObject({ state: 'waiting', returns: 1 });
    const amyPoints = await pointsOf(amy.token, 'referrer', fay.id);
    expect(amyPoints.rows).toEqual([]);
    expect((await pointsOf(fay.token, 'referee', fay.id)).rows).toEqual([]);
    expect(await wallet(amy.token)).toHaveLength(0);
    expect((await referrerStats(amy.id))!).toMatchObject({ bound: 2, bought: 2, returned: 2, rewarded: 0 });

    // Fay buys again: pending anew, rewarded at the end of its own window.
    noon('2026-12-10');
    await buy(fay, 25_000);
    await settle();
    expect(await getReferral(fay.id)).toMatchObject({ state: 'pending', maturesOn: '2026-12-17' });
    noon('2026-12-16');
    await runReferralMaturing();
    expect((await pointsOf(amy.token, 'referrer', fay.id)).rows).toEqual([]);
    noon('2026-12-17');
    await runReferralMaturing();
    expect((await pointsOf(amy.token, 'referrer', fay.id)).rows.map((r) => r.points)).toEqual([300]);
    expect((await pointsOf(fay.token, 'referee', fay.id)).rows.map((r) => r.points)).toEqual([150]);
    // Stats, bought once per friend; the admin's signals and the leaderboard, masked.
    expect((await referrerStats(amy.id))!).toMatchObject({ bound: 2, bought: 2, returned: 2, rewarded: 1, points: 300 });
    const board = await api('GET', '/admin/referrals', admin);
    expect(board.status).toBe(200);
    const row = board.body.leaderboard.find((r: { memberId: string }) => r.memberId === amy.id);
    expect(row).toMatchObject({ label: `${amy.phone.slice(0, 3)}****${amy.phone.slice(-4)}`, rewarded: 1, returned: 2 });
    expect(board.body.signals.returned.map((r: { memberId: string }) => r.memberId)).toContain(amy.id);
    expect(JSON.stringify(board.body)).not.toContain(amy.phone);
  }, 90_000);

  test('a run that stopped after taking the caps (state rewarding) is finished by the next run, giving nothing twice', async () => {
    noon('2026-12-04');
    const ivy = await newMember('ref-ivy');
    const code = (await myReferral(ivy.token)).body.code as string;
    const joe = await register('ref-joe', code);
    await settle();
    const orderId = await buy(joe, 30_000);
    await settle();
    noon('2026-12-11');
    // Step 1 only, as a run that crashed right after it would leave it.
    const r = (await getReferral(joe.id))!;
    const m = mature(r, '2026-12-11', { storeId: 'S001', orderId, memberId: joe.id, createdAt: r.order!.at, amountFen: 30_000, returnedFen: 0 }, { refereeOk: true, referrerOk: true }, { usedToday: 0, usedThisMonth: 0 }, SETTINGS);
    if (m.step !== 'reward') throw new Error(m.step);
    expect((await moveReferral(r, m.next, { at: new Date().toISOString(), stats: statsDelta(r, m.next), caps: { day: '2026-12-11', month: '2026-12', perDay: 2, perMonth: 3 } })).ok).toBe(true);
    expect((await getReferral(joe.id))!.state).toBe('rewarding');
    // ...and the first award of step 2 (the crash came right after it): the next runs finish, each reward once.
    await awardEvent(ivy.id, 'referrer', joe.id, { points: 300 });
    await runReferralMaturing();
    await runReferralMaturing();
    expect((await getReferral(joe.id))!.state).toBe('rewarded');
    expect((await pointsOf(ivy.token, 'referrer', joe.id)).rows.map((x) => x.points)).toEqual([300]);
    expect((await pointsOf(joe.token, 'referee', joe.id)).rows.map((x) => x.points)).toEqual([150]);
    expect(await wallet(ivy.token)).toHaveLength(1);
    expect((await referrerStats(ivy.id))!).toMatchObject({ rewarded: 1, points: 300 });
  }, 60_000);

  test('caps per referrer per day and per month hold; the friends beyond them are rewarded anyway', async () => {
    noon('2026-12-02');
    const hal = await newMember('ref-hal');
    const code = (await myReferral(hal.token)).body.code as string;
    const friends = [];
    for (let i = 0; i < 5; i++) friends.push(await register(`ref-hal-friend-${i}`, code));
    await settle();
    // Three buy on the 2nd (mature on the 9th), two on the 3rd (mature on the 10th).
    for (const f of friends.slice(0, 3)) await buy(f, 10_000);
    noon('2026-12-03');
    for (const f of friends.slice(3)) await buy(f, 10_000);
    await settle();
    const before = (await a.myPoints(hal.token)).body.summary.balance as number;

    noon('2026-12-09');
    const d9 = await runReferralMaturing();
    expect([d9.rewarded, d9.capped]).toEqual([3, 1]); // the day's cap is 2
    noon('2026-12-10');
    const d10 = await runReferralMaturing();
    expect([d10.rewarded, d10.capped]).toEqual([2, 1]); // the month's cap is 3
    const after = (await a.myPoints(hal.token)).body.summary.balance as number;
    expect(after - before).toBe(3 * 300);
    let halRows = 0;
    for (const f of friends) {
      halRows += (await pointsOf(hal.token, 'referrer', f.id)).rows.length;
      expect((await pointsOf(f.token, 'referee', f.id)).rows.map((r) => r.points)).toEqual([150]);
      expect((await getReferral(f.id))!.state).toBe('rewarded');
    }
    expect(halRows).toBe(3);
    expect(await wallet(hal.token)).toHaveLength(3);
    const page = (await myReferral(hal.token)).body;
    expect(page.counts).toEqual({ invited: 5, bought: 5, rewarded: 5 });
    expect(page.pointsEarned).toBe(900);
    expect(page.referees.filter((r: { capped: boolean }) => r.capped)).toHaveLength(2);
  }, 90_000);
});
