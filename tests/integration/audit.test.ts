/**
 * The audit log API (issue 16): filters by member, actor, action and a Beijing date range, newest
 * first, paged with a cursor that cannot be carried to another query; actors named by role (never an
 * openid), actions in Chinese, phone numbers inside what changed masked; 401/403 and bad input.
 */
import { recordAudit } from '../../functions/adapters/dynamo/account-repo';
import { handler as auditHandler } from '../../functions/audit/http';
import { actors } from './actors';
import { call, setupWorld } from './support';

let world: Awaited<ReturnType<typeof setupWorld>>;
const a = actors(() => world.standIn);
let admin: string;
let clerk: string;

const M1 = 'm_audittest0001';
const M2 = 'm_audittest0002';
/** 2020-03-01 00:00 in Beijing is 2020-02-29T16:00Z. */
const DAY1 = Date.parse('2020-02-29T16:00:00.000Z');
const HOUR = 3_600_000;
type Seeded = { at: string; actor: string; action: string; target: string };
const seeded: Seeded[] = [];

const get = (token: string | undefined, query: Record<string, string> = {}) => call(auditHandler, { method: 'GET', path: '/admin/audit', ...(token ? { token } : {}), query });

/** Every page of a query, following the cursor. */
async function all(query: Record<string, string>, limit = 30) {
  const out: { at: string; actor: string; action: string; memberId: string | null }[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const r = await get(admin, { ...query, limit: String(limit), ...(cursor ? { cursor } : {}) });
    expect(r.status).toBe(200);
    out.push(...r.body.entries);
    cursor = r.body.cursor;
    pages++;
  } while (cursor && pages < 50);
  return { entries: out, pages };
}

beforeAll(async () => {
  world = await setupWorld();
  admin = (await a.login('demo-admin')).token;
  clerk = (await a.login('demo-staff')).token;
  // 72 entries over three Beijing days (2020-03-01..03), every hour: two actors and the system, two members and a template.
  for (let i = 0; i < 72; i++) {
    const at = new Date(DAY1 + i * HOUR).toISOString();
    const actor = ['demo-admin', 'demo-staff', 'seed'][i % 3]!;
    const action = i % 2 === 0 ? 'points.adjust' : 'member.phone_revealed';
    const target = i % 4 === 3 ? 'template:t1' : i % 4 < 2 ? `member:${M1}` : `member:${M2}`;
    seeded.push({ at, actor, action, target });
    await recordAudit({ at, actor, action, target, before: null, after: { note: `联系 13812345678 核实 ${i}` } });
  }
  // Edges of day 1: the last instant of 2020-02-29 in Beijing, and exactly 00:00 on 2020-03-01 is already in (DAY1).
  await recordAudit({ at: new Date(DAY1 - 1).toISOString(), actor: 'demo-admin', action: 'points.adjust', target: `member:${M1}`, before: null, after: null });
}, 60_000);
afterAll(async () => {
  await world.close();
});

const inRange = (from: string, to: string) => ({ from, to });

test('only admins read the log', async () => {
  expect((await get(undefined)).status).toBe(401);
  expect((await get(clerk)).status).toBe(403);
});

test('a date range, newest first, paged with a cursor: every entry once', async () => {
  const r = await all(inRange('2020-03-01', '2020-03-03'));
  expect(r.entries).toHaveLength(72);
  expect(r.pages).toBe(3);
  const ats = r.entries.map((e) => e.at);
  expect(ats).toEqual([...seeded].map((s) => s.at).sort().reverse());
  // Day boundaries in Beijing time: 2020-03-01 starts at 16:00Z the day before; the instant before is 29 February.
  const day1 = await all(inRange('2020-03-01', '2020-03-01'));
  expect(day1.entries.map((e) => e.at).sort()).toEqual(seeded.slice(0, 24).map((s) => s.at));
  const feb29 = await all(inRange('2020-02-29', '2020-02-29'));
  expect(feb29.entries.map((e) => e.at)).toEqual([new Date(DAY1 - 1).toISOString()]);
});

test('by member, by actor, by action, and combined: the entries that match, named in Chinese', async () => {
  const range = inRange('2020-03-01', '2020-03-03');
  const m1 = await all({ ...range, member: M1 }, 7);
  expect(m1.entries.map((e) => e.at)).toEqual(seeded.filter((s) => s.target === `member:${M1}`).map((s) => s.at).reverse());
  expect(m1.entries.every((e) => e.memberId === M1)).toBe(true);

  const staff = await all({ ...range, actor: 'demo-staff' }, 5);
  expect(staff.entries.map((e) => e.at)).toEqual(seeded.filter((s) => s.actor === 'demo-staff').map((s) => s.at).reverse());

  const reveals = await all({ ...range, action: 'member.phone_revealed' }, 4);
  expect(reveals.entries).toHaveLength(36);

  const combo = await all({ ...range, member: M2, actor: 'demo-admin', action: 'points.adjust' }, 2);
  expect(combo.entries.map((e) => e.at)).toEqual(
    seeded.filter((s) => s.target === `member:${M2}` && s.actor === 'demo-admin' && s.action === 'points.adjust').map((s) => s.at).reverse(),
  );

  const one = (await get(admin, { ...range, limit: '3' })).body.entries as Record<string, unknown>[];
  const byActor = Object.fromEntries(one.map((e) => [e.actor, e]));
  expect(byActor['seed']).toMatchObject({ actorLabel: '系统初始化', actorRole: 'system' });
  expect(byActor['demo-admin']).toMatchObject({ actorLabel: '管理员', actorRole: 'admin' });
  expect(byActor['demo-staff']).toMatchObject({ actorRole: 'staff', actorLabel: expect.stringMatching(/^店员/) });
  for (const e of one) {
    expect(['积分调整', '查看会员完整手机号']).toContain(e.actionLabel);
    expect(JSON.stringify(e.after)).toContain('138****5678');
    expect(JSON.stringify(e)).not.toContain('13812345678');
  }
});

test('bad input: named fields, never a 500', async () => {
  const bad = async (query: Record<string, string>, field: string) => {
    const r = await get(admin, query);
    expect([r.status, r.body.error.code, r.body.error.fields?.[0]?.path]).toEqual([400, 'invalid_input', field]);
  };
  await bad({ from: '2020-03-03', to: '2020-03-01' }, 'to');
  await bad({ from: '2020-02-30' }, 'from');
  await bad({ member: 'nobody' }, 'member');
  await bad({ member: M1, target: 'rules' }, 'member');
  await bad({ action: 'DROP TABLE' }, 'action');
  await bad({ actor: 'a b' }, 'actor');
  await bad({ limit: '0' }, 'limit');
  await bad({ cursor: '***' }, 'cursor');
  await bad({ cursor: Buffer.from('not json').toString('base64url') }, 'cursor');
  await bad({ cursor: Buffer.from(JSON.stringify({ PK: 'MEMBER#x', SK: 'PROFILE' })).toString('base64url') }, 'cursor');
  // A cursor of one query cannot be carried to another (another partition).
  const first = await get(admin, { actor: 'demo-staff', limit: '2', from: '2020-03-01', to: '2020-03-03' });
  expect(first.body.cursor).toEqual(expect.any(String));
  await bad({ member: M1, cursor: first.body.cursor }, 'cursor');
});
