import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Browser } from 'playwright-core';
import { db } from '../../functions/adapters/dynamo/client';
import { indexKeys, keys } from '../../functions/adapters/dynamo/keys';
import { runPlanningSnapshot } from '../../functions/planning/snapshot';
import { startLocalStack, type Stack } from '../../infra/local/stack';
import { expectText, fill, launch, shot, signIn, tap } from './browser';

/**
 * 等级门槛规划 in Chromium (issue 18, part C): 300 member profiles with spread 12-month spend, the
 * nightly snapshot taken, then the admin opens the planner from the admin index, enters 70 / 20 / 10,
 * sees the proposed against the current thresholds, members per tier and the moves, takes the proposal,
 * confirms the before → after, and the tier program is saved; then 复购周期 shows medians per product and
 * category and a product is marked as a consumable.
 */
let stack: Stack;
let browser: Browser;
const errors: string[] = [];

beforeAll(async () => {
  stack = await startLocalStack({ apiPort: 0, h5Port: 0, standInPort: 0, dynamoPort: 0, dataDir: null, tableName: 'huiyuan-e2e-planner' });
  browser = await launch();
  const { client, table } = db();
  const now = new Date();
  const month = now.toISOString().slice(0, 7);
  const items = Array.from({ length: 300 }, (_, i) => {
    const memberId = `m-plan-${String(i).padStart(4, '0')}`;
    const spend = Math.round(5_000 * Math.pow(1.02, i)) + i;
    return {
      ...keys.profile(memberId),
      ...indexKeys.member(memberId),
      memberId,
      phone: `1390000${String(i).padStart(4, '0')}`,
      tierCode: spend >= 1_000_000 ? 'GOLD' : spend >= 200_000 ? 'SILVER' : 'MEMBER',
      qualifying: { [month]: { spendFen: spend, points: Math.floor(spend / 100) } },
      factMonths: { [month]: { orders: 1 + (i % 4), spendFen: spend } },
      firstPurchaseAt: '2025-06-01T04:00:00.000Z',
      lastPurchaseAt: now.toISOString(),
      consentAt: now.toISOString(),
      createdAt: '2025-06-01T04:00:00.000Z',
    };
  });
  for (let i = 0; i < items.length; i += 25) {
    await client.send(new BatchWriteCommand({ RequestItems: { [table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
  // Repeat intervals as the stream consumer keeps them (REPCYCLE counters and the SKU's name).
  const counters = [
    { ...keys.repurchaseInterval('SKU', 'TEA-1', 28), n: 3 },
    { ...keys.repurchaseInterval('SKU', 'TEA-1', 31), n: 4 },
    { ...keys.repurchaseInterval('CAT', 'tea', 30), n: 7 },
    { ...keys.repurchaseInterval('SKU', 'CUP-1', 90), n: 1 },
    { ...keys.repurchaseSku('TEA-1'), name: '乌龙茶', category: 'tea' },
    { ...keys.repurchaseSku('CUP-1'), name: '茶杯', category: null },
  ];
  await client.send(new BatchWriteCommand({ RequestItems: { [table]: counters.map((Item) => ({ PutRequest: { Item } })) } }));
  const r = await runPlanningSnapshot();
  expect(r.done).toBe(true);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

test('the admin plans tier thresholds for 70 / 20 / 10 and saves them to the tier program', async () => {
  const h5 = stack.urls.h5!;
  const admin = await signIn(browser, h5, 'demo-admin', errors);
  await admin.goto(`${h5}#/admin/index/index`);
  await tap(admin, 'admin-link-planner');
  await admin.locator('#planner-share-0').first().waitFor();
  await fill(admin, 'planner-share-0', '70');
  await fill(admin, 'planner-share-1', '20');
  await fill(admin, 'planner-share-2', '10');
  await tap(admin, 'planner-run');
  await admin.locator('#planner-result').first().waitFor();
  await expectText(admin, '#planner-tier-0', '目标 70%');
  await expectText(admin, '#planner-tier-2', '建议门槛 ¥');
  await expectText(admin, '#planner-up', '升级');
  await expectText(admin, '#planner-down', '降级');
  // Shares reproduced within a point: 300 members, distinct spend.
  for (const [i, target] of [[0, 70], [1, 20], [2, 10]] as const) {
    const text = (await admin.locator(`#planner-tier-${i}`).first().innerText()).replace(/\s+/g, ' ');
    const real = Number(/实际 ([\d.]+)%/.exec(text)![1]);
    expect(Math.abs(real - target)).toBeLessThanOrEqual(1);
  }
  await shot(admin, 'planner-01-proposal');
  await tap(admin, 'planner-apply');
  await admin.locator('#planner-confirm').first().waitFor();
  await expectText(admin, '#planner-confirm', '门槛');
  await admin.locator('#planner-confirm').first().scrollIntoViewIfNeeded();
  await shot(admin, 'planner-02-confirm');
  await tap(admin, 'planner-confirm-ok');
  await expectText(admin, '#planner-saved', '已保存');
  expect(errors).toEqual([]);
}, 180_000);

test('the admin reads the repurchase cycles and marks a consumable for 补货提醒', async () => {
  const h5 = stack.urls.h5!;
  const admin = await signIn(browser, h5, 'demo-admin', errors);
  await admin.goto(`${h5}#/admin/index/index`);
  await tap(admin, 'admin-link-repurchase');
  await admin.locator('#repurchase-sku-TEA-1').first().waitFor();
  await expectText(admin, '#repurchase-sku-TEA-1', '乌龙茶');
  await expectText(admin, '#repurchase-sku-TEA-1', '周期中位数 31 天');
  await expectText(admin, '#repurchase-category-tea', '30 天');
  await tap(admin, 'repurchase-consumable-sku-TEA-1-yes');
  await fill(admin, 'repurchase-min-intervals', '3');
  await tap(admin, 'repurchase-save');
  await expectText(admin, '#repurchase-saved', '已保存');
  await shot(admin, 'planner-03-repurchase');
  const again = await signIn(browser, h5, 'demo-admin', errors);
  await again.goto(`${h5}#/admin/repurchase/index`);
  await again.locator('#repurchase-sku-TEA-1').first().waitFor();
  expect(await again.locator('#repurchase-consumable-sku-TEA-1-yes').first().getAttribute('class')).toMatch(/active|primary/);
  expect(errors).toEqual([]);
}, 180_000);
