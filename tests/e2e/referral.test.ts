import type { Browser, Page } from 'playwright-core';
import { getReferral } from '../../functions/adapters/dynamo/referral-repo';
import { findMemberIdByPhone } from '../../functions/adapters/dynamo/member-repo';
import { setClock } from '../../functions/lib/clock';
import { runReferralMaturing } from '../../functions/referrals/maturing';
import { startLocalStack, type Stack } from '../../infra/local/stack';
import { expectText, fill, launch, registerWithPhone, shot, signIn, tap } from './browser';

/**
 * Issue 19 (邀请有礼): the admin switches the programme on; A opens her invitation (poster QR and link carrying
 * her code); B opens the link, signs in and registers (bound to A); B buys at the till; before the return window
 * ends A sees B's purchase pending and nothing is given; after it (the daily job on a moved clock) both see their
 * reward: A's points and coupon, B's points, each once. Screenshots referral-01…
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
const DAY = 86_400_000;
const day0 = nextNoon();
let now = day0;

beforeAll(async () => {
  setClock({ now: () => now });
  stack = await startLocalStack({ apiPort: 0, h5Port: 0, standInPort: 0, dynamoPort: 0, dataDir: null, tableName: 'huiyuan-e2e-referral' });
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
async function tokenFor(openid: string): Promise<string> {
  const { code } = await post<{ code: string }>(`${stack.urls.wechat}/__dev/login-code`, { openid });
  return (await post<{ token: string }>(`${stack.urls.api}/auth/login`, { code })).token;
}
async function until(what: string, check: () => Promise<boolean>) {
  for (let i = 0; i < 60; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}
const openInvite = async (page: Page) => {
  await page.goto(`${stack.urls.h5!}#/member/invite/index`);
  await page.reload();
  await page.locator('#invite-progress').first().waitFor();
};

test('A invites B, B registers through the link and buys, after the window both see their reward', async () => {
  const api = stack.urls.api;
  const h5 = stack.urls.h5!;
  const admin = await tokenFor('demo-admin');
  const tpl = await post<{ id: string }>(
    `${api}/admin/coupon-templates`,
    { name: '邀请好友满200减20', description: '', kind: 'threshold', amountOffFen: 2_000, thresholdFen: 20_000, scope: { kind: 'all' }, stores: null, stackable: true, validity: { kind: 'afterIssue', days: 30 }, stock: 100, perMemberLimit: null, claimable: false },
    admin,
  );

  // The admin switches the programme on: A's reward 200 points (the default) and the coupon, B's 100 points.
  const marketer = await signIn(browser, h5, 'demo-admin', errors);
  await tap(marketer, 'home-admin');
  await tap(marketer, 'admin-link-referrals');
  await marketer.locator('#ref-settings').first().waitFor();
  await tap(marketer, 'ref-enabled-on');
  await tap(marketer, `ref-referrer-coupon-${tpl.id}`);
  // A daily cap above the monthly one is refused at its field, in Chinese.
  await fill(marketer, 'ref-cap-day', '50');
  await tap(marketer, 'ref-save');
  await expectText(marketer, '#ref-cap-day-error', '每日上限不能大于每月上限');
  await fill(marketer, 'ref-cap-day', '5');
  await tap(marketer, 'ref-save');
  await expectText(marketer, '#ref-saved', '已保存');
  await marketer.setViewportSize({ width: 390, height: 1900 });
  await shot(marketer, 'referral-01-admin-settings');

  // A, a member, opens 我的 › 邀请有礼: her poster QR and link carry her code; the rules in full.
  const a = await signIn(browser, h5, 'e2e-ref-a', errors);
  await registerWithPhone(a, '13755550001');
  await a.goto(`${h5}#/pages/mine/index`);
  await a.locator('.mine-row:has(#mine-invite)').first().click();
  await a.locator('#invite-poster').first().waitFor();
  // A tall window: the page scrolls inside its own container, so the whole invitation fits one picture.
  await a.setViewportSize({ width: 390, height: 1600 });
  const path = (await a.locator('#invite-poster').first().getAttribute('data-path'))!;
  const code = (await a.locator('#invite-poster').first().getAttribute('data-code'))!;
  expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
  expect(path).toBe(`/pages/index/index?ref=${code}`);
  await expectText(a, '#invite-reward-referrer', '200 积分');
  await expectText(a, '#invite-reward-referrer', '邀请好友满200减20');
  await expectText(a, '#invite-reward-referee', '100 积分');
  await expectText(a, '#invite-rules', '仅分享不会获得奖励');
  await a.locator('#invite-poster-qr').first().waitFor();
  await shot(a, 'referral-02-a-invitation');
  // Her printed invitation (小程序码), made on a tap: it carries her code.
  await tap(a, 'invite-poster-code-make');
  await a.waitForFunction(() => {
    const img = document.querySelector('#invite-poster-code-image img') as HTMLImageElement | null;
    return !!img && img.complete && img.naturalWidth > 0;
  });
  expect(await a.locator('#invite-poster-code').first().getAttribute('data-scene')).toBe(`ref=${code}`);
  await shot(a, 'referral-02b-a-poster-code');

  // B opens A's link (as the share card or the poster opens it), signs in and registers: bound to A.
  const b = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' })).newPage();
  b.on('pageerror', (e) => errors.push(`b: ${e.message}`));
  await b.goto(`${h5}#${path}`);
  await fill(b, 'login-openid', 'e2e-ref-b');
  await tap(b, 'login-submit');
  await registerWithPhone(b, '13755550002');
  await shot(b, 'referral-03-b-registered');
  const aId = (await findMemberIdByPhone('13755550001'))!;
  const bId = (await findMemberIdByPhone('13755550002'))!;
  expect(await getReferral(bId)).toMatchObject({ referrerId: aId, state: 'waiting' });

  // B buys ¥250 at the till (the clerk scans her code).
  const clerk = await tokenFor('demo-staff');
  const bToken = await tokenFor('e2e-ref-b');
  const { code: memberCode } = await post<{ code: string }>(`${api}/members/me/code`, {}, bToken);
  await post(`${api}/staff/checkouts`, { memberCode, orderId: `E2E-REF-${Date.now()}`, storeId: 'S001', amountFen: 25_000, items: [{ sku: 'SKU-1', name: '真丝睡衣', quantity: 1, unitPriceFen: 25_000 }] }, clerk);
  // The stack's stream poller notes the purchase.
  await until('the purchase to be noted', async () => (await getReferral(bId))?.state === 'pending');
  const maturesOn = (await getReferral(bId))!.maturesOn!;

  // Six days on: the job gives nothing yet; A sees B (masked) waiting for the window to end.
  now = new Date(day0.getTime() + 6 * DAY);
  expect((await runReferralMaturing()).rewarded).toBe(0);
  await openInvite(a);
  await expectText(a, '#invite-friend-0', '137****0002');
  await expectText(a, '#invite-friend-0', '退货期后发放奖励');
  await expectText(a, '#invite-friend-0', `${Number(maturesOn.slice(5, 7))}月${Number(maturesOn.slice(8, 10))}日`);
  await expectText(a, '#invite-count-bought', '1');
  await expectText(a, '#invite-points', '0');
  await shot(a, 'referral-04-a-pending');

  // After the window: the daily job rewards both, once.
  now = new Date(day0.getTime() + 7 * DAY);
  expect((await runReferralMaturing()).rewarded).toBe(1);
  expect((await runReferralMaturing()).rewarded).toBe(0);
  await openInvite(a);
  await expectText(a, '#invite-friend-0', '奖励已发放');
  await expectText(a, '#invite-count-rewarded', '1');
  await expectText(a, '#invite-points', '200');
  await shot(a, 'referral-05-a-rewarded');
  await a.goto(`${h5}#/pages/points/index`);
  await a.reload();
  await expectText(a, '#points-list', '邀请好友奖励');
  await expectText(a, '#points-balance', '200');
  await shot(a, 'referral-06-a-points');
  await a.goto(`${h5}#/pages/coupons/index`);
  await a.reload();
  await tap(a, 'coupons-tab-wallet');
  await expectText(a, 'body', '邀请好友满200减20');
  await shot(a, 'referral-07-a-coupon');

  await b.goto(`${h5}#/pages/points/index`);
  await b.reload();
  await expectText(b, '#points-list', '受邀注册奖励');
  await expectText(b, '#points-list', '100');
  await shot(b, 'referral-08-b-points');

  // The admin's leaderboard: A first, masked.
  await marketer.goto(`${h5}#/admin/referrals/index`);
  await marketer.reload();
  await expectText(marketer, '#ref-leader-0', '137****0001');
  await expectText(marketer, '#ref-leader-0', '已奖励 1 人');
  expect(await marketer.locator('#ref-leaderboard').first().innerText()).not.toContain('13755550001');
  await marketer.locator('#ref-signals').first().scrollIntoViewIfNeeded();
  await shot(marketer, 'referral-09-admin-leaderboard');
  expect(errors).toEqual([]);
}, 300_000);
