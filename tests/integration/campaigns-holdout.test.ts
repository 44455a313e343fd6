import { grantRole } from '../../functions/adapters/dynamo/identity-repo';
import { listRecipients } from '../../functions/adapters/dynamo/campaign-repo';
import { memberOrders } from '../../functions/adapters/dynamo/rights-repo';
import { campaignReport } from '../../functions/campaigns/collaboration';
import { runDueCampaigns } from '../../functions/campaigns/campaigns';
import { handler as campaignsHandler } from '../../functions/campaigns/http';
import { handler as careHandler } from '../../functions/care/http';
import { handler as couponsHandler } from '../../functions/coupons/http';
import { handler as segmentsHandler } from '../../functions/segments/http';
import { setClock } from '../../functions/lib/clock';
import { inHoldout } from '../../shared/domain/campaigns';
import { actors } from './actors';
import { call, devPost, setupWorld } from './support';

/**
 * Issue 18, must show: a campaign with a 10 % holdout over a segment. The control members get nothing
 * (no message in the WeChat stand-in's log, no coupon in their wallets), the treated do; members of
 * both groups buy within the window (real checkouts on a moved clock, one partly returned, coupons
 * redeemed), and the results' purchase rates, spend per member, uplift, coupon cost and ROI equal a
 * brute force over the orders read through the other index (each store's SORDERS partition).
 */
let world: Awaited<ReturnType<typeof setupWorld>>;
const a = actors(() => world.standIn);
let marketer: string;
let approver: string;
let clerk: string;

function nextNoon(): Date {
  const real = Date.now();
  const localDay = new Date(real + 8 * 3_600_000).toISOString().slice(0, 10);
  const noon = new Date(`${localDay}T04:00:00.000Z`).getTime();
  return new Date(noon >= real ? noon : noon + 86_400_000);
}
const DAY = 86_400_000;
const day0 = nextNoon();
let now = day0;
const TEMPLATE = 'tmpl-campaign';
const TAG = '对照实验';

beforeAll(async () => {
  world = await setupWorld();
  setClock({ now: () => now });
  await grantRole('o-hold-approver', { role: 'admin' }, 'test');
  marketer = (await a.login('demo-admin')).token;
  approver = (await a.login('o-hold-approver')).token;
  clerk = (await a.login('demo-staff')).token;
});
afterAll(async () => {
  setClock(null);
  await world.close();
});

const campaigns = (token: string, method: string, path: string, body?: unknown) => call(campaignsHandler, { method, path, token, body });

async function messagesTo(openid: string) {
  const r = await fetch(`${world.standIn.url}/__dev/messages?touser=${openid}`);
  return ((await r.json()) as { messages: { template_id: string }[] }).messages.filter((m) => m.template_id === TEMPLATE);
}

type Member = { token: string; id: string; openid: string };
/** The segment's members, made by the first test. */
const everyone: Member[] = [];

