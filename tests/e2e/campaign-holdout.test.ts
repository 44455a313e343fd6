import type { Browser } from 'playwright-core';
import { setClock } from '../../functions/lib/clock';
import { startLocalStack, type Stack } from '../../infra/local/stack';
import { inHoldout } from '../../shared/domain/campaigns';
import { SHOTS, expectText, fill, launch, shot, signIn, tap } from './browser';

/**
 * Issue 18: a campaign measured against a control group. The marketer sets 对照组比例 and 观察天数 in the
 * form (a share past 50 % is refused at its field); a second admin approves and runs it; members of both
 * groups buy in the window; the results show treated against control side by side, with the uplift and
 * the ROI, in Chinese.
 */
let stack: Stack;
let browser: Browser;
const errors: string[] = [];

function nextNoon(): Date {
  const real = Date.now();
  const day = new Date(real + 8 * 3_600_000).toISOString().slice(0, 10);
  const noon = new Date(`${day}T04:00:00.000Z`).getTime();
  return new Date(noon >= real ? noon : noon + 86_400_000);
}
const day0 = nextNoon();
let now = day0;
const DAY = 86_400_000;

beforeAll(async () => {
  setClock({ now: () => now });
  stack = await startLocalStack({ apiPort: 0, h5Port: 0, standInPort: 0, dynamoPort: 0, dataDir: null, tableName: 'huiyuan-e2e-campaign-holdout' });
  browser = await launch();
}, 240_000);

afterAll(async () => {
  setClock(null);
  await browser?.close();
  await stack?.stop();
});

const send = async <T>(method: string, url: string, body: unknown, token?: string): Promise<T> => {
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (res.status >= 300) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
};
const post = <T>(url: string, body: unknown, token?: string) => send<T>('POST', url, body, token);
const get = <T>(url: string, token: string) => send<T>('GET', url, undefined, token);

async function tokenFor(openid: string): Promise<string> {
  const { code } = await post<{ code: string }>(`${stack.urls.wechat}/__dev/login-code`, { openid });
  return (await post<{ token: string }>(`${stack.urls.api}/auth/login`, { code })).token;
}

const TAG = '对照实验';

