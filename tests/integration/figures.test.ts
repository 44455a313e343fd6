/**
 * Daily figures (issue 18): each figure moves as its event happens, once the stream is drained; replaying
 * the same stream records changes nothing; the dashboard and the store view answer who may see them.
 */
import { grantRole } from '../../functions/adapters/dynamo/identity-repo';
import { changeOf } from '../../functions/adapters/dynamo/stream';
import { handler as complaintsHandler } from '../../functions/complaints/http';
import { handler as couponsHandler } from '../../functions/coupons/http';
import { issueCoupon } from '../../functions/coupons/coupons';
import { countFigures } from '../../functions/insight/figures';
import { handler as insightHandler } from '../../functions/insight/http';
import { setClock } from '../../functions/lib/clock';
import { handler as productsHandler } from '../../functions/products/http';
import { makeProductCode } from '../../shared/domain/product-codes';
import { codeMac } from '../../functions/products/products';
import { localDate } from '../../shared/domain/time';
import { allStreamRecords, drainStream } from '../../infra/local/streams';
import { actors } from './actors';
import { call, setupWorld } from './support';

let world: Awaited<ReturnType<typeof setupWorld>>;
const a = actors(() => world.standIn);
let admin: string;
let clerk: string;
let managerS001: string;
let managerS002: string;
beforeAll(async () => {
  world = await setupWorld({ stream: true });
  admin = (await a.login('demo-admin')).token;
  clerk = (await a.login('demo-staff')).token;
  await grantRole('fig-mgr-1', { role: 'manager', storeId: 'S001' }, 'test');
  await grantRole('fig-mgr-2', { role: 'manager', storeId: 'S002' }, 'test');
  managerS001 = (await a.login('fig-mgr-1')).token;
  managerS002 = (await a.login('fig-mgr-2')).token;
  await drainStream();
});
afterAll(() => world.close());
afterEach(() => setClock(null));

const dash = (token: string | undefined, query: Record<string, string> = {}) =>
  call(insightHandler, { method: 'GET', path: '/admin/insight/dashboard', ...(token ? { token } : {}), query });
const storeDash = (token: string | undefined, storeId: string, query: Record<string, string> = {}) =>
  call(insightHandler, { method: 'GET', path: `/stores/${storeId}/insight/dashboard`, ...(token ? { token } : {}), query });
const exportReport = (token: string | undefined, body: unknown) => call(insightHandler, { method: 'POST', path: '/admin/insight/exports', ...(token ? { token } : {}), body });

async function today(): Promise<Record<string, any>> {
  await drainStream();
  const r = await dash(admin, { days: '7' });
  expect(r.status).toBe(200);
  return { ...r.body.days[r.body.days.length - 1], members: r.body.members, itemsRead: r.body.itemsRead };
}

/** Every record the stream holds, read again from TRIM_HORIZON (as Lambda would re-deliver them all). */
async function allStreamChanges() {
  return (await allStreamRecords()).flatMap((r) => {
    const ch = changeOf(r);
    return ch ? [ch] : [];
  });
}