test('a 10 % holdout: the control group gets nothing, and the uplift and ROI are those of the orders', async () => {
  const seg = await call(segmentsHandler, { path: '/admin/segments', token: marketer, body: { name: '对照实验人群', filter: { tagsAny: [TAG] } } });
  expect(seg.status).toBeLessThan(300);
  const tpl = await call(couponsHandler, {
    path: '/admin/coupon-templates',
    token: marketer,
    body: { name: '对照实验满300减50', description: '', kind: 'threshold', amountOffFen: 5_000, thresholdFen: 30_000, scope: { kind: 'all' }, stores: null, stackable: true, validity: { kind: 'afterIssue', days: 30 }, stock: 500, perMemberLimit: null, claimable: false },
  });
  expect(tpl.status).toBe(201);
  const tplId = tpl.body.id as string;

  // The definition: a clear field error past 50 %, then 10 % over 14 days (audited with the rest).
  const base = {
    name: '对照实验活动',
    segmentId: seg.body.id,
    template: { templateId: TEMPLATE, fields: { thing1: '{name}，会员专享', thing2: '送您{coupon}' } },
    couponTemplateId: tplId,
    schedule: { once: { at: new Date(now.getTime() + 3_600_000).toISOString() } },
  };
  const tooMuch = await campaigns(marketer, 'POST', '/admin/campaigns', { ...base, holdoutPercent: 60 });
  expect([tooMuch.status, tooMuch.body.error.fields[0].path]).toEqual([400, 'holdoutPercent']);
  const made = await campaigns(marketer, 'POST', '/admin/campaigns', { ...base, holdoutPercent: 10, windowDays: 14 });
  expect(made.status).toBe(201);
  expect(made.body.definition).toMatchObject({ holdoutPercent: 10, windowDays: 14 });
  const id = made.body.id as string;
  const audit = await a.admin(marketer, 'GET', `/admin/audit`, undefined, { target: `campaign:${id}` });
  expect(audit.status).toBe(200);
  expect(JSON.stringify(audit.body)).toContain('"holdoutPercent":10');

  // Members of the segment, each accepting the campaign's template, until both groups have several
  // (who is in the control group is a pure function of the campaign and member ids).
  const treated: Member[] = [];
  const control: Member[] = [];
  for (let i = 0; control.length < 4 || treated.length < 12; i++) {
    const openid = `o-hold-${i}`;
    const m = await a.newMember(openid);
    const r = await call(segmentsHandler, { path: `/staff/members/${m.id}/tags`, token: marketer, body: { add: [TAG] } });
    expect(r.status).toBe(200);
    await devPost(world.standIn, '/__dev/subscribe', { openid, templateIds: [TEMPLATE] });
    const c = await call(careHandler, { path: '/members/me/subscriptions', token: m.token, body: { requestId: `hold-consent-${i}-abcdef`, accepted: [TEMPLATE], rejected: [], moment: 'coupon' } });
    expect(c.status).toBe(200);
    (inHoldout(id, m.id, 10) ? control : treated).push({ ...m, openid });
    everyone.push({ ...m, openid });
    expect(i).toBeLessThan(200);
  }

  // A control member bought an hour before the run: outside the window, it does not count.
  now = new Date(day0.getTime() - 3_600_000);
  await a.buy(clerk, control[0]!, 88_800);

  now = day0;
  await campaigns(marketer, 'POST', `/admin/campaigns/${id}/submit`);
  expect((await campaigns(approver, 'POST', `/admin/campaigns/${id}/approve`)).status).toBe(200);
  now = new Date(day0.getTime() + 2 * 3_600_000);
  const ran = await campaigns(approver, 'POST', `/admin/campaigns/${id}/run-now`);
  expect(ran.status).toBe(200);
  const all = treated.length + control.length;
  expect(ran.body.run).toMatchObject({ targeted: all, holdout: control.length, sent: treated.length, couponsIssued: treated.length });
  expect(ran.body.run.outcomes.holdout).toBe(control.length);

  // The control group got nothing: no message in the stand-in's log, no campaign coupon in the wallet.
  const wallet = async (m: Member) => (await call(couponsHandler, { method: 'GET', path: '/members/me/coupons', token: m.token })).body.coupons.filter((x: { templateId: string }) => x.templateId === tplId);
  for (const m of control) {
    expect(await messagesTo(m.openid)).toEqual([]);
    expect(await wallet(m)).toEqual([]);
  }
  for (const m of treated) {
    expect(await messagesTo(m.openid)).toHaveLength(1);
    expect(await wallet(m)).toHaveLength(1);
  }
  const receipts = await listRecipients(id, 'once');
  expect(receipts.filter((r) => r.outcome === 'holdout').map((r) => r.memberId).sort()).toEqual(control.map((m) => m.id).sort());

  // Purchases in the window: four treated members use the campaign coupon, two buy without it (one
  // returns part), two control members buy; one treated member buys after the window closed.
  now = new Date(day0.getTime() + 2 * DAY);
  const withCoupon = async (m: Member, paid: number) => {
    const coupon = (await wallet(m))[0];
    return a.buy(clerk, m, paid, { coupons: [coupon.id], items: [{ sku: 'SKU-1', name: '真丝睡衣', quantity: 1, unitPriceFen: paid + 5_000 }] });
  };
  for (const [i, paid] of [35_000, 45_000, 60_000, 30_000].entries()) await withCoupon(treated[i]!, paid);
  await a.buy(clerk, treated[4]!, 12_000);
  const returned = await a.buy(clerk, treated[5]!, 20_000);
  now = new Date(day0.getTime() + 3 * DAY);
  await a.buy(clerk, treated[4]!, 8_000);
  await a.buy(clerk, control[1]!, 25_000);
  await a.buy(clerk, control[2]!, 9_900);
  const ret = await a.returns(clerk, { storeId: 'S001', orderId: returned.orderId, returnId: `hold-ret-${Date.now()}`, amountFen: 5_000 });
  expect(ret.status).toBe(200);
  now = new Date(day0.getTime() + 16 * DAY + 3_600_000);
  await a.buy(clerk, treated[6]!, 70_000);

  const results = await campaigns(marketer, 'GET', `/admin/campaigns/${id}/results`);
  expect(results.status).toBe(200);
  const cmp = results.body.comparison;

  // Brute force from the orders, through each store's SORDERS partition (not the pointers the results read).
  const runStart = results.body.runs[0].startedAt as string;
  const windowEnd = new Date(new Date(runStart).getTime() + 14 * DAY).toISOString();
  const campaignCoupons = new Set(receipts.map((r) => r.couponId).filter(Boolean));
  let cost = 0;
  let redeemed = 0;
  const group = async (ms: Member[]) => {
    let purchasers = 0;
    let orders = 0;
    let spend = 0;
    for (const m of ms) {
      const all = (await memberOrders(m.id)).orders;
      for (const o of all) for (const c of o.coupons ?? []) if (campaignCoupons.has(c.couponId)) (cost += c.discountFen), redeemed++;
      const inWindow = all.filter((o) => o.createdAt >= runStart && o.createdAt < windowEnd);
      if (inWindow.length) purchasers++;
      orders += inWindow.length;
      spend += inWindow.reduce((n, o) => n + o.amountFen - o.returnedFen, 0);
    }
    return { members: ms.length, purchasers, orders, spend, rate: purchasers / ms.length, perMember: spend / ms.length };
  };
  const t = await group(treated);
  const c = await group(control);
  expect([t.purchasers, t.orders, c.purchasers, c.orders]).toEqual([6, 7, 2, 2]);
  expect(t.spend).toBe(35_000 + 45_000 + 60_000 + 30_000 + 12_000 + 8_000 + 20_000 - 5_000);
  expect(c.spend).toBe(25_000 + 9_900);
  expect([redeemed, cost]).toEqual([4, 20_000]);

  expect(cmp.treated).toEqual({ members: t.members, purchasers: t.purchasers, purchaseRate: Math.round(t.rate * 10_000) / 10_000, orders: t.orders, spendFen: t.spend, spendPerMemberFen: Math.round(t.perMember), couponsRedeemed: 4 });
  expect(cmp.control).toEqual({ members: c.members, purchasers: c.purchasers, purchaseRate: Math.round(c.rate * 10_000) / 10_000, orders: c.orders, spendFen: c.spend, spendPerMemberFen: Math.round(c.perMember) });
  // Rounded as the results round them: points to two decimals, ratios to four (toBeCloseTo fails on a half-way value).
  expect(cmp.uplift.ratePoints).toBe(Math.round((t.rate - c.rate) * 100 * 100) / 100);
  expect(cmp.uplift.rateRelative).toBe(Math.round(((t.rate - c.rate) / c.rate) * 10_000) / 10_000);
  expect(cmp.uplift.spendPerMemberFen).toBe(Math.round(t.perMember - c.perMember));
  const incremental = Math.round((t.perMember - c.perMember) * t.members);
  expect(cmp.incrementalSpendFen).toBe(incremental);
  expect(cmp.couponCostFen).toBe(cost);
  // The results round rates and ROI to four decimals.
  expect(cmp.roi).toBe(Math.round(((incremental - cost) / cost) * 10_000) / 10_000);
  expect(cmp).toMatchObject({ holdoutPercent: 10, windowDays: 14, windowEndsAt: windowEnd, complete: true });
  // Reads in proportion to the campaign: its members, their few orders and coupons.
  expect(cmp.itemsRead).toBeLessThan(4 * all + 40);

  // The same figures as a report table for the CSV export.
  const table = await campaignReport(id);
  expect(table.header[0]).toBe('指标');
  expect(table.rows.find((r) => r[0] === '人数')).toEqual(['人数', t.members, c.members, null]);
  expect(table.rows.find((r) => r[0] === '券成本（元）')![3]).toBe('200.00');
  // A recomputation draws the same groups.
  const again = await campaigns(marketer, 'GET', `/admin/campaigns/${id}/results`);
  expect(again.body.comparison).toEqual(cmp);
}, 240_000);

