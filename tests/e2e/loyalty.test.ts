import type { Browser, Page } from 'playwright-core';
import { startLocalStack, type Stack } from '../../infra/local/stack';
import { expectText, fill, launch, shot, tap } from './browser';

/**
 * The points-and-tiers journey: an admin changes the earning rule and reads the live preview; a clerk
 * checks out; the member sees exactly the points the preview promised and her new tier; the admin
 * adjusts her points with a reason, which she sees in her history; a clerk handles a return.
 */
let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startLocalStack({ apiPort: 0, h5Port: 0, standInPort: 0, dynamoPort: 0, dataDir: null, tableName: 'huiyuan-e2e-loyalty' });
  browser = await launch();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function person(openid: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' })).newPage();
  page.on('pageerror', (e) => errors.push(`${openid}: ${e.message}`));
  await page.goto(stack.urls.h5!);
  await fill(page, 'login-openid', openid);
  await tap(page, 'login-submit');
  return page;
}
const errors: string[] = [];
const open = (page: Page, path: string) => page.goto(`${stack.urls.h5!}#${path}`);

test('an admin changes the earning rule; the member earns what the preview promised and sees her tier change', async () => {
  // The member registers.
  const member = await person('e2e-lily');
  await member.locator('#consent-checkbox').first().waitFor();
  await fill(member, 'phone-input', '13712340001');
  await tap(member, 'consent-checkbox');
  await tap(member, 'phone-submit');
  await expectText(member, '#home-tier', '普通会员');

  // The admin doubles the points per yuan and reads the preview for a ¥599.00 order by an entry-tier member.
  const admin = await person('demo-admin');
  await tap(admin, 'home-admin');
  await tap(admin, 'admin-link-rules');
  await admin.locator('#rules-ppy').first().waitFor();
  await fill(admin, 'rules-ppy', '2');
  await fill(admin, 'preview-amount', '599.00');
  await tap(admin, 'preview-tier-MEMBER');
  await expectText(admin, '#preview-result', '1198');
  await shot(admin, 'loyalty-01-admin-rules-preview');
  const promised = Number(/可得\s*(\d+)\s*积分/.exec((await admin.locator('#preview-result').first().textContent()) ?? '')?.[1]);
  expect(promised).toBe(1198);
  await tap(admin, 'rules-save');
  // Saving asks first, with the change before → after.
  await expectText(admin, '#rules-confirm', '每元积分');
  await tap(admin, 'rules-confirm-ok');
  await expectText(admin, '#rules-saved', '第 2 版');
  await shot(admin, 'loyalty-02-admin-rules-saved');

  // The member shows her code; the clerk records the ¥599.00 purchase.
  await tap(member, 'home-code');
  await member.waitForFunction(() => /^\d{18}$/.test(document.querySelector('#code-digits')?.getAttribute('data-code') ?? ''));
  const code = (await member.locator('#code-digits').first().getAttribute('data-code'))!;
  const clerk = await person('demo-staff');
  await tap(clerk, 'home-staff');
  await clerk.locator('#staff-member-code').first().waitFor();
  const orderId = (await clerk.locator('#staff-order-id input, input#staff-order-id').first().inputValue()) || `E2E-${Date.now()}`;
  await fill(clerk, 'staff-order-id', orderId);
  await fill(clerk, 'staff-member-code', code);
  await fill(clerk, 'staff-line-sku', 'SKU-2001');
  await fill(clerk, 'staff-line-name', '羊绒围巾');
  await fill(clerk, 'staff-line-qty', '1');
  await fill(clerk, 'staff-line-price', '599.00');
  await fill(clerk, 'staff-amount', '599.00');
  await tap(clerk, 'staff-submit');
  await expectText(clerk, '#staff-result-points', String(promised));
  await shot(clerk, 'loyalty-03-staff-checkout');

  // The member: the promised points, and her tier changed at once.
  await open(member, '/pages/index/index');
  await member.reload();
  // Shown as people read it: 1,198.
  await expectText(member, '#home-points', promised.toLocaleString('en-US'));
  await expectText(member, '#home-tier', '银卡会员');
  await shot(member, 'loyalty-04-member-home');
  await tap(member, 'home-tier-link');
  await expectText(member, '#tier-current', '银卡会员');
  await expectText(member, '.tier-history-row', '消费升级');
  await expectText(member, '#tier-retention', '保级');
  await shot(member, 'loyalty-05-member-tier');

  // The admin finds her and adds points with a reason.
  await open(admin, '/admin/members/index');
  await admin.reload();
  await fill(admin, 'member-search-phone', '13712340001');
  await tap(admin, 'member-search-submit');
  await expectText(admin, '#member-balance', String(promised));
  await fill(admin, 'adjust-points', '100');
  await fill(admin, 'adjust-reason', '会员日补发');
  await tap(admin, 'adjust-submit');
  await expectText(admin, '#adjust-result', String(promised + 100));
  await expectText(admin, '.member-ledger-entry', '会员日补发');
  await expectText(admin, '.member-audit-row', '积分调整');
  await shot(admin, 'loyalty-06-admin-member');

  // A clerk takes back half the order: half the points are reversed.
  await tap(clerk, 'staff-returns-link');
  await clerk.locator('#return-order-id').first().waitFor();
  await fill(clerk, 'return-order-id', orderId);
  await fill(clerk, 'return-amount', '299.50');
  await tap(clerk, 'return-submit');
  await expectText(clerk, '#return-result-points', String(promised / 2));
  await shot(clerk, 'loyalty-07-staff-return');

  // The member's history: the reason she was given points, the return, and the balance.
  await open(member, '/pages/points/index');
  await member.reload();
  await expectText(member, '#points-balance', String(promised + 100 - promised / 2));
  await expectText(member, '#points-list', '会员日补发');
  await expectText(member, '#points-list', '退货');
  await shot(member, 'loyalty-08-member-points');
  expect(errors).toEqual([]);
}, 180_000);

test('family card: a member invites, another joins with the code; both see the shared balance and the rules', async () => {
  const register = async (openid: string, phone: string) => {
    const page = await person(openid);
    await page.locator('#consent-checkbox').first().waitFor();
    await fill(page, 'phone-input', phone);
    await tap(page, 'consent-checkbox');
    await tap(page, 'phone-submit');
    await page.locator('#home-tier').first().waitFor();
    return page;
  };
  const mum = await register('e2e-mum', '13712340002');
  const kid = await register('e2e-kid', '13712340003');
  await tap(mum, 'home-family-link');
  await expectText(mum, '#family-rules', '计入主卡');
  await tap(mum, 'family-invite');
  await mum.waitForFunction(() => /\d{8}/.test(document.querySelector('#family-invite-code')?.textContent ?? ''));
  const invite = /\d{8}/.exec((await mum.locator('#family-invite-code').first().textContent()) ?? '')![0];
  await shot(mum, 'loyalty-09-family-invite');

  await tap(kid, 'home-family-link');
  await fill(kid, 'family-join-code', invite);
  await tap(kid, 'family-join-submit');
  await expectText(kid, '#family-primary', '****0002');
  await expectText(kid, '#family-balance', '0');
  await shot(kid, 'loyalty-10-family-joined');

  await mum.reload();
  await expectText(mum, '.family-member', '****0003');
  expect(errors).toEqual([]);
}, 120_000);