describe('daily figures move as things happen', () => {
  test('registration, purchases, a repeat purchase, a return, points, coupons, a scan and a tier move', async () => {
    const before = await today();
    const day = localDate(new Date());

    // A member registers: new member (by source), members +1.
    const m = await a.newMember('fig-m1');
    let now = await today();
    expect(now.day).toBe(day);
    expect(now.newMembers - before.newMembers).toBe(1);
    expect((now.newMembersBySource.wechat ?? 0) - (before.newMembersBySource.wechat ?? 0)).toBe(1);
    expect(now.members - before.members).toBe(1);

    // She buys 600 yuan at S001: an order, spend, an active member, points earned and outstanding, a tier up (SILVER at 500 yuan).
    const first = await a.buy(clerk, m, 60_000);
    now = await today();
    expect(now.orders - before.orders).toBe(1);
    expect(now.spendFen - before.spendFen).toBe(60_000);
    expect(now.activeMembers - before.activeMembers).toBe(1);
    expect(now.repeatPurchasers - before.repeatPurchasers).toBe(0);
    expect(now.pointsEarned - before.pointsEarned).toBe(first.pointsEarned);
    expect(now.pointsOutstanding - before.pointsOutstanding).toBe(first.pointsEarned);
    expect(now.tierUps - before.tierUps).toBe(1);

    // Bought again the same day: not a repeat purchaser (her first purchase was today), still one active member.
    await a.buy(clerk, m, 1_000);
    now = await today();
    expect(now.orders - before.orders).toBe(2);
    expect(now.activeMembers - before.activeMembers).toBe(1);
    expect(now.repeatPurchasers - before.repeatPurchasers).toBe(0);

    // A return of 100 yuan of the first order.
    const ret = await a.returns(clerk, { storeId: 'S001', orderId: first.orderId, returnId: `R-fig-${Date.now()}`, amountFen: 10_000 });
    expect(ret.status).toBe(200);
    now = await today();
    expect(now.returns - before.returns).toBe(1);
    expect(now.refundFen - before.refundFen).toBe(10_000);
    expect(now.pointsOutstanding - before.pointsOutstanding).toBe(ret.body.balance);

    // A coupon claimed in the centre (issued, per template) and redeemed at the till.
    const tpl = await call(couponsHandler, {
      method: 'POST',
      path: '/admin/coupon-templates',
      token: admin,
      body: { name: '满100减10', description: '全场', kind: 'threshold', amountOffFen: 1_000, thresholdFen: 10_000, scope: { kind: 'all' }, stores: null, stackable: true, validity: { kind: 'afterIssue', days: 30 }, stock: 100, perMemberLimit: 5, claimable: true },
    });
    expect(tpl.status).toBe(201);
    const templateId = tpl.body.id as string;
    const issued = await issueCoupon(m.id, templateId, `fig-claim-${Date.now()}`, 'centre');
    now = await today();
    expect(now.couponsIssued - before.couponsIssued).toBe(1);
    expect(now.coupons.find((c: { templateId: string }) => c.templateId === templateId)).toMatchObject({ name: '满100减10', issued: 1, redeemed: 0 });
    await a.buy(clerk, m, 19_000, { coupons: [(issued as { coupon: { id: string } }).coupon.id], items: [{ sku: 'SKU-1', name: '真丝睡衣', quantity: 1, unitPriceFen: 20_000 }] });
    now = await today();
    expect(now.couponsRedeemed - before.couponsRedeemed).toBe(1);
    expect(now.coupons.find((c: { templateId: string }) => c.templateId === templateId)).toMatchObject({ issued: 1, redeemed: 1 });

    // A product scan by another member: active.
    const other = await a.newMember('fig-m2');
    const batch = await call(productsHandler, {
      method: 'POST',
      path: '/admin/product-batches',
      token: admin,
      body: { sku: 'SKU-FIG', name: '面霜', count: 10, points: null, validFrom: new Date(Date.now() - 86_400_000).toISOString(), validUntil: new Date(Date.now() + 86_400_000 * 30).toISOString() },
    });
    expect(batch.status).toBe(201);
    const code = makeProductCode(codeMac(), Number(batch.body.id), 1);
    const scanned = await call(productsHandler, { method: 'POST', path: '/members/me/scans', token: other.token, body: { code } });
    expect(scanned.status).toBe(200);
    now = await today();
    expect(now.activeMembers - before.activeMembers).toBe(2);
    expect(now.newMembers - before.newMembers).toBe(2);
    expect(now.pointsEarned - before.pointsEarned).toBeGreaterThan(first.pointsEarned);

    // The next day she buys again: a repeat purchaser of that day.
    setClock({ now: () => new Date(Date.now() + 86_400_000) });
    await a.buy(clerk, m, 3_000);
    await drainStream();
    const next = await dash(admin, { days: '7' });
    const last = next.body.days[next.body.days.length - 1];
    expect(last.day).not.toBe(day);
    expect(last).toMatchObject({ orders: 1, spendFen: 3_000, activeMembers: 1, repeatPurchasers: 1 });
    // Yesterday's figures are where they were, and the totals add both days.
    expect(next.body.days[next.body.days.length - 2]).toMatchObject({ day, orders: now.orders });
    expect(next.body.totals.orders).toBe(next.body.days.reduce((s: number, d: { orders: number }) => s + d.orders, 0));
    expect(next.body.totals.pointsOutstanding).toBe(last.pointsOutstanding);
  });

  test('complaints: opened, overdue when still unanswered past due (read from the desk), counted once when the late answer comes', async () => {
    const before = await today();
    const m = await a.newMember('fig-cmp');
    const filed = await call(complaintsHandler, {
      method: 'POST',
      path: '/members/me/complaints',
      token: m.token,
      body: { requestId: 'fig-cmp-1', category: 'store', text: '门店店员态度很差，结账等了半小时', storeId: 'S001', contact: { method: 'phone', phone: '13800001111' } },
    });
    expect(filed.status).toBe(201);
    let now = await today();
    expect(now.complaintsOpened - before.complaintsOpened).toBe(1);
    expect(now.complaintsOverdue - before.complaintsOverdue).toBe(0);

    // Past its due time with no answer: overdue on its due day, in the brand's and its store's figures.
    const due = new Date(filed.body.dueAt);
    setClock({ now: () => new Date(due.getTime() + 60_000) });
    const dueDay = localDate(due);
    const overdueOn = async (token: string, path: string) => {
      await drainStream();
      const r = await call(insightHandler, { method: 'GET', path, token, query: { days: '7' } });
      expect(r.status).toBe(200);
      return r.body.days.find((d: { day: string }) => d.day === dueDay).complaintsOverdue as number;
    };
    const beforeDue = before.day === dueDay ? before.complaintsOverdue : 0;
    expect(await overdueOn(admin, '/admin/insight/dashboard')).toBe(beforeDue + 1);
    const storeOverdue = await overdueOn(admin, '/stores/S001/insight/dashboard');
    expect(storeOverdue).toBeGreaterThanOrEqual(1);

    // The late answer: the stream counts it on its due day and the desk read no longer does: still one.
    const reply = await call(complaintsHandler, { method: 'POST', path: `/admin/complaints/${filed.body.id}/reply`, token: admin, body: { text: '客服已跟进，抱歉回复晚了' } });
    expect(reply.status).toBe(200);
    expect(await overdueOn(admin, '/admin/insight/dashboard')).toBe(beforeDue + 1);
    expect(await overdueOn(admin, '/stores/S001/insight/dashboard')).toBe(storeOverdue);
  });

  test('replaying every stream record changes nothing', async () => {
    await drainStream();
    const before = await dash(admin, { days: '30' });
    const changes = await allStreamChanges();
    expect(changes.length).toBeGreaterThan(20);
    for (let i = 0; i < changes.length; i += 100) await countFigures(changes.slice(i, i + 100));
    // And in other batch boundaries (Lambda bisects a failing batch).
    for (let i = 0; i < changes.length; i += 7) await countFigures(changes.slice(i, i + 7));
    const after = await dash(admin, { days: '30' });
    expect(after.body).toEqual(before.body);
  });
});

