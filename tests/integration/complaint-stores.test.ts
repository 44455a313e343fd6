/** The complaint form's store list: every store by name (seeded and added), for members only. */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../../functions/adapters/dynamo/client';
import { indexKeys, keys } from '../../functions/adapters/dynamo/keys';
import { handler } from '../../functions/complaints/http';
import { actors } from './actors';
import { call, setupWorld } from './support';

let world: Awaited<ReturnType<typeof setupWorld>>;
const a = actors(() => world.standIn);

beforeAll(async () => {
  world = await setupWorld();
  const { client, table } = db();
  await client.send(new PutCommand({ TableName: table, Item: { ...keys.store('S077'), ...indexKeys.storeEntry('S077'), storeId: 'S077', name: '西湖店', city: '杭州' } }));
}, 60_000);
afterAll(() => world.close());

test('a member picks from the stores by name; the seeded flagship and a new store are both listed', async () => {
  const member = await a.newMember('o-stores-mei');
  const res = await call(handler, { method: 'GET', path: '/members/me/complaint-stores', token: member.token });
  expect(res.status).toBe(200);
  const stores = (res.body as { stores: { storeId: string; name: string; city: string | null }[] }).stores;
  expect(stores).toEqual(expect.arrayContaining([{ storeId: 'S001', name: '旗舰店', city: '上海' }, { storeId: 'S077', name: '西湖店', city: '杭州' }]));
});

test('without a session the list is refused with 401', async () => {
  const res = await call(handler, { method: 'GET', path: '/members/me/complaint-stores' });
  expect(res.status).toBe(401);
});

test('staff and admins read the same list at GET /stores (their store pickers), members too', async () => {
  for (const openid of ['demo-admin', 'demo-staff']) {
    const { token } = await a.login(openid);
    const res = await call(handler, { method: 'GET', path: '/stores', token });
    expect(res.status).toBe(200);
    expect((res.body as { stores: { name: string }[] }).stores.map((s) => s.name)).toEqual(expect.arrayContaining(['旗舰店', '西湖店']));
  }
  const member = await a.newMember('o-stores-lan');
  const res = await call(handler, { method: 'GET', path: '/stores', token: member.token });
  expect(res.status).toBe(200);
  const names = (res.body as { stores: { name: string }[] }).stores.map((s) => s.name);
  expect(names).toEqual(expect.arrayContaining(['旗舰店', '西湖店']));
  expect((await call(handler, { method: 'GET', path: '/stores' })).status).toBe(401);
});
