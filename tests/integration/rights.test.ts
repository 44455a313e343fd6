/**
 * Members' data rights over the real handlers, DynamoDB Local and S3 (s3rver): the agreements as
 * versions recorded at registration, the data copy written by the background worker, the deletion
 * journey with a moved clock (request, cancel, request again, erasure 15 days later, the phone
 * registers afresh), and WeChat's user-information push with its signature check.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { listAudit } from '../../functions/adapters/dynamo/admin-repo';
import { sumLedger } from '../../functions/adapters/dynamo/account-repo';
import { db } from '../../functions/adapters/dynamo/client';
import { findIdentity } from '../../functions/adapters/dynamo/identity-repo';
import { findMemberIdByPhone, getMember, getPoints } from '../../functions/adapters/dynamo/member-repo';
import { listMemberCoupons } from '../../functions/adapters/dynamo/coupon-repo';
import { getDeletion, getProfileExtras } from '../../functions/adapters/dynamo/rights-repo';
import { handler as complaintsHandler } from '../../functions/complaints/http';
import { drainBackground } from '../../functions/lib/background';
import { setClock } from '../../functions/lib/clock';
import { LOCAL_PUSH_TOKEN } from '../../functions/lib/config';
import { registerMember, updateMe } from '../../functions/members/http';
import { handler as rights } from '../../functions/rights/http';
import { erase } from '../../functions/rights/scheduled';
import { balanceOf } from '../../shared/domain';
import { DATA_COPY_SECTIONS } from '../../shared/domain/data-copy';
import { startApiServer } from '../../infra/local/api-gateway';
import { seedDemoCoupons } from '../../infra/local/seed-coupons';
import { actors } from './actors';
import { call, devPost, phoneCode, setupWorld, uniquePhone } from './support';

/** A target's audit entries, newest first (the audit log's own read). */
const auditOf = async (target: string, limit: number) =>
  (await listAudit({ source: { kind: 'target', target }, lo: '0', hi: '9', limit, startKey: null })).rows;

let world: Awaited<ReturnType<typeof setupWorld>>;
let api: { url: string; close(): Promise<void> };
const a = actors(() => world.standIn);
const DAY = 86_400_000;

beforeAll(async () => {
  world = await setupWorld();
  // The demo coupons include a registration gift (新人礼): every new member here holds a coupon.
  await seedDemoCoupons();
  api = await startApiServer({ port: 0 });
  world.standIn.push.url = `${api.url}/wechat/push`;
  world.standIn.push.token = LOCAL_PUSH_TOKEN;
}, 60_000);
afterAll(async () => {
  setClock(null);
  await api?.close();
  await world.close();
});
afterEach(() => setClock(null));

const r = (token: string | undefined, method: string, path: string, body?: unknown) => call(rights, { method, path, ...(token ? { token } : {}), ...(body !== undefined ? { body } : {}) });

