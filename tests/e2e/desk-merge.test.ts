import type { Browser, Page } from 'playwright-core';
import { startLocalStack, type Stack } from '../../infra/local/stack';
import { expectText, fill, launch, shot, signIn, tap } from './browser';

/**
 * The service desk merges two members found by phone (issue 16): the side-by-side preview shows what
 * moves, the desk confirms with a reason, and the kept member's points show the sum, on the desk and on
 * her own member card.
 */
let stack: Stack;
let browser: Browser;
const errors: string[] = [];

beforeAll(async () => {
  stack = await startLocalStack({ apiPort: 0, h5Port: 0, standInPort: 0, dynamoPort: 0, dataDir: null, tableName: 'huiyuan-e2e-desk-merge' });
  browser = await launch();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const post = async <T>(url: string, body: unknown, token?: string): Promise<T> => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
};

async function tokenFor(openid: string): Promise<string> {
  const { code } = await post<{ code: string }>(`${stack.urls.wechat}/__dev/login-code`, { openid });
  return (await post<{ token: string }>(`${stack.urls.api}/auth/login`, { code })).token;
}

/** A member registered with her WeChat phone who bought for `amountFen` at S001. */
async function memberWhoBought(openid: string, phone: string, amountFen: number) {
  const token = await tokenFor(openid);
  const { code: phoneCode } = await post<{ code: string }>(`${stack.urls.wechat}/__dev/phone-code`, { phone });
  await post(`${stack.urls.api}/members`, { phoneCode, consent: true }, token);
  const { code } = await post<{ code: string }>(`${stack.urls.api}/members/me/code`, {}, token);
  const clerk = await tokenFor('demo-staff');
  const order = { memberCode: code, orderId: `E2E-${Date.now()}${amountFen}`, storeId: 'S001', amountFen, items: [{ sku: 'SKU-1', name: '真丝睡衣', quantity: 1, unitPriceFen: amountFen }] };
  return (await post<{ balance: number }>(`${stack.urls.api}/staff/checkouts`, order, clerk)).balance;
}

async function open(page: Page, h5: string, path: string, ready: string) {
  await page.goto(`${h5}#/${path}`);
  await page.reload();
  await page.locator(ready).first().waitFor({ timeout: 60_000 });
}

test('the desk finds two members by phone, previews and merges them; the kept member has the sum of the points', async () => {
  const h5 = stack.urls.h5!;
  const keepBalance = await memberWhoBought('e2e-merge-keep', '13655500001', 30_000);
  const dupBalance = await memberWhoBought('e2e-merge-dup', '13655500002', 18_800);
  const sum = keepBalance + dupBalance;
  expect(keepBalance).toBeGreaterThan(0);
  expect(dupBalance).toBeGreaterThan(0);

  const admin = await signIn(browser, h5, 'demo-admin', errors);
  await open(admin, h5, 'admin/index/index', '#admin-link-desk-merge');
  await tap(admin, 'admin-link-desk-merge');
  await admin.locator('#merge-keep-input').first().waitFor({ timeout: 60_000 });
  await fill(admin, 'merge-keep-input', '13655500001');
  await tap(admin, 'merge-keep-find');
  await expectText(admin, '#merge-keep-found', '普通会员');
  await fill(admin, 'merge-dup-input', '13655500002');
  await tap(admin, 'merge-dup-find');
  await expectText(admin, '#merge-dup-found', '普通会员');
  await tap(admin, 'merge-preview-load');
  await expectText(admin, '#merge-keep-balance', String(keepBalance));
  await expectText(admin, '#merge-dup-balance', String(dupBalance));
  await expectText(admin, '#merge-after-balance', String(sum));
  await expectText(admin, '#merge-keep-phone', '136****0001');
  await shot(admin, 'desk-merge-preview');

  // A reason is required, and said in Chinese.
  await tap(admin, 'merge-submit');
  await expectText(admin, '#merge-error', '请填写合并原因');
  await fill(admin, 'merge-reason', '同一人两个账户');
  await tap(admin, 'merge-submit');
  await expectText(admin, '#merge-result', `当前积分 ${sum}`);
  await expectText(admin, '#merge-result', `转入 ${dupBalance} 积分`);
  // Merged: the preview now says so and offers no second merge.
  await expectText(admin, '#merge-refusal', '已合并');
  await shot(admin, 'desk-merge-done');

  // The kept member sees the sum on her own card.
  const keep = await signIn(browser, h5, 'e2e-merge-keep', errors);
  await keep.locator('#home-points').first().waitFor({ timeout: 60_000 });
  await keep.waitForFunction((n) => document.querySelector('#home-points')?.getAttribute('data-points') === String(n), sum, { timeout: 20_000 });
  await shot(keep, 'desk-merge-kept-member');
  expect(errors).toEqual([]);
}, 240_000);