describe('who sees the figures', () => {
  test('no token 401; a member or a clerk 403 on the brand dashboard; itemsRead is reported', async () => {
    expect((await dash(undefined)).status).toBe(401);
    const m = await a.newMember('fig-m3');
    expect((await dash(m.token)).status).toBe(403);
    expect((await dash(clerk)).status).toBe(403);
    const r = await dash(admin, { days: '90' });
    expect(r.status).toBe(200);
    expect(r.body.days).toHaveLength(90);
    expect(r.body.itemsRead).toBeGreaterThan(0);
    expect(r.body.itemsRead).toBeLessThanOrEqual(2 * 90 + 1 + 5);
    expect((await dash(admin, { days: '14' })).status).toBe(400);
  });

  test("the store view: her store's manager and an admin; another store's manager 403; an unknown store 404", async () => {
    await drainStream();
    const mine = await storeDash(managerS001, 'S001', { days: '7' });
    expect(mine.status).toBe(200);
    expect(mine.body.scope).toEqual({ storeId: 'S001', storeName: '旗舰店' });
    expect(mine.body.totals.orders).toBeGreaterThanOrEqual(3);
    // Every order so far was at S001: the store's figures equal the brand's there.
    const brand = await dash(admin, { days: '7' });
    expect(mine.body.totals).toMatchObject({ orders: brand.body.totals.orders, spendFen: brand.body.totals.spendFen, returns: brand.body.totals.returns, couponsRedeemed: brand.body.totals.couponsRedeemed });
    expect((await storeDash(admin, 'S001')).status).toBe(200);
    expect((await storeDash(managerS002, 'S001')).status).toBe(403);
    expect((await storeDash(clerk, 'S001')).status).toBe(403);
    expect((await storeDash(undefined, 'S001')).status).toBe(401);
    const unknown = await storeDash(admin, 'S999');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('store_not_found');
  });
});

describe('report exports', () => {
  test('the daily and stores reports as CSV; a campaign report needs its campaign; an unknown store 404', async () => {
    const daily = await exportReport(admin, { report: 'daily', days: 7 });
    expect(daily.status).toBe(200);
    expect(daily.body).toMatchObject({ report: 'daily', rows: 7 });
    const csv = Buffer.from(await (await fetch(daily.body.downloadUrl)).arrayBuffer()).toString('utf8');
    expect(csv.startsWith('\ufeff日期,新会员')).toBe(true);
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(8);
    const stores = await exportReport(admin, { report: 'stores', days: 30 });
    expect(stores.status).toBe(200);
    expect(stores.body.rows).toBeGreaterThanOrEqual(1);
    const storeDaily = await exportReport(admin, { report: 'daily', days: 7, storeId: 'S001' });
    expect(storeDaily.status).toBe(200);
    const noCampaign = await exportReport(admin, { report: 'campaign' });
    expect(noCampaign.status).toBe(400);
    expect(JSON.stringify(noCampaign.body)).toContain('campaignId');
    const unknown = await exportReport(admin, { report: 'daily', storeId: 'S999' });
    expect(unknown.status).toBe(404);
    expect((await exportReport(clerk, { report: 'daily' })).status).toBe(403);
    expect((await exportReport(undefined, { report: 'daily' })).status).toBe(401);
  });
});
