/**
 * Care messages against DynamoDB Local and the WeChat stand-in, with a moved clock: each job sends
 * to exactly the members it should, once, only with consent; a rerun sends nothing; no consent,
 * opted out, quiet hours, the weekly cap and 43101 are recorded as such.
 */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../../functions/adapters/dynamo/client';
import { getConsentCount, getCareLog } from '../../functions/adapters/dynamo/care-repo';
import { keys } from '../../functions/adapters/dynamo/keys';
import { handler as careHandler } from '../../functions/care/http';
import { deliverCare } from '../../functions/care/deliver';
import { handler as couponsHandler } from '../../functions/coupons/http';
import { updateMe } from '../../functions/members/http';
import { setClock } from '../../functions/lib/clock';
import { addDays, DEFAULT_CARE_TEMPLATES, localDate, type CareKind } from '../../shared/domain';
import { actors } from './actors';
import { call, devPost, setupWorld } from './support';

let world: Awaited<ReturnType<typeof setupWorld>>;
const a = actors(() => world.standIn);
let admin: string;
let clerk: string;

/** 10:00 in Shanghai on a local day. */
const tenAm = (day: string) => new Date(`${day}T10:00:00+08:00`);
const at = (d: Date) => setClock({ now: () => d });

beforeAll(async () => {
  world = await setupWorld();
  admin = (await a.login('demo-admin')).token;
  clerk = (await a.login('demo-staff')).token;
});
afterAll(() => world.close());
afterEach(() => setClock(null));