test('a recurring campaign holds out the same members on every run; each is measured once, to N days after her last run', async () => {
  expect(everyone.length).toBeGreaterThan(10);
  now = new Date(day0.getTime() + 20 * DAY);
  const today = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const tpl = await call(couponsHandler, {
    path: '/admin/coupon-templates',
    token: marketer,
    body: { name: '每日回访券', description: '', kind: 'amountOff', amountOffFen: 1_000, scope: { kind: 'all' }, stores: null, stackable: true, validity: { kind: 'afterIssue', days: 30 }, stock: 500, perMemberLimit: null, claimable: false },
  });
  expect(tpl.status).toBe(201);
  const seg = (await call(segmentsHandler, { method: 'GET', path: '/admin/segments', token: marketer })).body.segments.find((x: { name: string }) => x.name === '对照实验人群');
  const made = await campaigns(marketer, 'POST', '/admin/campaigns', {
    name: '每日回访',
    segmentId: seg.id,
    template: { templateId: TEMPLATE, fields: { thing1: '{name}，今日好礼' } },
    couponTemplateId: tpl.body.id,
    schedule: { recurring: { every: 'day', at: '12:30', from: today } },
    holdoutPercent: 30,
    windowDays: 7,
  });
  expect(made.status).toBe(201);
  const id = made.body.id as string;
  await campaigns(marketer, 'POST', `/admin/campaigns/${id}/submit`);
  expect((await campaigns(approver, 'POST', `/admin/campaigns/${id}/approve`)).status).toBe(200);
  const first = await campaigns(approver, 'POST', `/admin/campaigns/${id}/run-now`);
  expect(first.status).toBe(200);
  const tomorrow = first.body.campaign.nextRunId as string;
  now = new Date(`${tomorrow}T04:31:00.000Z`);
  expect((await runDueCampaigns()).ran.filter((r) => r.campaignId === id)).toHaveLength(1);

  const held = everyone.filter((m) => inHoldout(id, m.id, 30)).map((m) => m.id).sort();
  expect(held.length).toBeGreaterThan(0);
  for (const runId of [today, tomorrow]) {
    const r = await listRecipients(id, runId);
    expect(r).toHaveLength(everyone.length);
    expect(r.filter((x) => x.outcome === 'holdout').map((x) => x.memberId).sort()).toEqual(held);
    expect(r.filter((x) => x.outcome === 'holdout').every((x) => x.couponId === null)).toBe(true);
  }
  const wallet = async (m: Member) => (await call(couponsHandler, { method: 'GET', path: '/members/me/coupons', token: m.token })).body.coupons.filter((x: { templateId: string }) => x.templateId === tpl.body.id);
  for (const m of everyone) expect(await wallet(m)).toHaveLength(held.includes(m.id) ? 0 : 2);

  const results = await campaigns(marketer, 'GET', `/admin/campaigns/${id}/results`);
  const cmp = results.body.comparison;
  expect([cmp.treated.members, cmp.control.members]).toEqual([everyone.length - held.length, held.length]);
  const second = results.body.runs.find((r: { runId: string }) => r.runId === tomorrow);
  expect(cmp.windowEndsAt).toBe(new Date(new Date(second.startedAt).getTime() + 7 * DAY).toISOString());
  expect(cmp.complete).toBe(false);
  expect(second.holdout).toBe(held.length);
}, 240_000);

