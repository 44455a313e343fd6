import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { grantRole } from '../../functions/adapters/dynamo/identity-repo';
import { runPlanningSnapshot } from '../../functions/planning/snapshot';
import { startLocalStack, type Stack } from '../../infra/local/stack';
import { drainStream } from '../../infra/local/streams';
import { formatYuan, groupThousands } from '../../shared/domain/money';
import type { Dashboard } from '../../shared/contract/figures';
import type { Snapshot } from '../../shared/contract/planning';
import { tiles } from '../../miniapp/src/components/insight/figures';
import { SHOTS, expectText, launch, signIn, tap } from './browser';

/**
 * The dashboards in Chromium at 390 × 844 (issue 18): members register and buy at 旗舰店 (through the API,
 * as the till would), the stream consumer is drained, then an admin opens 经营看板 from the admin index
 * and reads the KPI tiles, switches the period, sees 快照将在每晚生成 before the first nightly snapshot and,
 * once it is taken, the distributions / RFM grids / pyramid, exports a report, opens the store's view from the store
 * picker; a store manager opens 门店看板 from 门店团队. Every figure on the page is compared with what the
 * API answered for the same question. Screenshots in test-results/e2e/ (insight-*.png).
 */
let stack: Stack;
let browser: Browser;
const errors: string[] = [];

