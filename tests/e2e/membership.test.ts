import type { Browser } from 'playwright-core';
import { startLocalStack, type Stack } from '../../infra/local/stack';
import { confirmPaySheet, expectText, fill, launch, registerWithPhone, shot, signIn, tap } from './browser';

/**
 * Paid membership in Chromium (issue 17): an admin sets up a plan on 付费会员方案; a member buys it on
 * 付费会员 (H5: the pay sheet pays through the stand-in's /__dev/pay, the notification credits the order,
 * the page waits for the term), sees the badge on her member card, and her next purchase at the till
 * earns with the plan's multiplier (×2 over the entry tier's ×1).
 *
 * Needs the payments part (startPayment, the notification credit) besides the boundary: run after the merge.
 */
let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startLocalStack({ apiPort: 0, h5Port: 0, standInPort: 0, dynamoPort: 0, dataDir: null, tableName: 'huiyuan-e2e-plus' });
  browser = await launch();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

test('an admin sets up PLUS; a member buys it, sees the badge, and her next purchase earns with its multiplier', async () => {
  const errors: string[] = [];
  const h5 = stack.urls.h5!;

  // The admin: a yearly plan ¥99, ×2.
  const admin = await signIn(browser, h5, 'demo-admin', errors);
  await admin.goto(`${h5}#/admin/index/index`);
  await tap(admin, 'admin-link-plans');
  await admin.locator('#plans-form').first().waitFor();
  await fill(admin, 'plans-name', '尊享年卡');
  await fill(admin, 'plans-price', '99');
  await fill(admin, 'plans-months', '12');
  await fill(admin, 'plans-multiplier', '2');
  await shot(admin, 'plus-01-admin-plan');
  await tap(admin, 'plans-submit');
  await expectText(admin, '#plans-note', '已保存');
  const rowId = (await admin.locator('[id^="plans-row-"]').first().getAttribute('id'))!;
  const planId = rowId.slice('plans-row-'.length);
  await expectText(admin, `#${rowId}`, '¥99.00');
  await shot(admin, 'plus-02-admin-plans');

  // The member: registers, opens 付费会员 from the home grid, buys.
  const member = await signIn(browser, h5, 'e2e-plus-member', errors);
  await registerWithPhone(member, '13712340099');
  await tap(member, 'home-plus-link');
  await member.locator(`#plus-buy-${planId}`).first().waitFor();
  await shot(member, 'plus-03-member-plans');
  await tap(member, `plus-buy-${planId}`);
  await confirmPaySheet(member);
  await expectText(member, '#plus-done', '开通成功');
  await member.locator('#plus-current').first().waitFor();
  await expectText(member, '#plus-badge', '尊享');
  await shot(member, 'plus-04-member-plus');

  // The badge on her member card.
  await member.goto(h5);
  await member.locator('#home-plus-badge').first().waitFor();
  await expectText(member, '#home-plus-badge', '尊享');
  await tap(member, 'home-code');
  await member.waitForFunction(() => /^\d{18}$/.test(document.querySelector('#code-digits')?.getAttribute('data-code') ?? ''));
  const code = (await member.locator('#code-digits').first().getAttribute('data-code'))!;

  // The till: ¥100 earns 200 points (plan ×2 is better than the entry tier's ×1).
  const clerk = await signIn(browser, h5, 'demo-staff', errors);
  await tap(clerk, 'home-staff');
  await clerk.locator('#staff-member-code').first().waitFor();
  await fill(clerk, 'staff-member-code', code);
  await fill(clerk, 'staff-line-sku', 'SKU-1001');
  await fill(clerk, 'staff-line-name', '真丝睡衣');
  await fill(clerk, 'staff-line-qty', '1');
  await fill(clerk, 'staff-line-price', '100.00');
  await fill(clerk, 'staff-amount', '100.00');
  await tap(clerk, 'staff-submit');
  await clerk.locator('#staff-result').first().waitFor();
  await expectText(clerk, '#staff-result-points', '200');
  await shot(clerk, 'plus-05-till');

  // A perk was used: the refund is no longer offered.
  await member.goto(`${h5}#/member/plus/index`);
  await member.locator('#plus-current').first().waitFor();
  expect(await member.locator('#plus-refund').count()).toBe(0);
  expect(errors).toEqual([]);
}, 180_000);
