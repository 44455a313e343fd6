/** Complaints against DynamoDB Local: the state machine, who sees what, events for care, overdue, rating, idempotent filing. */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../../functions/adapters/dynamo/client';
import { complaintEventsOn } from '../../functions/adapters/dynamo/complaint-repo';
import { grantRole } from '../../functions/adapters/dynamo/identity-repo';
import { keys } from '../../functions/adapters/dynamo/keys';
import { handler } from '../../functions/complaints/http';
import { setClock } from '../../functions/lib/clock';
import { actors } from './actors';
import { call, setupWorld } from './support';
import { countItems } from '../table';

let world: Awaited<ReturnType<typeof setupWorld>>;
const a = actors(() => world.standIn);
let admin: string;
let staff: string; // demo-staff, store S001
let otherStaff: string; // store S002
let alice: { token: string; id: string; phone: string };
let bob: { token: string; id: string; phone: string };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  world = await setupWorld();
  const { client, table } = db();
  await client.send(new PutCommand({ TableName: table, Item: { ...keys.store('S002'), storeId: 'S002', name: '二号店', city: '杭州' } }));
  await grantRole('staff-s002', { role: 'staff', storeId: 'S002' }, 'test');
  admin = (await a.login('demo-admin')).token;
  staff = (await a.login('demo-staff')).token;
  otherStaff = (await a.login('staff-s002')).token;
  alice = await a.newMember('o-cmp-alice');
  bob = await a.newMember('o-cmp-bob');
}, 60_000);
afterAll(() => world.close());
afterEach(() => setClock(null));

const api = (token: string | undefined, method: string, path: string, body?: unknown, query?: Record<string, string>) =>
  call(handler, { method, path, ...(token ? { token } : {}), ...(body !== undefined ? { body } : {}), ...(query ? { query } : {}) });

let seq = 0;
const complaintBody = (over: Record<string, unknown> = {}) => ({
  requestId: `req-${Date.now().toString(36)}-${++seq}`,
  category: 'store',
  text: '门店店员态度很差，结账等了半小时',
  storeId: 'S001',
  contact: { method: 'phone', phone: '13800001111' },
  ...over,
});