/** The whole brand's books: every ledger row and every points balance in the table. */
async function brandSums() {
  const { client, table } = db();
  let ledger = 0;
  let balances = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
    for (const i of page.Items ?? []) {
      if (typeof i.SK === 'string' && i.SK.startsWith('LEDGER#')) ledger += i.points as number;
      if (i.SK === 'POINTS') balances += ((i.buckets as { points: number }[] | undefined) ?? []).reduce((s, b) => s + b.points, 0);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return { ledger, balances };
}

describe('agreements as versions', () => {
  test('the built-in text is version 1; an admin saves version 2 (audited); registration checks and records the versions', async () => {
    const first = await r(undefined, 'GET', '/policies/terms');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ kind: 'terms', version: 1, title: '会员服务协议', savedAt: null });

    const admin = (await a.login('demo-admin')).token;
    const member = await a.newMember('rights-policy-member');
    // Roles: a member cannot read or edit the admin's versions; nobody signed out can.
    expect((await r(member.token, 'GET', '/admin/policies/terms')).status).toBe(403);
    expect((await r(member.token, 'POST', '/admin/policies/terms', { title: 'x', intro: '', sections: [{ title: 'a', paragraphs: ['b'] }] })).status).toBe(403);
    expect((await r(undefined, 'GET', '/admin/policies/terms')).status).toBe(401);
    // Bad input names the field; a past day is refused.
    const bad = await r(admin, 'POST', '/admin/policies/terms', { title: '', intro: '', sections: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['title', 'sections']));
    expect((await r(admin, 'GET', '/admin/policies/contract')).status).toBe(400);
    const past = await r(admin, 'POST', '/admin/policies/terms', { title: '会员服务协议', intro: '', sections: [{ title: '一', paragraphs: ['内容'] }], effectiveFrom: '2020-01-01' });
    expect([past.status, past.body.error.code]).toEqual([422, 'policy_date_past']);

    const saved = await r(admin, 'POST', '/admin/policies/terms', { title: '会员服务协议', intro: '第二版', sections: [{ title: '会员资格', paragraphs: ['新的条款'] }] });
    expect(saved.status).toBe(201);
    expect(saved.body.version).toBe(2);
    // A later version does not apply before its day.
    const later = await r(admin, 'POST', '/admin/policies/terms', { title: '会员服务协议', intro: '第三版', sections: [{ title: '会员资格', paragraphs: ['以后的条款'] }], effectiveFrom: '2099-01-01' });
    expect(later.body.version).toBe(3);
    expect((await r(undefined, 'GET', '/policies/terms')).body).toMatchObject({ version: 2, intro: '第二版' });
    const adminView = await r(admin, 'GET', '/admin/policies/terms');
    expect(adminView.body.current.version).toBe(2);
    expect(adminView.body.latest.version).toBe(3);
    expect(adminView.body.versions.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    expect((await auditOf('policy:terms', 10)).map((e) => e.action)).toContain('policy.save');

    // Registration with the versions the page showed: stale ones are refused before the phone code is spent.
    const s = await a.login('rights-policy-newcomer');
    const code = await phoneCode(world.standIn, uniquePhone());
    const stale = await call(registerMember, { path: '/members', token: s.token, body: { phoneCode: code, consent: true, policyVersions: { terms: 1, privacy: 1 } } });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'policy_outdated']);
    const ok = await call(registerMember, { path: '/members', token: s.token, body: { phoneCode: code, consent: true, policyVersions: { terms: 2, privacy: 1 } } });
    expect(ok.status).toBe(200);
    expect((await getProfileExtras(ok.body.id)).policyConsent).toMatchObject({ terms: 2, privacy: 1 });
    const consentAudit = await auditOf(`member:${ok.body.id}`, 10);
    expect(consentAudit.find((e) => e.action === 'member.consent')?.after).toEqual({ terms: 2, privacy: 1 });
  });
});

