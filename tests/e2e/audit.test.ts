import type { Browser } from 'playwright-core';
import { grantRole } from '../../functions/adapters/dynamo/identity-repo';
import { startLocalStack, type Stack } from '../../infra/local/stack';
import { expectText, fill, launch, registerWithPhone, shot, signIn, tap } from './browser';

/**
 * Personal data on the admin pages (issue 16): an admin without the phone permission finds a member
 * and sees her number masked, with no way to reveal it; an admin holding the permission sees it masked
 * too, reveals it explicitly on the member page, then finds that reveal in the audit log filtered by
 * the member (from the member page's link, and by typing the phone on the audit page), named as 我.
 */
let stack: Stack;
let browser: Browser;
const errors: string[] = [];
const PHONE = '13712340077';
const MASKED = '137****0077';

beforeAll(async () => {
  stack = await startLocalStack({ apiPort: 0, h5Port: 0, standInPort: 0, dynamoPort: 0, dataDir: null, tableName: 'huiyuan-e2e-audit' });
  browser = await launch();
  await grantRole('demo-approver', { role: 'admin', permissions: ['phones'] }, 'e2e');
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

test('an admin reveals a phone on the member page, then sees that reveal in the audit log filtered by the member', async () => {
  const h5 = stack.urls.h5!;
  const member = await signIn(browser, h5, 'e2e-audit-mei', errors);
  await registerWithPhone(member, PHONE);

  // Without the permission: masked, nothing to reveal.
  const plain = await signIn(browser, h5, 'demo-admin', errors);
  await plain.goto(`${h5}#/admin/members/index`);
  await plain.reload();
  await fill(plain, 'member-search-phone', PHONE);
  await tap(plain, 'member-search-submit');
  await expectText(plain, '#member-phone', MASKED);
  expect(await plain.locator('#member-phone-reveal').count()).toBe(0);
  expect(await plain.locator('body').textContent()).not.toContain(PHONE);
  await shot(plain, 'audit-01-member-masked-without-permission');

  // With the permission: masked until revealed.
  const admin = await signIn(browser, h5, 'demo-approver', errors);
  await tap(admin, 'home-admin');
  await tap(admin, 'admin-link-members');
  await fill(admin, 'member-search-phone', PHONE);
  await tap(admin, 'member-search-submit');
  await expectText(admin, '#member-phone', MASKED);
  await tap(admin, 'member-phone-reveal');
  await expectText(admin, '#member-phone', PHONE);
  await expectText(admin, '#member-audit', '查看会员完整手机号');
  await shot(admin, 'audit-02-member-phone-revealed');

  // The audit log, filtered by this member (the member page's link).
  await tap(admin, 'member-audit-link');
  await expectText(admin, '#audit-filter', `只看会员：${MASKED}`);
  await expectText(admin, '#audit-list', '查看会员完整手机号');
  await expectText(admin, '#audit-list', '操作人 我');
  await expectText(admin, '#audit-list', MASKED);
  // One reveal (her other entries, such as her consent at registration, may be listed too).
  expect(await admin.locator('.audit-row', { hasText: '查看会员完整手机号' }).count()).toBe(1);
  expect(await admin.locator('#audit-list').textContent()).not.toContain(PHONE);
  await shot(admin, 'audit-03-log-filtered-by-member');

  // From the admin index: the whole log, then the member typed in, then an action filter.
  await admin.goto(`${h5}#/admin/index/index`);
  await admin.reload();
  await tap(admin, 'admin-link-audit');
  await admin.locator('#audit-list').first().waitFor();
  await fill(admin, 'audit-phone', PHONE);
  await tap(admin, 'audit-phone-submit');
  await expectText(admin, '#audit-filter', MASKED);
  await tap(admin, 'audit-action-member-phone_revealed');
  await expectText(admin, '#audit-list', '查看会员完整手机号');
  // One reveal (her other entries, such as her consent at registration, may be listed too).
  expect(await admin.locator('.audit-row', { hasText: '查看会员完整手机号' }).count()).toBe(1);
  // A date range that ends before today leaves nothing.
  await fill(admin, 'audit-from', '2020-01-01');
  await fill(admin, 'audit-to', '2020-01-31');
  await tap(admin, 'audit-dates-submit');
  await expectText(admin, '#audit-empty', '没有符合条件的记录');
  await shot(admin, 'audit-04-log-empty-range');
  expect(errors).toEqual([]);
}, 240_000);