async function file(member = alice, over: Record<string, unknown> = {}) {
  const r = await api(member.token, 'POST', '/members/me/complaints', complaintBody(over));
  if (r.status !== 201) throw new Error(`file: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { id: string; state: string; dueAt: string; createdAt: string; timeline: { type: string }[] };
}

const deskMove = (id: string, action: string, token = admin) => api(token, 'POST', `/admin/complaints/${id}/transition`, { action });
const staffMove = (id: string, action: string, token = staff) => api(token, 'POST', `/staff/complaints/${id}/transition`, { action });
const reopen = (id: string, member = alice) => api(member.token, 'POST', `/members/me/complaints/${id}/reopen`, {});

async function partition(id: string) {
  const { client, table } = db();
  const res = await client.send(
    new QueryCommand({ TableName: table, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': keys.complaint(id).PK }, ConsistentRead: true }),
  );
  return res.Items ?? [];
}

/** Runs `attempt` and checks it answered 409 naming `field`, and that nothing in the table changed. */
async function refusedWithoutWrite(id: string, attempt: () => Promise<{ status: number; body: any }>, field: 'action' | 'state') {
  const before = JSON.stringify(await partition(id));
  const count = await countItems();
  const r = await attempt();
  expect(r.status).toBe(409);
  expect(r.body.error.fields?.[0]?.path).toBe(field);
  expect(JSON.stringify(await partition(id))).toBe(before);
  expect(await countItems()).toBe(count);
}

/** Puts a complaint into a state through legal moves. */
async function inState(state: 'new' | 'in_progress' | 'resolved' | 'closed') {
  const c = await file();
  if (state === 'new') return c.id;
  expect((await deskMove(c.id, 'start')).status).toBe(200);
  if (state === 'in_progress') return c.id;
  expect((await deskMove(c.id, 'resolve')).status).toBe(200);
  if (state === 'resolved') return c.id;
  expect((await deskMove(c.id, 'close')).status).toBe(200);
  return c.id;
}

describe('filing', () => {
  test('a member files a complaint: new, due in 24 hours, a created event; idempotent on requestId', async () => {
    const body = complaintBody({ orderId: 'O-123' });
    const r = await api(alice.token, 'POST', '/members/me/complaints', body);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ state: 'new', category: 'store', storeId: 'S001', orderId: 'O-123', overdue: false, canRate: false, canReopen: false });
    expect(r.body.id).toMatch(/^C\d{8}[0-9A-Z]{6}$/);
    expect(Date.parse(r.body.dueAt) - Date.parse(r.body.createdAt)).toBe(DAY);
    expect(r.body.timeline.map((e: { type: string }) => e.type)).toEqual(['created']);
    expect(r.body.memberId).toBeUndefined();

    const count = await countItems();
    const again = await api(alice.token, 'POST', '/members/me/complaints', body);
    expect([again.status, again.body.id]).toEqual([201, r.body.id]);
    const [x, y] = await Promise.all([api(alice.token, 'POST', '/members/me/complaints', body), api(alice.token, 'POST', '/members/me/complaints', body)]);
    expect([x.body.id, y.body.id]).toEqual([r.body.id, r.body.id]);
    expect(await countItems()).toBe(count);
    const other = await api(alice.token, 'POST', '/members/me/complaints', { ...body, text: '另一件事情，完全不同的内容' });
    expect([other.status, other.body.error.code]).toEqual([409, 'request_reused']);
    expect(await countItems()).toBe(count);

    const mine = await api(alice.token, 'GET', '/members/me/complaints');
    expect(mine.body.complaints.filter((c: { id: string }) => c.id === r.body.id)).toHaveLength(1);
  });

  test('bad input is 400 naming the field; an unknown store is 422; nothing written', async () => {
    const count = await countItems();
    const noPhone = await api(alice.token, 'POST', '/members/me/complaints', complaintBody({ contact: { method: 'phone' } }));
    expect([noPhone.status, noPhone.body.error.fields[0].path]).toEqual([400, 'contact.phone']);
    const badCat = await api(alice.token, 'POST', '/members/me/complaints', complaintBody({ category: 'price' }));
    expect([badCat.status, badCat.body.error.fields[0].path]).toEqual([400, 'category']);
    const store = await api(alice.token, 'POST', '/members/me/complaints', complaintBody({ storeId: 'S999' }));
    expect([store.status, store.body.error.fields[0].path]).toEqual([422, 'storeId']);
    expect(await countItems()).toBe(count);
  });
});

describe('state machine', () => {
  test('every legal move works and is recorded on the timeline', async () => {
    // new -start-> in_progress -resolve-> resolved -close-> closed -reopen-> in_progress -resolve-> resolved -reopen-> in_progress
    const c = await file();
    let r = await deskMove(c.id, 'start');
    expect([r.status, r.body.state]).toEqual([200, 'in_progress']);
    r = await deskMove(c.id, 'resolve');
    expect([r.status, r.body.state, !!r.body.resolvedAt]).toEqual([200, 'resolved', true]);
    r = await deskMove(c.id, 'close');
    expect([r.status, r.body.state]).toEqual([200, 'closed']);
    r = await reopen(c.id);
    expect([r.status, r.body.state]).toEqual([200, 'in_progress']);
    r = await staffMove(c.id, 'resolve');
    expect([r.status, r.body.state]).toEqual([200, 'resolved']);
    r = await reopen(c.id);
    expect([r.status, r.body.state]).toEqual([200, 'in_progress']);
    const d = await api(alice.token, 'GET', `/members/me/complaints/${c.id}`);
    expect(d.body.timeline.map((e: { type: string; state: string }) => `${e.type}:${e.state}`)).toEqual([
      'created:new',
      'in_progress:in_progress',
      'resolved:resolved',
      'closed:closed',
      'reopened:in_progress',
      'resolved:resolved',
      'reopened:in_progress',
    ]);

    // Staff run their store's complaints the same way; a first reply starts a new one.
    const s = await file();
    r = await api(staff, 'POST', `/staff/complaints/${s.id}/reply`, { text: '您好，店长会在今天联系您' });
    expect([r.status, r.body.state, !!r.body.firstResponseAt]).toEqual([200, 'in_progress', true]);
    expect((await staffMove(s.id, 'resolve')).body.state).toBe('resolved');
    expect((await staffMove(s.id, 'close')).body.state).toBe('closed');
    const t = await file();
    expect((await staffMove(t.id, 'start')).body.state).toBe('in_progress');
    r = await api(admin, 'POST', `/admin/complaints/${t.id}/reply`, { text: '客服已跟进' });
    expect([r.status, r.body.state]).toEqual([200, 'in_progress']);
  }, 60_000);

  test('every illegal move is refused with 409 (field action or state) and writes nothing', async () => {
    const ids = { new: await inState('new'), in_progress: await inState('in_progress'), resolved: await inState('resolved'), closed: await inState('closed') };
    const illegalDesk: Record<keyof typeof ids, string[]> = {
      new: ['resolve', 'close'],
      in_progress: ['start', 'close'],
      resolved: ['start', 'resolve'],
      closed: ['start', 'resolve', 'close'],
    };
    for (const [state, actions] of Object.entries(illegalDesk) as [keyof typeof ids, string[]][]) {
      for (const action of actions) {
        await refusedWithoutWrite(ids[state], () => deskMove(ids[state], action), 'action');
        await refusedWithoutWrite(ids[state], () => staffMove(ids[state], action), 'action');
      }
    }
    // Reopen: not from new or in progress.
    await refusedWithoutWrite(ids.new, () => reopen(ids.new), 'action');
    await refusedWithoutWrite(ids.in_progress, () => reopen(ids.in_progress), 'action');
    // Replies only while open; assignment only while open.
    for (const s of ['resolved', 'closed'] as const) {
      await refusedWithoutWrite(ids[s], () => api(admin, 'POST', `/admin/complaints/${ids[s]}/reply`, { text: '补充说明' }), 'state');
      await refusedWithoutWrite(ids[s], () => api(staff, 'POST', `/staff/complaints/${ids[s]}/reply`, { text: '补充说明' }), 'state');
      await refusedWithoutWrite(ids[s], () => api(admin, 'POST', `/admin/complaints/${ids[s]}/assign`, { assignee: '小李' }), 'state');
    }
    // An action that does not exist is a 400 from the contract.
    const bad = await deskMove(ids.new, 'reopen');
    expect([bad.status, bad.body.error.fields[0].path]).toEqual([400, 'action']);
  }, 90_000);

  test('reopen only within 7 days of the resolution (moved clock)', async () => {
    const resolved = await inState('resolved');
    const closed = await inState('closed');
    const now = Date.now();
    setClock({ now: () => new Date(now + 7 * DAY - 60_000) });
    expect((await reopen(resolved)).status).toBe(200);
    setClock({ now: () => new Date(now + 7 * DAY + 60_000) });
    await refusedWithoutWrite(closed, () => reopen(closed), 'state');
    const d = await api(alice.token, 'GET', `/members/me/complaints/${closed}`);
    expect(d.body.canReopen).toBe(false);
  });

  test('two desk people resolving at once: one succeeds, the other is refused', async () => {
    const id = await inState('in_progress');
    const rs = await Promise.all([deskMove(id, 'resolve'), staffMove(id, 'resolve'), deskMove(id, 'resolve')]);
    expect(rs.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const events = (await partition(id)).filter((i) => String(i.SK).startsWith('EVENT#'));
    expect(events.filter((e) => e.type === 'resolved')).toHaveLength(1);
  });
});

describe('who sees what', () => {
  test('every complaint route: member only her own, staff only their store, admin all; wrong role 403, no token 401, unknown 404', async () => {
    const own = await file(alice, { storeId: 'S001' });
    const noStore = await file(alice, { storeId: undefined, category: 'delivery' });
    const unknown = 'C20260101AAAAAA';
    const body = {
      reply: { text: '已收到，马上处理' },
      start: { action: 'start' },
      assign: { assignee: '小王' },
      rating: { score: 5, comment: '满意' },
    };

    // Member routes.
    const memberRoutes: [string, (id: string) => string, unknown?][] = [
      ['GET', (id) => `/members/me/complaints/${id}`],
      ['POST', (id) => `/members/me/complaints/${id}/rating`, body.rating],
      ['POST', (id) => `/members/me/complaints/${id}/reopen`, {}],
    ];
    for (const [method, path, b] of memberRoutes) {
      expect((await api(undefined, method, path(own.id), b)).status).toBe(401);
      const other = await api(bob.token, method, path(own.id), b);
      expect([other.status, other.body.error.code]).toEqual([404, 'complaint_not_found']);
      expect((await api(alice.token, method, path(unknown), b)).status).toBe(404);
    }
    expect((await api(undefined, 'POST', '/members/me/complaints', complaintBody())).status).toBe(401);
    // Staff and desk accounts that never registered as members have no complaints of their own.
    const unregistered = await api(staff, 'POST', '/members/me/complaints', complaintBody());
    expect([unregistered.status, unregistered.body.error.code]).toEqual([404, 'not_registered']);
    expect((await api(undefined, 'GET', '/members/me/complaints')).status).toBe(401);
    const bobs = await api(bob.token, 'GET', '/members/me/complaints');
    expect(bobs.body.complaints.map((c: { id: string }) => c.id)).not.toContain(own.id);
    expect((await api(alice.token, 'GET', `/members/me/complaints/${own.id}`)).status).toBe(200);

    // Staff routes: their store only.
    const staffRoutes: [string, (id: string) => string, unknown?][] = [
      ['GET', (id) => `/staff/complaints/${id}`],
      ['POST', (id) => `/staff/complaints/${id}/reply`, body.reply],
      ['POST', (id) => `/staff/complaints/${id}/transition`, body.start],
    ];
    for (const [method, path, b] of staffRoutes) {
      expect((await api(undefined, method, path(own.id), b)).status).toBe(401);
      expect((await api(alice.token, method, path(own.id), b)).status).toBe(403); // a member is not staff
      expect((await api(admin, method, path(own.id), b)).status).toBe(403); // the desk uses its own routes
      expect((await api(otherStaff, method, path(own.id), b)).status).toBe(403); // another store
      expect((await api(staff, method, path(noStore.id), b)).status).toBe(403); // no store at all
      expect((await api(staff, method, path(unknown), b)).status).toBe(404);
    }
    expect((await api(undefined, 'GET', '/staff/complaints')).status).toBe(401);
    expect((await api(alice.token, 'GET', '/staff/complaints')).status).toBe(403);
    const s1 = await api(staff, 'GET', '/staff/complaints');
    expect(s1.body.complaints.map((c: { id: string }) => c.id)).toContain(own.id);
    expect(s1.body.complaints.map((c: { id: string }) => c.id)).not.toContain(noStore.id);
    expect(s1.body.complaints.find((c: { id: string }) => c.id === own.id).contact.phone).toBe('138****1111');
    const s2 = await api(otherStaff, 'GET', '/staff/complaints');
    expect(s2.body.complaints.map((c: { id: string }) => c.id)).not.toContain(own.id);
    // The staff's own-store routes work (last, since they move the complaint).
    expect((await api(staff, 'GET', `/staff/complaints/${own.id}`)).status).toBe(200);
    expect((await api(staff, 'POST', `/staff/complaints/${own.id}/reply`, body.reply)).status).toBe(200);

    // Admin routes: everything.
    const adminRoutes: [string, (id: string) => string, unknown?][] = [
      ['GET', (id) => `/admin/complaints/${id}`],
      ['POST', (id) => `/admin/complaints/${id}/assign`, body.assign],
      ['POST', (id) => `/admin/complaints/${id}/reply`, body.reply],
      ['POST', (id) => `/admin/complaints/${id}/transition`, body.start],
    ];
    for (const [method, path, b] of adminRoutes) {
      expect((await api(undefined, method, path(noStore.id), b)).status).toBe(401);
      expect((await api(alice.token, method, path(noStore.id), b)).status).toBe(403);
      expect((await api(staff, method, path(noStore.id), b)).status).toBe(403);
      expect((await api(admin, method, path(unknown), b)).status).toBe(404);
      const fresh = await file(alice, { storeId: undefined }); // each success on its own new complaint (a reply starts it)
      expect((await api(admin, method, path(fresh.id), b)).status).toBe(200);
    }
    expect((await api(undefined, 'GET', '/admin/complaints')).status).toBe(401);
    expect((await api(staff, 'GET', '/admin/complaints')).status).toBe(403);
    const all = await api(admin, 'GET', '/admin/complaints');
    const ids = all.body.complaints.map((c: { id: string }) => c.id);
    expect(ids).toEqual(expect.arrayContaining([own.id, noStore.id]));
    expect(all.body.complaints.find((c: { id: string }) => c.id === own.id)).toMatchObject({ memberId: alice.id, contact: { phone: '138****1111' } });
  }, 90_000);

  test('assignment moves a complaint to another store: that store sees it, the first no longer does', async () => {
    const c = await file(alice, { storeId: 'S001' });
    const r = await api(admin, 'POST', `/admin/complaints/${c.id}/assign`, { storeId: 'S002', assignee: '客服小周' });
    expect([r.status, r.body.storeId, r.body.assignee]).toEqual([200, 'S002', '客服小周']);
    expect((await api(otherStaff, 'GET', `/staff/complaints/${c.id}`)).status).toBe(200);
    expect((await api(staff, 'GET', `/staff/complaints/${c.id}`)).status).toBe(403);
    const s1 = await api(staff, 'GET', '/staff/complaints');
    expect(s1.body.complaints.map((x: { id: string }) => x.id)).not.toContain(c.id);
    const byStore = await api(admin, 'GET', '/admin/complaints', undefined, { storeId: 'S002' });
    expect(byStore.body.complaints.map((x: { id: string }) => x.id)).toContain(c.id);
    const unknownStore = await api(admin, 'POST', `/admin/complaints/${c.id}/assign`, { storeId: 'S999' });
    expect([unknownStore.status, unknownStore.body.error.fields[0].path]).toEqual([422, 'storeId']);
    const empty = await api(admin, 'POST', `/admin/complaints/${c.id}/assign`, {});
    expect(empty.status).toBe(400);
  });
});

describe('timeline and care events', () => {
  test('each change writes one event; replies show on the member timeline; complaintEventsOn(day) returns them with the promised keys', async () => {
    // 2026-11-23T16:30Z is 00:30 on the 24th in Shanghai: the events belong to the local day.
    const t0 = Date.parse('2026-11-23T16:30:00.000Z');
    let now = t0;
    setClock({ now: () => new Date(now) });
    const c = await file(bob, { storeId: 'S001', category: 'product' });
    now += 60_000;
    await api(admin, 'POST', `/admin/complaints/${c.id}/assign`, { assignee: '客服小周' });
    now += 60_000;
    await api(admin, 'POST', `/admin/complaints/${c.id}/reply`, { text: '您好，我们将为您免费更换' });
    now += 60_000;
    await api(staff, 'POST', `/staff/complaints/${c.id}/reply`, { text: '新品已到店，可随时来取' });
    now += 60_000;
    await deskMove(c.id, 'resolve');
    now += 60_000;
    await api(bob.token, 'POST', `/members/me/complaints/${c.id}/rating`, { score: 4, comment: '处理及时' });

    const d = await api(bob.token, 'GET', `/members/me/complaints/${c.id}`);
    expect(d.body.timeline.map((e: { type: string; by: string }) => `${e.type}/${e.by}`)).toEqual([
      'created/member',
      'assigned/admin',
      'replied/admin',
      'replied/staff',
      'resolved/admin',
      'rated/member',
    ]);
    expect(d.body.timeline[2].text).toBe('您好，我们将为您免费更换');
    expect(d.body.timeline[3].text).toBe('新品已到店，可随时来取');
    expect(d.body.firstResponseAt).toBe(new Date(t0 + 2 * 60_000).toISOString());

    const raw = (await partition(c.id)).filter((i) => String(i.SK).startsWith('EVENT#'));
    expect(raw).toHaveLength(6);
    for (const e of raw) {
      expect(e.PK).toBe(`COMPLAINT#${c.id}`);
      expect(e.SK).toBe(`EVENT#${e.at}#${e.seq}`);
      expect(e.GSI1PK).toBe('CAREEVT#2026-11-24');
      expect(e.GSI1SK).toBe(`${e.at}#complaint#${c.id}#${e.seq}`);
      expect(e).toMatchObject({ kind: 'complaint', memberId: bob.id, complaintId: c.id });
      expect([...String(e.summary)].length).toBeLessThanOrEqual(20);
    }

    const events = (await complaintEventsOn('2026-11-24')).filter((e) => e.complaintId === c.id);
    expect(events.map((e) => e.type)).toEqual(['created', 'assigned', 'replied', 'replied', 'resolved', 'rated']);
    expect(events.map((e) => e.state)).toEqual(['new', 'new', 'in_progress', 'in_progress', 'resolved', 'resolved']);
    expect(events[2]).toMatchObject({ kind: 'complaint', by: 'admin', text: '您好，我们将为您免费更换', memberId: bob.id });
    expect(events.every((e) => typeof e.summary === 'string' && e.summary.length > 0)).toBe(true);
    expect((await complaintEventsOn('2026-11-23')).filter((e) => e.complaintId === c.id)).toHaveLength(0);
  });
});

