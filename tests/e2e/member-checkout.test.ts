import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { Browser } from 'playwright-core';
import { findMemberIdByPhone, getMember } from '../../functions/adapters/dynamo/member-repo';
import { startLocalStack, type Stack } from '../../infra/local/stack';
import { expectText, fill, launch, shot, tap } from './browser';

/**
 * The foundation journey, as people take it, through every layer: a member registers in the H5
 * mini-program, shows her member code; a clerk scans (types) it and records a purchase; the
 * member sees her points and new tier. Screenshots go to test-results/e2e/ (git-ignored).
 */
let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startLocalStack({ apiPort: 0, h5Port: 0, standInPort: 0, dynamoPort: 0, dataDir: null, tableName: 'huiyuan-e2e' });
  browser = await launch();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

test('a member registers and shows her code; a clerk checks out; the member sees points and tier', async () => {
  const member = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' })).newPage();
  const errors: string[] = [];
  member.on('pageerror', (e) => errors.push(e.message));
  // She came from store S001's poster (its link carries ?store=S001): the store is credited with her.
  await member.goto(`${stack.urls.h5!}#/pages/index/index?store=S001`);

  // Sign in (H5: the dev login stands in for wx.login) and register with the phone (the dev phone code).
  await fill(member, 'login-openid', 'e2e-alice');
  await tap(member, 'login-submit');
  await member.locator('#consent-checkbox').first().waitFor();
  await fill(member, 'phone-input', '13712345678');
  await tap(member, 'consent-checkbox');
  await shot(member, '01-register');
  await tap(member, 'phone-submit');

  await member.locator('#home-tier').first().waitFor();
  await expectText(member, '#home-tier', '普通会员');
  const memberId = (await findMemberIdByPhone('13712345678'))!;
  expect((await getMember(memberId))?.registrationStoreId).toBe('S001');
  await expectText(member, '#home-points', '0');
  await shot(member, '02-member-home');

  // The member code: 18 digits, and the QR code on screen decodes to the same digits.
  await tap(member, 'home-code');
  const digits = member.locator('#code-digits').first();
  await digits.waitFor();
  await member.waitForFunction(() => /^\d{18}$/.test(document.querySelector('#code-digits')?.getAttribute('data-code') ?? ''));
  const code = (await digits.getAttribute('data-code'))!;
  expect(code).toMatch(/^\d{18}$/);
  await shot(member, '03-member-code');
  const qrShot = await member.locator('#code-qr').first().screenshot();
  const png = PNG.sync.read(qrShot);
  const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  expect(decoded?.data).toBe(code);

  // The clerk, in another browser profile: signs in as the seeded demo-staff and records a purchase.
  const clerk = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' })).newPage();
  await clerk.goto(stack.urls.h5!);
  await fill(clerk, 'login-openid', 'demo-staff');
  await tap(clerk, 'login-submit');
  await tap(clerk, 'home-staff');
  await clerk.locator('#staff-member-code').first().waitFor();
  await fill(clerk, 'staff-member-code', code);
  await fill(clerk, 'staff-line-sku', 'SKU-1001');
  await fill(clerk, 'staff-line-name', '真丝睡衣');
  await fill(clerk, 'staff-line-qty', '1');
  await fill(clerk, 'staff-line-price', '600.00');
  await fill(clerk, 'staff-amount', '600.00');
  await shot(clerk, '04-staff-checkout');
  await tap(clerk, 'staff-submit');
  await clerk.locator('#staff-result').first().waitFor();
  await expectText(clerk, '#staff-result-points', '600');
  await expectText(clerk, '#staff-result', '137****5678');
  await shot(clerk, '05-staff-result');

  // Back to the member: balance and tier changed at once; the history has the purchase.
  await member.goto(stack.urls.h5!);
  await member.locator('#home-points').first().waitFor();
  await expectText(member, '#home-points', '600');
  await expectText(member, '#home-tier', '银卡会员');
  await shot(member, '06-member-home-after');
  await tap(member, 'home-points-link');
  await member.locator('#points-list .points-entry').first().waitFor();
  await expectText(member, '#points-list', '600');
  await shot(member, '07-member-points');

  // The same code cannot be used twice.
  await fill(clerk, 'staff-order-id', `T-again-${Date.now()}`);
  await tap(clerk, 'staff-submit');
  await expectText(clerk, 'body', '已使用');
  await shot(clerk, '08-staff-code-used');
  expect(errors).toEqual([]);
}, 120_000);
