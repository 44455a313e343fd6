import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { handler as loginHandler } from '../../functions/auth/http';
import { db } from '../../functions/adapters/dynamo/client';
import { keys } from '../../functions/adapters/dynamo/keys';
import { getMe, issueCode, registerMember, updateMe } from '../../functions/members/http';
import { history as points } from '../../functions/points/http';
import { handler as healthHandler } from '../../functions/health/http';
import { handler as openapiHandler } from '../../functions/openapi/http';
import { handler as segmentsHandler } from '../../functions/segments/http';
import { call, loginCode, phoneCode, setupWorld, uniquePhone } from './support';

let world: Awaited<ReturnType<typeof setupWorld>>;
beforeAll(async () => {
  world = await setupWorld();
});
afterAll(() => world.close());

async function login(openid: string) {
  const r = await call(loginHandler, { path: '/auth/login', body: { code: await loginCode(world.standIn, openid) } });
  expect(r.status).toBe(200);
  return r.body as { token: string; memberId: string | null; roles: string[]; storeId: string | null };
}

async function registered(openid: string, phone = uniquePhone()) {
  const s = await login(openid);
  const r = await call(registerMember, { path: '/members', token: s.token, body: { phoneCode: await phoneCode(world.standIn, phone), consent: true } });
  expect(r.status).toBe(200);
  return { token: s.token, member: r.body, phone };
}

describe('health and contract', () => {
  test('GET /health answers 200 with the table', async () => {
    const r = await call(healthHandler, { method: 'GET', path: '/health' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'ok', table: world.table });
  });
  test('GET /openapi.json lists every route with its schemas', async () => {
    const r = await call(openapiHandler, { method: 'GET', path: '/openapi.json' });
    expect(r.status).toBe(200);
    expect(r.body.openapi).toMatch(/^3\.1/);
    expect(Object.keys(r.body.paths)).toEqual(
      expect.arrayContaining(['/auth/login', '/members', '/members/me', '/members/me/code', '/members/me/points', '/staff/checkouts']),
    );
    expect(r.body.paths['/staff/checkouts'].post.requestBody).toBeDefined();
  });
});

describe('sign-in', () => {
  test('a new WeChat user gets a token, no member yet, role member; session_key never leaves', async () => {
    const r = await call(loginHandler, { path: '/auth/login', body: { code: await loginCode(world.standIn, 'o-new-1') } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ memberId: null, roles: ['member'], storeId: null });
    expect(JSON.stringify(r.body)).not.toMatch(/session_key|sessionKey/);
    const [, payload] = r.body.token.split('.');
    expect(Buffer.from(payload, 'base64url').toString()).not.toMatch(/session/);
  });
  test('the seeded clerk and admin get their roles from the table', async () => {
    expect(await login('demo-staff')).toMatchObject({ roles: ['member', 'staff'], storeId: 'S001' });
    expect(await login('demo-admin')).toMatchObject({ roles: ['member', 'admin'], storeId: null });
  });
  test('a reused login code is refused with 401 (WeChat 40029)', async () => {
    const code = await loginCode(world.standIn, 'o-reuse');
    expect((await call(loginHandler, { path: '/auth/login', body: { code } })).status).toBe(200);
    const again = await call(loginHandler, { path: '/auth/login', body: { code } });
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('unauthorized');
  });
  test('bad input names the field; bad JSON is a 400', async () => {
    const r = await call(loginHandler, { path: '/auth/login', body: { code: '' } });
    expect(r.status).toBe(400);
    expect(r.body.error.fields[0].path).toBe('code');
    const j = await call(loginHandler, { path: '/auth/login', rawBody: '{not json' });
    expect(j.status).toBe(400);
    expect(j.body.error.code).toBe('invalid_json');
  });
  test('routes without a token, with a forged token or the wrong role are refused', async () => {
    expect((await call(getMe, { method: 'GET', path: '/members/me' })).status).toBe(401);
    expect((await call(getMe, { method: 'GET', path: '/members/me', token: 'eyJhbGciOiJIUzI1NiJ9.e30.x' })).status).toBe(401);
  });
});

