/**
 * Stores and staff (issue 16) against DynamoDB Local, through the real token path (POST /auth/login via
 * the WeChat stand-in): admins manage stores; a manager sees and invites for her store only; invites are
 * single use and expire after 24 h (two people accepting at once: one clerk); a removed clerk, a removed
 * manager and a revoked admin are refused within the role cache's TTL (≤ 30 s, moved with the injectable
 * clock, no sleeping); a closed store's till refuses checkouts; every change is audited.
 */
import { revokeRole } from '../../functions/adapters/dynamo/identity-repo';
import { handler as auditHandler } from '../../functions/audit/http';
import { create as checkoutHandler, till } from '../../functions/checkout/http';
import { handler as complaints } from '../../functions/complaints/http';
import { setClock } from '../../functions/lib/clock';
import { forgetRoles } from '../../functions/lib/roles';
import { handler as stores } from '../../functions/stores/http';
import { actors } from './actors';
import { call, setupWorld } from './support';

let world: Awaited<ReturnType<typeof setupWorld>>;
const a = actors(() => world.standIn);
let admin: string;
let t0 = Date.now();
const at = (seconds: number) => setClock({ now: () => new Date(t0 + seconds * 1000) });

beforeAll(async () => {
  world = await setupWorld();
  delete process.env.ROLE_CACHE_SECONDS; // the default: 30 s
  admin = (await a.login('demo-admin')).token;
}, 60_000);
afterAll(async () => {
  setClock(null);
  await world.close();
});
// Each test runs on a clock held at t0 (moved only by `at`): role cache stamps do not drift with the machine's load.
beforeEach(() => {
  t0 = Date.now();
  at(0);
});

const api = (token: string | undefined, method: string, path: string, body?: unknown) => call(stores, { method, path, ...(token ? { token } : {}), ...(body === undefined ? {} : { body }) });
const tillStore = (token: string) => call(till, { method: 'GET', path: '/staff/store', token });

/** Invites `openid` to `storeId` as `position` and has her accept; answers her new token. */
async function join(by: string, storeId: string, openid: string, position: 'clerk' | 'manager' = 'clerk') {
  const inv = await api(by, 'POST', `/stores/${storeId}/invites`, { position });
  expect(inv.status).toBe(200);
  const before = await a.login(openid);
  const r = await api(before.token, 'POST', `/invites/${inv.body.code}/accept`);
  expect([r.status, r.body]).toEqual([200, { storeId, storeName: expect.any(String), position }]);
  return (await a.login(openid)).token; // the new role comes with the next sign-in
}

describe('stores (admins)', () => {
  it('creates, lists and updates stores; duplicates, bad input and other roles are refused; audited', async () => {
    const created = await api(admin, 'POST', '/admin/stores', { storeId: 'S002', name: '南京西路店', city: '上海', address: '南京西路 1 号' });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ storeId: 'S002', name: '南京西路店', open: true });
    expect((await api(admin, 'POST', '/admin/stores', { storeId: 'S002', name: '重复', city: '上海' })).body.error.code).toBe('store_exists');
    const bad = await api(admin, 'POST', '/admin/stores', { storeId: 'S 3', name: '', city: '上海' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['name', 'storeId']);
    expect((await api(admin, 'PUT', '/admin/stores/S404', { name: 'x', city: 'y', open: true })).status).toBe(404);
    const list = await api(admin, 'GET', '/admin/stores');
    expect(list.body.stores.map((s: { storeId: string }) => s.storeId)).toEqual(expect.arrayContaining(['S001', 'S002']));
    const member = await a.newMember('o-store-member');
    expect((await api(member.token, 'GET', '/admin/stores')).status).toBe(403);
    expect((await api(member.token, 'POST', '/admin/stores', { storeId: 'S009', name: 'x', city: 'y' })).status).toBe(403);
    expect((await api(undefined, 'GET', '/admin/stores')).status).toBe(401);
    const audit = await call(auditHandler, { method: 'GET', path: '/admin/audit', token: admin, query: { target: 'store:S002' } });
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toContain('store.create');
  });
});