beforeAll(async () => {
  stack = await startLocalStack({ apiPort: 0, h5Port: 0, standInPort: 0, dynamoPort: 0, dataDir: null, tableName: 'huiyuan-e2e-insight' });
  browser = await launch();
  await grantRole('e2e-insight-manager', { role: 'manager', storeId: 'S001' }, 'e2e');
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const call = async <T>(method: string, path: string, token?: string, body?: unknown): Promise<T> => {
  const res = await fetch(`${path.startsWith('http') ? '' : stack.urls.api}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
};

async function tokenFor(openid: string): Promise<string> {
  const { code } = await call<{ code: string }>('POST', `${stack.urls.wechat}/__dev/login-code`, undefined, { openid });
  return (await call<{ token: string }>('POST', '/auth/login', undefined, { code })).token;
}

let orderSeq = 0;
/** A member registered with her WeChat phone who buys at S001 once per amount (fen). */
async function memberWhoBuys(openid: string, phone: string, amounts: number[], clerk: string) {
  const token = await tokenFor(openid);
  const { code: phoneCode } = await call<{ code: string }>('POST', `${stack.urls.wechat}/__dev/phone-code`, undefined, { phone });
  await call('POST', '/members', token, { phoneCode, consent: true });
  for (const amountFen of amounts) {
    const { code } = await call<{ code: string }>('POST', '/members/me/code', token, {});
    const order = { memberCode: code, orderId: `E2E-${Date.now()}${++orderSeq}`, storeId: 'S001', amountFen, items: [{ sku: 'SKU-1', name: '真丝睡衣', quantity: 1, unitPriceFen: amountFen }] };
    await call('POST', '/staff/checkouts', clerk, order);
  }
}

/** The whole page in one picture: Taro's H5 page scrolls inside its own container, so the window grows to show it all. */
async function fullShot(page: Page, name: string) {
  const height = await page.evaluate(() =>
    Math.max(document.documentElement.scrollHeight, ...Array.from(document.querySelectorAll('.taro_page, .taro_router, body')).map((e) => e.scrollHeight)),
  );
  await page.setViewportSize({ width: 390, height: Math.min(Math.max(height, 844), 8000) });
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
  await page.setViewportSize({ width: 390, height: 844 });
}

/** Every KPI tile shows the figure the API answered (data-value and the formatted text) and a change line. */
async function expectTiles(page: Page, root: string, d: Dashboard) {
  await page.locator(`${root} #kpi-tiles`).first().waitFor({ timeout: 60_000 });
  await page.waitForFunction(([r, from]) => document.querySelector(`${r} [data-from]`)?.getAttribute('data-from') === from, [root, d.from], { timeout: 10_000 });
  for (const t of tiles(d)) {
    const tile = page.locator(`${root} #kpi-${t.key}`).first();
    // The figure the API answered (a daily average for active members: the page's own arithmetic, unit-tested).
    const avg = t.key === 'activeMembers';
    expect({ tile: t.key, value: await tile.getAttribute('data-value'), previous: await tile.getAttribute('data-previous') }).toEqual({
      tile: t.key,
      value: String(avg ? t.value : d.totals[t.key]),
      previous: String(avg ? t.previous : d.previous[t.key]),
    });
    const text = t.key.endsWith('Fen') ? formatYuan(t.value) : avg ? t.text : groupThousands(t.value);
    await expectText(page, `${root} #kpi-${t.key} .kpi-value`, text);
    await expectText(page, `${root} #kpi-${t.key}`, t.label);
    expect(await page.locator(`${root} #kpi-${t.key} .kpi-change`).first().textContent()).toMatch(/较上期 [+-]\d+\.\d%|与上期持平|上期为 0/);
  }
}

/** Each trend chart is drawn when its series has something, and says so when not. */
async function expectTrends(page: Page, root: string, d: Dashboard) {
  const has = {
    'trend-members': d.days.some((x) => x.newMembers || x.activeMembers),
    'trend-spend': d.days.some((x) => x.spendFen),
    'trend-orders': d.days.some((x) => x.orders || x.repeatPurchasers),
    'trend-points': d.days.some((x) => x.pointsEarned || x.pointsSpent),
  };
  for (const [id, drawn] of Object.entries(has)) {
    if (drawn) await page.waitForFunction((s) => Number(document.querySelector(s)?.getAttribute('data-drawn') ?? 0) >= 1, `${root} #${id}`, { timeout: 10_000 });
    else await expectText(page, `${root} #${id}`, '这段时间还没有数据');
  }
}

/** The two pages' roots (Taro's H5 keeps an earlier page in the document, hidden, under the one on top). */
const A = '.admin-insight';
const S = '.store-insight';

test('an admin reads 经营看板 (figures as the API answers them), exports a report and opens a store; a manager reads 门店看板', async () => {
  const h5 = stack.urls.h5!;
  const clerk = await tokenFor('demo-staff');
  // Activity so the figures are not all zeros: six members, eleven orders (three of them repeat purchases).
  const buyers: [string, number[]][] = [
    ['e2e-insight-a', [128_800, 36_900]],
    ['e2e-insight-b', [59_900]],
    ['e2e-insight-c', [25_900, 25_900, 9_900]],
    ['e2e-insight-d', [199_900]],
    ['e2e-insight-e', [6_900]],
    ['e2e-insight-f', [45_000, 32_000, 18_000]],
  ];
  for (const [i, [openid, amounts]] of buyers.entries()) await memberWhoBuys(openid, `1376660${String(i).padStart(4, '0')}`, amounts, clerk);
  await drainStream();

  const admin = await tokenFor('demo-admin');
  const d30 = await call<Dashboard>('GET', '/admin/insight/dashboard?days=30', admin);
  const d7 = await call<Dashboard>('GET', '/admin/insight/dashboard?days=7', admin);
  expect(d30.days).toHaveLength(30);
  expect((await call<{ snapshot: Snapshot | null }>('GET', '/admin/insight/snapshot', admin)).snapshot).toBeNull();

  // 经营看板 from the admin index, 30 days as it opens.
  const page = await signIn(browser, h5, 'demo-admin', errors);
  await page.goto(`${h5}#/admin/index/index`);
  await page.reload();
  await page.locator('#admin-link-insight').first().waitFor({ timeout: 60_000 });
  await tap(page, 'admin-link-insight');
  await expectTiles(page, A, d30);
  await expectText(page, '#insight-members', groupThousands(d30.members));
  await expectText(page, '#insight-range', `${d30.from} 至 ${d30.to}`);
  await expectTrends(page, A, d30);
  await fullShot(page, 'insight-01-dashboard-30');

  // 7 days: the tiles and the range follow the switch.
  await tap(page, 'insight-period-7');
  await expectTiles(page, A, d7);
  await expectTrends(page, A, d7);
  await page.screenshot({ path: join(SHOTS, 'insight-02-dashboard-7.png') });

  // Before the first night: what stands in for the snapshot's sections.
  await expectText(page, `${A} #snapshot-empty`, '快照将在每晚生成');
  await page.locator(`${A} #snapshot-empty`).first().screenshot({ path: join(SHOTS, 'insight-03-snapshot-pending.png') });

  // Tonight's snapshot, taken now (the nightly job of functions/planning); 刷新 shows its sections.
  await runPlanningSnapshot();
  const { snapshot } = await call<{ snapshot: Snapshot | null }>('GET', '/admin/insight/snapshot', admin);
  expect(snapshot).not.toBeNull();
  expect(snapshot!.members).toBeGreaterThanOrEqual(buyers.length);
  await tap(page, 'insight-reload');
  await page.locator(`${A} #pyramid`).first().waitFor({ timeout: 15_000 });
  for (const band of snapshot!.pyramid) {
    await expectText(page, `${A} #pyramid-row-${band.band} .members`, groupThousands(band.members));
    await expectText(page, `${A} #pyramid-row-${band.band} .share`, `${band.spendShare.toFixed(1)}%`);
  }
  const total = (g: number[][]) => String(g.flat().reduce((a, b) => a + b, 0));
  expect(await page.locator(`${A} #rfm-rf`).first().getAttribute('data-total')).toBe(total(snapshot!.rf));
  expect(await page.locator(`${A} #rfm-rm`).first().getAttribute('data-total')).toBe(total(snapshot!.rm));
  await expectText(page, `${A} #distributions`, `共 ${snapshot!.members} 位会员`);
  // The rings are drawn (there are members in tiers and stages).
  for (const id of ['dist-tiers', 'dist-lifecycle']) {
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-drawn') ?? 0) >= 1, `${A} #${id}`, { timeout: 10_000 });
  }
  await fullShot(page, 'insight-03-dashboard-with-snapshot');
  await page.locator(`${A} #pyramid`).first().screenshot({ path: join(SHOTS, 'insight-04-pyramid.png') });
  await page.locator(`${A} #rfm`).first().screenshot({ path: join(SHOTS, 'insight-05-rfm.png') });

  // A CSV export: written, then downloaded from its link.
  const download = page.waitForEvent('download', { timeout: 15_000 }).catch(() => null);
  await tap(page, 'export-daily');
  await expectText(page, '#export-notice', '已导出「每日数据」');
  expect(await page.locator('#export-notice').first().textContent()).toMatch(/共 \d+ 行/);
  const file = await download;
  if (file) expect(file.suggestedFilename()).toMatch(/\.csv$/);

  // The store picker opens 旗舰店's own view.
  const s30 = await call<Dashboard>('GET', '/stores/S001/insight/dashboard?days=30', admin);
  await tap(page, 'store-pick-S001');
  await expectTiles(page, S, s30);
  await expectText(page, `${S} #store-insight-members`, groupThousands(s30.members));
  await page.screenshot({ path: join(SHOTS, 'insight-06-store-as-admin.png') });

  // The store manager: 门店团队 -> 门店看板, her own store.
  const manager = await tokenFor('e2e-insight-manager');
  const m30 = await call<Dashboard>('GET', '/stores/S001/insight/dashboard?days=30', manager);
  expect(m30.totals).toEqual(s30.totals);
  const mpage = await signIn(browser, h5, 'e2e-insight-manager', errors);
  await mpage.goto(`${h5}#/staff/team/index`);
  await mpage.reload();
  await mpage.locator('#team-insight-link').first().waitFor({ timeout: 60_000 });
  await tap(mpage, 'team-insight-link');
  await expectTiles(mpage, S, m30);
  await expectTrends(mpage, S, m30);
  await fullShot(mpage, 'insight-07-store-as-manager');

  expect(errors).toEqual([]);
}, 300_000);