describe('registration and binding', () => {
  test('creates a member with consent time, entry tier and a zero balance', async () => {
    const { member, phone } = await registered('o-reg-1');
    expect(member).toMatchObject({ created: true, bound: false, tier: { code: 'MEMBER', level: 0 }, points: { balance: 0 } });
    expect(member.phoneMasked).toBe(`${phone.slice(0, 3)}****${phone.slice(7)}`);
    expect(Date.parse(member.consentAt)).not.toBeNaN();
    expect(member.nextTier).toMatchObject({ code: 'SILVER', remaining: 50_000, percent: 0 });
  });

  test('a repeated call answers the same member without spending a new phone code', async () => {
    const { token, member } = await registered('o-reg-2');
    const again = await call(registerMember, { path: '/members', token, body: { phoneCode: 'never-issued', consent: true } });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: member.id, created: false });
  });

  test('concurrent registrations by one person create one member', async () => {
    const s = await login('o-reg-race');
    const phone = uniquePhone();
    const codes = await Promise.all(Array.from({ length: 5 }, () => phoneCode(world.standIn, phone)));
    const rs = await Promise.all(codes.map((c) => call(registerMember, { path: '/members', token: s.token, body: { phoneCode: c, consent: true } })));
    expect(rs.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(rs.map((r) => r.body.id)).size).toBe(1);
    expect(rs.filter((r) => r.body.created)).toHaveLength(1);
  });

  test('a phone already held by a store-registered member binds this WeChat identity to her', async () => {
    const s = await login('o-bind-imported');
    const r = await call(registerMember, { path: '/members', token: s.token, body: { phoneCode: await phoneCode(world.standIn, '13900000001'), consent: true } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: 'm_demoimported01', bound: true, created: false, name: '王女士' });
    const again = await login('o-bind-imported');
    expect(again.memberId).toBe('m_demoimported01');
  });

  test('a phone bound to another WeChat account is refused with 409', async () => {
    const { phone } = await registered('o-owner');
    const s = await login('o-intruder');
    const r = await call(registerMember, { path: '/members', token: s.token, body: { phoneCode: await phoneCode(world.standIn, phone), consent: true } });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('phone_bound_elsewhere');
    expect((await login('o-intruder')).memberId).toBeNull();
  });

  test('the store whose poster brought her in is recorded; segments by store find her before any purchase; an unknown store is a 422 that spends nothing', async () => {
    const { client, table } = db();
    await client.send(new PutCommand({ TableName: table, Item: { ...keys.store('S077'), storeId: 'S077', name: '七十七号店', city: '苏州' } }));
    const s = await login('o-reg-poster');
    const phone = uniquePhone();
    const code = await phoneCode(world.standIn, phone);
    const unknown = await call(registerMember, { path: '/members', token: s.token, body: { phoneCode: code, consent: true, storeId: 'S404' } });
    expect([unknown.status, unknown.body.error.code, unknown.body.error.fields[0].path]).toEqual([422, 'unknown_store', 'storeId']);
    expect((await client.send(new GetCommand({ TableName: table, Key: keys.phone(phone) }))).Item).toBeUndefined();
    // The same phone code still works (it was not spent): with the poster's store.
    const r = await call(registerMember, { path: '/members', token: s.token, body: { phoneCode: code, consent: true, storeId: 'S077' } });
    expect(r.status).toBe(200);
    const profile = await client.send(new GetCommand({ TableName: table, Key: keys.profile(r.body.id) }));
    expect(profile.Item?.registrationStoreId).toBe('S077');
    const admin = (await login('demo-admin')).token;
    const seg = await call(segmentsHandler, { path: '/admin/segments/preview', token: admin, body: { filter: { storeIds: ['S077'] } } });
    expect(seg.status).toBe(200);
    expect([seg.body.count, seg.body.sample.map((m: { memberId: string }) => m.memberId)]).toEqual([1, [r.body.id]]);
  });

  test('consent is required; an invalid phone code is a 422 naming phoneCode; nothing is written', async () => {
    const s = await login('o-noconsent');
    const phone = uniquePhone();
    const noConsent = await call(registerMember, { path: '/members', token: s.token, body: { phoneCode: await phoneCode(world.standIn, phone), consent: false } });
    expect(noConsent.status).toBe(400);
    expect(noConsent.body.error.fields.map((f: { path: string }) => f.path)).toContain('consent');
    const bad = await call(registerMember, { path: '/members', token: s.token, body: { phoneCode: 'not-a-code', consent: true } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields[0].path).toBe('phoneCode');
    const { client, table } = db();
    expect((await client.send(new GetCommand({ TableName: table, Key: keys.phone(phone) }))).Item).toBeUndefined();
  });
});

describe('profile', () => {
  test('GET and PATCH /members/me with validation', async () => {
    const { token, member } = await registered('o-profile');
    const me = await call(getMe, { method: 'GET', path: '/members/me', token });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(member.id);
    const ok = await call(updateMe, { method: 'PATCH', path: '/members/me', token, body: { name: '李娜', gender: 'female', birthday: '1990-05-20' } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ name: '李娜', gender: 'female', birthday: '1990-05-20' });
    const bad = await call(updateMe, { method: 'PATCH', path: '/members/me', token, body: { birthday: '1990-02-30', gender: 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['gender']));
    const future = await call(updateMe, { method: 'PATCH', path: '/members/me', token, body: { birthday: '2999-01-01' } });
    expect(future.status).toBe(400);
    expect(future.body.error.fields[0].path).toBe('birthday');
    const extra = await call(updateMe, { method: 'PATCH', path: '/members/me', token, body: { phone: '13800000000' } });
    expect(extra.status).toBe(400);
    const after = await call(getMe, { method: 'GET', path: '/members/me', token });
    expect(after.body).toMatchObject({ name: '李娜', birthday: '1990-05-20' });
  });

  test('an unregistered user gets 404 not_registered', async () => {
    const s = await login('o-unregistered');
    const r = await call(getMe, { method: 'GET', path: '/members/me', token: s.token });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('not_registered');
  });
});

describe('member code and points history', () => {
  test('codes are 18 digits, distinct and expire within 120 s', async () => {
    const { token } = await registered('o-code');
    const a = await call(issueCode, { path: '/members/me/code', token });
    const b = await call(issueCode, { path: '/members/me/code', token });
    expect(a.status).toBe(200);
    expect(a.body.code).toMatch(/^\d{18}$/);
    expect(a.body.code).not.toBe(b.body.code);
    const ttl = Date.parse(a.body.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(100_000);
    expect(ttl).toBeLessThanOrEqual(120_000);
  });

  test('points history: empty at first; a foreign cursor is a 400; limit is validated', async () => {
    const { token } = await registered('o-history');
    const r = await call(points, { method: 'GET', path: '/members/me/points', token });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ summary: { balance: 0, spendable: 0, expiring: [] }, entries: [], cursor: null });
    const badCursor = await call(points, { method: 'GET', path: '/members/me/points', token, query: { cursor: Buffer.from('PROFILE').toString('base64url') } });
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.fields[0].path).toBe('cursor');
    const badLimit = await call(points, { method: 'GET', path: '/members/me/points', token, query: { limit: '1000' } });
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error.fields[0].path).toBe('limit');
  });
});
