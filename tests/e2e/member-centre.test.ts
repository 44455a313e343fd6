import type { Browser, Page } from 'playwright-core';
import { startLocalStack, type Stack } from '../../infra/local/stack';
import { expectText, fill, launch, registerWithPhone, shot, signIn, tap } from './browser';

/**
 * The member centre as a member meets it: a product code scanned while signed out survives sign-in and
 * registration and is credited afterwards; the agreements open as pages from the registration; the
 * welcome shows the 新人礼; the member card looks like her tier (entry, then gold); the 我的 tab; and a
 * clerk who is not a member gets her work entries, not a member card.
 */
let stack: Stack;
let browser: Browser;
const errors: string[] = [];

beforeAll(async () => {
  stack = await startLocalStack({ apiPort: 0, h5Port: 0, standInPort: 0, dynamoPort: 0, dataDir: null, tableName: 'huiyuan-e2e-member-centre' });
  browser = await launch();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** An API token for an openid, the way the H5 dev login gets one. */
async function tokenFor(openid: string): Promise<string> {
  const { code } = (await (await fetch(`${stack.urls.wechat}/__dev/login-code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid }) })).json()) as { code: string };
  const res = (await (await fetch(`${stack.urls.api}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) })).json()) as { token: string };
  return res.token;
}

async function api<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${stack.urls.api}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The member id in the page's stored session (Taro H5 keeps storage as JSON {data}). */
async function memberIdOf(page: Page): Promise<string> {
  const raw = await page.evaluate(() => localStorage.getItem('huiyuan.session'));
  const parsed = JSON.parse(raw ?? '{}') as { data?: { memberId?: string } };
  return parsed.data!.memberId!;
}

/** Back to the top of the page (tab pages scroll inside Taro's panel on H5), for a screenshot. */
const toTop = (page: Page) => page.evaluate(() => document.querySelectorAll('.taro-tabbar__panel').forEach((p) => p.scrollTo(0, 0)));

const pointsOf = async (page: Page) => Number(await page.locator('#home-points').first().getAttribute('data-points'));