describe('导出我的数据', () => {
  test('the worker writes her profile, ledger, orders, coupons, complaints and consents to S3; the link works 24 h; one a day; audited', async () => {
    const clerk = (await a.login('demo-staff')).token;
    const member = await a.newMember('rights-export-member');
    await a.buy(clerk, member, 12_800);
    const filed = await call(complaintsHandler, {
      method: 'POST',
      path: '/members/me/complaints',
      token: member.token,
      body: { requestId: 'rights-export-1', category: 'service', text: '店员态度需要改进', contact: { method: 'phone', phone: member.phone } },
    });
    expect(filed.status).toBe(201);

    expect((await r(member.token, 'GET', '/members/me/data-export')).body.state).toBe('none');
    const asked = await r(member.token, 'POST', '/members/me/data-export');
    expect(asked.status).toBe(202);
    expect(asked.body.state).toBe('pending');
    await drainBackground();

    const ready = await r(member.token, 'GET', '/members/me/data-export');
    expect(ready.body.state).toBe('ready');
    const left = Date.parse(ready.body.expiresAt) - Date.parse(ready.body.readyAt);
    expect(left).toBe(24 * 3600 * 1000);
    const link = new URL(ready.body.url);
    expect(Number(link.searchParams.get('X-Amz-Expires'))).toBeGreaterThan(23 * 3600);
    expect(Number(link.searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(24 * 3600);
    const file = await fetch(ready.body.url);
    expect(file.status).toBe(200);
    const text = await file.text();
    expect(text).toContain(member.phone);
    const doc = JSON.parse(text);
    for (const section of Object.values(DATA_COPY_SECTIONS)) expect(doc).toHaveProperty([section]);
    expect(doc[DATA_COPY_SECTIONS.profile].手机号).toBe(member.phone);
    expect(doc[DATA_COPY_SECTIONS.points].明细.length).toBeGreaterThan(0);
    expect(doc[DATA_COPY_SECTIONS.orders]).toHaveLength(1);
    expect(doc[DATA_COPY_SECTIONS.orders][0].实付金额).toBe('¥128.00');
    expect(doc[DATA_COPY_SECTIONS.coupons].length).toBeGreaterThan(0);
    expect(doc[DATA_COPY_SECTIONS.complaints][0].内容).toBe('店员态度需要改进');
    expect(doc[DATA_COPY_SECTIONS.consents].同意的协议版本).not.toBeNull();

    // One copy a day: asking again answers today's copy and starts nothing.
    const again = await r(member.token, 'POST', '/members/me/data-export');
    expect(again.body.state).toBe('ready');
    expect(again.body.nextAllowedAt).not.toBeNull();
    expect((await auditOf(`member:${member.id}`, 20)).filter((e) => e.action === 'member.data_export')).toHaveLength(1);

    // After 24 hours the link is gone; the next day she may ask again.
    setClock({ now: () => new Date(Date.now() + DAY + 60_000) });
    expect((await r(member.token, 'GET', '/members/me/data-export')).body).toMatchObject({ state: 'expired', url: null });

    // A clerk who is not a member has no data here; signed out is 401.
    const clerkAsks = await r(clerk, 'POST', '/members/me/data-export');
    expect([clerkAsks.status, clerkAsks.body.error.code]).toEqual([404, 'not_registered']);
    expect((await r(undefined, 'GET', '/members/me/data-export')).status).toBe(401);
  });
});

describe('注销账号', () => {
  test('request, cancel, request again; 15 days later her data are gone, points forfeited through the ledger, the phone registers afresh with 0 points', async () => {
    const clerk = (await a.login('demo-staff')).token;
    const admin = (await a.login('demo-admin')).token;
    const openid = 'rights-delete-member';
    const member = await a.newMember(openid);
    await a.buy(clerk, member, 50_000);
    const patched = await call(updateMe, { method: 'PATCH', path: '/members/me', token: member.token, body: { name: '王小花', birthday: '1990-05-06', gender: 'female' } });
    expect(patched.status).toBe(200);
    const balance = (await a.me(member.token)).body.points.balance as number;
    expect(balance).toBeGreaterThan(0);
    const couponsBefore = (await listMemberCoupons(member.id)).filter((c) => c.state === 'available').length;
    expect(couponsBefore).toBeGreaterThan(0);

    // Nothing asked yet; she is told what she would lose.
    const none = await r(member.token, 'GET', '/members/me/deletion');
    expect(none.body).toMatchObject({ state: 'none', points: balance, coupons: couponsBefore, graceDays: 15 });
    // Bad input: the confirmation is required.
    const unconfirmed = await r(member.token, 'POST', '/members/me/deletion', {});
    expect([unconfirmed.status, unconfirmed.body.error.fields[0].path]).toEqual([400, 'confirm']);
    expect((await r(member.token, 'POST', '/members/me/deletion/cancel')).status).toBe(409);

    const first = await r(member.token, 'POST', '/members/me/deletion', { confirm: true });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ state: 'pending', daysLeft: 15, source: 'member', points: balance });
    // The desk sees it (phones masked); members and staff do not reach the desk's list.
    const desk = await r(admin, 'GET', '/admin/deletions');
    expect(desk.body.deletions.find((d: { memberId: string }) => d.memberId === member.id)).toMatchObject({ phoneMasked: `${member.phone.slice(0, 3)}****${member.phone.slice(-4)}`, source: 'member' });
    expect((await r(member.token, 'GET', '/admin/deletions')).status).toBe(403);
    expect((await r(clerk, 'GET', '/admin/deletions')).status).toBe(403);

    const cancelled = await r(member.token, 'POST', '/members/me/deletion/cancel');
    expect(cancelled.body.state).toBe('none');
    expect((await r(admin, 'GET', '/admin/deletions')).body.deletions.some((d: { memberId: string }) => d.memberId === member.id)).toBe(false);

    // Asked again three days later: a new grace period from then. She can still use her account meanwhile.
    const t0 = Date.now();
    setClock({ now: () => new Date(t0 + 3 * DAY) });
    const second = await r(member.token, 'POST', '/members/me/deletion', { confirm: true });
    expect(second.body).toMatchObject({ state: 'pending', daysLeft: 15 });
    expect((await a.codeFor(member.token)).length).toBe(18);
    setClock({ now: () => new Date(t0 + 10 * DAY) });
    expect((await r(member.token, 'GET', '/members/me/deletion')).body.daysLeft).toBe(8);
    // Not due yet: the job leaves her alone.
    await erase();
    expect((await getMember(member.id))?.phone).toBe(member.phone);
    const before = await brandSums();
    expect(before.ledger).toBe(before.balances);

    // 15 days after the second request.
    setClock({ now: () => new Date(t0 + 18 * DAY + 3_600_000) });
    expect((await erase()).erased).toBeGreaterThanOrEqual(1);
    const gone = await getMember(member.id);
    expect(gone).not.toBeNull();
    expect(gone).toMatchObject({ phone: '', openid: null, name: null, birthday: null, gender: null, tags: [] });
    expect(await findMemberIdByPhone(member.phone)).toBeNull();
    expect((await findIdentity(openid)).memberId).toBeNull();
    expect((await getDeletion(member.id))?.state).toBe('done');
    // Points forfeited through one ledger movement; the member's ledger still sums to her balance (0).
    const points = await getPoints(member.id);
    expect(balanceOf(points.state)).toBe(0);
    expect((await sumLedger(member.id)).sum).toBe(0);
    expect((await listMemberCoupons(member.id)).filter((c) => c.state === 'available')).toHaveLength(0);
    const after = await brandSums();
    expect(after.ledger).toBe(after.balances);
    expect(after.balances).toBe(before.balances - balance);
    expect((await auditOf(`member:${member.id}`, 20)).map((e) => e.action)).toEqual(
      expect.arrayContaining(['member.deletion_requested', 'member.deletion_cancelled', 'member.erased']),
    );
    // A second run changes nothing.
    expect((await erase()).erased).toBe(0);

    // Her WeChat account signs in as nobody; the phone registers again as a new member with 0 points.
    const fresh = await a.login(openid);
    expect(fresh.memberId).toBeNull();
    const again = await call(registerMember, { path: '/members', token: fresh.token, body: { phoneCode: await phoneCode(world.standIn, member.phone), consent: true } });
    expect(again.status).toBe(200);
    expect(again.body.id).not.toBe(member.id);
    expect(again.body.created).toBe(true);
    expect(again.body.points.balance).toBe(0);
  }, 60_000);

  test('a member in a family account leaves it before asking', async () => {
    const primary = await a.newMember('rights-family-primary');
    const secondary = await a.newMember('rights-family-secondary');
    const invite = await a.family(primary.token, 'POST', '/members/me/family/invites');
    expect((await a.family(secondary.token, 'POST', '/members/me/family/join', { code: invite.body.code })).status).toBe(200);
    const refused = await r(secondary.token, 'POST', '/members/me/deletion', { confirm: true });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'deletion_in_family']);
  });
});