const care = (token: string, method: string, path: string, body?: unknown, query?: Record<string, string>) => call(careHandler, { method, path, token, body, ...(query ? { query } : {}) });
const runJob = async (job: string, day: string) => {
  const r = await care(admin, 'POST', `/admin/care-jobs/${job}/run`, { day });
  if (r.status !== 200) throw new Error(`run ${job}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
};

interface M {
  token: string;
  id: string;
  openid: string;
}
let seq = 0;
async function member(prefix: string): Promise<M> {
  const openid = `o-care-${prefix}-${++seq}`;
  const m = await a.newMember(openid);
  return { token: m.token, id: m.id, openid };
}

/** The member accepts these kinds in requestSubscribeMessage: WeChat (the stand-in) and our backend both count it. */
async function accept(m: M, kinds: CareKind[], opts: { toWeChat?: boolean } = {}) {
  const ids = kinds.map((k) => DEFAULT_CARE_TEMPLATES[k].templateId);
  if (opts.toWeChat !== false) await devPost(world.standIn, '/__dev/subscribe', { openid: m.openid, templateIds: ids });
  const r = await care(m.token, 'POST', '/members/me/subscriptions', { requestId: `req-${m.id}-${++seq}`, accepted: ids, rejected: [], moment: 'register' });
  expect(r.status).toBe(200);
  return r.body;
}

async function delivered(m: M, kind?: CareKind) {
  const r = await fetch(`${world.standIn.url}/__dev/messages?touser=${encodeURIComponent(m.openid)}`);
  const body = (await r.json()) as { messages: { template_id: string; data: Record<string, { value: string }> }[]; rejected: { template_id: string; errcode: number }[] };
  const t = kind ? DEFAULT_CARE_TEMPLATES[kind].templateId : null;
  return { messages: body.messages.filter((x) => !t || x.template_id === t), rejected: body.rejected.filter((x) => !t || x.template_id === t) };
}

const setBirthday = (m: M, birthday: string) => call(updateMe, { method: 'PATCH', path: '/members/me', token: m.token, body: { birthday } });

describe('consent and preferences', () => {
  test('each accepted template adds one acceptance, once per requestId; unknown templates are refused', async () => {
    const m = await member('consent');
    const body = { requestId: 'consent-req-0001', accepted: ['tmpl-birthday', 'tmpl-points-expiring'], rejected: ['tmpl-coupon-expiring'], moment: 'register' };
    const r1 = await care(m.token, 'POST', '/members/me/subscriptions', body);
    expect(r1.status).toBe(200);
    expect(r1.body.replayed).toBe(false);
    const r2 = await care(m.token, 'POST', '/members/me/subscriptions', body);
    expect(r2.body.replayed).toBe(true);
    expect(await getConsentCount(m.id, 'tmpl-birthday')).toBe(1);
    expect(await getConsentCount(m.id, 'tmpl-coupon-expiring')).toBe(0);
    await care(m.token, 'POST', '/members/me/subscriptions', { ...body, requestId: 'consent-req-0002', rejected: [] });
    expect(await getConsentCount(m.id, 'tmpl-birthday')).toBe(2);
    const bad = await care(m.token, 'POST', '/members/me/subscriptions', { ...body, requestId: 'consent-req-0003', accepted: ['not-ours'] });
    expect([bad.status, bad.body.error.code]).toEqual([422, 'unknown_template']);
    const tooMany = await care(m.token, 'POST', '/members/me/subscriptions', { ...body, requestId: 'consent-req-0004', accepted: ['a1', 'a2', 'a3', 'a4'] });
    expect([tooMany.status, tooMany.body.error.fields[0].path]).toEqual([400, 'accepted']);

    const prefs = await care(m.token, 'GET', '/members/me/care-preferences');
    expect(prefs.body.preferences.birthday).toBe(true);
    expect(prefs.body.templates.find((t: { kind: string }) => t.kind === 'birthday').remaining).toBe(2);
    expect(prefs.body.ask.register.length).toBeLessThanOrEqual(3);
    const off = await care(m.token, 'PUT', '/members/me/care-preferences', { preferences: { birthday: false } });
    expect(off.body.preferences).toMatchObject({ birthday: false, pointsExpiring: true });
    expect(off.body.ask.register).not.toContain('tmpl-birthday');
    const again = await care(m.token, 'PUT', '/members/me/care-preferences', { preferences: { tier: false } });
    expect(again.body.preferences).toMatchObject({ birthday: false, tier: false, winback: true });
  });
});

describe('birthday job', () => {
  test('sends to exactly the members born today who accepted, once; no consent and opted out are recorded; the rerun sends nothing', async () => {
    const day = '2026-12-01';
    const [yes, noConsent, optedOut, otherDay] = [await member('bd-yes'), await member('bd-none'), await member('bd-off'), await member('bd-other')];
    for (const m of [yes, noConsent, optedOut]) expect((await setBirthday(m, '1990-12-01')).status).toBe(200);
    await setBirthday(otherDay, '1990-12-02');
    await accept(yes, ['birthday']);
    await accept(optedOut, ['birthday']);
    await accept(otherDay, ['birthday']);
    await care(optedOut.token, 'PUT', '/members/me/care-preferences', { preferences: { birthday: false } });

    at(tenAm(day));
    const first = await runJob('birthday', day);
    expect(first).toMatchObject({ job: 'birthday', day, targeted: 3, sent: 1, noConsent: 1, optedOut: 1, duplicate: 0 });
    expect(first.itemsRead).toBe(3);
    expect((await delivered(yes, 'birthday')).messages).toHaveLength(1);
    expect((await delivered(otherDay, 'birthday')).messages).toHaveLength(0);
    expect((await delivered(optedOut, 'birthday')).messages).toHaveLength(0);
    expect(await getConsentCount(yes.id, 'tmpl-birthday')).toBe(0);
    expect(await getConsentCount(optedOut.id, 'tmpl-birthday')).toBe(1);
    expect((await getCareLog(noConsent.id, 'birthday-2026'))?.outcome).toBe('no_consent');
    expect((await getCareLog(optedOut.id, 'birthday-2026'))?.outcome).toBe('opted_out');

    const rerun = await runJob('birthday', day);
    expect(rerun).toMatchObject({ targeted: 3, sent: 0, duplicate: 3 });
    expect((await delivered(yes, 'birthday')).messages).toHaveLength(1);

    const log = await care(admin, 'GET', '/admin/care-log', undefined, { day });
    const mine = log.body.entries.filter((e: { memberId: string }) => [yes.id, noConsent.id, optedOut.id].includes(e.memberId));
    expect(mine.map((e: { outcome: string }) => e.outcome).sort()).toEqual(['no_consent', 'opted_out', 'sent']);
  });

  test('WeChat refusing with 43101 is recorded, our count goes to 0, and it is not retried', async () => {
    const day = '2026-12-03';
    const m = await member('bd-43101');
    await setBirthday(m, '1991-12-03');
    // Our backend was told of an acceptance that WeChat does not have (e.g. spent elsewhere).
    await accept(m, ['birthday', 'birthday'].slice(0, 1) as CareKind[], { toWeChat: false });
    await accept(m, ['birthday'], { toWeChat: false });
    expect(await getConsentCount(m.id, 'tmpl-birthday')).toBe(2);
    at(tenAm(day));
    const r = await runJob('birthday', day);
    expect(r).toMatchObject({ targeted: 1, sent: 0, wechatError: 1 });
    expect(await getCareLog(m.id, 'birthday-2026')).toMatchObject({ outcome: 'wechat_error', errcode: 43101 });
    expect(await getConsentCount(m.id, 'tmpl-birthday')).toBe(0);
    expect((await delivered(m, 'birthday')).rejected).toHaveLength(1);
    await runJob('birthday', day);
    expect((await delivered(m, 'birthday')).rejected).toHaveLength(1);
  });
});

describe('quiet hours and the weekly cap', () => {
  test('in quiet hours nothing is sent and the attempt is deferred; after them the same occasion is sent once', async () => {
    const m = await member('quiet');
    await accept(m, ['campaign']);
    at(new Date('2026-12-04T22:30:00+08:00'));
    expect(await deliverCare({ memberId: m.id, kind: 'campaign', occasion: 'campaign-c1-r1', data: { title: '新品', body: '冬季新品上市' } })).toEqual({ outcome: 'quiet_hours' });
    expect((await delivered(m, 'campaign')).messages).toHaveLength(0);
    expect(await getConsentCount(m.id, 'tmpl-campaign')).toBe(1);
    at(new Date('2026-12-05T09:30:00+08:00'));
    expect(await deliverCare({ memberId: m.id, kind: 'campaign', occasion: 'campaign-c1-r1', data: { title: '新品', body: '冬季新品上市' } })).toEqual({ outcome: 'sent' });
    expect(await deliverCare({ memberId: m.id, kind: 'campaign', occasion: 'campaign-c1-r1', data: { title: '新品', body: '冬季新品上市' } })).toEqual({ outcome: 'duplicate' });
    const msgs = (await delivered(m, 'campaign')).messages;
    expect(msgs).toHaveLength(1);
    expect(msgs[0]!.data).toEqual({ thing1: { value: '新品' }, thing2: { value: '冬季新品上市' } });
  });

  test('ten concurrent sends of one occasion: one message, one acceptance spent, the rest duplicates', async () => {
    const m = await member('race');
    await accept(m, ['campaign']);
    await accept(m, ['campaign']);
    at(tenAm('2026-12-05'));
    const results = await Promise.all(Array.from({ length: 10 }, () => deliverCare({ memberId: m.id, kind: 'campaign', occasion: 'campaign-race-1', data: { title: '新品', body: '上市' } })));
    expect(results.filter((r) => r.outcome === 'sent')).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'duplicate')).toHaveLength(9);
    expect(await getConsentCount(m.id, 'tmpl-campaign')).toBe(1);
    expect((await delivered(m, 'campaign')).messages).toHaveLength(1);
  });

  test('the weekly cap stops the message after the cap, without spending an acceptance; complaint updates are exempt', async () => {
    const s = await care(admin, 'GET', '/admin/care-settings');
    const put = await care(admin, 'PUT', '/admin/care-settings', { rev: s.body.rev, settings: { ...s.body.settings, weeklyCap: 2 } });
    expect(put.status).toBe(200);
    try {
      const m = await member('cap');
      await accept(m, ['campaign', 'tier', 'complaint']);
      await accept(m, ['campaign']);
      at(tenAm('2026-12-07')); // a Monday
      const send = (kind: CareKind, occasion: string) => deliverCare({ memberId: m.id, kind, occasion, data: {} });
      expect((await send('campaign', 'campaign-cap-1')).outcome).toBe('sent');
      expect((await send('tier', 'tier-cap-1')).outcome).toBe('sent');
      expect((await send('campaign', 'campaign-cap-2')).outcome).toBe('capped');
      expect(await getConsentCount(m.id, 'tmpl-campaign')).toBe(1);
      expect((await send('complaint', 'complaint-cap-1')).outcome).toBe('sent');
      at(tenAm('2026-12-14')); // next week
      expect((await send('campaign', 'campaign-cap-3')).outcome).toBe('sent');
    } finally {
      const now = await care(admin, 'GET', '/admin/care-settings');
      await care(admin, 'PUT', '/admin/care-settings', { rev: now.body.rev, settings: { ...now.body.settings, weeklyCap: 3 } });
    }
  });

  test('settings are audited, conditioned on the revision, and validated', async () => {
    const s = await care(admin, 'GET', '/admin/care-settings');
    expect(s.body.settings.templates.birthday.templateId).toBe('tmpl-birthday');
    const stale = await care(admin, 'PUT', '/admin/care-settings', { rev: s.body.rev - 1, settings: s.body.settings });
    expect(stale.status).toBe(409);
    const bad = await care(admin, 'PUT', '/admin/care-settings', { rev: s.body.rev, settings: { ...s.body.settings, quietHours: { start: '25:00', end: '09:00' } } });
    expect([bad.status, bad.body.error.fields[0].path]).toEqual([400, 'settings.quietHours.start']);
    const noCoupon = await care(admin, 'PUT', '/admin/care-settings', { rev: s.body.rev, settings: { ...s.body.settings, jobs: { ...s.body.settings.jobs, winback: { enabled: true, couponTemplateId: 't_missing' } } } });
    expect(noCoupon.status).toBe(422);
    const member = await a.newMember('o-care-not-admin');
    expect((await care(member.token, 'GET', '/admin/care-settings')).status).toBe(403);
    const audit = await a.admin(admin, 'GET', '/admin/audit', undefined, { target: 'care-settings' });
    expect(audit.body.entries.length).toBeGreaterThan(0);
  });
});

describe('points, tier and coupon jobs', () => {
  test('points expiring within N days: the member whose soonest expiry is in the window, once', async () => {
    const day0 = '2026-12-08';
    at(tenAm(day0));
    const [buyer, other] = [await member('pt-buy'), await member('pt-none')];
    await a.buy(clerk, buyer, 12_300);
    await accept(buyer, ['pointsExpiring']);
    await accept(other, ['pointsExpiring']);
    const { client, table } = db();
    const acct = (await client.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'PK = :pk AND SK = :sk', ExpressionAttributeValues: { ':pk': `MEMBER#${buyer.id}`, ':sk': 'POINTS' } }))).Items![0]!;
    const soonest = String(acct.GSI1SK).slice(0, 10);
    const day = addDays(soonest, -3);
    at(tenAm(day));
    const before = await runJob('pointsExpiring', addDays(soonest, -8)); // 8 days ahead: outside the 7-day window
    expect((await delivered(buyer, 'pointsExpiring')).messages).toHaveLength(0);
    expect(before.sent).toBe(0);
    const r = await runJob('pointsExpiring', day);
    expect(r.sent).toBeGreaterThanOrEqual(1);
    const msgs = (await delivered(buyer, 'pointsExpiring')).messages;
    expect(msgs).toHaveLength(1);
    expect(msgs[0]!.data.number1!.value).toBe('123');
    expect((await delivered(other, 'pointsExpiring')).messages).toHaveLength(0);
    const rerun = await runJob('pointsExpiring', addDays(day, 1));
    expect(rerun.sent).toBe(0);
    expect((await delivered(buyer, 'pointsExpiring')).messages).toHaveLength(1);
  });

  test('tier reached: the member upgraded yesterday gets one message naming the new tier', async () => {
    const day = '2026-12-10';
    at(tenAm(addDays(day, -1)));
    const [up, stay] = [await member('tier-up'), await member('tier-stay')];
    await accept(up, ['tier']);
    await accept(stay, ['tier']);
    await a.buy(clerk, up, 60_000);
    await a.buy(clerk, stay, 1_000);
    at(tenAm(day));
    const r = await runJob('tier', day);
    expect(r.sent).toBe(1);
    const msgs = (await delivered(up, 'tier')).messages;
    expect(msgs).toHaveLength(1);
    expect(msgs[0]!.data.thing1!.value).toBe('银卡会员');
    expect((await delivered(stay, 'tier')).messages).toHaveLength(0);
    expect((await runJob('tier', day)).sent).toBe(0);
  });

  test('coupon expiring in N days: one message per member however many coupons lapse that day', async () => {
    const day = '2026-12-11';
    at(tenAm(day));
    const tpl = await call(couponsHandler, {
      method: 'POST',
      path: '/admin/coupon-templates',
      token: admin,
      body: { name: '冬日券', description: '', kind: 'amountOff', amountOffFen: 1_000, scope: { kind: 'all' }, stores: null, stackable: true, validity: { kind: 'afterIssue', days: 4 }, stock: null, perMemberLimit: 5, claimable: true },
    });
    expect(tpl.status).toBe(201);
    const [holder, none] = [await member('cp-hold'), await member('cp-none')];
    await accept(holder, ['couponExpiring']);
    await accept(none, ['couponExpiring']);
    for (const rid of ['claim-cp-000001', 'claim-cp-000002']) {
      const c = await call(couponsHandler, { method: 'POST', path: `/coupons/centre/${tpl.body.id}/claim`, token: holder.token, body: { requestId: rid } });
      expect(c.status).toBe(200);
    }
    const wallet = await call(couponsHandler, { method: 'GET', path: '/members/me/coupons', token: holder.token });
    const last = localDate(new Date(wallet.body.coupons[0].validUntil));
    const runDay = addDays(last, -3);
    at(tenAm(runDay));
    const r = await runJob('couponExpiring', runDay);
    expect(r.sent).toBe(1);
    expect(r.itemsRead).toBe(2);
    const msgs = (await delivered(holder, 'couponExpiring')).messages;
    expect(msgs).toHaveLength(1);
    expect(msgs[0]!.data.number3!.value).toBe('2');
    expect((await runJob('couponExpiring', runDay)).sent).toBe(0);
  });
});

