import type { Browser, Page } from 'playwright-core';
import { startLocalStack, type Stack } from '../../infra/local/stack';
import { expectText, fill, launch, registerWithPhone, shot, signIn, tap } from './browser';

/**
 * Tags and segments: an admin adds the rule "name contains 蕾丝 → 蕾丝"; a member buys a lace item at
 * the till, where the clerk sees her lifecycle stage and, at the next scan, her new tag; the admin
 * builds a segment on that tag, sees the live count and the member in the sample, saves it and
 * exports it with the phone masked.
 */
let stack: Stack;
let browser: Browser;
const errors: string[] = [];

beforeAll(async () => {
  stack = await startLocalStack({ apiPort: 0, h5Port: 0, standInPort: 0, dynamoPort: 0, dataDir: null, tableName: 'huiyuan-e2e-segments' });
  browser = await launch();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function memberCode(member: Page, h5: string) {
  await member.goto(`${h5}#/pages/index/index`);
  await member.reload();
  await tap(member, 'home-code');
  await member.waitForFunction(() => /^\d{18}$/.test(document.querySelector('#code-digits')?.getAttribute('data-code') ?? ''));
  return (await member.locator('#code-digits').first().getAttribute('data-code'))!;
}

async function tillPreview(clerk: Page, code: string, name: string) {
  await fill(clerk, 'staff-member-code', code);
  await fill(clerk, 'staff-line-sku', 'SKU-LACE-1');
  await fill(clerk, 'staff-line-name', name);
  await fill(clerk, 'staff-line-qty', '1');
  await fill(clerk, 'staff-line-price', '399.00');
  await tap(clerk, 'staff-preview');
  await clerk.locator('#staff-member-insight').first().waitFor();
}

test('an admin adds a tag rule, a purchase tags the member, the admin builds a segment on the tag, sees the count, saves and exports it', async () => {
  const h5 = stack.urls.h5!;
  const admin = await signIn(browser, h5, 'demo-admin', errors);
  await tap(admin, 'home-admin');
  await tap(admin, 'admin-link-tags');
  await admin.locator('#rule-form').first().waitFor();
  await tap(admin, 'rule-kind-skuNameContains');
  await fill(admin, 'rule-value', '蕾丝');
  await fill(admin, 'rule-tag', '蕾丝');
  await tap(admin, 'rule-submit');
  await expectText(admin, '#rule-result', '蕾丝');
  await expectText(admin, '#rule-list', '购买商品名称或编码含「蕾丝」→ 蕾丝');
  // The RFM and lifecycle definitions in force, editable (the seed's defaults).
  expect(await admin.locator('input#rfm-lifecycle, #rfm-lifecycle input').first().inputValue()).toBe('30, 30, 60, 90');
  expect(await admin.locator('input#rfm-monetary, #rfm-monetary input').first().inputValue()).toBe('100.00, 200.00, 300.00');
  await shot(admin, 'segments-01-admin-tag-rule');

  const member = await signIn(browser, h5, 'e2e-lily', errors);
  await registerWithPhone(member, '13712340066');
  const clerk = await signIn(browser, h5, 'demo-staff', errors);
  await tap(clerk, 'home-staff');
  await tillPreview(clerk, await memberCode(member, h5), '法式蕾丝文胸');
  await expectText(clerk, '#staff-member-stage', '新会员');
  await expectText(clerk, '#staff-member-tags', '暂无');
  await tap(clerk, 'staff-submit');
  await expectText(clerk, '#staff-result-points', '399');
  // The next scan of her code shows the tag the rule gave.
  await clerk.goto(`${h5}#/staff/checkout/index`);
  await clerk.reload();
  await tillPreview(clerk, await memberCode(member, h5), '真丝睡衣');
  await expectText(clerk, '#staff-member-tags', '蕾丝');
  await expectText(clerk, '#staff-member-rfm', '近一年 1 单');
  await shot(clerk, 'segments-02-staff-sees-tags');

  await admin.goto(`${h5}#/admin/segments/index`);
  await admin.reload();
  await admin.locator('#segment-builder').first().waitFor();
  // Everyone first (the demo data's imported member and the new one), then only the tag.
  await admin.waitForFunction(() => Number(document.querySelector('#seg-count')?.getAttribute('data-count') || '0') >= 2);
  await admin.locator('#seg-tags .nut-button', { hasText: '蕾丝' }).first().click();
  await admin.waitForFunction(() => document.querySelector('#seg-count')?.getAttribute('data-count') === '1', undefined, { timeout: 10_000 });
  await expectText(admin, '#seg-sample', '137****0066');
  await expectText(admin, '#seg-sample', '新客');
  await tap(admin, 'seg-stage-active');
  await admin.waitForFunction(() => document.querySelector('#seg-count')?.getAttribute('data-count') === '0', undefined, { timeout: 10_000 });
  await tap(admin, 'seg-stage-active');
  await tap(admin, 'seg-stage-new');
  await admin.waitForFunction(() => document.querySelector('#seg-count')?.getAttribute('data-count') === '1', undefined, { timeout: 10_000 });
  await shot(admin, 'segments-03-admin-builder');
  await fill(admin, 'seg-name', '蕾丝新客');
  await tap(admin, 'seg-save');
  await expectText(admin, '#seg-saved', '蕾丝新客');
  const row = admin.locator('.segment-row', { hasText: '蕾丝新客' }).first();
  await row.waitFor();
  const segmentId = (await row.getAttribute('data-segment-id'))!;
  expect(segmentId).toMatch(/^seg_/);
  await tap(admin, `seg-export-${segmentId}`);
  await expectText(admin, `#seg-notice-${segmentId}`, '已导出 1 人（手机号已脱敏）');
  await shot(admin, 'segments-04-admin-saved-exported');

  // Saved: it is there after a reload.
  await admin.reload();
  await expectText(admin, '#segment-list', '蕾丝新客');
  expect(errors).toEqual([]);
});
