import type { Browser, Page } from 'playwright-core';
import { startLocalStack, type Stack } from '../../infra/local/stack';
import { expectText, fill, launch, shot, signIn, tap } from './browser';

/**
 * Safe admin edits and errors in Chinese at their field: a rules change that drops earning to 0 is shown
 * before → after with a warning and saved only when confirmed; a bad date in the segment builder and
 * non-rising tier thresholds are refused in Chinese next to the field, with no English and no raw path;
 * a member who opens the admin pages is told they are for admins, with no links.
 */
let stack: Stack;
let browser: Browser;
const errors: string[] = [];

beforeAll(async () => {
  stack = await startLocalStack({ apiPort: 0, h5Port: 0, standInPort: 0, dynamoPort: 0, dataDir: null, tableName: 'huiyuan-e2e-admin-safety' });
  browser = await launch();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** English words or a raw field path in a text people see. */
const ENGLISH = /[A-Za-z]{3,}|[a-z]+\.[a-zA-Z0-9]+/;

async function open(page: Page, h5: string, path: string, ready: string) {
  await page.goto(`${h5}#/${path}`);
  await page.reload();
  // A loaded machine (the whole suite, two browsers at once) may take a while to bring the page up.
  await page.locator(ready).first().waitFor({ timeout: 60_000 });
}

async function textOf(page: Page, selector: string) {
  return ((await page.locator(selector).first().textContent()) ?? '').trim();
}

test('a rules change that drops earning to 0 is shown before → after with a warning and saved only when confirmed', async () => {
  const h5 = stack.urls.h5!;
  const admin = await signIn(browser, h5, 'demo-admin', errors);
  await open(admin, h5, 'admin/rules/index', '#rules-ppy');
  await fill(admin, 'rules-ppy', '0');
  await expectText(admin, '#preview-result', '可得 0 积分');

  // A start day that is no date is refused at the field, in Chinese.
  await tap(admin, 'rules-start-date');
  await fill(admin, 'rules-start-day', '2026-02-30');
  await tap(admin, 'rules-save');
  await expectText(admin, '#rules-start-error', '日期无效');
  await tap(admin, 'rules-start-now');

  await tap(admin, 'rules-save');
  await expectText(admin, '#rules-confirm', '每元积分');
  const line = await textOf(admin, '#rules-confirm .confirm-line[data-label="每元积分"]');
  expect(line).toContain('1 积分');
  expect(line).toContain('0 积分');
  await expectText(admin, '#rules-confirm .confirm-warning', '降为 0');
  await expectText(admin, '#rules-confirm-start', '立即生效');
  expect(await admin.locator('#rules-saved').count()).toBe(0);
  await admin.locator('#rules-confirm-ok').first().scrollIntoViewIfNeeded();
  await shot(admin, 'admin-rules-confirm');

  // 返回修改 keeps what was typed and saves nothing; confirming saves version 2.
  await tap(admin, 'rules-confirm-cancel');
  expect(await admin.locator('#rules-confirm').count()).toBe(0);
  await tap(admin, 'rules-save');
  await tap(admin, 'rules-confirm-ok');
  await expectText(admin, '#rules-saved', '第 2 版');
  await expectText(admin, '#rules-current', '第 2 版');
  await shot(admin, 'admin-rules-confirmed');
  expect(errors).toEqual([]);
}, 120_000);

test('a bad date in the segment builder and non-rising tier thresholds are refused in Chinese at their field', async () => {
  const h5 = stack.urls.h5!;
  const admin = await signIn(browser, h5, 'demo-admin', errors);
  await open(admin, h5, 'admin/segments/index', '#segment-builder');
  // Shaped like a date, so only the API can tell there is no 30 February.
  await fill(admin, 'seg-reg-from', '2026-02-30');
  await expectText(admin, '#seg-reg-from-error', '日期无效');
  const atField = await textOf(admin, '#seg-reg-from-error');
  expect(atField).not.toMatch(ENGLISH);
  const summary = await textOf(admin, '#seg-error');
  expect(summary).toContain('注册起始日期');
  expect(summary).not.toMatch(ENGLISH);
  await admin.locator('#seg-error').first().scrollIntoViewIfNeeded();
  await shot(admin, 'admin-error-field');

  await open(admin, h5, 'admin/tiers/index', '#tier-threshold-SILVER');
  await fill(admin, 'tier-threshold-SILVER', '2000.00');
  await tap(admin, 'tiers-save');
  // The confirmation names the tier, not its code, and warns of a threshold moved by more than half.
  await expectText(admin, '#tiers-confirm', '银卡会员 · 门槛');
  await expectText(admin, '#tiers-confirm .confirm-warning', '提高了 300%');
  expect(await textOf(admin, '#tiers-confirm')).not.toMatch(/SILVER|GOLD|MEMBER/);
  await tap(admin, 'tiers-confirm-ok');
  await expectText(admin, '#tier-threshold-GOLD-error', '门槛须高于上一等级');
  expect(await textOf(admin, '#tier-threshold-GOLD-error')).not.toMatch(ENGLISH);
  expect(await textOf(admin, '#tiers-error')).not.toMatch(ENGLISH);
  await shot(admin, 'admin-error-field-tiers');
  expect(errors).toEqual([]);
}, 120_000);

test('a member who opens the admin pages is told they are for admins and shown the way back, with no links', async () => {
  const h5 = stack.urls.h5!;
  const member = await signIn(browser, h5, 'e2e-not-admin', errors);
  await open(member, h5, 'admin/index/index', '#role-gate');
  await expectText(member, '#role-gate-text', '品牌管理员');
  expect(await member.locator('#admin-link-rules').count()).toBe(0);
  await open(member, h5, 'admin/rules/index', '#role-gate');
  expect(await member.locator('#rules-save').count()).toBe(0);
  await shot(member, 'admin-role-gate');
  expect(errors).toEqual([]);
}, 120_000);