describe('win-back and complaint updates', () => {
  test('win-back: members who turn dormant today by the lifecycle (last purchase 61 days ago with the defaults), with the coupon when one is set', async () => {
    const day = '2026-12-15';
    const lastDay = addDays(day, -61); // silent up to 60 days, dormant from day 61 (RFM settings' defaults)
    const [dormant, noConsent, recent] = [await member('wb-yes'), await member('wb-none'), await member('wb-recent')];
    await accept(dormant, ['winback']);
    await accept(recent, ['winback']);
    // Their last purchases: two on the day 61 days back (they turn dormant today), one a day later.
    at(tenAm(lastDay));
    await a.buy(clerk, dormant, 5_000);
    await a.buy(clerk, noConsent, 5_000);
    at(tenAm(addDays(lastDay, 1)));
    await a.buy(clerk, recent, 5_000);
    at(tenAm(day));
    const tpl = await call(couponsHandler, {
      method: 'POST',
      path: '/admin/coupon-templates',
      token: admin,
      body: { name: '回归礼券', description: '', kind: 'amountOff', amountOffFen: 2_000, scope: { kind: 'all' }, stores: null, stackable: true, validity: { kind: 'afterIssue', days: 30 }, stock: null, perMemberLimit: 1, claimable: false },
    });
    const s = await care(admin, 'GET', '/admin/care-settings');
    const put = await care(admin, 'PUT', '/admin/care-settings', { rev: s.body.rev, settings: { ...s.body.settings, jobs: { ...s.body.settings.jobs, winback: { enabled: true, couponTemplateId: tpl.body.id } } } });
    expect(put.status).toBe(200);
    // Found through the member facts' LASTBUY#<day> index (facts-repo), not a scan.
    const r = await runJob('winback', day);
    expect(r).toMatchObject({ targeted: 2, sent: 1, noConsent: 1, itemsRead: 2, couponsIssued: 2 });
    const msgs = (await delivered(dormant, 'winback')).messages;
    expect(msgs).toHaveLength(1);
    expect(msgs[0]!.data.thing2!.value).toBe('送你一张回归礼券');
    expect((await delivered(recent, 'winback')).messages).toHaveLength(0);
    const again = await runJob('winback', day);
    expect(again.sent).toBe(0);
    // The coupon is issued once per member and dormancy day, however often the job runs.
    const wallet = await call(couponsHandler, { method: 'GET', path: '/members/me/coupons', token: dormant.token });
    expect(wallet.body.coupons.filter((c: { templateId: string }) => c.templateId === tpl.body.id)).toHaveLength(1);
  });

  test('complaint updates: one message per event of the day, only with consent', async () => {
    const day = '2026-12-16';
    const [m, none] = [await member('cmp-yes'), await member('cmp-none')];
    await accept(m, ['complaint']);
    await accept(m, ['complaint']);
    const { client, table } = db();
    // Care events as the complaints capability writes them (GSI1 CAREEVT#<day>, functions/adapters/dynamo/complaint-repo.ts).
    const event = async (who: M, complaintId: string, type: string, state: string, when: string, by = 'staff') =>
      client.send(
        new PutCommand({
          TableName: table,
          Item: { PK: `COMPLAINT#${complaintId}`, SK: `EVENT#${when}#1`, GSI1PK: `CAREEVT#${day}`, GSI1SK: `${when}#complaint#${complaintId}#1`, kind: 'complaint', type, memberId: who.id, complaintId, state, summary: '门店已联系您', at: when, by, seq: '1' },
        }),
      );
    await event(m, 'c_100', 'created', 'new', '2026-12-16T00:30:00.000Z', 'member');
    await event(m, 'c_100', 'in_progress', 'in_progress', '2026-12-16T01:00:00.000Z');
    await event(m, 'c_100', 'replied', 'in_progress', '2026-12-16T02:00:00.000Z');
    await event(none, 'c_200', 'resolved', 'resolved', '2026-12-16T02:10:00.000Z');
    at(tenAm(day));
    const r = await runJob('complaint', day);
    // Her own "created" event is read but not messaged.
    expect(r).toMatchObject({ targeted: 3, sent: 2, noConsent: 1, itemsRead: 4 });
    const msgs = (await delivered(m, 'complaint')).messages;
    expect(msgs.map((x) => x.data.phrase2!.value)).toEqual(['处理中', '已回复']);
    expect((await runJob('complaint', day)).sent).toBe(0);
    void keys;
  });

  test('a job turned off sends nothing', async () => {
    const s = await care(admin, 'GET', '/admin/care-settings');
    await care(admin, 'PUT', '/admin/care-settings', { rev: s.body.rev, settings: { ...s.body.settings, jobs: { ...s.body.settings.jobs, complaint: { enabled: false } } } });
    const r = await runJob('complaint', '2026-12-16');
    expect(r).toMatchObject({ enabled: false, targeted: 0, itemsRead: 0 });
    const now = await care(admin, 'GET', '/admin/care-settings');
    await care(admin, 'PUT', '/admin/care-settings', { rev: now.body.rev, settings: { ...now.body.settings, jobs: { ...now.body.settings.jobs, complaint: { enabled: true } } } });
  });
});