test('a product code opened while signed out is credited after sign-in and registration; welcome, terms, two tier cards, 我的', async () => {
  const h5 = stack.urls.h5!;
  const admin = await tokenFor('demo-admin');
  const now = Date.now();
  const batch = await api<{ id: string }>(admin, 'POST', '/admin/product-batches', {
    sku: 'SKU-CREAM-50',
    name: '修护面霜 50ml',
    count: 5,
    points: 30,
    warrantyMonths: null,
    validFrom: new Date(now - 86_400_000).toISOString(),
    validUntil: new Date(now + 30 * 86_400_000).toISOString(),
  });
  const sample = await api<{ codes: { code: string }[] }>(admin, 'GET', `/admin/product-batches/${batch.id}/sample?count=1`);
  const code = sample.codes[0]!.code;
  // The 新人礼: a ¥20 coupon every new member gets.
  await api(admin, 'POST', '/admin/coupon-templates', {
    name: '新人礼 20 元',
    description: '注册即送',
    kind: 'amountOff',
    amountOffFen: 2_000,
    scope: { kind: 'all' },
    stores: null,
    stackable: true,
    validity: { kind: 'afterIssue', days: 30 },
    stock: null,
    perMemberLimit: null,
    claimable: false,
    registrationGift: true,
  });

  // Signed out, she opens the code's link: the page keeps the code and says what happens next.
  const page = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' })).newPage();
  page.on('pageerror', (e) => errors.push(`visitor: ${e.message}`));
  await page.goto(`${h5}#/pages/scan/index?c=${code}`);
  await expectText(page, '#scan-signed-out', '登录并注册会员后将自动为你领取积分');
  await tap(page, 'scan-go-home');
  // The sign-in card says why it appeared.
  await expectText(page, '#login-return-note', '防伪码已记下');
  await shot(page, 'member-signin-return');
  await fill(page, 'login-openid', 'e2e-centre-yu');
  await tap(page, 'login-submit');

  // Registration: the agreements open as pages, and back.
  await page.locator('#consent-checkbox').first().waitFor();
  await tap(page, 'register-terms');
  await expectText(page, '#terms-text', '会员服务协议');
  await expectText(page, '#terms-text', '积分有有效期');
  // H5 shows a header with the page's title and a way back.
  await expectText(page, '.taro-navigation-bar-title', '会员服务协议');
  await shot(page, 'member-terms');
  await page.locator('.taro-navigation-bar-back').first().click();
  await tap(page, 'register-privacy');
  await expectText(page, '#privacy-text', '门店店员只能看到打码后的手机号');
  await page.locator('.taro-navigation-bar-back').first().click();
  await fill(page, 'phone-input', '13712340091');
  await tap(page, 'consent-checkbox');
  await tap(page, 'phone-submit');

  // Back on the scan page: the code is credited at once.
  await expectText(page, '#scan-result-points', '+30');
  await expectText(page, '#scan-result-product', '修护面霜 50ml');
  const balance = Number((await page.locator('#scan-result-balance').first().textContent())!.trim());
  expect(balance).toBeGreaterThanOrEqual(30);
  await shot(page, 'member-scan-after-register');

  // The home: the welcome with the 新人礼, the points credited, the entry card.
  await page.goto(`${h5}#/pages/index/index`);
  await page.reload();
  await page.locator('#home-tier').first().waitFor();
  expect(await pointsOf(page)).toBe(balance);
  await expectText(page, '#home-tier', '普通会员');
  await expectText(page, '#home-welcome', '欢迎加入会员');
  await expectText(page, '#home-welcome-gifts', '新人礼 20 元');
  expect(await page.locator('#home-card').first().getAttribute('data-look')).toBe('entry');
  // Entries a member cannot use are not there.
  expect(await page.locator('#home-staff').count()).toBe(0);
  expect(await page.locator('#home-admin').count()).toBe(0);
  await toTop(page);
  await shot(page, 'member-welcome');
  // One ask at a time: she declines, and no other moment asks again today.
  await page.locator('#consent-sheet').first().waitFor();
  await tap(page, 'consent-reject');
  await page.locator('#consent-sheet').first().waitFor({ state: 'detached' });
  await tap(page, 'home-welcome-close');
  await page.locator('#home-welcome').first().waitFor({ state: 'detached' });
  await toTop(page);
  await shot(page, 'member-home-entry');

  // Completing the profile: the +50 points are announced where they are earned.
  await tap(page, 'home-profile');
  await fill(page, 'profile-name', '余女士');
  await tap(page, 'profile-gender-female');
  await tap(page, 'profile-birthday');
  // The date picker opens at 1990-01-01: confirm it (the second action is 确定).
  await page.locator('.weui-picker__action').last().click();
  await expectText(page, '#profile-birthday', '1990-01-01');
  const before = balance;
  await tap(page, 'profile-save');
  await expectText(page, '#profile-reward', '+50 积分');
  await shot(page, 'member-profile-reward');
  await page.goto(`${h5}#/pages/index/index`);
  await page.reload();
  await page.locator('#home-points').first().waitFor();
  await page.waitForFunction((n) => Number(document.querySelector('#home-points')?.getAttribute('data-points')) === n, before + 50);

  // Lifted to gold by an admin: the card changes its look.
  const memberId = await memberIdOf(page);
  await api(admin, 'PUT', `/admin/members/${memberId}/tier`, { tierCode: 'GOLD', until: '2027-12-31', reason: '展示金卡会员' });
  await page.goto(`${h5}#/pages/index/index`);
  await page.reload();
  await expectText(page, '#home-tier', '金卡会员');
  expect(await page.locator('#home-card').first().getAttribute('data-look')).toBe('gold');
  await toTop(page);
  await shot(page, 'member-home-gold');

  // 我的: her less frequent entries and 退出登录.
  await page.locator('.weui-tabbar__item', { hasText: '我的' }).first().click();
  await page.locator('#mine-logout').first().waitFor();
  await expectText(page, '#mine-terms', '会员服务协议');
  await shot(page, 'member-mine');

  // A clerk who is not a member: her work entry, an invitation to join, no member card or admin entry.
  const clerk = await signIn(browser, h5, 'demo-staff', errors);
  await clerk.locator('#home-staff').first().waitFor();
  expect(await clerk.locator('#home-admin').count()).toBe(0);
  expect(await clerk.locator('#home-card').count()).toBe(0);
  await expectText(clerk, '#home-join', '注册会员');
  await shot(clerk, 'member-home-staff');

  expect(errors).toEqual([]);
}, 240_000);

test('a new member registering without a remembered link lands on the home with her welcome', async () => {
  const page = await signIn(browser, stack.urls.h5!, 'e2e-centre-an', errors);
  await registerWithPhone(page, '13712340092');
  await page.locator('#home-welcome').first().waitFor();
  expect(errors).toEqual([]);
}, 120_000);
