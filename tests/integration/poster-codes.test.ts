/**
 * Printed mini-program codes (小程序码) for posters: a clerk's registration code and a member's invitation, made
 * once through WeChat's getwxacodeunlimit (the stand-in), kept in S3 and answered as a link to the image.
 */
import { callRoute, setupWorld } from './support';
import { actors } from './actors';

let world: Awaited<ReturnType<typeof setupWorld>>;
const a = actors(() => world.standIn);

beforeAll(async () => {
  world = await setupWorld();
}, 60_000);
afterAll(() => world.close());

const made = async () => ((await (await fetch(`${world.standIn.url}/__dev/wxacodes`)).json()) as { codes: { scene: string; page: string }[] }).codes;

test("a clerk's poster code opens the home page with her store and code; made once, a fresh link each time", async () => {
  const clerk = (await a.login('demo-staff')).token;
  const growth = await callRoute('GET', '/staff/growth', clerk);
  expect(growth.status).toBe(200);
  const first = await callRoute('GET', '/staff/growth/poster', clerk);
  expect(first.status).toBe(200);
  expect(first.body).toMatchObject({ page: 'pages/index/index', scene: growth.body.scene });
  expect(first.body.scene).toBe(`store=S001&clerk=${growth.body.code}`);
  const image = await fetch(first.body.url);
  expect([image.status, image.headers.get('content-type')]).toEqual([200, 'image/png']);
  expect(Buffer.from(await image.arrayBuffer()).subarray(1, 4).toString('ascii')).toBe('PNG');
  const before = (await made()).filter((c) => c.scene === first.body.scene).length;
  expect(before).toBe(1);
  // Asked again: the same code from S3, WeChat not called again.
  const again = await callRoute('GET', '/staff/growth/poster', clerk);
  expect(again.body.scene).toBe(first.body.scene);
  expect((await made()).filter((c) => c.scene === first.body.scene)).toHaveLength(1);
  expect((await fetch(again.body.url)).status).toBe(200);
  // A member is not a clerk.
  const m = await a.newMember('poster-member-1');
  expect((await callRoute('GET', '/staff/growth/poster', m.token)).status).toBe(403);
});

test("a member's invitation code carries ref=<her code>; refused while referrals are off", async () => {
  const admin = (await a.login('demo-admin')).token;
  const m = await a.newMember('poster-member-2');
  const s0 = await callRoute('GET', '/admin/referral-settings', admin);
  const set = (enabled: boolean, rev: number) =>
    callRoute('PUT', '/admin/referral-settings', admin, {
      rev,
      settings: { ...s0.body.settings, enabled, referrer: { points: 100, couponTemplateId: null }, referee: { points: 50, couponTemplateId: null }, rulesText: '好友注册并完成首笔消费后双方获得积分。' },
    });
  const off = await set(false, s0.body.rev);
  expect(off.status).toBe(200);
  const refused = await callRoute('GET', '/members/me/referral/poster', m.token);
  expect([refused.status, refused.body.error.code]).toEqual([409, 'referral_disabled']);
  expect((await set(true, off.body.rev)).status).toBe(200);
  const code = (await callRoute('GET', '/members/me/referral', m.token)).body.code as string;
  const poster = await callRoute('GET', '/members/me/referral/poster', m.token);
  expect(poster.status).toBe(200);
  expect(poster.body).toMatchObject({ page: 'pages/index/index', scene: `ref=${code}` });
  expect((await fetch(poster.body.url)).status).toBe(200);
  expect((await callRoute('GET', '/members/me/referral/poster', undefined)).status).toBe(401);
});

test("a store's registration poster carries store=<id>: for its manager or an admin, not a clerk; not for a closed store", async () => {
  const admin = (await a.login('demo-admin')).token;
  const clerk = (await a.login('demo-staff')).token;
  const poster = await callRoute('GET', '/stores/S001/poster', admin);
  expect(poster.status).toBe(200);
  expect(poster.body).toMatchObject({ page: 'pages/index/index', scene: 'store=S001' });
  expect((await fetch(poster.body.url)).status).toBe(200);
  expect((await callRoute('GET', '/stores/S001/poster', clerk)).status).toBe(403);
  expect((await callRoute('GET', '/stores/S404/poster', admin)).status).toBe(404);
  expect((await callRoute('POST', '/admin/stores', admin, { storeId: 'S002', name: '南京西路店', city: '上海' })).status).toBe(200);
  const close = (open: boolean) => callRoute('PUT', '/admin/stores/S002', admin, { name: '南京西路店', city: '上海', open });
  expect((await close(false)).status).toBe(200);
  const closed = await callRoute('GET', '/stores/S002/poster', admin);
  expect([closed.status, closed.body.error.code]).toEqual([409, 'store_closed']);
  expect((await close(true)).status).toBe(200);
  expect((await callRoute('GET', '/stores/S002/poster', admin)).body.scene).toBe('store=S002');
});