describe('managers, clerks and invites', () => {
  let manager: string;
  let clerk: string;

  beforeAll(async () => {
    manager = await join(admin, 'S002', 'mgr-s002', 'manager');
    clerk = await join(manager, 'S002', 'clerk-s002');
  });

  it('signs a manager in as manager and staff of her store; she works its till', async () => {
    const s = await a.login('mgr-s002');
    expect(s).toMatchObject({ roles: ['member', 'staff', 'manager'], storeId: 'S002' });
    expect((await tillStore(manager)).body).toEqual({ storeId: 'S002', name: '南京西路店' });
  });

  it("a manager sees and invites for her store only, clerks only; a clerk and a member get 403", async () => {
    const staff = await api(manager, 'GET', '/stores/S002/staff');
    expect(staff.status).toBe(200);
    expect(staff.body.staff.map((s: { openid: string; position: string }) => [s.openid, s.position])).toEqual([
      ['mgr-s002', 'manager'],
      ['clerk-s002', 'clerk'],
    ]);
    expect((await api(manager, 'GET', '/stores/S001/staff')).status).toBe(403);
    expect((await api(manager, 'POST', '/stores/S001/invites', { position: 'clerk' })).status).toBe(403);
    expect((await api(manager, 'POST', '/stores/S002/invites', { position: 'manager' })).status).toBe(403);
    expect((await api(manager, 'DELETE', '/stores/S001/staff/demo-staff')).status).toBe(403);
    expect((await api(manager, 'PUT', '/stores/S002/staff/clerk-s002', { position: 'manager' })).status).toBe(403);
    expect((await api(manager, 'GET', '/admin/stores')).status).toBe(403);
    for (const who of [clerk, (await a.newMember('o-team-member')).token]) {
      expect((await api(who, 'GET', '/stores/S002/staff')).status).toBe(403);
      expect((await api(who, 'POST', '/stores/S002/invites', { position: 'clerk' })).status).toBe(403);
      expect((await api(who, 'DELETE', '/stores/S002/staff/mgr-s002')).status).toBe(403);
      expect((await api(who, 'GET', '/admin/admins')).status).toBe(403);
    }
    expect((await api(admin, 'GET', '/stores/S001/staff')).body.staff.map((s: { openid: string }) => s.openid)).toEqual(['demo-staff']);
    expect((await api(admin, 'POST', '/stores/S002/invites', { position: 'boss' })).status).toBe(400);
  });

  it('an invite shows its store and validity, is single use, and a second person is told', async () => {
    const inv = (await api(manager, 'POST', '/stores/S002/invites', {})).body;
    expect(inv).toMatchObject({ storeId: 'S002', storeName: '南京西路店', position: 'clerk', path: `staff/join/index?code=${inv.code}` });
    expect(Date.parse(inv.expiresAt) - Date.now()).toBeGreaterThan(24 * 3600_000 - 60_000);
    const first = await a.login('o-inv-first');
    const view = await api(first.token, 'GET', `/invites/${inv.code}`);
    expect(view.body).toMatchObject({ storeName: '南京西路店', state: 'open' });
    expect((await api(first.token, 'POST', `/invites/${inv.code}/accept`)).status).toBe(200);
    const second = await a.login('o-inv-second');
    const again = await api(second.token, 'POST', `/invites/${inv.code}/accept`);
    expect([again.status, again.body.error.code]).toEqual([409, 'invite_used']);
    expect((await api(second.token, 'GET', `/invites/${inv.code}`)).body.state).toBe('used');
    expect((await api(second.token, 'GET', '/invites/ABCDEFGHJK')).status).toBe(404);
    expect((await api(second.token, 'GET', '/invites/nope')).status).toBe(400);
    // Already on a store's staff: a second invite does not move her.
    const other = (await api(admin, 'POST', '/stores/S001/invites', {})).body;
    expect((await api(first.token, 'POST', `/invites/${other.code}/accept`)).body.error.code).toBe('already_staff');
  });

  it('two people opening one invite at once: one clerk', async () => {
    const inv = (await api(manager, 'POST', '/stores/S002/invites', { position: 'clerk' })).body;
    const people = await Promise.all(['o-race-1', 'o-race-2', 'o-race-3'].map((o) => a.login(o)));
    const answers = await Promise.all(people.map((p) => api(p.token, 'POST', `/invites/${inv.code}/accept`)));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const staff = (await api(admin, 'GET', '/stores/S002/staff')).body.staff.map((s: { openid: string }) => s.openid);
    expect(staff.filter((o: string) => o.startsWith('o-race-'))).toHaveLength(1);
  });

  it('expires 24 hours after it was made', async () => {
    const inv = (await api(manager, 'POST', '/stores/S002/invites', {})).body;
    const late = await a.login('o-inv-late');
    at(24 * 3600 - 60);
    expect((await api(late.token, 'GET', `/invites/${inv.code}`)).body.state).toBe('open');
    at(24 * 3600 + 1);
    expect((await api(late.token, 'GET', `/invites/${inv.code}`)).body.state).toBe('expired');
    const r = await api(late.token, 'POST', `/invites/${inv.code}/accept`);
    expect([r.status, r.body.error.code]).toEqual([409, 'invite_expired']);
  });

  it('a closed store: its till refuses checkouts, members are not offered it, invites are refused; audited', async () => {
    const shopper = await a.newMember('o-closed-shopper');
    const closed = await api(admin, 'PUT', '/admin/stores/S002', { name: '南京西路店', city: '上海', open: false });
    expect(closed.body.open).toBe(false);
    const r = await a.checkout(clerk, a.orderBody(await a.codeFor(shopper.token), 5000, { storeId: 'S002' }));
    expect([r.status, r.body.error.code]).toEqual([409, 'store_closed']);
    const offered = await call(complaints, { method: 'GET', path: '/members/me/complaint-stores', token: shopper.token });
    expect(offered.body.stores.map((s: { storeId: string }) => s.storeId)).not.toContain('S002');
    expect((await api(manager, 'POST', '/stores/S002/invites', {})).body.error.code).toBe('store_closed');
    await api(admin, 'PUT', '/admin/stores/S002', { name: '南京西路店', city: '上海', open: true });
    const ok = await a.checkout(clerk, a.orderBody(await a.codeFor(shopper.token), 5000, { storeId: 'S002' }));
    expect(ok.status).toBe(200);
    const audit = await call(auditHandler, { method: 'GET', path: '/admin/audit', token: admin, query: { target: 'store:S002' } });
    const actions = audit.body.entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['store.create', 'store.close', 'store.reopen', 'staff.invite', 'staff.join']));
  });
});