describe("WeChat's authorized_user_information_changes push", () => {
  const push = (body: Record<string, unknown>) => devPost<{ status: number; body: string }>(world.standIn, '/__dev/push/user-info-change', body);

  test('the URL check answers echostr only with a good signature', async () => {
    expect(await devPost(world.standIn, '/__dev/push/verify', {})).toEqual({ status: 200, echoed: true });
    expect(await devPost(world.standIn, '/__dev/push/verify', { token: 'not-our-token' })).toMatchObject({ status: 401, echoed: false });
  });

  test('a forged push is refused and changes nothing; a signed phone revocation (JSON) starts the deletion path', async () => {
    const member = await a.newMember('rights-push-revoke');
    const forged = await push({ openid: 'rights-push-revoke', revokeInfo: '8', token: 'forged-token' });
    expect(forged.status).toBe(401);
    expect(await getDeletion(member.id)).toBeNull();
    // Unsigned, or signed over another timestamp: refused too.
    const raw = await fetch(`${api.url}/wechat/push`, { method: 'POST', body: JSON.stringify({ MsgType: 'event', Event: 'user_authorization_cancellation', OpenID: 'rights-push-revoke' }) });
    expect(raw.status).toBe(401);
    expect(await getDeletion(member.id)).toBeNull();

    // Nickname and avatar (6) are not kept here: acknowledged, nothing to delete.
    expect(await push({ openid: 'rights-push-revoke', revokeInfo: '6' })).toMatchObject({ status: 200, body: 'success' });
    expect(await getDeletion(member.id)).toBeNull();

    const ok = await push({ openid: 'rights-push-revoke', revokeInfo: '8' });
    expect(ok).toMatchObject({ status: 200, body: 'success' });
    const d = await getDeletion(member.id);
    expect(d).toMatchObject({ state: 'pending', source: 'wechat_phone_revoked' });
    expect(Date.parse(d!.dueAt) - Date.parse(d!.requestedAt)).toBe(15 * DAY);
    // A retry of the same push (WeChat retries) changes nothing.
    expect(await push({ openid: 'rights-push-revoke', revokeInfo: '8' })).toMatchObject({ status: 200, body: 'success' });
    expect((await getDeletion(member.id))?.dueAt).toBe(d!.dueAt);
    expect((await r(member.token, 'GET', '/members/me/deletion')).body).toMatchObject({ state: 'pending', source: 'wechat_phone_revoked' });
  });

  test('a cancelled WeChat account (XML) is erased at the next run, without a grace period', async () => {
    const member = await a.newMember('rights-push-cancelled');
    const res = await push({ openid: 'rights-push-cancelled', event: 'user_authorization_cancellation', format: 'xml' });
    expect(res).toMatchObject({ status: 200, body: 'success' });
    const d = await getDeletion(member.id);
    expect(d).toMatchObject({ state: 'pending', source: 'wechat_account_cancelled' });
    setClock({ now: () => new Date(Date.now() + 60_000) });
    await erase();
    expect(await findMemberIdByPhone(member.phone)).toBeNull();
    expect((await getMember(member.id))?.phone).toBe('');
  });

  test('a push for a WeChat account with no member is acknowledged', async () => {
    expect(await push({ openid: 'nobody-here', event: 'user_authorization_cancellation' })).toMatchObject({ status: 200, body: 'success' });
  });
});