describe('overdue', () => {
  test('no reply 24 hours after filing: on the overdue list until someone replies', async () => {
    const now = Date.now();
    setClock({ now: () => new Date(now - 25 * HOUR) });
    const late = await file(alice, { storeId: 'S002' });
    const lateStarted = await file(alice, { storeId: 'S002' });
    await deskMove(lateStarted.id, 'start'); // started without a reply: still overdue
    setClock({ now: () => new Date(now - 23 * HOUR) });
    const fresh = await file(alice, { storeId: 'S002' });
    setClock({ now: () => new Date(now) });

    const overdue = await api(admin, 'GET', '/admin/complaints', undefined, { overdue: 'true' });
    const ids = overdue.body.complaints.map((c: { id: string }) => c.id);
    expect(ids).toEqual(expect.arrayContaining([late.id, lateStarted.id]));
    expect(ids).not.toContain(fresh.id);
    expect(overdue.body.complaints.every((c: { overdue: boolean }) => c.overdue)).toBe(true);
    const newOnly = await api(admin, 'GET', '/admin/complaints', undefined, { overdue: 'true', state: 'new' });
    expect(newOnly.body.complaints.map((c: { id: string }) => c.id)).toContain(late.id);
    expect(newOnly.body.complaints.map((c: { id: string }) => c.id)).not.toContain(lateStarted.id);
    const storeOverdue = await api(otherStaff, 'GET', '/staff/complaints', undefined, { overdue: 'true' });
    expect(storeOverdue.body.complaints.map((c: { id: string }) => c.id).sort()).toEqual([late.id, lateStarted.id].sort());
    const notOverdue = await api(admin, 'GET', '/admin/complaints', undefined, { overdue: 'false', storeId: 'S002' });
    expect(notOverdue.body.complaints.map((c: { id: string }) => c.id)).toContain(fresh.id);

    // A reply ends it; so will the next day pass for the fresh one.
    await api(otherStaff, 'POST', `/staff/complaints/${late.id}/reply`, { text: '抱歉回复晚了' });
    const after = await api(admin, 'GET', '/admin/complaints', undefined, { overdue: 'true' });
    expect(after.body.complaints.map((c: { id: string }) => c.id)).not.toContain(late.id);
    setClock({ now: () => new Date(now + 2 * HOUR) });
    const later = await api(admin, 'GET', '/admin/complaints', undefined, { overdue: 'true' });
    expect(later.body.complaints.map((c: { id: string }) => c.id)).toContain(fresh.id);
    const byState = await api(admin, 'GET', '/admin/complaints', undefined, { state: 'in_progress' });
    expect(byState.body.complaints.every((c: { state: string }) => c.state === 'in_progress')).toBe(true);
  });
});

