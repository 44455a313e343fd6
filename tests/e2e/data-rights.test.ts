import type { Browser } from 'playwright-core';
import { startLocalStack, type Stack } from '../../infra/local/stack';
import { expectText, launch, registerWithPhone, shot, signIn, tap } from './browser';

/**
 * Members' data rights in the browser: a member asks for her data and opens the link (it holds her
 * phone), then asks to delete her account, sees the 15-day countdown and what she would lose, and
 * cancels. The agreements she consented to are the versions the pages show.
 */
let stack: Stack;
let browser: Browser;
const errors: string[] = [];

beforeAll(async () => {
  stack = await startLocalStack({ apiPort: 0, h5Port: 0, standInPort: 0, dynamoPort: 0, dataDir: null, tableName: 'huiyuan-e2e-data-rights' });
  browser = await launch();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

test('a member downloads her data and asks to delete her account, sees the countdown and cancels', async () => {
  const h5 = stack.urls.h5!;
  const phone = '13712340311';
  const page = await signIn(browser, h5, 'e2e-rights-mei', errors);
  // The registration promise now says where, and links there.
  await expectText(page, '.notice', '我的数据');
  await registerWithPhone(page, phone);

  // 我的 › 我的数据
  await page.goto(`${h5}#/pages/mine/index`);
  // (The cell takes the tap; the id sits on its title.)
  await page.locator('.mine-row', { has: page.locator('#mine-data') }).first().click();
  await page.locator('#data-export').first().waitFor();
  await expectText(page, '#deletion', '积分将全部作废');
  await tap(page, 'data-export-request');
  // The page polls until the worker has written the file.
  await page.locator('#data-export-ready').first().waitFor({ timeout: 60_000 });
  await expectText(page, '#data-export-ready', '链接有效至');
  await shot(page, 'data-rights-export-ready');
  const [download] = await Promise.all([page.context().waitForEvent('page'), tap(page, 'data-export-open')]);
  await download.waitForLoadState();
  const text = (await download.textContent('body')) ?? '';
  expect(text).toContain(phone);
  expect(text).toContain('个人资料');
  // Growth's sections too (issue 19): 签到, 邀请有礼, 问卷, 服务评价.
  for (const section of ['签到', '邀请有礼', '问卷', '服务评价']) expect(text).toContain(section);
  await download.close();

  // 注销账号: the explanation, the confirmation, the countdown, 撤销注销.
  await tap(page, 'deletion-request');
  await expectText(page, '#deletion-confirm-card', '15 天后将无法撤销');
  await tap(page, 'deletion-confirm');
  await expectText(page, '#deletion-countdown', '还剩 15 天');
  await expectText(page, '#deletion-pending', '积分将作废');
  await shot(page, 'data-rights-deletion-pending');
  await tap(page, 'deletion-cancel');
  await expectText(page, '#deletion', '申请注销账号');
  await shot(page, 'data-rights-deletion-cancelled');

  expect(errors).toEqual([]);
}, 240_000);

test('the desk sees a pending deletion; the policy editor saves a new version the member pages show', async () => {
  const h5 = stack.urls.h5!;
  const member = await signIn(browser, h5, 'e2e-rights-lan', errors);
  await registerWithPhone(member, '13712340312');
  await member.goto(`${h5}#/member/data/index`);
  await tap(member, 'deletion-request');
  await tap(member, 'deletion-confirm');
  await expectText(member, '#deletion-countdown', '还剩 15 天');

  const admin = await signIn(browser, h5, 'demo-admin', errors);
  await admin.goto(`${h5}#/admin/deletions/index`);
  await expectText(admin, '#deletions-list', '137****0312');
  await shot(admin, 'data-rights-admin-deletions');

  await admin.goto(`${h5}#/admin/policies/index`);
  await admin.locator('#policy-editor').first().waitFor({ timeout: 60_000 });
  await admin.locator('#policy-intro textarea, textarea#policy-intro').first().fill('第二版导言：我们更新了会员权益说明。');
  await tap(admin, 'policy-save');
  await tap(admin, 'policy-confirm-ok');
  await expectText(admin, '#policy-saved', '已保存为第 2 版');
  await shot(admin, 'data-rights-admin-policies');

  await member.goto(`${h5}#/member/terms/index`);
  await expectText(member, '#terms-text', '第 2 版');
  await expectText(member, '#terms-text', '第二版导言');
  expect(errors).toEqual([]);
}, 240_000);
