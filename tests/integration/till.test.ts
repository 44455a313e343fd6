/**
 * Around the till against DynamoDB Local: the clerk's store by name, proposed order numbers, the
 * return desk finding a member's orders with what can still be refunded, the over-refund naming its
 * limit, the preview's coupon combinability, and the audited reveal of a complaint's phone.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../../functions/adapters/dynamo/client';
import { grantRole } from '../../functions/adapters/dynamo/identity-repo';
import { keys } from '../../functions/adapters/dynamo/keys';
import { preview as previewHandler, till } from '../../functions/checkout/http';
import { handler as complaints } from '../../functions/complaints/http';
import { orders } from '../../functions/returns/http';
import { handler as auditHandler } from '../../functions/audit/http';
import { handler as couponsHandler } from '../../functions/coupons/http';
import { actors } from './actors';
import { call, setupWorld } from './support';

let world: Awaited<ReturnType<typeof setupWorld>>;
const a = actors(() => world.standIn);
let clerk: string; // demo-staff at S001 (旗舰店)
let otherClerk: string; // a clerk of S002
let admin: string;

beforeAll(async () => {
  world = await setupWorld();
  const { client, table } = db();
  await client.send(new PutCommand({ TableName: table, Item: { ...keys.store('S002'), storeId: 'S002', name: '二号店', city: '杭州' } }));
  await grantRole('till-s002', { role: 'staff', storeId: 'S002' }, 'test');
  clerk = (await a.login('demo-staff')).token;
  otherClerk = (await a.login('till-s002')).token;
  admin = (await a.login('demo-admin')).token;
}, 60_000);
afterAll(() => world.close());

const tillCall = (token: string | undefined, method: string, path: string) => call(till, { method, path, ...(token ? { token } : {}) });
const findOrders = (token: string, query: Record<string, string>) => call(orders, { method: 'GET', path: '/staff/orders', token, query });

describe('the till header and order numbers', () => {
  it("shows the clerk's store by its name", async () => {
    const r = await tillCall(clerk, 'GET', '/staff/store');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ storeId: 'S001', name: '旗舰店' });
    expect((await tillCall(otherClerk, 'GET', '/staff/store')).body.name).toBe('二号店');
  });

  it('proposes store + Beijing date + a sequence that never repeats, per store', async () => {
    const first = (await tillCall(clerk, 'POST', '/staff/order-numbers')).body.orderId as string;
    const second = (await tillCall(clerk, 'POST', '/staff/order-numbers')).body.orderId as string;
    const elsewhere = (await tillCall(otherClerk, 'POST', '/staff/order-numbers')).body.orderId as string;
    expect(first).toMatch(/^S001-\d{8}-\d{4}$/);
    const n = (id: string) => Number(id.slice(-4));
    expect(n(second)).toBe(n(first) + 1);
    expect(second.slice(0, 13)).toBe(first.slice(0, 13));
    expect(elsewhere).toMatch(/^S002-\d{8}-0001$/);
  });

  it('is for staff only', async () => {
    const member = await a.newMember('o-till-nonstaff');
    expect((await tillCall(member.token, 'POST', '/staff/order-numbers')).status).toBe(403);
    expect((await tillCall(undefined, 'GET', '/staff/store')).status).toBe(401);
  });
});

describe('the return desk finds what can still be refunded', () => {
  it("lists the member's orders at this store, newest first, with what came back", async () => {
    const member = await a.newMember('o-till-returns');
    const older = await a.buy(clerk, member, 30000);
    const newer = await a.buy(clerk, member, 12000);
    expect((await a.returns(clerk, { storeId: 'S001', orderId: older.orderId, returnId: `r-${Date.now()}`, amountFen: 10000 })).status).toBe(200);

    const byPhone = await findOrders(clerk, { phone: member.phone });
    expect(byPhone.status).toBe(200);
    expect(byPhone.body.member.phoneMasked).toBe(`${member.phone.slice(0, 3)}****${member.phone.slice(7)}`);
    expect(byPhone.body.orders.map((o: { orderId: string }) => o.orderId)).toEqual([newer.orderId, older.orderId]);
    expect(byPhone.body.orders[1]).toMatchObject({ amountFen: 30000, returnedFen: 10000, refundableFen: 20000 });

    const byCode = await findOrders(clerk, { memberCode: await a.codeFor(member.token) });
    expect(byCode.body.orders).toHaveLength(2);

    const byNumber = await findOrders(clerk, { orderId: older.orderId });
    expect(byNumber.body.orders).toEqual([expect.objectContaining({ orderId: older.orderId, refundableFen: 20000 })]);

    // Another store sees none of them.
    expect((await findOrders(otherClerk, { phone: member.phone })).body.orders).toEqual([]);
    const elsewhere = await findOrders(otherClerk, { orderId: older.orderId });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.error.code).toBe('order_not_found');
  });

  it('counts the units already returned per line', async () => {
    const member = await a.newMember('o-till-lines');
    const o = await a.buy(clerk, member, 20000, { items: [{ sku: 'SKU-SOCK', name: '袜子', quantity: 4, unitPriceFen: 5000 }] });
    expect((await a.returns(clerk, { storeId: 'S001', orderId: o.orderId, returnId: `rl-${Date.now()}`, lines: [{ sku: 'SKU-SOCK', quantity: 1 }] })).status).toBe(200);
    const found = await findOrders(clerk, { orderId: o.orderId });
    expect(found.body.orders[0].lines[0]).toMatchObject({ sku: 'SKU-SOCK', quantity: 4, returnedQty: 1, paidFen: 20000 });
    expect(found.body.orders[0].refundableFen).toBe(15000);

    // Asking for more units than are left names the most that can still come back.
    const over = await a.returns(clerk, { storeId: 'S001', orderId: o.orderId, returnId: `rl2-${Date.now()}`, lines: [{ sku: 'SKU-SOCK', quantity: 5 }] });
    expect(over.status).toBe(422);
    expect(over.body.error.fields).toEqual([expect.objectContaining({ path: 'lines.0.quantity', limit: 3 })]);
  });

  it('the over-refund names the most that can still be refunded', async () => {
    const member = await a.newMember('o-till-over');
    const o = await a.buy(clerk, member, 15000);
    await a.returns(clerk, { storeId: 'S001', orderId: o.orderId, returnId: `ro-${Date.now()}`, amountFen: 3000 });
    const over = await a.returns(clerk, { storeId: 'S001', orderId: o.orderId, returnId: `ro2-${Date.now()}`, amountFen: 20000 });
    expect(over.status).toBe(422);
    expect(over.body.error.code).toBe('return_exceeds_order');
    expect(over.body.error.fields).toEqual([expect.objectContaining({ path: 'amountFen', limit: 12000 })]);
  });

  it('bad input is a 4xx naming the field', async () => {
    const none = await findOrders(clerk, {});
    expect(none.status).toBe(400);
    expect(none.body.error.fields[0].path).toBe('memberCode');
    const two = await findOrders(clerk, { phone: '13900000002', orderId: 'X1' });
    expect(two.status).toBe(400);
    const phone = await findOrders(clerk, { phone: '12345' });
    expect(phone.status).toBe(400);
    expect(phone.body.error.fields[0].path).toBe('phone');
    const unknownPhone = await findOrders(clerk, { phone: '13999999999' });
    expect(unknownPhone.status).toBe(404);
    expect(unknownPhone.body.error.fields[0].path).toBe('phone');
    const unknownCode = await findOrders(clerk, { memberCode: '000000000000000000' });
    expect(unknownCode.status).toBe(404);
    expect(unknownCode.body.error.code).toBe('member_code_not_found');
    const member = await a.newMember('o-till-member-asks');
    expect((await findOrders(member.token, { phone: member.phone })).status).toBe(403);
  });
});

describe('the preview says which coupons combine and what each takes off alone', () => {
  it('marks a non-stackable coupon and its solo discount for this basket', async () => {
    const member = await a.newMember('o-till-coupons');
    const coupons = (token: string, method: string, path: string, body?: unknown) => call(couponsHandler, { method, path, token, body });
    const issue = async (name: string, terms: Record<string, unknown>) => {
      const t = await coupons(admin, 'POST', '/admin/coupon-templates', {
        name,
        description: '全场通用',
        scope: { kind: 'all' },
        stores: null,
        stackable: false,
        validity: { kind: 'afterIssue', days: 30 },
        stock: 10,
        perMemberLimit: null,
        claimable: false,
        ...terms,
      });
      expect(t.status).toBe(201);
      const r = await coupons(admin, 'POST', `/admin/coupon-templates/${t.body.id}/issue`, { batchId: `B-${t.body.id}`, phones: [member.phone] });
      expect(r.body.issued).toBe(1);
    };
    await issue('满300减50', { kind: 'threshold', thresholdFen: 30000, amountOffFen: 5000 });
    await issue('立减20', { kind: 'amountOff', amountOffFen: 2000 });
    const wallet = (await coupons(member.token, 'GET', '/members/me/coupons')).body.coupons as { id: string; name: string }[];
    const idOf = (name: string) => wallet.find((c) => c.name === name)!.id;
    const body = { memberCode: await a.codeFor(member.token), storeId: 'S001', items: [{ sku: 'SKU-1', name: '大衣', quantity: 1, unitPriceFen: 40000 }] };
    const r = await call(previewHandler, { path: '/staff/checkouts/preview', token: clerk, body });
    expect(r.status).toBe(200);
    const byId = Object.fromEntries(r.body.memberCoupons.map((c: { id: string }) => [c.id, c]));
    expect(byId[idOf('满300减50')]).toMatchObject({ stackable: false, aloneFen: 5000 });
    expect(byId[idOf('立减20')]).toMatchObject({ stackable: false, aloneFen: 2000 });
    expect(r.body.standing).toEqual({ tierName: '普通会员', balance: expect.any(Number) });
  });
});

describe('the store calls back a member who asked to be phoned', () => {
  const api = (token: string | undefined, method: string, path: string, body?: unknown) =>
    call(complaints, { method, path, ...(token ? { token } : {}), ...(body !== undefined ? { body } : {}) });
  let seq = 0;
  async function file(member: { token: string }, contact: Record<string, unknown>) {
    const r = await api(member.token, 'POST', '/members/me/complaints', {
      requestId: `till-${Date.now().toString(36)}-${++seq}`,
      category: 'store',
      text: '希望店长给我回个电话',
      storeId: 'S001',
      contact,
    });
    expect(r.status).toBe(201);
    return r.body.id as string;
  }

  it("reveals the full number to her store's clerk and audits each reveal", async () => {
    const member = await a.newMember('o-till-callback');
    const id = await file(member, { method: 'phone', phone: '13800005678' });
    const seen = await api(clerk, 'GET', `/staff/complaints/${id}`);
    expect(seen.body.contact.phone).toBe('138****5678');

    const r = await api(clerk, 'POST', `/staff/complaints/${id}/phone`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ complaintId: id, phone: '13800005678' });
    await api(clerk, 'POST', `/staff/complaints/${id}/phone`);

    const audit = await call(auditHandler, { method: 'GET', path: '/admin/audit', token: admin, query: { target: `complaint:${id}` } });
    expect(audit.status).toBe(200);
    const reveals = audit.body.entries.filter((e: { action: string }) => e.action === 'complaint.phone_revealed');
    expect(reveals).toHaveLength(2);
    expect(reveals[0]).toMatchObject({ actor: 'demo-staff', target: `complaint:${id}`, after: { storeId: 'S001' } });
    expect(Date.parse(reveals[0].at)).not.toBeNaN();
  });

  it("is refused to another store's clerk and to non-staff, without an audit entry", async () => {
    const member = await a.newMember('o-till-callback-2');
    const id = await file(member, { method: 'phone', phone: '13800001234' });
    const other = await api(otherClerk, 'POST', `/staff/complaints/${id}/phone`);
    expect(other.status).toBe(403);
    expect(JSON.stringify(other.body)).not.toContain('13800001234');
    expect((await api(member.token, 'POST', `/staff/complaints/${id}/phone`)).status).toBe(403);
    expect((await api(admin, 'POST', `/staff/complaints/${id}/phone`)).status).toBe(403);
    expect((await api(undefined, 'POST', `/staff/complaints/${id}/phone`)).status).toBe(401);
    const audit = await call(auditHandler, { method: 'GET', path: '/admin/audit', token: admin, query: { target: `complaint:${id}` } });
    expect(audit.body.entries).toEqual([]);
  });

  it('has no number to reveal when she chose WeChat messages, and an unknown complaint is 404', async () => {
    const member = await a.newMember('o-till-callback-3');
    const id = await file(member, { method: 'wechat' });
    const r = await api(clerk, 'POST', `/staff/complaints/${id}/phone`);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('no_contact_phone');
    expect(r.body.error.fields[0].path).toBe('complaintId');
    expect((await api(clerk, 'POST', '/staff/complaints/C20260101ZZZZZZ/phone')).status).toBe(404);
  });
});