describe('revocation within 60 s on every route, through the real token path', () => {
  it('a clerk revoked elsewhere keeps working only until the role cache expires (≤ 30 s), then 403', async () => {
    const clerk = await join(admin, 'S002', 'clerk-revoked');
    expect((await tillStore(clerk)).status).toBe(200); // fills this Lambda's cache
    await revokeRole('clerk-revoked', 'staff'); // as another Lambda (or the command line) would
    at(10);
    expect((await tillStore(clerk)).status).toBe(200); // still cached: the bound, not the rule
    at(31);
    const refused = await tillStore(clerk);
    expect([refused.status, refused.body.error.code]).toEqual([403, 'forbidden']);
    // Member routes stay open to her: she is still a signed-in person.
    expect((await call(stores, { method: 'GET', path: '/invites/ABCDEFGHJK', token: clerk })).status).toBe(404);
  });

  it('a clerk removed by her manager is refused on her next request, and on every staff route', async () => {
    const manager = (await a.login('mgr-s002')).token;
    const clerk = await join(manager, 'S002', 'clerk-removed');
    const shopper = await a.newMember('o-removed-shopper');
    expect((await a.checkout(clerk, a.orderBody(await a.codeFor(shopper.token), 1000, { storeId: 'S002' }))).status).toBe(200);
    expect((await api(manager, 'DELETE', '/stores/S002/staff/clerk-removed')).body).toEqual({ ok: true });
    expect((await a.checkout(clerk, a.orderBody(await a.codeFor(shopper.token), 1000, { storeId: 'S002' }))).status).toBe(403);
    expect((await tillStore(clerk)).status).toBe(403);
    expect((await api(manager, 'DELETE', '/stores/S002/staff/clerk-removed')).status).toBe(404);
    const audit = await call(auditHandler, { method: 'GET', path: '/admin/audit', token: admin, query: { target: 'store:S002' } });
    expect(audit.body.entries.find((e: { action: string }) => e.action === 'staff.remove')).toMatchObject({ actor: 'mgr-s002', before: { openid: 'clerk-removed' } });
  });

  it('a removed manager loses her store and the till within the TTL', async () => {
    const manager = await join(admin, 'S001', 'mgr-removed', 'manager');
    expect((await api(manager, 'GET', '/stores/S001/staff')).status).toBe(200);
    expect((await tillStore(manager)).status).toBe(200);
    // A manager does not remove a manager; an admin does.
    const other = (await a.login('mgr-s002')).token;
    expect((await api(other, 'DELETE', '/stores/S001/staff/mgr-removed')).status).toBe(403);
    await revokeRole('mgr-removed', 'staff'); // elsewhere: this Lambda still has her cached
    at(31);
    expect((await api(manager, 'GET', '/stores/S001/staff')).status).toBe(403);
    expect((await tillStore(manager)).status).toBe(403);
    // And through the admin's route, re-invited then removed: refused on the next request.
    at(0);
    forgetRoles();
    const again = await join(admin, 'S001', 'mgr-removed-2', 'manager');
    expect((await api(admin, 'DELETE', '/stores/S001/staff/mgr-removed-2')).body).toEqual({ ok: true });
    expect((await api(again, 'POST', '/stores/S001/invites', {})).status).toBe(403);
  });

  it('an appointed manager: an admin promotes a clerk (she signs in again to manage)', async () => {
    const clerk = await join(admin, 'S001', 'clerk-promoted');
    const r = await api(admin, 'PUT', '/stores/S001/staff/clerk-promoted', { position: 'manager' });
    expect(r.body).toMatchObject({ openid: 'clerk-promoted', position: 'manager' });
    expect((await api(clerk, 'GET', '/stores/S001/staff')).status).toBe(403); // her token says clerk
    const manager = (await a.login('clerk-promoted')).token;
    expect((await api(manager, 'GET', '/stores/S001/staff')).status).toBe(200);
    expect((await api(admin, 'PUT', '/stores/S002/staff/clerk-promoted', { position: 'clerk' })).status).toBe(404);
  });

  it('a revoked admin is refused within the TTL; the last admin is never removed', async () => {
    expect((await api(admin, 'POST', '/admin/admins', { openid: 'admin-2' })).body).toEqual({ ok: true });
    const second = (await a.login('admin-2')).token;
    expect((await api(second, 'GET', '/admin/stores')).status).toBe(200);
    expect((await api(admin, 'DELETE', '/admin/admins/admin-2')).body).toEqual({ ok: true });
    expect((await api(second, 'GET', '/admin/stores')).status).toBe(403);
    // Revoked elsewhere: cached at most 30 s.
    expect((await api(admin, 'GET', '/admin/admins')).status).toBe(200);
    await revokeRole('demo-admin', 'admin');
    at(31);
    expect((await api(admin, 'GET', '/admin/admins')).status).toBe(403);
    // The last one: demo-approver alone.
    at(0);
    forgetRoles();
    const approver = (await a.login('demo-approver')).token;
    expect((await api(approver, 'GET', '/admin/admins')).body.admins.map((x: { openid: string }) => x.openid)).toEqual(['demo-approver']);
    const last = await api(approver, 'DELETE', '/admin/admins/demo-approver');
    expect([last.status, last.body.error.code]).toEqual([409, 'last_admin']);
    expect((await api(approver, 'DELETE', '/admin/admins/nobody')).status).toBe(404);
    const audit = await call(auditHandler, { method: 'GET', path: '/admin/audit', token: approver, query: { target: 'admin:admin-2' } });
    expect(audit.body.entries.map((e: { action: string }) => e.action).sort()).toEqual(['admin.grant', 'admin.revoke']);
  });
});
