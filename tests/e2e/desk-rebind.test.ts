import type { Browser } from 'playwright-core';
import { startLocalStack, type Stack } from '../../infra/local/stack';
import { expectText, fill, launch, registerWithPhone, shot, signIn, tap } from './browser';

/**
 * 换绑 as people meet it (issue 16): on a new WeChat account the registration says the phone is taken and
 * offers 申请换绑; the old account sees 待确认的换绑申请 on its home and confirms; the new account is then
 * the member, and the old account is told on its next open.
 */
let stack: Stack;
let browser: Browser;
const errors: string[] = [];

beforeAll(async () => {
  stack = await startLocalStack({ apiPort: 0, h5Port: 0, standInPort: 0, dynamoPort: 0, dataDir: null, tableName: 'huiyuan-e2e-desk-rebind' });
  browser = await launch();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

test('a new WeChat account asks to move the membership; the old account confirms on its home', async () => {
  const h5 = stack.urls.h5!;
  const old = await signIn(browser, h5, 'e2e-rebind-old', errors);
  await old.locator('#consent-checkbox').first().waitFor({ timeout: 60_000 });
  await registerWithPhone(old, '13655500011');

  const fresh = await signIn(browser, h5, 'e2e-rebind-new', errors);
  await fresh.locator('#consent-checkbox').first().waitFor({ timeout: 60_000 });
  await fill(fresh, 'phone-input', '13655500011');
  await tap(fresh, 'consent-checkbox');
  await tap(fresh, 'phone-submit');
  await expectText(fresh, '#register-phone-error', '已绑定其他微信');
  await expectText(fresh, '#rebind-offer', '申请换绑');
  await tap(fresh, 'rebind-submit');
  await expectText(fresh, '#rebind-state', '已提交换绑申请');
  await shot(fresh, 'rebind-requested');

  // The old account opens its home: the pending request with 确认 / 拒绝.
  await old.goto(`${h5}#/pages/index/index`);
  await old.reload();
  await expectText(old, '#rebind-pending', '待确认的换绑申请');
  await shot(old, 'rebind-pending-old-account');
  await tap(old, 'rebind-confirm');
  await expectText(old, '#rebind-done', '已确认');

  // The old account, opened again, is no member and is told why; the new account is the member.
  await old.reload();
  await expectText(old, '#account-notices', '转到另一个微信账号');
  await shot(old, 'rebind-old-account-told');
  const again = await signIn(browser, h5, 'e2e-rebind-new', errors);
  await again.locator('#home-points').first().waitFor({ timeout: 60_000 });
  expect(errors).toEqual([]);
}, 240_000);