test('a campaign with a control group: the form takes the share and the window, and the results show treated against control with uplift and ROI', async () => {
  const api = stack.urls.api;
  const h5 = stack.urls.h5!;
  const admin = await tokenFor('demo-admin');
  // The segment and the campaign's coupon (made through the API: the campaign form is what this shows).
  const segment = await post<{ id: string }>(`${api}/admin/segments`, { name: '对照实验人群', filter: { tagsAny: [TAG] } }, admin);
  const tpl = await post<{ id: string }>(
    `${api}/admin/coupon-templates`,
    { name: '回购满300减50', description: '', kind: 'threshold', amountOffFen: 5_000, thresholdFen: 30_000, scope: { kind: 'all' }, stores: null, stackable: true, validity: { kind: 'afterIssue', days: 30 }, stock: 500, perMemberLimit: null, claimable: false },
    admin,
  );

  const marketer = await signIn(browser, h5, 'demo-admin', errors);
  await marketer.goto(`${h5}#/admin/campaigns/index`);
  await marketer.reload();
  await fill(marketer, 'cmp-name', '回购提醒');
  await tap(marketer, `cmp-segment-${segment.id}`);
  await tap(marketer, 'cmp-template-tmpl-campaign');
  await tap(marketer, `cmp-coupon-${tpl.id}`);
  await tap(marketer, 'cmp-schedule-once');
  const at = new Date(now.getTime() + 8 * 3_600_000 + 3_600_000).toISOString();
  await fill(marketer, 'cmp-once-date', at.slice(0, 10));
  await fill(marketer, 'cmp-once-time', at.slice(11, 16));
  // A share past 50 % is refused at its field, in Chinese.
  await fill(marketer, 'cmp-holdout', '60');
  await tap(marketer, 'cmp-create-submit');
  await expectText(marketer, '#cmp-holdout-error', '对照组比例须为 0 到 50');
  await marketer.locator('#cmp-holdout-error').first().scrollIntoViewIfNeeded();
  await shot(marketer, 'campaign-holdout-00-form-share-refused');
  await fill(marketer, 'cmp-holdout', '20');
  await fill(marketer, 'cmp-window', '14');
  await tap(marketer, 'cmp-create-submit');
  await expectText(marketer, '#cmp-confirm', '对照组比例');
  await expectText(marketer, '#cmp-confirm', '20%');
  await expectText(marketer, '#cmp-confirm', '14 天');
  await marketer.locator('#cmp-confirm').first().scrollIntoViewIfNeeded();
  await shot(marketer, 'campaign-holdout-01-confirm');
  await tap(marketer, 'cmp-confirm-ok');
  await expectText(marketer, '#cmp-created', '待审批');
  const campaignId = (await marketer.locator('#cmp-created').first().getAttribute('data-campaign-id'))!;
  expect(campaignId).toMatch(/^cmp_/);

  // Members of the segment who accept offers, until both groups have several (the control group is a
  // pure function of the campaign and member ids).
  const treated: { token: string; id: string }[] = [];
  const control: { token: string; id: string }[] = [];
  for (let i = 0; control.length < 3 || treated.length < 8; i++) {
    const openid = `e2e-hold-${i}`;
    const token = await tokenFor(openid);
    const { code: phoneCode } = await post<{ code: string }>(`${stack.urls.wechat}/__dev/phone-code`, { phone: `1371234${String(2000 + i).padStart(4, '0')}` });
    const m = await post<{ id: string }>(`${api}/members`, { phoneCode, consent: true }, token);
    await post(`${api}/staff/members/${m.id}/tags`, { add: [TAG] }, admin);
    await post(`${stack.urls.wechat}/__dev/subscribe`, { openid, templateIds: ['tmpl-campaign'] });
    await post(`${api}/members/me/subscriptions`, { requestId: `e2e-hold-consent-${i}`, accepted: ['tmpl-campaign'], rejected: [], moment: 'coupon' }, token);
    (inHoldout(campaignId, m.id, 20) ? control : treated).push({ token, id: m.id });
    expect(i).toBeLessThan(100);
  }

  // A second admin approves and runs it.
  const approver = await signIn(browser, h5, 'demo-approver', errors);
  await tap(approver, 'home-admin');
  await tap(approver, 'admin-link-campaigns');
  await tap(approver, `cmp-approve-${campaignId}`);
  await expectText(approver, '#cmp-action-done', '已批准');
  await tap(approver, `cmp-run-${campaignId}`);
  await expectText(approver, '#cmp-action-done', '已执行');
  await expectText(approver, '#cmp-total-targeted', String(treated.length + control.length));
  await expectText(approver, '#cmp-total-sent', String(treated.length));

  // Purchases two days later: five treated members (three with the campaign coupon), one control member.
  now = new Date(day0.getTime() + 2 * DAY);
  const clerk = await tokenFor('demo-staff');
  let seq = 0;
  const buy = async (m: { token: string }, paid: number, withCoupon: boolean) => {
    const { code } = await post<{ code: string }>(`${api}/members/me/code`, {}, m.token);
    const coupons = withCoupon ? (await get<{ coupons: { id: string; templateId: string }[] }>(`${api}/members/me/coupons`, m.token)).coupons.filter((c) => c.templateId === tpl.id).map((c) => c.id) : [];
    const line = paid + (coupons.length ? 5_000 : 0);
    await post(`${api}/staff/checkouts`, { memberCode: code, orderId: `E2E-HOLD-${Date.now()}-${++seq}`, storeId: 'S001', amountFen: paid, items: [{ sku: 'SKU-1', name: '真丝睡衣', quantity: 1, unitPriceFen: line }], coupons }, clerk);
  };
  await buy(treated[0]!, 35_000, true);
  await buy(treated[1]!, 45_000, true);
  await buy(treated[2]!, 30_000, true);
  await buy(treated[3]!, 12_800, false);
  await buy(treated[4]!, 9_900, false);
  await buy(control[0]!, 16_800, false);

  // After the window: the results, treated against control.
  now = new Date(day0.getTime() + 15 * DAY);
  await approver.reload();
  await tap(approver, `cmp-results-${campaignId}`);
  await approver.locator('#cmp-compare').first().waitFor();
  await expectText(approver, '#cmp-vs-members-treated', String(treated.length));
  await expectText(approver, '#cmp-vs-members-control', String(control.length));
  await expectText(approver, '#cmp-vs-purchasers-treated', '5');
  await expectText(approver, '#cmp-vs-purchasers-control', '1');
  await expectText(approver, '#cmp-vs-redeemed-treated', '3');
  await expectText(approver, '#cmp-cost', '¥150.00');
  await expectText(approver, '#cmp-compare-window', '观察期已于');
  const rate = (n: number, of: number) => `${((n / of) * 100).toFixed(1)}%`;
  await expectText(approver, '#cmp-vs-rate-treated', rate(5, treated.length));
  await expectText(approver, '#cmp-vs-rate-control', rate(1, control.length));
  const spendT = 35_000 + 45_000 + 30_000 + 12_800 + 9_900;
  const incremental = Math.round((spendT / treated.length - 16_800 / control.length) * treated.length);
  const yuan = (fen: number) => `${fen < 0 ? '-' : '+'}¥${Math.floor(Math.abs(fen) / 100).toLocaleString('en-US')}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;
  await expectText(approver, '#cmp-incremental', yuan(incremental));
  await expectText(approver, '#cmp-roi', `${(((incremental - 15_000) / 15_000) * 100).toFixed(1)}%`);
  // Every word of the results is Chinese (ui-rules opens the page but not a campaign's results).
  expect(await approver.locator('#cmp-results').first().innerText()).not.toMatch(/[A-Za-z]/);
  // The page scrolls inside its own container: a tall window shows the whole comparison in one picture.
  await approver.setViewportSize({ width: 390, height: 1500 });
  await approver.locator('#cmp-results').first().scrollIntoViewIfNeeded();
  await approver.locator('#cmp-results').first().screenshot({ path: `${SHOTS}/campaign-holdout-02-results.png` });
  await shot(approver, 'campaign-holdout-03-results-page');
  // The comparison as a CSV file (the report export, written to S3 and downloaded from its link).
  await tap(approver, 'cmp-export');
  await expectText(approver, '#cmp-export-notice', '已导出「活动效果」');
  expect(await approver.locator('#cmp-export-notice').first().textContent()).toMatch(/共 [1-9]\d* 行/);
  expect(errors).toEqual([]);
}, 300_000);
