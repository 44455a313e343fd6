import type { Browser, Page } from 'playwright-core';
import { grantRole } from '../../functions/adapters/dynamo/identity-repo';
import { checkout } from '../../functions/checkout/checkout';
import { issueMemberCode } from '../../functions/members/members';
import type { Session } from '../../functions/lib/session';
import { startLocalStack, type Stack } from '../../infra/local/stack';
import { expectText, fill, launch, registerWithPhone, shot, signIn, tap } from './browser';

/**
 * Clerk attribution in Chromium at 390 × 844 (issue 19, part C): the clerk opens 我的拉新码 from the
 * 工作台 and shows her QR; a new person opens its link, signs in and registers; the store's manager sees
 * the registration on 拉新排行 (the stack's stream poller counts it within seconds) and the clerk on her
 * own page; after a purchase the member rates the service from the card on her home, and the rating
 * reaches the leaderboard; the admin opens the brand's leaderboard from 管理后台.
 */
let stack: Stack;
let browser: Browser;
const errors: string[] = [];
const PHONE = '13712340191';
const NEWCOMER = 'e2e-clerk-qr-newcomer';

beforeAll(async () => {
  stack = await startLocalStack({ apiPort: 0, h5Port: 0, standInPort: 0, dynamoPort: 0, dataDir: null, tableName: 'huiyuan-e2e-clerk-qr' });
  browser = await launch();
  await grantRole('e2e-clerk-manager', { role: 'manager', storeId: 'S001' }, 'e2e');
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function openAt(page: Page, path: string) {
  await page.goto(`${stack.urls.h5!}#/${path}`);
  await page.reload();
}

/** Reloads the page until `selector` shows (the stream is counted by the stack's poller, every second). */
async function reloadUntil(page: Page, selector: string, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      await page.locator(selector).first().waitFor({ timeout: 3_000 });
      return;
    } catch (e) {
      if (Date.now() > until) throw e;
      await page.reload();
    }
  }
}

test("a clerk's QR registration appears on the store leaderboard", async () => {
  const h5 = stack.urls.h5!;

  // The clerk opens 我的拉新码 from the 工作台 on her home.
  const clerk = await signIn(browser, h5, 'demo-staff', errors);
  await tap(clerk, 'home-growth');
  await expectText(clerk, '#growth-store', '旗舰店');
  await clerk.locator('#growth-qr').first().waitFor();
  const card = clerk.locator('#growth-card').first();
  const code = (await card.getAttribute('data-code'))!;
  const path = (await card.getAttribute('data-path'))!;
  expect(path).toBe(`/pages/index/index?store=S001&clerk=${code}`);
  expect(await card.getAttribute('data-scene')).toBe(`store=S001&clerk=${code}`);
  await expectText(clerk, '#growth-figures-registrations', '0 人');
  await shot(clerk, 'clerk-01-qr');
  // Her printed poster code (小程序码), made on a tap: WeChat's image, kept in S3, shown on the page.
  await tap(clerk, 'growth-poster-make');
  const poster = clerk.locator('#growth-poster-image img').first();
  await poster.waitFor();
  await clerk.waitForFunction(() => {
    const img = document.querySelector('#growth-poster-image img') as HTMLImageElement | null;
    return !!img && img.complete && img.naturalWidth > 0;
  });
  expect(await clerk.locator('#growth-poster').first().getAttribute('data-scene')).toBe(`store=S001&clerk=${code}`);
  await shot(clerk, 'clerk-01b-poster-code');

  // A new person scans it: the home opens with the clerk's store and code, she signs in and registers.
  const newcomer = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' })).newPage();
  newcomer.on('pageerror', (e) => errors.push(`newcomer: ${e.message}`));
  await newcomer.goto(`${h5}#${path}`);
  await fill(newcomer, 'login-openid', NEWCOMER);
  await tap(newcomer, 'login-submit');
  await registerWithPhone(newcomer, PHONE);
  await shot(newcomer, 'clerk-02-registered');

  // The store's manager sees her clerk's registration on 拉新排行.
  const manager = await signIn(browser, h5, 'e2e-clerk-manager', errors);
  await tap(manager, 'home-leaderboard');
  await reloadUntil(manager, '.board-row[data-openid="demo-staff"][data-registrations="1"]');
  await expectText(manager, '#board-title', '旗舰店');
  await expectText(manager, '#board-store-figures-registrations', '1 人');
  await shot(manager, 'clerk-03-leaderboard');

  // The clerk sees it on her page.
  await clerk.reload();
  await expectText(clerk, '#growth-figures-registrations', '1 人');
  await shot(clerk, 'clerk-04-my-figures');

  // She buys at the till; her home asks her to rate the service; she gives 5 stars.
  const me: Session = { openid: NEWCOMER, memberId: null, roles: ['member'], storeId: null };
  const till: Session = { openid: 'demo-staff', memberId: null, roles: ['member', 'staff'], storeId: 'S001' };
  await checkout(till, {
    memberCode: (await issueMemberCode(me)).code,
    orderId: 'E2E-19001',
    storeId: 'S001',
    amountFen: 26_800,
    items: [{ sku: 'SKU-SILK-1', name: '真丝衬衫', quantity: 1, unitPriceFen: 26_800 }],
  });
  await openAt(newcomer, 'pages/index/index');
  await expectText(newcomer, '#home-rate-card', '为这次服务打个分吧');
  await shot(newcomer, 'clerk-05-rate-card');
  await tap(newcomer, 'home-rate-go');
  await expectText(newcomer, '#rate-order', '旗舰店');
  await tap(newcomer, 'rate-star-5');
  await fill(newcomer, 'rate-comment', '店员很耐心');
  await tap(newcomer, 'rate-submit');
  await expectText(newcomer, '#rate-done', '感谢您的评价');
  await shot(newcomer, 'clerk-06-rated');

  // The leaderboard shows her sale and the rating.
  await reloadUntil(manager, '.board-row[data-openid="demo-staff"][data-net-sales="26800"]');
  await expectText(manager, '#board-clerks-row-0', '5.0 分');
  await expectText(manager, '#board-clerks-row-0', '¥268.00');
  await expectText(manager, '#board-ratings-row-0', '店员很耐心');
  await shot(manager, 'clerk-07-leaderboard-sales');

  // The admin opens the brand's leaderboard from 管理后台: 旗舰店 first by registrations.
  const admin = await signIn(browser, h5, 'demo-admin', errors);
  await openAt(admin, 'admin/index/index');
  await tap(admin, 'admin-link-leaderboard');
  await expectText(admin, '#board-stores-row-0', '旗舰店');
  await expectText(admin, '#board-clerks-row-0', '旗舰店');
  await shot(admin, 'clerk-08-admin-leaderboard');

  expect(errors).toEqual([]);
}, 240_000);