describe('rating', () => {
  test('only after resolution, only once, only by the owner', async () => {
    const c = await file();
    await refusedWithoutWrite(c.id, () => api(alice.token, 'POST', `/members/me/complaints/${c.id}/rating`, { score: 5, comment: '好' }), 'state');
    await deskMove(c.id, 'start');
    await refusedWithoutWrite(c.id, () => api(alice.token, 'POST', `/members/me/complaints/${c.id}/rating`, { score: 5, comment: '好' }), 'state');
    await deskMove(c.id, 'resolve');
    expect((await api(bob.token, 'POST', `/members/me/complaints/${c.id}/rating`, { score: 1, comment: '差' })).status).toBe(404);
    const bad = await api(alice.token, 'POST', `/members/me/complaints/${c.id}/rating`, { score: 6, comment: '' });
    expect([bad.status, bad.body.error.fields[0].path]).toEqual([400, 'score']);
    const r = await api(alice.token, 'POST', `/members/me/complaints/${c.id}/rating`, { score: 5, comment: '处理得很好' });
    expect(r.status).toBe(200);
    expect(r.body.rating).toMatchObject({ score: 5, comment: '处理得很好' });
    expect(r.body.canRate).toBe(false);
    await refusedWithoutWrite(c.id, () => api(alice.token, 'POST', `/members/me/complaints/${c.id}/rating`, { score: 3, comment: '' }), 'state');
    // Closed after rating: still rated once.
    await deskMove(c.id, 'close');
    await refusedWithoutWrite(c.id, () => api(alice.token, 'POST', `/members/me/complaints/${c.id}/rating`, { score: 3, comment: '' }), 'state');
    const desk = await api(admin, 'GET', `/admin/complaints/${c.id}`);
    expect(desk.body.rating.score).toBe(5);
  });
});

test('the desk lists finished complaints newest first (the open ones soonest due first)', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const c = await file(bob, { text: `第${i + 1}次投诉：商品有瑕疵需要处理` });
    for (const move of ['start', 'resolve', 'close']) expect((await deskMove(c.id, move)).status).toBe(200);
    ids.push(c.id);
    await new Promise((r) => setTimeout(r, 5));
  }
  const closed = await api(admin, 'GET', '/admin/complaints', undefined, { state: 'closed' });
  const mine = (closed.body.complaints as { id: string }[]).map((c) => c.id).filter((id) => ids.includes(id));
  expect(mine).toEqual([...ids].reverse());
  const open = [await file(bob), await file(bob)];
  const fresh = await api(admin, 'GET', '/admin/complaints', undefined, { state: 'new' });
  const queue = (fresh.body.complaints as { id: string }[]).map((c) => c.id).filter((id) => open.some((o) => o.id === id));
  expect(queue).toEqual(open.map((o) => o.id));
});
