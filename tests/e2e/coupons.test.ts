import type { Browser } from 'playwright-core';
import { startLocalStack, type Stack } from '../../infra/local/stack';
import { expectText, fill, launch, registerWithPhone, shot, signIn, tap } from './browser';

/**
 * The coupon journey: an admin creates a 满减 template; a member claims it in the coupon centre;
 * a clerk ticks it at the till, sees the discount and the points, confirms; the member finds it
 * used and the points for the amount actually paid.
 */
let stack: Stack;
let browser: Browser;
const errors: string[] = [];

beforeAll(async () => {
  stack = await startLocalStack({ apiPort: 0, h5Port: 0, standInPort: 0, dynamoPort: 0, dataDir: null, tableName: 'huiyuan-e2e-coupons' });
  browser = await launch();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

test('a member claims a coupon, a clerk applies it at checkout, the member sees it used and the points for the amount paid', async () => {
  const h5 = stack.urls.h5!;
  const admin = await signIn(browser, h5, 'demo-admin', errors);
  await tap(admin, 'home-admin');
  await tap(admin, 'admin-link-coupons');
  await admin.locator('#tpl-name').first().waitFor();
  await fill(admin, 'tpl-name', '满300减50');
  await tap(admin, 'tpl-kind-threshold');
  await fill(admin, 'tpl-amount', '50');
  await fill(admin, 'tpl-threshold', '300');
  await fill(admin, 'tpl-stock', '100');
  await tap(admin, 'tpl-submit');
  await admin.locator('#tpl-created').first().waitFor();
  const templateId = (await admin.locator('#tpl-created').first().getAttribute('data-template-id'))!;
  expect(templateId).toMatch(/^t_/);
  await expectText(admin, '.template-row', '满300减50');
  await shot(admin, 'coupons-01-admin-template');

  const member = await signIn(browser, h5, 'e2e-coco', errors);
  await registerWithPhone(member, '13712340009');
  await tap(member, 'home-coupons-link');
  await tap(member, 'coupons-tab-centre');
  await tap(member, `claim-${templateId}`);
  await expectText(member, '#claim-result', '领取成功');
  await shot(member, 'coupons-02-member-claimed');
  await tap(member, 'coupons-tab-wallet');
  const couponId = (await member.locator('.wallet-coupon').first().getAttribute('data-coupon-id'))!;
  expect(couponId).toMatch(/^c_/);
  await member.goto(`${h5}#/pages/index/index`);
  await member.reload();
  await tap(member, 'home-code');
  await member.waitForFunction(() => /^\d{18}$/.test(document.querySelector('#code-digits')?.getAttribute('data-code') ?? ''));
  const code = (await member.locator('#code-digits').first().getAttribute('data-code'))!;

  const clerk = await signIn(browser, h5, 'demo-staff', errors);
  await tap(clerk, 'home-staff');
  await fill(clerk, 'staff-member-code', code);
  await fill(clerk, 'staff-line-sku', 'SKU-3001');
  await fill(clerk, 'staff-line-name', '羊毛大衣');
  await fill(clerk, 'staff-line-qty', '1');
  await fill(clerk, 'staff-line-price', '400.00');
  await tap(clerk, 'staff-preview');
  await tap(clerk, `staff-coupon-${couponId}`);
  await expectText(clerk, '#staff-payable', '350.00');
  await expectText(clerk, '#staff-points-preview', '350');
  await shot(clerk, 'coupons-03-staff-preview');
  await tap(clerk, 'staff-submit');
  await expectText(clerk, '#staff-result-points', '350');
  await expectText(clerk, '.staff-result-coupon', '满300减50');
  await shot(clerk, 'coupons-04-staff-result');

  await member.goto(`${h5}#/pages/coupons/index`);
  await member.reload();
  await tap(member, 'coupons-tab-wallet');
  await tap(member, 'wallet-filter-used');
  await expectText(member, '.wallet-coupon', '已使用');
  await shot(member, 'coupons-05-member-used');
  await member.goto(`${h5}#/pages/index/index`);
  await member.reload();
  await expectText(member, '#home-points', '350');
  expect(errors).toEqual([]);
}, 180_000);

test('a member shows a gift coupon; a clerk scans (types) its code and hands over the gift without a purchase', async () => {
  const h5 = stack.urls.h5!;
  const admin = await signIn(browser, h5, 'demo-admin', errors);
  await tap(admin, 'home-admin');
  await tap(admin, 'admin-link-coupons');
  await admin.locator('#tpl-name').first().waitFor();
  await fill(admin, 'tpl-name', '赠送袜子');
  await tap(admin, 'tpl-kind-gift');
  await fill(admin, 'tpl-gift-sku', 'SOCKS');
  await fill(admin, 'tpl-limit', '');
  await tap(admin, 'tpl-submit');
  await admin.locator('#tpl-created').first().waitFor();
  const templateId = (await admin.locator('#tpl-created').first().getAttribute('data-template-id'))!;

  const member = await signIn(browser, h5, 'e2e-gigi', errors);
  await registerWithPhone(member, '13712340010');
  await tap(member, 'home-coupons-link');
  await tap(member, 'coupons-tab-centre');
  await tap(member, `claim-${templateId}`);
  await expectText(member, '#claim-result', '领取成功');
  await tap(member, 'coupons-tab-wallet');
  await member.locator('.wallet-coupon').first().click();
  await member.locator('#coupon-code').first().waitFor();
  const code = (await member.locator('#coupon-code').first().getAttribute('data-code'))!;
  expect(code).toMatch(/^\d{16}$/);
  await member.locator('#coupon-qr').first().waitFor();
  await shot(member, 'coupons-06-member-gift-qr');

  const clerk = await signIn(browser, h5, 'demo-staff', errors);
  await tap(clerk, 'home-staff');
  await tap(clerk, 'staff-redeem-link');
  await fill(clerk, 'redeem-code', code);
  await tap(clerk, 'redeem-submit');
  await expectText(clerk, '#redeem-result', '赠送袜子');
  await shot(clerk, 'coupons-07-staff-redeemed');
  await fill(clerk, 'redeem-code', code);
  await tap(clerk, 'redeem-submit');
  await expectText(clerk, '#redeem-error', '已被使用');

  // The admin sends her another one directly (定向发放).
  await admin.reload();
  await tap(admin, `issue-tpl-${templateId}`);
  await fill(admin, 'issue-phones', '13712340010');
  await tap(admin, 'issue-submit');
  await expectText(admin, '#issue-result', '已发放 1 张');
  await shot(admin, 'coupons-08-admin-issued');
  expect(errors).toEqual([]);
}, 180_000);

test('an admin makes and edits a stamp card; two purchases fill it; the member sees it full with her reward; the admin sees the figures', async () => {
  const h5 = stack.urls.h5!;
  const admin = await signIn(browser, h5, 'demo-admin', errors);
  await tap(admin, 'home-admin');
  await tap(admin, 'admin-link-coupons');
  await admin.locator('#tpl-name').first().waitFor();
  // The reward first: a ¥10 voucher that is not in the coupon centre.
  await fill(admin, 'tpl-name', '集满奖励10元');
  await tap(admin, 'tpl-kind-amountOff');
  await fill(admin, 'tpl-amount', '10');
  await fill(admin, 'tpl-limit', '');
  await tap(admin, 'tpl-claimable');
  await tap(admin, 'tpl-submit');
  await admin.locator('#tpl-created').first().waitFor();
  const rewardId = (await admin.locator('#tpl-created').first().getAttribute('data-template-id'))!;
  // The stamp card: 2 purchases of at least ¥50.
  await fill(admin, 'tpl-name', '集点卡');
  await tap(admin, 'tpl-kind-stampCard');
  await fill(admin, 'tpl-stamps', '2');
  await fill(admin, 'tpl-stamp-min', '50');
  await tap(admin, `tpl-reward-${rewardId}`);
  await tap(admin, 'tpl-submit');
  await expectText(admin, '#tpl-created', '集点卡');
  const cardTpl = (await admin.locator('#tpl-created').first().getAttribute('data-template-id'))!;
  // Edit it: a clearer name.
  await tap(admin, `template-edit-${cardTpl}`);
  await admin.locator('#tpl-editing').first().waitFor();
  await fill(admin, 'tpl-name', '买两次送10元');
  await tap(admin, 'tpl-submit');
  await expectText(admin, '#tpl-created', '买两次送10元');
  await expectText(admin, `#template-${cardTpl}`, '买两次送10元');
  await shot(admin, 'coupons-09-admin-stamp-card');

  const member = await signIn(browser, h5, 'e2e-stamp', errors);
  await registerWithPhone(member, '13712340011');
  await tap(member, 'home-coupons-link');
  await tap(member, 'coupons-tab-centre');
  await tap(member, `claim-${cardTpl}`);
  await expectText(member, '#claim-result', '领取成功');

  const clerk = await signIn(browser, h5, 'demo-staff', errors);
  for (let i = 1; i <= 2; i++) {
    await member.goto(`${h5}#/pages/index/index`);
    await member.reload();
    await tap(member, 'home-code');
    await member.waitForFunction(() => /^\d{18}$/.test(document.querySelector('#code-digits')?.getAttribute('data-code') ?? ''));
    const code = (await member.locator('#code-digits').first().getAttribute('data-code'))!;
    await clerk.goto(`${h5}#/staff/checkout/index`);
    await clerk.reload();
    await fill(clerk, 'staff-member-code', code);
    await fill(clerk, 'staff-line-sku', `SKU-S${i}`);
    await fill(clerk, 'staff-line-name', '咖啡豆');
    await fill(clerk, 'staff-line-qty', '1');
    await fill(clerk, 'staff-line-price', '60.00');
    await tap(clerk, 'staff-submit');
    await expectText(clerk, '.staff-result-stamp', `已集 ${i}/2`);
  }
  await expectText(clerk, '.staff-result-stamp', '已集满');
  await shot(clerk, 'coupons-10-staff-stamp-full');

  await member.goto(`${h5}#/pages/coupons/index`);
  await member.reload();
  await tap(member, 'coupons-tab-wallet');
  await expectText(member, '.wallet-coupon', '集满奖励10元');
  await tap(member, 'wallet-filter-used');
  await expectText(member, '.wallet-coupon', '已集满');
  await shot(member, 'coupons-11-member-stamps');

  await admin.reload();
  await expectText(admin, `#template-redeemed-${cardTpl}`, '已核销 0');
  await expectText(admin, `#template-${rewardId}`, '已发 1');
  expect(errors).toEqual([]);
}, 240_000);
