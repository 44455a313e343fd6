import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startLocalStack, type Stack } from '../../infra/local/stack';

/**
 * The local stack over real HTTP: serverless.yml's routes served through API Gateway v2 events,
 * CORS as API Gateway answers it, the seeded demo brand, and the admin command.
 */
let stack: Stack;
/** The H5 build's origin: the only one the API answers CORS for (issue 20). */
let h5Origin: string;
const savedEnv = { ...process.env };
beforeAll(async () => {
  stack = await startLocalStack({ apiPort: 0, h5Port: 0, standInPort: 0, dynamoPort: 0, dataDir: null, tableName: 'huiyuan-stack-test' });
  h5Origin = new URL(stack.urls.h5!).origin;
}, 90_000);
afterAll(async () => {
  await stack?.stop();
  process.env = savedEnv;
});

async function api(path: string, init: RequestInit & { token?: string } = {}) {
  const r = await fetch(`${stack.urls.api}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', origin: h5Origin, ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
  });
  return { status: r.status, headers: r.headers, body: r.status === 204 ? null : await r.json() };
}

async function login(openid: string) {
  const { code } = await (await fetch(`${stack.urls.wechat}/__dev/login-code`, { method: 'POST', body: JSON.stringify({ openid }) })).json();
  return (await api('/auth/login', { method: 'POST', body: JSON.stringify({ code }) })).body;
}

test('health, CORS for the H5 origin only, unknown routes and methods', async () => {
  const h = await api('/health');
  expect(h.status).toBe(200);
  expect(h.headers.get('access-control-allow-origin')).toBe(h5Origin);
  const pre = await fetch(`${stack.urls.api}/staff/checkouts`, { method: 'OPTIONS', headers: { origin: h5Origin, 'access-control-request-method': 'POST' } });
  expect(pre.status).toBe(204);
  expect(pre.headers.get('access-control-allow-origin')).toBe(h5Origin);
  expect(pre.headers.get('access-control-allow-headers')).toMatch(/Authorization/i);
  // Another site's page gets no CORS answer: its browser will not let it read ours.
  const other = await fetch(`${stack.urls.api}/health`, { headers: { origin: 'https://evil.example' } });
  expect(other.headers.get('access-control-allow-origin')).toBeNull();
  const otherPre = await fetch(`${stack.urls.api}/staff/checkouts`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
  expect(otherPre.headers.get('access-control-allow-origin')).toBeNull();
  expect((await api('/nope')).status).toBe(404);
  expect((await api('/health', { method: 'DELETE' })).status).toBe(405);
});

test('the demo brand is seeded: the demo clerk and admin sign in with their roles', async () => {
  expect(await login('demo-staff')).toMatchObject({ roles: ['member', 'staff'], storeId: 'S001' });
  expect(await login('demo-admin')).toMatchObject({ roles: ['member', 'admin'] });
});

test('npm run admin grants and revokes roles; an unknown store is refused', async () => {
  const run = (...args: string[]) =>
    promisify(execFile)(join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx'), [join(__dirname, '..', '..', 'infra', 'admin-cli.ts'), ...args], {
      env: { ...process.env, DYNAMODB_ENDPOINT: stack.urls.dynamodb, TABLE_NAME: stack.tableName, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
  await expect(run('grant', 'staff', 'o-new-clerk', '--store', 'S999')).rejects.toMatchObject({ stderr: expect.stringMatching(/store S999 does not exist/) });
  expect((await run('grant', 'staff', 'o-new-clerk', '--store', 'S001')).stdout).toMatch(/granted staff at S001/);
  expect(await login('o-new-clerk')).toMatchObject({ roles: ['member', 'staff'], storeId: 'S001' });
  expect((await run('list', 'staff', 'S001')).stdout).toMatch(/o-new-clerk/);
  expect((await run('revoke', 'staff', 'o-new-clerk')).stdout).toMatch(/revoked staff/);
  expect(await login('o-new-clerk')).toMatchObject({ roles: ['member'], storeId: null });
}, 60_000);

test('npm start seeds a demo member with a purchase and a complaint at the desk, once', async () => {
  const { seedDemoCoupons } = await import('../../infra/local/seed-coupons');
  const { seedDemoTags } = await import('../../infra/local/seed-tags');
  const { seedDemoMember } = await import('../../infra/local/seed-member');
  await seedDemoCoupons();
  await seedDemoTags();
  expect(await seedDemoMember(stack.urls.wechat)).toEqual({ written: true });
  expect(await seedDemoMember(stack.urls.wechat)).toEqual({ written: false });
  const member = await login('demo-member');
  const me = await api('/members/me', { token: member.token });
  expect(me.status).toBe(200);
  expect(me.body.points.balance).toBeGreaterThan(0);
  const mine = await api('/members/me/complaints', { token: member.token });
  expect(mine.body.complaints).toHaveLength(1);
  const admin = await login('demo-admin');
  const desk = await api('/admin/complaints?state=new', { token: admin.token });
  expect(desk.body.complaints.map((c: { id: string }) => c.id)).toContain(mine.body.complaints[0].id);
  const staff = await login('demo-staff');
  const store = await api('/staff/complaints', { token: staff.token });
  expect(store.body.complaints).toHaveLength(1);
  // The demo offers of issue 17: recharge packages and paid-membership plans on the member's pages, once.
  const { seedDemoPackages, seedDemoPlans } = await import('../../infra/local/seed-plans');
  expect(await seedDemoPackages()).toEqual({ written: 2 });
  expect(await seedDemoPackages()).toEqual({ written: 0 });
  await seedDemoPlans();
  const balance = await api('/members/me/balance', { token: member.token });
  expect(balance.status).toBe(200);
  expect(JSON.stringify(balance.body)).toContain('充 500 送 50');
  const plus = await api('/members/me/membership', { token: member.token });
  expect(JSON.stringify(plus.body)).toContain('尊享年卡');
  // Issue 19: 邀请有礼 on and a questionnaire open to the demo member, once.
  const { seedDemoGrowth } = await import('../../infra/local/seed-growth');
  expect(await seedDemoGrowth()).toEqual({ written: 2 });
  expect(await seedDemoGrowth()).toEqual({ written: 0 });
  const invite = await api('/members/me/referral', { token: member.token });
  expect(invite.status).toBe(200);
  const surveys = await api('/members/me/surveys', { token: member.token });
  expect(JSON.stringify(surveys.body)).toContain('护肤小调查');
}, 60_000);
